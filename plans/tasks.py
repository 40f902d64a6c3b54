"""Celery tasks of the plans app: thin, idempotent, taking ids."""

from celery import shared_task

from .dokumente.ablage import planversion_pdf_ablegen


@shared_task(acks_late=True)
def pdf_rendern(version_id: int) -> None:
    """Render and store the PDF of an agreed version (queue ``pdf``, routed by
    the ``pdf_`` prefix). Returns quietly when the version is gone or done."""
    planversion_pdf_ablegen(version_id=version_id)
