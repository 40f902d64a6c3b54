"""The shared cache (Redis) degrades instead of failing.

What the cache holds can be lost: sessions are also in the database
(``cached_db``), and the API's rate limit may let a few requests too many
through for a while. So when Redis cannot be reached, the cache behaves as an
empty cache that forgets what it is given: reads miss (sessions are read from
the database), writes are dropped, counters start again (the rate limit is
not enforced until Redis is back: we keep serving rather than refuse every
client). After a failure the process leaves Redis alone for a few seconds, so
an outage does not cost a timeout on every call.

Redis keeps its data across a restart (append-only file). A key this process
wrote or deleted while Redis was away (a session changed, or ended at
logout) would come back stale; the process remembers such keys and deletes
them before it uses Redis again (past ``MERKEN`` keys it empties the cache's
database instead)."""

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
MERKEN = 100_000
_FEHLT = object()


class _Zustand:
    """Per process and Redis location: since when Redis is away, and the keys
    that may be stale in it."""

    def __init__(self):
        self.sperre = threading.Lock()
        self.weg_seit: float | None = None
        self.naechster_versuch = 0.0
        self.veraltet: set[str] = set()
        self.alles_veraltet = False


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
    def _versuchen(self, aufruf, ersatz, schluessel=()):
        """``aufruf()`` against Redis, or ``ersatz`` while Redis is away (then
        the ``schluessel`` it would have written count as stale)."""
        zustand = self._zustand
        if zustand.weg_seit is not None and not self._wieder_da():
            self._veraltet(schluessel)
            return ersatz
        try:
            return aufruf()
        except AUSFAELLE as fehler:
            with zustand.sperre:
                if zustand.weg_seit is None:
                    zustand.weg_seit = time.monotonic()
                    logger.warning(
                        "Cache (Redis) nicht erreichbar, es geht ohne weiter: %s", fehler
                    )
                zustand.naechster_versuch = time.monotonic() + self.pause
            self._veraltet(schluessel)
            return ersatz

    def _veraltet(self, schluessel) -> None:
        zustand = self._zustand
        with zustand.sperre:
            zustand.veraltet.update(schluessel)
            if len(zustand.veraltet) > MERKEN:
                zustand.alles_veraltet = True
                zustand.veraltet.clear()

    def _wieder_da(self) -> bool:
        """After an outage, once the pause is over: delete the stale keys
        first; True when that worked (Redis is back)."""
        zustand = self._zustand
        if time.monotonic() < zustand.naechster_versuch:
            return False
        with zustand.sperre:
            if zustand.weg_seit is None:
                return True
            veraltet, alles = sorted(zustand.veraltet), zustand.alles_veraltet
            try:
                if alles:
                    self._cache.clear()
                elif veraltet:
                    self._cache.delete_many(veraltet)
                else:
                    self._cache.get_client(write=True).ping()
            except AUSFAELLE:
                zustand.naechster_versuch = time.monotonic() + self.pause
                return False
            dauer = time.monotonic() - zustand.weg_seit
            zustand.weg_seit = None
            zustand.veraltet.clear()
            zustand.alles_veraltet = False
        logger.warning(
            "Cache (Redis) wieder erreichbar nach %.0f s; %s",
            dauer,
            "Cache geleert" if alles else f"{len(veraltet)} veraltete Schlüssel gelöscht",
        )
        return True

    def erreichbar(self) -> bool:
        """Ask Redis itself (for the readiness check), bypassing the pause."""
        try:
            self._cache.get_client(write=True).ping()
        except AUSFAELLE:
            return False
        self._zustand.naechster_versuch = 0.0
        return self._wieder_da()

    # -- Django's cache API -----------------------------------------------
    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._versuchen(lambda: self._cache.get(key, default), default)

    def get_many(self, keys, version=None):
        return self._versuchen(lambda: RedisCache.get_many(self, keys, version), {})

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._versuchen(lambda: self._cache.has_key(key), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        # An empty cache takes the value (and forgets it).
        return self._versuchen(
            lambda: self._cache.add(key, value, self.get_backend_timeout(timeout)), True, [key]
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._versuchen(
            lambda: self._cache.set(key, value, self.get_backend_timeout(timeout)), None, [key]
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        schluessel = [self.make_and_validate_key(k, version=version) for k in data]
        return self._versuchen(
            lambda: RedisCache.set_many(self, data, timeout, version), [], schluessel
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._versuchen(
            lambda: self._cache.touch(key, self.get_backend_timeout(timeout)), False, [key]
        )

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        ergebnis = self._versuchen(lambda: self._cache.incr(key, delta), _FEHLT, [key])
        if ergebnis is _FEHLT:
            # As on an empty cache: the caller starts the counter with add().
            raise ValueError(f"Key '{key}' not found.")
        return ergebnis

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._versuchen(lambda: self._cache.delete(key), False, [key])

    def delete_many(self, keys, version=None):
        schluessel = [self.make_and_validate_key(k, version=version) for k in keys]
        if schluessel:
            self._versuchen(lambda: self._cache.delete_many(schluessel), None, schluessel)

    def clear(self):
        zustand = self._zustand
        if self._versuchen(self._cache.clear, _FEHLT) is _FEHLT:
            with zustand.sperre:
                zustand.alles_veraltet = True
            return False
        return True
