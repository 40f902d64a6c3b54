"""Against the real Redis broker: a real Celery worker process picks up a task
and works on the same PostgreSQL database (second CI pass)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from kooperation.celery import app as celery_app
from kooperation.tasks import betriebsbereit

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(monkeypatch):
    """A worker process on the test database, stopped after the test."""
    s = connection.settings_dict
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )
    env["DJANGO_SETTINGS_MODULE"] = "kooperation.settings.test"
    prozess = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "kooperation",
            "worker",
            "--pool=solo",
            "-Q",
            "default,fristen,pdf",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
    )
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    try:
        yield prozess
    finally:
        prozess.terminate()
        prozess.wait(timeout=30)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_echter_worker_bearbeitet_aufgabe_ueber_den_broker(worker):
    ergebnis = betriebsbereit.delay()
    assert ergebnis.get(timeout=60) == {"datenbank": "postgresql", "rechtsstaende": 2}
    assert worker.poll() is None  # still running: the task did not crash it
