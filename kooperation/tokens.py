"""API tokens (django-rest-knox): the API client's authentication.

Only a token's SHA-512 digest is stored; the key is shown once, when it is
made (``manage.py create_api_token``). A token expires (``API_TOKEN_GUELTIG_TAGE``)
and is revoked by deleting it (admin action of the Jobcenter's Administration).
A wrong token counts as a failed login of the address it came from
(django-axes, ``kooperation/anmeldesperre.py``): an address that guesses
keys is locked like one that guesses passwords."""

from __future__ import annotations

import datetime

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from knox.auth import TokenAuthentication
from rest_framework import exceptions

# Last use is written at most this often (one UPDATE per minute, not per request).
ZULETZT_GENAUIGKEIT = datetime.timedelta(minutes=1)


GESPERRT = "Zu viele ungültige Anmeldeversuche von dieser Adresse; bitte später erneut versuchen."


class TokenAnmeldung(TokenAuthentication):
    """``Authorization: Token <key>`` as knox checks it, with the login lock of
    django-axes per address and the token's last use."""

    def authenticate(self, request):
        django_request = request._request
        kopf = request.META.get("HTTP_AUTHORIZATION", "")
        if not kopf.lower().startswith(self.authenticate_header(request).lower() + " "):
            return super().authenticate(request)
        if not AxesProxyHandler.is_allowed(django_request, {}):
            raise exceptions.Throttled(detail=GESPERRT)
        try:
            user, token = super().authenticate(request)
        except exceptions.AuthenticationFailed:
            # Counted for the address only: the key names no account.
            user_login_failed.send(sender=TokenAnmeldung, credentials={}, request=django_request)
            raise
        jetzt = timezone.now()
        if token.zuletzt_benutzt is None or jetzt - token.zuletzt_benutzt > ZULETZT_GENAUIGKEIT:
            token.zuletzt_benutzt = jetzt
            type(token).objects.filter(pk=token.pk).update(zuletzt_benutzt=jetzt)
        return user, token
