"""The plan as PDF: the draft rendered on demand, the agreed version as stored."""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from cases.selectors import leistungsberechtigter_fuer
from kooperation import access
from kooperation.audit import lesezugriff
from kooperation.seiten import zugriff

from ..dokumente.ablage import BESCHEID_PDF_FOLGT, bescheid_dateiname, planversion_dateiname
from ..dokumente.auskunft import AuskunftPdf, auskunft_daten
from ..dokumente.bescheid import BescheidPdf
from ..dokumente.pdf import PlanPdf
from ..selectors import (
    bescheid_fuer,
    version_fuer,
)


def _abgelegtes_pdf(request, objekt, dateiname: str, grund: str) -> FileResponse:
    """A stored PDF, byte for byte, with its hash; the read is audited."""
    lesezugriff(request.user, objekt, grund)
    antwort = FileResponse(
        objekt.pdf.open("rb"), content_type="application/pdf", filename=dateiname
    )
    antwort["Cache-Control"] = "private, no-store"
    antwort["X-Content-SHA256"] = objekt.pdf_sha256
    return antwort


@require_GET
@login_required
@zugriff(laden=version_fuer)
def plan_pdf_vorschau(request, version):
    """The draft as PDF, marked "Entwurf", rendered on demand."""
    if version.ist_vereinbart:
        return redirect("plans:pdf", pk=version.pk)
    ergebnis = PlanPdf.fuer_version(version).render()
    lesezugriff(request.user, version, "Planentwurf als PDF angesehen")
    antwort = HttpResponse(ergebnis.pdf, content_type="application/pdf")
    antwort["Content-Disposition"] = f'inline; filename="entwurf-{planversion_dateiname(version)}"'
    antwort["Cache-Control"] = "no-store"
    return antwort


@require_GET
@login_required
@zugriff(laden=version_fuer)
def plan_pdf(request, version):
    """The stored PDF of an agreed version, byte for byte as rendered then."""
    if not version.ist_vereinbart or not version.pdf:
        raise Http404("Das PDF dieses Plans ist noch nicht erstellt.")
    return _abgelegtes_pdf(
        request, version, planversion_dateiname(version), "Vereinbarten Plan als PDF abgerufen"
    )


@require_GET
@login_required
@zugriff(laden=version_fuer)
@csp_update({"style-src": [NONCE]})
def druckansicht(request, version):
    """The one-page plan as the PDF lays it out, as a web page to print (the
    PDF's own template; its styles carry this answer's nonce)."""
    pdf = PlanPdf.fuer_version(version)
    lesezugriff(request.user, version, "Plan in der Druckansicht geöffnet")
    kontext = {
        **pdf.get_context_data(),
        "druckansicht": True,
        "csp_nonce": str(request.csp_nonce),
        "version": version,
    }
    return render(request, pdf.template_name, kontext)


@require_GET
@login_required
@zugriff(laden=bescheid_fuer)
def bescheid_pdf(request, bescheid):
    """The stored letter of a Bescheid or Aufforderung, byte for byte as
    rendered when it was issued."""
    if not bescheid.pdf:
        raise Http404(BESCHEID_PDF_FOLGT)
    return _abgelegtes_pdf(
        request, bescheid, bescheid_dateiname(bescheid), "Bescheid als PDF abgerufen"
    )


@require_GET
@login_required
@zugriff(laden=bescheid_fuer)
@csp_update({"style-src": [NONCE]})
def bescheid_ansicht(request, bescheid):
    """The letter as an accessible web page: the PDF's own template and
    context, so it says exactly what the letter says."""
    pdf = BescheidPdf(bescheid)
    lesezugriff(request.user, bescheid, "Bescheid als Webseite gelesen")
    kontext = {
        **pdf.get_context_data(),
        "druckansicht": True,
        "csp_nonce": str(request.csp_nonce),
    }
    antwort = render(request, pdf.template_name, kontext)
    antwort["Cache-Control"] = "private, no-store"
    return antwort


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen, laden=leistungsberechtigter_fuer, bearbeiten=True)
def auskunft(request, person):
    """Auskunft under Art. 15 DSGVO: everything stored about the person, as a
    PDF for her or (``?format=json``) as data; only the responsible IFK
    gives it, and giving it is recorded in the audit trail."""
    daten = auskunft_daten(person)
    dateiname = f"auskunft-{person.kundennummer}-{daten['erstellt_am']}"
    if request.GET.get("format") == "json":
        lesezugriff(request.user, person, "Auskunft nach Art. 15 DSGVO erteilt (JSON)")
        antwort = JsonResponse(daten, json_dumps_params={"ensure_ascii": False, "indent": 2})
        antwort["Content-Disposition"] = f'attachment; filename="{dateiname}.json"'
    else:
        pdf = AuskunftPdf(daten).render()
        lesezugriff(request.user, person, "Auskunft nach Art. 15 DSGVO erteilt (PDF)")
        antwort = HttpResponse(pdf, content_type="application/pdf")
        antwort["Content-Disposition"] = f'attachment; filename="{dateiname}.pdf"'
    antwort["Cache-Control"] = "private, no-store"
    return antwort


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen, laden=leistungsberechtigter_fuer, bearbeiten=True)
@csp_update({"style-src": [NONCE]})
def auskunft_ansicht(request, person):
    """The Auskunft as an accessible web page, from the same data and
    template as its PDF; giving it is recorded like the PDF."""
    pdf = AuskunftPdf(auskunft_daten(person))
    lesezugriff(request.user, person, "Auskunft nach Art. 15 DSGVO erteilt (Webseite)")
    kontext = {
        **pdf.get_context_data(),
        "druckansicht": True,
        "csp_nonce": str(request.csp_nonce),
        "person": person,
    }
    antwort = render(request, pdf.template_name, kontext)
    antwort["Cache-Control"] = "private, no-store"
    return antwort
