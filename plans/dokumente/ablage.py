"""Documents rendered once and stored with their SHA-256 (design.md: served
unchanged ever after): the agreed plan, the Bescheid / Aufforderung, the
invitation to an appointment and the hearing letter."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction

from kooperation.audit import im_namen_von

from ..models import Anhoerung, Einladung, Pflichtenfestsetzung, PlanVersion, VersionStatus
from .bescheid import BescheidPdf
from .einladung import AnhoerungPdf, EinladungPdf
from .pdf import PlanPdf


def _ablegen(
    laden: Callable,
    *,
    fertig: Callable,
    rendern: Callable,
    dateiname: Callable,
    von: Callable,
    grund: str,
    datei: str = "pdf",
    pruefsumme: str = "pdf_sha256",
):
    """Render once and store the PDF with its SHA-256 in the object's fields
    ``datei`` and ``pruefsumme``. Idempotent: an object that has its PDF, is
    not ready (``fertig``) or is gone is left alone.

    The layout takes a while, so it is made before the row is locked; under
    the lock the object is checked again and, if another worker stored its
    PDF meanwhile, this one is dropped: the first stays."""
    objekt = laden(sperren=False)
    if objekt is None or not fertig(objekt) or getattr(objekt, datei):
        return objekt
    ergebnis = rendern(objekt)
    with transaction.atomic():
        objekt = laden(sperren=True)
        if objekt is None or getattr(objekt, datei):
            return objekt
        with im_namen_von(von(objekt), grund):
            getattr(objekt, datei).save(dateiname(objekt), ContentFile(ergebnis.pdf), save=False)
            setattr(objekt, pruefsumme, ergebnis.sha256)
            objekt.save(update_fields=[datei, pruefsumme, "geaendert_am"])
    return objekt


def _laden(qs, pk: int):
    def laden(*, sperren: bool):
        abfrage = qs.select_for_update(of=("self",)) if sperren else qs
        return abfrage.filter(pk=pk).first()

    return laden


def planversion_dateiname(version: PlanVersion) -> str:
    return f"kooperationsplan-{version.plan_id}-v{version.nummer}.pdf"


def planversion_pdf_ablegen(*, version_id: int) -> PlanVersion | None:
    """Render the agreed version once and store the PDF with its SHA-256."""
    return _ablegen(
        _laden(
            PlanVersion.objects.select_related(
                "plan__leistungsberechtigter__jobcenter", "vereinbart_von"
            ),
            version_id,
        ),
        fertig=lambda v: v.ist_vereinbart,
        rendern=lambda v: PlanPdf.fuer_version(v).render(),
        dateiname=planversion_dateiname,
        von=lambda v: v.vereinbart_von,
        grund="PDF des vereinbarten Plans abgelegt",
    )


def versionen_ohne_pdf():
    """Agreed versions whose PDF is still missing (the rendering task was
    lost, e.g. while the broker was down)."""
    return PlanVersion.objects.filter(status=VersionStatus.VEREINBART, pdf="")


# Between issue and the rendering task (seconds, or until the sweep).
BESCHEID_PDF_FOLGT = (
    "Das PDF dieses Bescheids wird gerade erstellt. Bitte versuchen Sie es gleich noch einmal."
)


def bescheid_dateiname(bescheid: Pflichtenfestsetzung) -> str:
    return f"{bescheid.art}-{bescheid.plan_id}-{bescheid.pk}.pdf"


def bescheid_pdf_ablegen(*, bescheid_id: int) -> Pflichtenfestsetzung | None:
    """Render the issued Bescheid (or Aufforderung) once as the letter the
    person receives and store it with its SHA-256."""
    return _ablegen(
        _laden(
            Pflichtenfestsetzung.objects.select_related(
                "plan__leistungsberechtigter__jobcenter", "erstellt_von"
            ),
            bescheid_id,
        ),
        fertig=lambda b: True,
        rendern=lambda b: BescheidPdf(b).render(),
        dateiname=bescheid_dateiname,
        von=lambda b: b.erstellt_von,
        grund="Bescheid als PDF abgelegt",
    )


def bescheide_ohne_pdf():
    """Issued letters whose PDF is still missing."""
    return Pflichtenfestsetzung.objects.filter(pdf="")


# --- The letters of an appointment --------------------------------------------


def einladung_dateiname(einladung: Einladung) -> str:
    return f"einladung-{einladung.leistungsberechtigter_id}-{einladung.pk}.pdf"


def einladung_brief_ablegen(*, einladung_id: int) -> Einladung | None:
    """Render the invitation once as the letter the person receives and store
    it with its SHA-256."""
    return _ablegen(
        _laden(
            Einladung.objects.select_related("leistungsberechtigter__jobcenter", "ifk"),
            einladung_id,
        ),
        fertig=lambda e: True,
        rendern=lambda e: EinladungPdf(e).render(),
        dateiname=einladung_dateiname,
        von=lambda e: e.ifk,
        grund="Einladung als PDF abgelegt",
        datei="brief_pdf",
        pruefsumme="brief_sha256",
    )


def einladungen_ohne_brief():
    """Invitations whose letter is still missing."""
    return Einladung.objects.filter(brief_pdf="")


def anhoerung_dateiname(anhoerung: Anhoerung) -> str:
    return f"anhoerung-{anhoerung.einladung.leistungsberechtigter_id}-{anhoerung.pk}.pdf"


def anhoerung_brief_ablegen(*, anhoerung_id: int) -> Anhoerung | None:
    """Render the hearing letter (§ 24 SGB X) once and store it with its
    SHA-256."""
    return _ablegen(
        _laden(
            Anhoerung.objects.select_related(
                "einladung__leistungsberechtigter__jobcenter", "einladung__ifk"
            ),
            anhoerung_id,
        ),
        fertig=lambda a: True,
        rendern=lambda a: AnhoerungPdf(a).render(),
        dateiname=anhoerung_dateiname,
        von=lambda a: a.einladung.ifk,
        grund="Anhörungsschreiben als PDF abgelegt",
        datei="brief_pdf",
        pruefsumme="brief_sha256",
    )


def anhoerungen_ohne_brief():
    """Hearings whose letter is still missing."""
    return Anhoerung.objects.filter(brief_pdf="")
