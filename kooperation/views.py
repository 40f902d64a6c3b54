"""Login, the start page dispatcher and the pages every role shares."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .access import Rolle, rolle_von, sichtbar
from .errors import NICHT_GEFUNDEN, fehler, zu_gross, zu_viele_felder
from .forms import AnmeldeFormular
from .models import Nachricht

START_JE_ROLLE = {
    Rolle.IFK: "cases:faelle",
    Rolle.TEAMLEITUNG: "cases:team",
    Rolle.TRAEGER: "plans:eingang",
    Rolle.GESCHAEFTSFUEHRUNG: "plans:kennzahlen",
    Rolle.ADMINISTRATION: "admin:index",
    Rolle.API_CLIENT: "schnittstelle",
}


class Anmelden(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = AnmeldeFormular
    redirect_authenticated_user = True


@require_GET
@login_required
def start(request):
    """Each role lands on its own page (design.md, "Who uses it")."""
    rolle = rolle_von(request.user)
    if rolle is None:
        raise PermissionDenied("Ihrem Konto ist keine Rolle zugewiesen.")
    return redirect(START_JE_ROLLE[rolle])


@require_GET
@login_required
def schnittstelle(request):
    if rolle_von(request.user) != Rolle.API_CLIENT:
        raise PermissionDenied
    return render(request, "kooperation/schnittstelle.html")


@require_GET
@login_required
def nachrichten(request):
    """The e-mails addressed to the signed-in user, for the embedded default
    whose mail goes to the server's console: a newcomer sees in the browser
    the reminder, escalation or Träger notice production would send. Off in
    production. The texts name no Leistungsberechtigter (see
    ``kooperation.postausgang``), so reading them is not a read of social data."""
    if not settings.NACHRICHTEN_IM_BROWSER:
        raise Http404
    eigene = sichtbar(request.user, Nachricht.objects.all()).order_by("-erstellt_am", "-pk")
    seite = Paginator(eigene, settings.SEITENGROESSE).get_page(request.GET.get("seite"))
    return render(request, "kooperation/nachrichten.html", {"seite": seite})


def admin_anmelden(request):
    """The admin's login is our login (password, then second factor). Someone
    signed in without access to the admin gets 403, not a redirect loop."""
    if request.user.is_authenticated:
        raise PermissionDenied("Die Verwaltung ist der Administration vorbehalten.")
    ziel = reverse("login")
    return redirect(f"{ziel}?{request.META['QUERY_STRING']}" if request.GET else ziel)


def fehler_400(request, exception=None):
    """Django answers a request it refuses before any view (a body beyond
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``, more fields or files than allowed, a
    forged host) with 400. A form that was too big gets 413 and says what
    the limit is, so the user knows to shorten it; the API gets the same in
    its one error shape (``kooperation.errors.fehler``)."""
    if isinstance(exception, RequestDataTooBig):
        status, ueberschrift = 413, "Eingabe zu groß"
        meldung = zu_gross(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    elif isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        status, ueberschrift = 413, "Eingabe zu groß"
        meldung = zu_viele_felder(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
    else:
        status, ueberschrift = 400, "Anfrage nicht verstanden"
        meldung = "Die Anfrage ist ungültig und wurde nicht bearbeitet."
    if request.path.startswith("/api/"):
        code = "request_too_large" if status == 413 else "invalid"
        return JsonResponse(fehler(code, meldung), status=status)
    return render(
        request,
        "400.html",
        {"ueberschrift": ueberschrift, "meldung": meldung, "zu_gross": status == 413},
        status=status,
    )


def fehler_403(request, exception=None):
    return render(request, "403.html", status=403)


def fehler_404(request, exception=None):
    if request.path.startswith("/api/"):
        # API clients get JSON, as from the API's own 404s (kooperation/api_fehler.py).
        return JsonResponse(fehler("not_found", NICHT_GEFUNDEN), status=404)
    return render(request, "404.html", status=404)
