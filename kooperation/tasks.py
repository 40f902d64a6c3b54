"""Tasks of the shared layer. Thin: ids in, a service or selector called."""

import smtplib

from celery import shared_task
from django.db import connection

from .models import Rechtsstand


@shared_task(acks_late=True, ignore_result=False)
def betriebsbereit() -> dict:
    """Readiness probe for workers: proves the worker reaches the broker and
    the database (used by the compose health check and the CI worker test)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"datenbank": connection.vendor, "rechtsstaende": Rechtsstand.objects.count()}


@shared_task(acks_late=True)
def frist_watch() -> dict:
    """The periodic deadline watch (queue ``fristen``; scheduled by
    django-celery-beat, see ``fristwache_planen``). Safe to run twice or on
    two workers: see ``kooperation.fristwache``."""
    from .fristwache import fristwache_ausfuehren

    return fristwache_ausfuehren().als_dict()


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=True,
    max_retries=8,
)
def frist_mail_senden(empfaenger_id: int) -> int:
    """Send one person's unsent reminders in one e-mail (idempotent)."""
    from .fristwache import erinnerungen_senden

    return erinnerungen_senden(empfaenger_id=empfaenger_id)
