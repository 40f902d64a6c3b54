"""Health endpoints for the load balancer and the orchestrator.

- ``/betrieb/live/``: the process is up and answers; asks no other service
  (an orchestrator restarts a web process that stops answering here).
- ``/betrieb/bereit/``: the database and the shared cache answer; 503
  otherwise (a load balancer sends no traffic to a process that is not ready).

Both answer from the first middleware: without login, host check, HTTPS
redirect, session or audit entry (they read no personal data and name
nothing but the state of the services)."""

from __future__ import annotations

import logging

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

LIVE = "/betrieb/live/"
BEREIT = "/betrieb/bereit/"


def _antwort(daten: dict, status: int = 200) -> JsonResponse:
    antwort = JsonResponse(daten, status=status)
    antwort["Cache-Control"] = "no-store"
    return antwort


def _datenbank_erreichbar() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as fehler:  # any failure means: not ready
        logger.warning("Bereitschaft: Datenbank nicht erreichbar: %s", fehler)
        connection.close_if_unusable_or_obsolete()
        return False
    return True


def _cache_erreichbar() -> bool:
    cache = caches["default"]
    try:
        if hasattr(cache, "erreichbar"):  # the shared Redis cache (kooperation.cache)
            return cache.erreichbar()
        cache.set("betrieb:bereit", 1, 5)
        return cache.get("betrieb:bereit") == 1
    except Exception as fehler:
        logger.warning("Bereitschaft: Cache nicht erreichbar: %s", fehler)
        return False


def bereitschaft() -> tuple[dict, int]:
    datenbank = _datenbank_erreichbar()
    cache = _cache_erreichbar()
    daten = {
        "status": "bereit" if datenbank and cache else "nicht bereit",
        "datenbank": "ok" if datenbank else "nicht erreichbar",
        "cache": "ok" if cache else "nicht erreichbar",
    }
    return daten, 200 if datenbank and cache else 503


class GesundheitMiddleware:
    """Answers the two health paths itself; everything else passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == LIVE:
            return _antwort({"status": "lebt"})
        if request.path == BEREIT:
            daten, status = bereitschaft()
            return _antwort(daten, status)
        return self.get_response(request)
