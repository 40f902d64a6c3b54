"""Celery tasks of the plans app: thin, idempotent, taking ids."""

from celery import shared_task
from django.utils import timezone

from kooperation.postausgang import NACHHOLEN_NACH

from .dokumente.ablage import (
    anhoerung_brief_ablegen,
    anhoerungen_ohne_brief,
    bescheid_pdf_ablegen,
    bescheide_ohne_pdf,
    einladung_brief_ablegen,
    einladungen_ohne_brief,
    planversion_pdf_ablegen,
    versionen_ohne_pdf,
)
from .services.loeschung import loeschlauf as loeschlauf_ausfuehren

# PDFs the sweep publishes per run; the next run takes the rest.
PDF_JE_LAUF = 500


@shared_task(acks_late=True)
def pdf_rendern(version_id: int) -> None:
    """Render and store the PDF of an agreed version (queue ``pdf``, routed by
    the ``pdf_`` prefix). Returns quietly when the version is gone or done."""
    planversion_pdf_ablegen(version_id=version_id)


@shared_task(acks_late=True)
def pdf_bescheid_rendern(bescheid_id: int) -> None:
    """Render and store the letter of an issued Bescheid or Aufforderung
    (queue ``pdf``). Returns quietly when it is gone or done."""
    bescheid_pdf_ablegen(bescheid_id=bescheid_id)


@shared_task(acks_late=True)
def pdf_einladung_rendern(einladung_id: int) -> None:
    """Render and store the letter of an invitation (queue ``pdf``). Returns
    quietly when it is gone or done."""
    einladung_brief_ablegen(einladung_id=einladung_id)


@shared_task(acks_late=True)
def pdf_anhoerung_rendern(anhoerung_id: int) -> None:
    """Render and store the hearing letter (queue ``pdf``). Returns quietly
    when it is gone or done."""
    anhoerung_brief_ablegen(anhoerung_id=anhoerung_id)


def fehlende_pdf_beauftragen() -> int:
    """Publish the rendering of agreed versions, issued Bescheide and the
    letters of invitations and hearings still without their PDF (the task was
    lost, e.g. while the broker was down); part of the outbox's sweep
    (``kooperation.tasks.postausgang_nachholen``). What was stored just now
    is left to the task already on its way."""
    vor_kurzem = timezone.now() - NACHHOLEN_NACH
    anzahl = 0
    for offen, task in (
        (versionen_ohne_pdf(), pdf_rendern),
        (bescheide_ohne_pdf(), pdf_bescheid_rendern),
        (einladungen_ohne_brief(), pdf_einladung_rendern),
        (anhoerungen_ohne_brief(), pdf_anhoerung_rendern),
    ):
        ids = list(
            offen.filter(geaendert_am__lt=vor_kurzem)
            .order_by("pk")
            .values_list("pk", flat=True)[: PDF_JE_LAUF - anzahl]
        )
        for pk in ids:
            task.delay(pk)
        anzahl += len(ids)
    return anzahl


@shared_task(acks_late=True)
def loeschlauf() -> dict:
    """The daily retention run (scheduled in ``kooperation.zeitplan``):
    deletes what has outlived its retention period. Safe to run twice: a
    person already deleted is skipped."""
    return loeschlauf_ausfuehren().als_dict()
