"""The shared cache (Redis) degrades instead of failing.

What the cache holds can be lost: sessions are also in the database
(``cached_db``), and the API's rate limit may let a few requests too many
through for a while. So when Redis cannot be reached, the cache behaves as an
empty cache that forgets what it is given: reads miss (sessions are read from
the database), writes are dropped, counters start again (the rate limit is
not enforced until Redis is back: we keep serving rather than refuse every
client). After a failure the process leaves Redis alone for a few seconds, so
an outage does not cost a timeout on every call.

A key deleted while Redis was away (a session ended at logout) would come
back with Redis's persisted data; the process remembers such keys and
deletes them on its first successful call afterwards."""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisVerbindungsfehler
from redis.exceptions import TimeoutError as RedisZeitueberschreitung

logger = logging.getLogger(__name__)

AUSFAELLE = (RedisVerbindungsfehler, RedisZeitueberschreitung)


class _Zustand:
    """Per process and Redis location: since when Redis is away, and keys
    whose deletion is still owed."""

    def __init__(self):
        self.sperre = threading.Lock()
        self.weg_seit: float | None = None
        self.naechster_versuch = 0.0
        self.offene_loeschungen: set[str] = set()


_ZUSTAENDE: dict[str, _Zustand] = {}
_ZUSTAENDE_SPERRE = threading.Lock()


class AusfallsichererRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis is away."""

    #: Seconds to leave Redis alone after a failed call.
    pause = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        with _ZUSTAENDE_SPERRE:
            self._zustand = _ZUSTAENDE.setdefault(str(server), _Zustand())

    # -- the one place that talks to Redis --------------------------------
    def _versuchen(self, aufruf, ersatz):
        """``aufruf()`` against Redis, or ``ersatz`` while Redis is away."""
        zustand = self._zustand
        if zustand.weg_seit is not None and time.monotonic() < zustand.naechster_versuch:
            return ersatz
        try:
            ergebnis = aufruf()
        except AUSFAELLE as fehler:
            with zustand.sperre:
                if zustand.weg_seit is None:
                    zustand.weg_seit = time.monotonic()
                    logger.warning(
                        "Cache (Redis) nicht erreichbar, es geht ohne weiter: %s", fehler
                    )
                zustand.naechster_versuch = time.monotonic() + self.pause
            return ersatz
        if zustand.weg_seit is not None:
            self._wieder_da()
        return ergebnis

    def _wieder_da(self) -> None:
        zustand = self._zustand
        with zustand.sperre:
            if zustand.weg_seit is None:
                return
            dauer = time.monotonic() - zustand.weg_seit
            offen = sorted(zustand.offene_loeschungen)
            zustand.weg_seit = None
            zustand.offene_loeschungen.clear()
        try:
            if offen:
                self._cache.delete_many(offen)
        except AUSFAELLE:
            with zustand.sperre:
                zustand.offene_loeschungen.update(offen)
                zustand.weg_seit = time.monotonic()
                zustand.naechster_versuch = time.monotonic() + self.pause
            return
        logger.warning(
            "Cache (Redis) wieder erreichbar nach %.0f s; %d ausstehende Löschungen nachgeholt",
            dauer,
            len(offen),
        )

    def erreichbar(self) -> bool:
        """Ask Redis itself (for the readiness check), bypassing the pause."""
        try:
            self._cache.get_client(write=True).ping()
        except AUSFAELLE:
            return False
        if self._zustand.weg_seit is not None:
            self._wieder_da()
        return True

    # -- Django's cache API -----------------------------------------------
    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._versuchen(lambda: self._cache.get(key, default), default)

    def get_many(self, keys, version=None):
        return self._versuchen(
            lambda: super(AusfallsichererRedisCache, self).get_many(keys, version), {}
        )

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._versuchen(lambda: self._cache.has_key(key), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        # An empty cache takes the value (and forgets it).
        return self._versuchen(
            lambda: self._cache.add(key, value, self.get_backend_timeout(timeout)), True
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._versuchen(
            lambda: self._cache.set(key, value, self.get_backend_timeout(timeout)), None
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._versuchen(
            lambda: super(AusfallsichererRedisCache, self).set_many(data, timeout, version), []
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._versuchen(
            lambda: self._cache.touch(key, self.get_backend_timeout(timeout)), False
        )

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        fehlt = object()
        ergebnis = self._versuchen(lambda: self._cache.incr(key, delta), fehlt)
        if ergebnis is fehlt:
            # As on an empty cache: the caller starts the counter with add().
            raise ValueError(f"Key '{key}' not found.")
        return ergebnis

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        fehlt = object()
        ergebnis = self._versuchen(lambda: self._cache.delete(key), fehlt)
        if ergebnis is fehlt:
            with self._zustand.sperre:
                self._zustand.offene_loeschungen.add(key)
            return False
        return ergebnis

    def delete_many(self, keys, version=None):
        schluessel = [self.make_and_validate_key(k, version=version) for k in keys]
        if not schluessel:
            return
        fehlt = object()
        if self._versuchen(lambda: self._cache.delete_many(schluessel), fehlt) is fehlt:
            with self._zustand.sperre:
                self._zustand.offene_loeschungen.update(schluessel)

    def clear(self):
        return self._versuchen(self._cache.clear, False)
