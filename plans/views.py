"""The kommunaler Träger's inbox, the Geschäftsführung's figures, and the plan
as PDF with its plain-language check."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases.models import Phase
from kooperation import access
from kooperation.audit import lesezugriff

from .lesbarkeit import FLESCH_AMSTAD_ZIEL, HINWEIS, WSTF_ZIEL, bewerten
from .models import PlanVersion
from .pdf import TEILE, PlanPdf, inhalt_aus_formular
from .selectors import abstimmungen_offen_fuer, kennzahlen_fuer, planversion_fuer


@require_GET
@login_required
def eingang(request):
    if not access.darf_abstimmungen_entscheiden(request.user):
        raise PermissionDenied
    heute = timezone.localdate()
    abstimmungen = list(abstimmungen_offen_fuer(user=request.user)[:200])
    for a in abstimmungen:
        person = a.version.plan.leistungsberechtigter
        a.fallnummer = person.pseudonym
        a.altersgruppe = person.altersgruppe(heute)
        a.haushalt = person.get_haushalt_display()
    return render(request, "plans/eingang.html", {"abstimmungen": abstimmungen, "heute": heute})


@require_GET
@login_required
def kennzahlen(request):
    if not access.darf_kennzahlen_sehen(request.user):
        raise PermissionDenied
    heute = timezone.localdate()
    zahlen = kennzahlen_fuer(user=request.user, heute=heute)
    zeilen = [(label, zahlen["je_phase"].get(wert, 0)) for wert, label in Phase.choices]
    return render(
        request, "plans/kennzahlen.html", {"zahlen": zahlen, "zeilen": zeilen, "heute": heute}
    )


# --- The plan as PDF and the plain-language check (issue 5) ---------------------


def _version(user, pk: int):
    try:
        return planversion_fuer(user=user, pk=pk)
    except PlanVersion.DoesNotExist:
        raise Http404("Diesen Plan gibt es nicht, oder er ist für Sie nicht sichtbar.") from None


def _dateiname(version) -> str:
    return f"kooperationsplan-{version.plan_id}-v{version.nummer}.pdf"


@require_GET
@login_required
def plan_pdf_vorschau(request, pk: int):
    """The draft as PDF, marked "Entwurf", rendered on demand."""
    version = _version(request.user, pk)
    if version.ist_vereinbart:
        return redirect("plans:pdf", pk=version.pk)
    ergebnis = PlanPdf.fuer_version(version).render()
    lesezugriff(request.user, version, "Planentwurf als PDF angesehen")
    antwort = HttpResponse(ergebnis.pdf, content_type="application/pdf")
    antwort["Content-Disposition"] = f'inline; filename="entwurf-{_dateiname(version)}"'
    antwort["Cache-Control"] = "no-store"
    return antwort


@require_GET
@login_required
def plan_pdf(request, pk: int):
    """The stored PDF of an agreed version, byte for byte as rendered then."""
    version = _version(request.user, pk)
    if not version.ist_vereinbart or not version.pdf:
        raise Http404("Das PDF dieses Plans ist noch nicht erstellt.")
    lesezugriff(request.user, version, "Vereinbarten Plan als PDF abgerufen")
    antwort = FileResponse(
        version.pdf.open("rb"), content_type="application/pdf", filename=_dateiname(version)
    )
    antwort["Cache-Control"] = "private, no-store"
    antwort["X-Content-SHA256"] = version.pdf_sha256
    return antwort


@require_POST
@login_required
def plan_pruefung(request, pk: int):
    """htmx: does the editor's unsaved draft fit on one page, and how plain is
    its language? Returns ``plans/_pruefung.html``."""
    version = _version(request.user, pk)
    if not access.darf_bearbeiten(request.user, version):
        raise PermissionDenied
    inhalt = inhalt_aus_formular(version, request.POST)
    seite = PlanPdf(inhalt).pruefen()
    bewertungen = [
        bewerten(teil, TEILE[teil], text) for teil, text in inhalt.texte().items() if text.strip()
    ]
    return render(
        request,
        "plans/_pruefung.html",
        {
            "seite": seite,
            "bewertungen": bewertungen,
            "wstf_ziel": WSTF_ZIEL,
            "flesch_ziel": FLESCH_AMSTAD_ZIEL,
            "hinweis": HINWEIS,
        },
    )
