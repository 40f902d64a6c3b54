"""Operation under faults: health endpoints, the German 503 page when the
database or Redis is away, and the shared cache degrading instead of failing."""

import json
import os
import socket
import subprocess
import sys

import pytest
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection, connections
from django.test import Client, override_settings

from kooperation.access import Rolle
from kooperation.api_base import JeToken
from kooperation.stoerung import zeitlimit_fuer_web_anfragen
from tests.api_helfer import api_client
from tests.kooperation.eigener_redis import freier_port
from tests.kooperation.factories import aktueller_code, bestaetigtes_geraet
from tests.kooperation.worker import ROOT

PASSWORT = "geheim-genug-123"


def _weg_redis_cache() -> dict:
    """The shared cache pointed at a port where no Redis listens."""
    return {
        "default": {
            "BACKEND": "kooperation.cache.AusfallsichererRedisCache",
            "LOCATION": f"redis://127.0.0.1:{freier_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def ohne_datenbank(db):
    """Every query fails as when PostgreSQL is restarting (until the test ends)."""
    verbindung = connections["default"]

    def weg(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    def einschalten():
        verbindung.cursor = weg

    yield einschalten
    verbindung.__dict__.pop("cursor", None)


def _ohne_traceback(antwort) -> str:
    text = antwort.content.decode()
    assert "Traceback" not in text
    assert "OperationalError" not in text
    return text


# --- health endpoints ---------------------------------------------------------


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["kooperation.example"])
def test_live_antwortet_ohne_anmeldung_datenbank_und_protokoll(db, django_assert_num_queries):
    client = Client(HTTP_HOST="10.0.0.7:8000")  # the load balancer asks by address
    with django_assert_num_queries(0):
        antwort = client.get("/betrieb/live/")
    assert antwort.status_code == 200
    assert antwort.json() == {"status": "lebt"}
    assert antwort["Cache-Control"] == "no-store"
    assert not antwort.cookies
    assert not LogEntry.objects.exists()


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["kooperation.example"])
def test_bereit_meldet_datenbank_und_cache(welt):
    protokoll = LogEntry.objects.count()
    antwort = Client(HTTP_HOST="10.0.0.7:8000").get("/betrieb/bereit/")
    assert antwort.status_code == 200
    assert antwort.json() == {"status": "bereit", "datenbank": "ok", "cache": "ok"}
    # Nothing personal, nothing logged, no session started.
    assert LogEntry.objects.count() == protokoll
    assert not Session.objects.exists()


def test_bereit_ist_503_wenn_die_datenbank_fehlt(db, ohne_datenbank):
    ohne_datenbank()
    antwort = Client().get("/betrieb/bereit/")
    assert antwort.status_code == 503
    assert antwort.json()["datenbank"] == "nicht erreichbar"
    assert Client().get("/betrieb/live/").status_code == 200


def test_bereit_ist_503_wenn_der_cache_fehlt(db):
    with override_settings(CACHES=_weg_redis_cache()):
        antwort = Client().get("/betrieb/bereit/")
    assert antwort.status_code == 503
    assert antwort.json() == {
        "status": "nicht bereit",
        "datenbank": "ok",
        "cache": "nicht erreichbar",
    }


# --- a clear German page instead of a server error ----------------------------


def _angemeldet(welt) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(welt.users[Rolle.IFK])
    return client


def test_datenbank_weg_ergibt_deutsche_503_seite(welt, ohne_datenbank):
    client = _angemeldet(welt)
    ohne_datenbank()
    antwort = client.get("/faelle/")
    assert antwort.status_code == 503
    assert antwort["Retry-After"] == "30"
    text = _ohne_traceback(antwort)
    assert "Vorübergehend nicht erreichbar" in text
    assert "Bitte versuchen Sie es in einer Minute noch einmal" in text


def test_datenbank_weg_ergibt_503_mit_json_in_der_api(welt, ohne_datenbank):
    client = api_client(welt.users[Rolle.API_CLIENT])
    client.raise_request_exception = False
    ohne_datenbank()
    antwort = client.get("/api/v1/leistungsberechtigte/")
    assert antwort.status_code == 503
    assert "nicht erreichbar" in antwort.json()["detail"]


def test_anderer_fehler_ergibt_500_seite_ohne_einzelheiten(welt, monkeypatch):
    client = _angemeldet(welt)

    def kaputt(user):
        raise RuntimeError("interner Zustand, geheim")

    monkeypatch.setattr("kooperation.views.rolle_von", kaputt)
    antwort = client.get("/")
    assert antwort.status_code == 500
    text = _ohne_traceback(antwort)
    assert "Ein Fehler ist aufgetreten" in text
    assert "geheim" not in text


# --- the shared cache degrades ------------------------------------------------


def test_ohne_redis_cache_geht_die_arbeit_weiter(welt):
    """Redis away: login, pages, logout and the API (whose rate limit is then
    not counted) all work; sessions come from the database."""
    with override_settings(CACHES=_weg_redis_cache()):
        client = Client()
        antwort = client.post("/anmelden/", {"username": "ifk", "password": PASSWORT})
        assert antwort.status_code == 302
        geraet = bestaetigtes_geraet(welt.users[Rolle.IFK])
        antwort = client.post("/anmelden/zweiter-faktor/", {"code": aktueller_code(geraet)})
        assert antwort.status_code == 302
        assert client.get("/faelle/").status_code == 200
        assert client.get(f"/faelle/{welt.eigener_fall.pk}/").status_code == 200
        api = api_client(welt.users[Rolle.API_CLIENT])
        for _ in range(3):
            assert api.get("/api/v1/leistungsberechtigte/").status_code == 200
        schluessel = client.cookies["sessionid"].value
        assert client.post("/abmelden/").status_code == 302
        assert not Session.objects.filter(session_key=schluessel).exists()
        andere = Client()
        andere.cookies["sessionid"] = schluessel
        assert andere.get("/faelle/").status_code == 302


def test_ohne_redis_zaehlt_die_drosselung_nicht_und_sperrt_niemanden(welt, monkeypatch):
    monkeypatch.setattr(JeToken, "THROTTLE_RATES", {"token": "2/min"}, raising=False)
    with override_settings(CACHES=_weg_redis_cache()):
        api = api_client(welt.users[Rolle.API_CLIENT])
        codes = [api.get("/api/v1/leistungsberechtigte/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 200]


# --- time limit for the SQL of web requests ------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_zu_lange_abfrage_einer_webanfrage_wird_abgebrochen_mit_503(welt, monkeypatch):
    client = _angemeldet(welt)

    def langsam(user):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")
        return None

    monkeypatch.setattr("kooperation.views.rolle_von", langsam)
    with override_settings(WEB_STATEMENT_TIMEOUT=1):
        zeitlimit_fuer_web_anfragen()
        connection.close()  # the next connection gets the limit
        try:
            antwort = client.get("/")
        finally:
            from django.db.backends.signals import connection_created

            connection_created.disconnect(dispatch_uid="web_statement_timeout")
            connection.close()
    assert antwort.status_code == 503
    assert "Vorübergehend nicht erreichbar" in _ohne_traceback(antwort)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_nur_die_wsgi_anwendung_setzt_das_zeitlimit():
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    skript = (
        "import json, django\n"
        "django.setup()\n"
        "from django.db import connection, connections\n"
        "def wert():\n"
        "    with connection.cursor() as c:\n"
        "        c.execute('SHOW statement_timeout')\n"
        "        return c.fetchone()[0]\n"
        "ohne = wert(); connection.close()\n"
        "import kooperation.wsgi\n"
        "print(json.dumps([ohne, wert()]))\n"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "kooperation.settings.test"}
    ausgabe = subprocess.run(  # noqa: S603
        [sys.executable, "-c", skript],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(ausgabe.stdout.strip().splitlines()[-1]) == ["0", "30s"]


def test_auftrag_ohne_redis_gibt_nach_sekunden_auf():
    """With Redis away, handing a task to the broker (and subscribing to its
    result) fails within seconds, so the request that does it answers; the
    outbox's sweep publishes it later."""
    port = freier_port()  # nothing listens there
    skript = (
        "import json, time, django\n"
        "django.setup()\n"
        "from kooperation.tasks import betriebsbereit\n"
        "betriebsbereit.app.conf.task_always_eager = False\n"
        "beginn = time.monotonic()\n"
        "try:\n"
        "    betriebsbereit.delay()\n"
        "    ergebnis = 'veroeffentlicht'\n"
        "except Exception as fehler:\n"
        "    ergebnis = type(fehler).__name__\n"
        "print(json.dumps([ergebnis, time.monotonic() - beginn]))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kooperation.settings.test",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/0",
        "CELERY_RESULT_BACKEND": f"redis://127.0.0.1:{port}/1",
    }
    ausgabe = subprocess.run(  # noqa: S603
        [sys.executable, "-c", skript],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    ergebnis, sekunden = json.loads(ausgabe.stdout.strip().splitlines()[-1])
    assert ergebnis != "veroeffentlicht"
    assert sekunden < 8, f"Veröffentlichen ohne Redis dauerte {sekunden:.1f} s"


def test_mailserver_der_nicht_antwortet_haelt_nach_der_frist_nicht_mehr_auf():
    """An SMTP server that takes the connection and never greets: sending
    gives up after EMAIL_TIMEOUT (production settings, from the environment),
    so the worker's mail task fails and is retried instead of hanging."""
    stumm = socket.socket()
    stumm.bind(("127.0.0.1", 0))
    stumm.listen(5)  # accepted by the kernel, never answered
    skript = (
        "import json, time, django\n"
        "django.setup()\n"
        "from django.core.mail import send_mail\n"
        "beginn = time.monotonic()\n"
        "try:\n"
        "    send_mail('Test', 'Text', 'a@jobcenter.invalid', ['b@jobcenter.invalid'])\n"
        "    ergebnis = 'gesendet'\n"
        "except Exception as fehler:\n"
        "    ergebnis = type(fehler).__name__\n"
        "print(json.dumps([ergebnis, time.monotonic() - beginn]))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kooperation.settings.production",
        "SECRET_KEY": "nur-fuer-diesen-test-" * 3,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": "sqlite:///:memory:",
        "EMAIL_URL": f"smtp://127.0.0.1:{stumm.getsockname()[1]}",
        "EMAIL_TIMEOUT": "1",
    }
    try:
        ausgabe = subprocess.run(  # noqa: S603
            [sys.executable, "-c", skript],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
    finally:
        stumm.close()
    ergebnis, sekunden = json.loads(ausgabe.stdout.strip().splitlines()[-1])
    assert ergebnis != "gesendet"
    assert sekunden < 5, f"Senden an einen stummen Mailserver dauerte {sekunden:.1f} s"
