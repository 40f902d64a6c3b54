"""Against the real Redis broker: a real Celery worker process picks up a task
and works on the same PostgreSQL database (second CI pass)."""

import pytest

from kooperation.celery import app as celery_app
from kooperation.rechtsstaende import RECHTSSTAENDE
from kooperation.tasks import betriebsbereit
from tests.kooperation.worker import worker_starten


@pytest.fixture
def worker(monkeypatch):
    """A worker process on the test database, stopped after the test."""
    prozess = worker_starten()
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
    assert ergebnis.get(timeout=60) == {
        "datenbank": "postgresql",
        "rechtsstaende": len(RECHTSSTAENDE),
    }
    assert worker.poll() is None  # still running: the task did not crash it
