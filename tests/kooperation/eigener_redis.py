"""A redis-server of the test's own, on a free port, to stop and start at will
(the machine's shared Redis is never stopped). It keeps its data in an
append-only file as the production Redis does (docker-compose.yml), so
queued tasks and cached sessions come back after a restart."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from kooperation.celery import app as celery_app
from lasttest.dienste import redis_befehl


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EigenerRedis:
    def __init__(self, verzeichnis: Path):
        self.verzeichnis = verzeichnis
        self.port = freier_port()
        self.prozess: subprocess.Popen | None = None

    def url(self, db: int = 0, schema: str = "redis") -> str:
        return f"{schema}://127.0.0.1:{self.port}/{db}"

    def starten(self) -> None:
        self.prozess = subprocess.Popen(  # noqa: S603
            redis_befehl(self.port, self.verzeichnis), stdout=subprocess.DEVNULL
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        bis = time.monotonic() + 30
        while True:
            try:
                if client.ping():
                    return
            except redis.exceptions.RedisError:
                pass
            assert time.monotonic() < bis, "Der eigene Redis ist nicht gestartet."
            time.sleep(0.05)

    def anhalten(self) -> None:
        """Stop as an orchestrator does (SIGTERM: Redis writes its file and ends)."""
        if self.prozess and self.prozess.poll() is None:
            self.prozess.terminate()
            self.prozess.wait(timeout=30)

    def unacked(self) -> int:
        """Tasks a worker has taken and not yet acknowledged (broker in db 0)."""
        return redis.Redis(port=self.port, db=0).hlen("unacked")


@pytest.fixture
def eigener_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server fehlt")
    server = EigenerRedis(tmp_path)
    server.starten()
    try:
        yield server
    finally:
        server.anhalten()


@contextmanager
def celery_ueber(server: EigenerRedis):
    """This process publishes its tasks to ``server`` (and back afterwards)."""

    def pool_leeren():
        # Only forget them: kombu keeps one pool per broker URL for the process.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    vorher = {k: celery_app.conf[k] for k in ("broker_url", "task_always_eager")}
    # Celery reads CELERY_BROKER_URL from the environment before its settings.
    umgebung = os.environ.get("CELERY_BROKER_URL")
    pool_leeren()
    os.environ["CELERY_BROKER_URL"] = server.url(0)
    celery_app.conf.update(broker_url=server.url(0), task_always_eager=False)
    try:
        yield
    finally:
        pool_leeren()
        celery_app.conf.update(vorher)
        if umgebung is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = umgebung
