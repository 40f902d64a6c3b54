"""Celery tasks of the plans app: thin, idempotent, taking ids."""

from celery import shared_task
from django.utils import timezone

from kooperation.postausgang import NACHHOLEN_NACH

from .dokumente.ablage import planversion_pdf_ablegen, versionen_ohne_pdf
from .services.loeschung import loeschlauf as loeschlauf_ausfuehren

# PDFs the sweep publishes per run; the next run takes the rest.
PDF_JE_LAUF = 500


@shared_task(acks_late=True)
def pdf_rendern(version_id: int) -> None:
    """Render and store the PDF of an agreed version (queue ``pdf``, routed by
    the ``pdf_`` prefix). Returns quietly when the version is gone or done."""
    planversion_pdf_ablegen(version_id=version_id)


def fehlende_pdf_beauftragen() -> int:
    """Publish the rendering of agreed versions still without their PDF (the
    task was lost, e.g. while the broker was down); part of the outbox's
    sweep (``kooperation.tasks.postausgang_nachholen``). Versions agreed just
    now are left to the task already on its way."""
    vor_kurzem = timezone.now() - NACHHOLEN_NACH
    versionen = list(
        versionen_ohne_pdf()
        .filter(geaendert_am__lt=vor_kurzem)
        .order_by("pk")
        .values_list("pk", flat=True)[:PDF_JE_LAUF]
    )
    for version_id in versionen:
        pdf_rendern.delay(version_id)
    return len(versionen)


@shared_task(acks_late=True)
def loeschlauf() -> dict:
    """The daily retention run (scheduled in ``kooperation.zeitplan``):
    deletes what has outlived its retention period. Safe to run twice: a
    person already deleted is skipped."""
    return loeschlauf_ausfuehren().als_dict()
