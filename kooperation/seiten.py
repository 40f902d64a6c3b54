"""How a page meets the domain: load and check once, call one service, show
its errors.

- ``zugriff``: the decorator every view that works on one object uses. It asks
  the access policy whether the page is for the user's role (403), loads the
  object named in the URL through a selector scoped by the policy (404 when
  the user may not see it) and, for a change, whether the user may change it
  (403); the view receives the object instead of its id.
- ``ausfuehren``: call one service as the acting user; a ``Fachfehler`` lands
  next to the form field it names, or as a message above the page.
- ``FachfehlerSeite``: a ``Fachfehler`` no view caught becomes a page with its
  message and the status of ``kooperation.errors.HTTP_STATUS`` (400, 409),
  never a 500. ``KeinZugriff`` is Django's ``PermissionDenied`` (403 page).
- ``NurSeitenMethoden``: pages answer GET and POST only (405 otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render

from . import access
from .errors import NICHT_GEFUNDEN, Fachfehler, KeinZugriff, http_status, meldungen
from .forms import fachfehler_ins_formular


def zugriff(
    darf: Callable | None = None,
    *,
    laden: Callable | None = None,
    bearbeiten: bool = False,
    kennung: str = "pk",
):
    """Decorate a view: ``darf(user)`` says whether the page is for the
    user's role; ``laden(user=, pk=)`` is a selector scoped by the access
    policy that loads the object named by the URL's ``kennung``; with
    ``bearbeiten`` the user must also be allowed to change it. Put it below
    ``login_required``."""

    def dekorator(view):
        @wraps(view)
        def mit_zugriff(request, *args, **kwargs):
            if darf is not None and not darf(request.user):
                raise KeinZugriff("Diese Seite ist für Ihre Rolle nicht freigegeben.")
            if laden is None:
                return view(request, *args, **kwargs)
            try:
                objekt = laden(user=request.user, pk=kwargs.pop(kennung))
            except ObjectDoesNotExist:
                raise Http404(NICHT_GEFUNDEN) from None
            if bearbeiten and not access.darf_bearbeiten(request.user, objekt):
                raise KeinZugriff()
            return view(request, objekt, *args, **kwargs)

        return mit_zugriff

    return dekorator


def ausfuehren(request, dienst: Callable, *, form=None, erfolg: str = "", **argumente):
    """Call ``dienst`` as the acting user. A ``Fachfehler`` goes into ``form``
    (next to the field it names) or, without a form, into the page's
    messages; the result is then None. ``KeinZugriff`` is not caught: 403."""
    try:
        ergebnis = dienst(acting_user=request.user, **argumente)
    except Fachfehler as fehler:
        if form is not None:
            fachfehler_ins_formular(form, fehler)
        else:
            for meldung in fehler.messages:
                messages.error(request, meldung)
        return None
    if erfolg:
        messages.success(request, erfolg)
    return ergebnis


class FachfehlerSeite:
    """A domain error a view did not handle becomes a page with its message
    (400, or 409 for a stale edit) instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, fehler):
        if not isinstance(fehler, ValidationError) or request.path.startswith("/api/"):
            return None
        status = http_status(fehler)
        return render(request, "fehler.html", {"meldungen": meldungen(fehler)}, status=status)


class NurSeitenMethoden:
    """Pages take what a browser form sends, GET and POST; PUT, PATCH and
    DELETE belong to the API. Without this a page view that branches on
    ``request.method == "POST"`` would answer them as if they were a GET
    and show its form, so a client could not tell a write that was ignored
    from one that worked."""

    ERLAUBT = ("GET", "HEAD", "POST", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.ERLAUBT and not request.path.startswith("/api/"):
            return HttpResponseNotAllowed(["GET", "POST"])
        return self.get_response(request)
