"""The shared cache against a Redis of the test's own that is stopped and
started again (with its append-only file, as in production): nothing stale
comes back, and the rate limit counts again."""

import pytest
import redis
from django.conf import settings
from django.test import Client, override_settings

from kooperation.access import Rolle
from kooperation.api_base import JeToken
from kooperation.cache import AusfallsichererRedisCache
from tests.api_helfer import api_client
from tests.kooperation.eigener_redis import eigener_redis  # noqa: F401


@pytest.fixture
def cache_auf(eigener_redis, monkeypatch):  # noqa: F811
    monkeypatch.setattr(AusfallsichererRedisCache, "pause", 0.0)
    caches = {
        "default": {
            "BACKEND": "kooperation.cache.AusfallsichererRedisCache",
            "LOCATION": eigener_redis.url(2),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=caches):
        yield eigener_redis


def test_abmeldung_waehrend_des_ausfalls_gilt_auch_danach(welt, cache_auf):
    client = Client()
    client.force_login(welt.users[Rolle.IFK])
    assert client.get("/faelle/").status_code == 200
    schluessel = client.cookies[settings.SESSION_COOKIE_NAME].value

    cache_auf.anhalten()
    assert client.post("/abmelden/").status_code == 302
    cache_auf.starten()
    # Redis brought the cached session back from its file ...
    roh = redis.Redis(port=cache_auf.port, db=2)
    assert roh.exists(f":1:django.contrib.sessions.cached_db{schluessel}")

    # ... but the old cookie opens nothing.
    andere = Client()
    andere.cookies[settings.SESSION_COOKIE_NAME] = schluessel
    antwort = andere.get("/faelle/")
    assert antwort.status_code == 302
    assert antwort["Location"].startswith("/anmelden/")
    assert not roh.exists(f":1:django.contrib.sessions.cached_db{schluessel}")


def test_drosselung_zaehlt_nach_dem_ausfall_wieder(welt, cache_auf, monkeypatch):
    monkeypatch.setattr(JeToken, "THROTTLE_RATES", {"token": "2/min"}, raising=False)
    api = api_client(welt.users[Rolle.API_CLIENT])
    cache_auf.anhalten()
    waehrend = [api.get("/api/v1/leistungsberechtigte/").status_code for _ in range(3)]
    cache_auf.starten()
    danach = [api.get("/api/v1/leistungsberechtigte/").status_code for _ in range(3)]
    assert waehrend == [200, 200, 200]
    assert danach == [200, 200, 429]
