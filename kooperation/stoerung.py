"""When PostgreSQL or Redis is away: a clear German 503 page instead of a
server error, and a time limit for the SQL of web requests.

Django turns every uncaught exception into a call of ``handler500`` while
the exception is being handled; this handler looks at it and answers 503
("try again shortly", with ``Retry-After``) for an outage of a service the
application depends on, 500 for anything else. Both pages are rendered
without the request's context: no user, no session, no database."""

from __future__ import annotations

import sys

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.backends.signals import connection_created
from django.http import HttpResponse, JsonResponse
from django.template import loader

from .errors import fehler

#: A service the application depends on is away or too slow (a PostgreSQL
#: restart, a statement cut off by ``WEB_STATEMENT_TIMEOUT``, Redis as cache
#: or broker unreachable).
STOERUNGEN = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,
)

#: Seconds after which a client may try again.
NOCHMAL_NACH = 30

MELDUNG_503 = (
    "Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es in einer Minute noch "
    "einmal. Wenn Sie gerade etwas gespeichert haben, prüfen Sie danach, ob es angekommen ist."
)
MELDUNG_500 = (
    "Bei der Bearbeitung ist ein Fehler aufgetreten. Er wurde protokolliert. Bitte versuchen "
    "Sie es noch einmal oder wenden Sie sich an die Administration."
)


def fehler_500(request):
    """``handler500``: 503 for an outage, 500 otherwise; JSON under ``/api/``."""
    stoerung = isinstance(sys.exc_info()[1], STOERUNGEN)
    status = 503 if stoerung else 500
    meldung = MELDUNG_503 if stoerung else MELDUNG_500
    if request.path.startswith("/api/"):
        antwort = JsonResponse(
            fehler("service_unavailable" if stoerung else "server_error", meldung), status=status
        )
    else:
        antwort = HttpResponse(
            loader.get_template(f"{status}.html").render({"meldung": meldung}), status=status
        )
    if stoerung:
        antwort["Retry-After"] = str(NOCHMAL_NACH)
    antwort["Cache-Control"] = "no-store"
    return antwort


def _zeitlimit_setzen(sender, connection, **kwargs) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false)",
            [f"{settings.WEB_STATEMENT_TIMEOUT}s"],
        )


def zeitlimit_fuer_web_anfragen() -> None:
    """Every database connection this process opens from now on cuts off a
    statement after ``WEB_STATEMENT_TIMEOUT`` seconds (called by the WSGI
    application only: migrations, the deadline watch and workers keep no limit)."""
    if settings.WEB_STATEMENT_TIMEOUT:
        connection_created.connect(_zeitlimit_setzen, dispatch_uid="web_statement_timeout")
