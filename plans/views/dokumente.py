"""The plan as PDF: the draft rendered on demand, the agreed version as stored."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from kooperation.audit import lesezugriff
from kooperation.seiten import zugriff

from ..dokumente.pdf import PlanPdf
from ..selectors import (
    version_fuer,
)


def _dateiname(version) -> str:
    return f"kooperationsplan-{version.plan_id}-v{version.nummer}.pdf"


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
    antwort["Content-Disposition"] = f'inline; filename="entwurf-{_dateiname(version)}"'
    antwort["Cache-Control"] = "no-store"
    return antwort


@require_GET
@login_required
@zugriff(laden=version_fuer)
def plan_pdf(request, version):
    """The stored PDF of an agreed version, byte for byte as rendered then."""
    if not version.ist_vereinbart or not version.pdf:
        raise Http404("Das PDF dieses Plans ist noch nicht erstellt.")
    lesezugriff(request.user, version, "Vereinbarten Plan als PDF abgerufen")
    antwort = FileResponse(
        version.pdf.open("rb"), content_type="application/pdf", filename=_dateiname(version)
    )
    antwort["Cache-Control"] = "private, no-store"
    antwort["X-Content-SHA256"] = version.pdf_sha256
    return antwort
