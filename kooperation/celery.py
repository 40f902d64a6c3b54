"""The Celery app. Without CELERY_BROKER_URL, tasks run in-process (eager).

``nach_commit`` is how work is handed to a worker: only once the transaction
that recorded it commits (a worker never sees a row that is not there yet),
and without letting a broker that is down break the request: what the task
works on is already in the database, and the sweeper
(``kooperation.tasks.postausgang_nachholen``) publishes it again."""

import logging
import os

from celery import Celery
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kooperation.settings.dev")

logger = logging.getLogger(__name__)

app = Celery("kooperation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def nach_commit(aufgabe, *args) -> None:
    """Publish ``aufgabe(*args)`` after the current transaction commits."""

    def veroeffentlichen() -> None:
        try:
            aufgabe.delay(*args)
        except Exception:
            logger.exception(
                "%s%s nicht veröffentlicht; der Postausgang holt es nach", aufgabe.name, args
            )

    transaction.on_commit(veroeffentlichen)
