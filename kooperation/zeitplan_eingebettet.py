"""The periodic jobs without a broker: ``make run`` (SQLite, tasks in-process)
has no Celery beat, so the process that serves the pages runs the same
entries itself, in a background thread, on their schedule and once at
start-up.

It reads the very ``PeriodicTask`` rows beat reads (``kooperation.zeitplan``
writes them after every migrate), asks their crontab whether they are due the
way beat does (``schedule.is_due(last_run_at)``), runs the registered Celery
task in-process, and records ``last_run_at`` and ``total_run_count`` on the
row as beat does. So a new periodic job added to ``PERIODISCH`` runs here
without a line more, and every job keeps its own idempotence: running the
deadline watch twice files no reminder twice.

Only for the embedded default (``EINGEBETTETER_ZEITPLAN``, on in the
development settings when no broker is configured); production runs beat."""

from __future__ import annotations

import datetime
import json
import logging
import threading
from collections.abc import Callable

from celery import current_app
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

logger = logging.getLogger(__name__)

# How often the thread looks at the schedule; the entries are hourly or every
# ten minutes, so half a minute is on time without costing anything.
PAUSE_SEKUNDEN = 30.0


def _faellig(eintrag: PeriodicTask, jetzt: datetime.datetime) -> bool:
    zeitplan = eintrag.schedule
    # The schedule's clock is the caller's, so a test can freeze it.
    zeitplan.nowfun = lambda: jetzt
    zuletzt = eintrag.last_run_at or eintrag.date_changed or jetzt
    return zeitplan.is_due(zuletzt).is_due


def periodische_aufgaben_ausfuehren(
    *, jetzt: datetime.datetime | None = None, alle: bool = False
) -> list[str]:
    """One look at the schedule: run every enabled entry that is due at
    ``jetzt`` (every enabled entry when ``alle``, as at start-up). Returns the
    names of the entries run. A job that fails is logged and tried again at
    its next time; it never stops the others."""
    jetzt = jetzt or timezone.now()
    gelaufen = []
    for eintrag in PeriodicTask.objects.filter(enabled=True).order_by("name"):
        aufgabe = current_app.tasks.get(eintrag.task)
        if aufgabe is None:
            logger.warning("Periodische Aufgabe %s: Task %s unbekannt", eintrag.name, eintrag.task)
            continue
        if not (alle or _faellig(eintrag, jetzt)):
            continue
        try:
            aufgabe.apply(
                args=json.loads(eintrag.args or "[]"),
                kwargs=json.loads(eintrag.kwargs or "{}"),
                throw=True,
            )
        except Exception:
            logger.exception("Periodische Aufgabe %s fehlgeschlagen", eintrag.name)
        # Recorded like beat records it, failed or not: the next try is at
        # the entry's next time, not in half a minute.
        PeriodicTask.objects.filter(pk=eintrag.pk).update(
            last_run_at=jetzt, total_run_count=eintrag.total_run_count + 1
        )
        gelaufen.append(eintrag.name)
    return gelaufen


class EingebetteterZeitplan(threading.Thread):
    """The background thread of the serving process: one pass with every
    entry at start-up, then the due ones every ``pause`` seconds."""

    def __init__(
        self,
        *,
        pause: float = PAUSE_SEKUNDEN,
        uhr: Callable[[], datetime.datetime] = timezone.now,
    ):
        super().__init__(name="eingebetteter-zeitplan", daemon=True)
        self.pause = pause
        self.uhr = uhr
        self.halt = threading.Event()
        self.durchlaeufe = 0

    def durchlauf(self, *, alle: bool = False) -> list[str]:
        close_old_connections()
        try:
            return periodische_aufgaben_ausfuehren(jetzt=self.uhr(), alle=alle)
        except Exception:  # the database may be away for a moment
            logger.exception("Eingebetteter Zeitplan: Durchlauf fehlgeschlagen")
            return []
        finally:
            self.durchlaeufe += 1
            close_old_connections()

    def run(self) -> None:
        self.durchlauf(alle=True)
        while not self.halt.wait(self.pause):
            self.durchlauf()

    def anhalten(self) -> None:
        self.halt.set()


_laufender: EingebetteterZeitplan | None = None


def zeitplan_starten() -> EingebetteterZeitplan | None:
    """Start the thread once per process where the settings ask for it
    (called by ``kooperation.wsgi``, which ``runserver`` loads in the process
    that serves)."""
    global _laufender
    if not getattr(settings, "EINGEBETTETER_ZEITPLAN", False) or _laufender is not None:
        return None
    if settings.CELERY_BROKER_URL:
        # With a broker, beat runs the jobs; running them here too would
        # only do the same work twice.
        return None
    _laufender = EingebetteterZeitplan()
    _laufender.start()
    logger.info("Eingebetteter Zeitplan läuft (ohne Broker, alle %ss).", PAUSE_SEKUNDEN)
    return _laufender
