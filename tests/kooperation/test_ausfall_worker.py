"""Short fault checks with a real worker (second CI pass): a worker killed in
the middle of rendering a PDF, and Redis away for a few seconds. Each test
starts its own redis-server on a free port and its own worker, so the
machine's shared Redis is never stopped."""

from __future__ import annotations

import contextlib
import datetime
import signal
import time
from pathlib import Path

import kombu.exceptions
import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client, override_settings
from django.utils import timezone

from kooperation import postausgang
from kooperation.access import Rolle
from kooperation.fristwache import fristwache_ausfuehren
from kooperation.models import Erinnerung, Fristart, Nachricht, Team, Wiedervorlage
from kooperation.tasks import postausgang_nachholen
from plans import tasks as plans_tasks
from plans.models import PlanVersion
from tests.api_helfer import api_client
from tests.cases.factories import LeistungsberechtigterFactory
from tests.kooperation.eigener_redis import celery_ueber, eigener_redis  # noqa: F401
from tests.kooperation.worker import worker_starten
from tests.plans.factories import entwurf, vereinbart


def _umgebung(server, **mehr) -> dict[str, str]:
    return {
        "CELERY_BROKER_URL": server.url(0),
        "CELERY_RESULT_BACKEND": server.url(1),
        "CACHE_URL": server.url(2, "rediscache"),
        **mehr,
    }


