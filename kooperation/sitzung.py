"""What every response and every session gets.

``Kopfzeilen``: ``Cache-Control: no-store`` on every answer to a signed-in
user or API client (pages, exports, PDFs and API answers carry personal
data; static files are served before this and keep their caching), and a
``Permissions-Policy`` that switches off browser features we never use.

``Sitzungsschutz``: a session ends after ``SITZUNG_LEERLAUF_MINUTEN`` without
a request (beside its absolute age, ``SESSION_COOKIE_AGE``), and where
``ZWEI_FAKTOR_PFLICHT`` is on, a session whose password was right but whose
second factor is not yet confirmed reaches nothing but the second-factor
pages and logout. API tokens are the API client's authentication and pass
without a second factor (they never come with a session)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .errors import fehler

ZULETZT_AKTIV = "_zuletzt_aktiv"
# The timestamp is written at most once a minute: one session write per
# minute of work, not per request.
GENAUIGKEIT_SEKUNDEN = 60
# Pages open to a signed-in session before its second factor is confirmed.
OHNE_ZWEITEN_FAKTOR = {
    "login",
    "logout",
    "zwei_faktor",
    "zwei_faktor_einrichten",
    "passwort_vergessen",
    "passwort_vergessen_gesendet",
    "passwort_setzen",
    "passwort_gesetzt",
    # Confirming the login with a security key (kooperation/webauthn.py).
    "credential-authentication-begin",
    "credential-authentication-complete",
    "js-i18n-catalog",
}


class Kopfzeilen:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        antwort = self.get_response(request)
        antwort["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            antwort["Cache-Control"] = "no-store"
            if "Expires" in antwort:
                del antwort["Expires"]
        return antwort


def _seitenname(request) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


def zweiter_faktor_fehlt(user) -> bool:
    return (
        settings.ZWEI_FAKTOR_PFLICHT
        and user.is_authenticated
        and not (hasattr(user, "is_verified") and user.is_verified())
    )


@receiver(user_logged_in, dispatch_uid="kooperation_sitzung_beginn")
def _angemeldet(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[ZULETZT_AKTIV] = int(time.time())


class Sitzungsschutz:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and hasattr(request, "session"):
            jetzt = int(time.time())
            zuletzt = request.session.get(ZULETZT_AKTIV)
            if zuletzt is not None and jetzt - zuletzt > settings.SITZUNG_LEERLAUF_MINUTEN * 60:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                messages.info(
                    request,
                    f"Sie wurden nach {settings.SITZUNG_LEERLAUF_MINUTEN} Minuten ohne "
                    "Aktivität abgemeldet. Bitte melden Sie sich erneut an.",
                )
                return redirect(
                    f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"
                )
            if zuletzt is None or jetzt - zuletzt >= GENAUIGKEIT_SEKUNDEN:
                request.session[ZULETZT_AKTIV] = jetzt
            if zweiter_faktor_fehlt(user) and _seitenname(request) not in OHNE_ZWEITEN_FAKTOR:
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        fehler(
                            "permission_denied", "Bitte bestätigen Sie zuerst den zweiten Faktor."
                        ),
                        status=403,
                    )
                return redirect(
                    f"{reverse('zwei_faktor')}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)
