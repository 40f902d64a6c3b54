"""The agreed plan's PDF, rendered once and stored with its SHA-256 (design.md:
served unchanged ever after)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from kooperation.audit import im_namen_von

from ..models import (
    PlanVersion,
)
from .pdf import PlanPdf


def planversion_pdf_ablegen(*, version_id: int) -> PlanVersion | None:
    """Render the agreed version once and store the PDF with its SHA-256
    (design.md: served unchanged ever after). Idempotent: a version that has
    its PDF, is not agreed or is gone is left alone."""
    with transaction.atomic():
        version = (
            PlanVersion.objects.select_for_update(of=("self",))
            .select_related("plan__leistungsberechtigter__jobcenter", "vereinbart_von")
            .filter(pk=version_id)
            .first()
        )
        if version is None or not version.ist_vereinbart or version.pdf:
            return version
        ergebnis = PlanPdf.fuer_version(version).render()
        with im_namen_von(version.vereinbart_von, "PDF des vereinbarten Plans abgelegt"):
            version.pdf.save(
                f"kooperationsplan-{version.plan_id}-v{version.nummer}.pdf",
                ContentFile(ergebnis.pdf),
                save=False,
            )
            version.pdf_sha256 = ergebnis.sha256
            version.save(update_fields=["pdf", "pdf_sha256", "geaendert_am"])
    return version