def _cache(server) -> dict:
    return {
        "default": {
            "BACKEND": "kooperation.cache.AusfallsichererRedisCache",
            "LOCATION": server.url(2),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def _warten(bedingung, sekunden: float, meldung: str):
    bis = time.monotonic() + sekunden
    while not (ergebnis := bedingung()):
        assert time.monotonic() < bis, meldung
        time.sleep(0.05)
    return ergebnis


def _pdf_da(version: PlanVersion) -> bool:
    return bool(PlanVersion.objects.get(pk=version.pk).pdf_sha256)


def _pdf_dateien(version: PlanVersion, seit: float) -> list[Path]:
    """PDF files of ``version`` written since ``seit`` (earlier runs may have
    left files of the same name)."""
    wurzel = Path(settings.MEDIA_ROOT)
    muster = f"plaene/*/*/kooperationsplan-{version.plan_id}-v{version.nummer}*.pdf"
    return [d for d in wurzel.glob(muster) if d.stat().st_mtime >= seit]


@contextlib.contextmanager
def _worker(server, **mehr):
    prozess = worker_starten(**_umgebung(server, **mehr))
    try:
        yield prozess
    finally:
        if prozess.poll() is None:
            prozess.terminate()
            prozess.wait(timeout=30)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_stirbt_beim_pdf_und_der_naechste_legt_es_genau_einmal_ab(welt, eigener_redis):  # noqa: F811
    """acks_late: the task of a worker killed mid-render stays unacknowledged
    and is handed to the next worker after the visibility timeout."""
    beginn = time.time() - 1
    with celery_ueber(eigener_redis):
        with _worker(eigener_redis, CELERY_VISIBILITY_TIMEOUT="3") as erster:
            version = vereinbart(welt)
            _warten(eigener_redis.unacked, 60, "Der Worker hat den PDF-Auftrag nicht angenommen.")
            erster.send_signal(signal.SIGKILL)
            erster.wait(timeout=30)
        assert not _pdf_da(version), "Der Worker sollte mitten im Rendern sterben."
        assert eigener_redis.unacked() == 1
        time.sleep(3.5)  # the visibility timeout passes
        with _worker(eigener_redis, CELERY_VISIBILITY_TIMEOUT="3") as zweiter:
            _warten(lambda: _pdf_da(version), 120, "Das PDF wurde nicht nachgeholt.")
            assert zweiter.poll() is None
    version.refresh_from_db()
    assert len(_pdf_dateien(version, beginn)) == 1
    assert eigener_redis.unacked() == 0


def _vereinbaren_im_browser(client: Client, version: PlanVersion):
    return client.post(
        f"/plaene/{version.plan_id}/vereinbaren/",
        {"vereinbart_am": (version.plan.begonnen_am + datetime.timedelta(days=2)).isoformat()},
    )


def _ohne_traceback_und_deutsch(antwort) -> None:
    text = antwort.content.decode()
    assert "Traceback" not in text
    if antwort.status_code == 503:
        assert "Vorübergehend nicht erreichbar" in text
        assert antwort["Retry-After"]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_redis_weg_seiten_antworten_und_alles_erholt_sich(welt, eigener_redis):  # noqa: F811
    ifk = welt.users[Rolle.IFK]
    zweiter_fall = LeistungsberechtigterFactory(team=welt.team, zustaendig=ifk)
    dritter_fall = LeistungsberechtigterFactory(team=welt.team, zustaendig=ifk)
    with celery_ueber(eigener_redis), override_settings(CACHES=_cache(eigener_redis)):
        with _worker(eigener_redis):
            client = Client(raise_request_exception=False)
            client.force_login(ifk)
            api = api_client(welt.users[Rolle.API_CLIENT])
            api.raise_request_exception = False
            vorher = entwurf(welt)
            assert _vereinbaren_im_browser(client, vorher).status_code == 302
            _warten(lambda: _pdf_da(vorher), 120, "Vor dem Ausfall kam kein PDF.")

            eigener_redis.anhalten()
            # Pages, the API and the health endpoints keep answering.
            assert client.get("/faelle/").status_code == 200
            assert client.get(f"/faelle/{welt.eigener_fall.pk}/").status_code == 200
            assert api.get("/api/v1/leistungsberechtigte/").status_code == 200
            assert client.get("/betrieb/live/").status_code == 200
            assert client.get("/betrieb/bereit/").status_code == 503
            waehrend = entwurf(welt, person=zweiter_fall)
            antwort = _vereinbaren_im_browser(client, waehrend)
            assert antwort.status_code in (302, 503)
            _ohne_traceback_und_deutsch(antwort)
            # The agreement itself is kept, whatever the answer said.
            assert PlanVersion.objects.get(pk=waehrend.pk).status == "vereinbart"

            eigener_redis.starten()
            # Back by themselves: readiness, pages, and new tasks reach the worker.
            _warten(
                lambda: client.get("/betrieb/bereit/").status_code == 200,
                30,
                "Nach dem Ausfall wurde der Dienst nicht wieder bereit.",
            )
            assert client.get("/faelle/").status_code == 200
            nachher = entwurf(welt, person=dritter_fall)
            assert _vereinbaren_im_browser(client, nachher).status_code == 302
            _warten(lambda: _pdf_da(nachher), 120, "Nach dem Ausfall kam kein PDF.")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_redis_weg_kein_pdf_und_keine_erinnerung_geht_verloren(
    welt,
    eigener_redis,  # noqa: F811
    monkeypatch,
):
    """A PDF and a reminder mail whose task would be published while Redis
    is away are made once Redis is back: both are recorded with their cause
    (the outbox, the agreed version without its PDF) and the periodic sweep
    publishes them again."""
    ifk = welt.users[Rolle.IFK]
    ifk.email = "ifk@jobcenter.invalid"
    ifk.save()
    frist = Wiedervorlage.objects.create(
        jobcenter=welt.jc,
        art=Fristart.TERMIN,
        faellig_am=timezone.localdate(),
        zustaendig=ifk,
        team=welt.team,
        ursache_typ=ContentType.objects.get_for_model(Team),
        ursache_id=1,
    )
    with celery_ueber(eigener_redis), override_settings(CACHES=_cache(eigener_redis)):
        with _worker(eigener_redis):
            client = Client(raise_request_exception=False)
            client.force_login(ifk)
            version = entwurf(welt)
            eigener_redis.anhalten()
            antwort = _vereinbaren_im_browser(client, version)
            if antwort.status_code not in (302, 503) or b"Traceback" in antwort.content:
                pytest.fail(f"Vereinbaren im Ausfall: {antwort.status_code}")
            if PlanVersion.objects.get(pk=version.pk).status != "vereinbart":
                pytest.fail("Die Vereinbarung fehlt.")
            with contextlib.suppress(kombu.exceptions.OperationalError):
                fristwache_ausfuehren()
            if Erinnerung.objects.filter(wiedervorlage=frist).count() != 1:
                pytest.fail("Die Fristwache hat die Erinnerung nicht festgehalten.")
            eigener_redis.starten()
            # The sweep as beat runs it ten minutes later: what is older than
            # "just now" counts as lost and is published again.
            monkeypatch.setattr(postausgang, "NACHHOLEN_NACH", datetime.timedelta(0))
            monkeypatch.setattr(plans_tasks, "NACHHOLEN_NACH", datetime.timedelta(0))
            postausgang_nachholen()
            bis = time.monotonic() + 30
            while time.monotonic() < bis and not (_pdf_da(version) and _erinnerung_gesendet(frist)):
                time.sleep(0.2)
    assert _pdf_da(version), "Das PDF des im Ausfall vereinbarten Plans fehlt."
    assert _erinnerung_gesendet(frist), "Die Erinnerung fehlt."
    assert Nachricht.objects.filter(erinnerungen__wiedervorlage=frist).count() == 1


def _erinnerung_gesendet(frist) -> bool:
    return Erinnerung.objects.filter(
        wiedervorlage=frist, nachricht__gesendet_am__isnull=False
    ).exists()
