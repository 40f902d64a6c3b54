"""The agreed plan's PDF, rendered once and stored with its SHA-256 (design.md:
served unchanged ever after)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from kooperation.audit import im_namen_von

from ..models import PlanVersion, VersionStatus
from .pdf import PlanPdf


def _version(version_id: int, sperren: bool = False) -> PlanVersion | None:
    qs = PlanVersion.objects.select_related(
        "plan__leistungsberechtigter__jobcenter", "vereinbart_von"
    )
    if sperren:
        qs = qs.select_for_update(of=("self",))
    return qs.filter(pk=version_id).first()


def planversion_pdf_ablegen(*, version_id: int) -> PlanVersion | None:
    """Render the agreed version once and store the PDF with its SHA-256
    (design.md: served unchanged ever after). Idempotent: a version that has
    its PDF, is not agreed or is gone is left alone.

    The layout takes a while, so it is made before the row is locked; under
    the lock the version is checked again and, if another worker stored its
    PDF meanwhile, this one is dropped: the first stays."""
    version = _version(version_id)
    if version is None or not version.ist_vereinbart or version.pdf:
        return version
    ergebnis = PlanPdf.fuer_version(version).render()
    with transaction.atomic():
        version = _version(version_id, sperren=True)
        if version is None or version.pdf:
            return version
        with im_namen_von(version.vereinbart_von, "PDF des vereinbarten Plans abgelegt"):
            version.pdf.save(
                f"kooperationsplan-{version.plan_id}-v{version.nummer}.pdf",
                ContentFile(ergebnis.pdf),
                save=False,
            )
            version.pdf_sha256 = ergebnis.sha256
            version.save(update_fields=["pdf", "pdf_sha256", "geaendert_am"])
    return version


def versionen_ohne_pdf():
    """Agreed versions whose PDF is still missing (the rendering task was
    lost, e.g. while the broker was down)."""
    return PlanVersion.objects.filter(status=VersionStatus.VEREINBART, pdf="")
