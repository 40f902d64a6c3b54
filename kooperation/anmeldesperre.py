"""Login lock (django-axes): failures count per account and per address,
each on its own.

- An account is locked after ``AXES_FAILURE_LIMIT`` failures against it,
  from wherever they came: nobody else's mistakes lock it.
- An address is locked after ``AXES_FAILURE_LIMIT_ADRESSE`` failures from it,
  against any account (one password sprayed over many accounts), and wrong
  API tokens count there too (``kooperation/tokens.py``).

Both end after the cool-off (``AXES_COOLOFF_HOURS``); the Administration
unlocks an account earlier with the action „Anmeldesperre aufheben“ on it.
A successful login clears that account's own failures only, so that an
attacker cannot clear the address by logging into an account of their own."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render

from .errors import fehler
from .tokens import GESPERRT


def _summe(versuche) -> int:
    return versuche.aggregate(n=Sum("failures_since_start"))["n"] or 0


class Anmeldesperre(AxesDatabaseHandler):
    def fehlversuche(self, request, credentials=None) -> tuple[int, int]:
        """Failures within the cool-off (per address, per account)."""
        adresse, konto = self.get_user_attempts(request, credentials)
        name = get_client_username(request, credentials)
        return _summe(adresse), (_summe(konto) if name else 0)

    def get_failures(self, request, credentials=None) -> int:
        """axes compares one number with ``AXES_FAILURE_LIMIT`` (the account's
        limit); the address's count is shifted so that it reaches that number
        exactly when it reaches the address's own, higher limit."""
        adresse, konto = self.fehlversuche(request, credentials)
        abstand = max(settings.AXES_FAILURE_LIMIT_ADRESSE - settings.AXES_FAILURE_LIMIT, 0)
        return max(konto, adresse - abstand)

    def reset_user_attempts(self, request, credentials=None) -> int:
        name = get_client_username(request, credentials)
        if not name:
            return 0
        anzahl, _ = AccessAttempt.objects.filter(username=name).delete()
        return anzahl


def konto_entsperren(username: str) -> int:
    """Clear the failures against one account (not those of any address)."""
    anzahl, _ = AccessAttempt.objects.filter(username=username).delete()
    return anzahl


def gesperrt_antwort(request, credentials=None, *args, **kwargs):
    """axes' answer when a login is locked: the page for browsers, JSON for
    API clients (a wrong token locks the address too)."""
    if request.path.startswith("/api/"):
        return JsonResponse(fehler("throttled", GESPERRT), status=429)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
