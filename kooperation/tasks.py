"""Tasks of the shared layer. Thin: ids in, a service called."""

import smtplib

from celery import shared_task
from django.db import connection

from . import postausgang
from .celery import nach_commit
from .fristwache import NACH_DER_FRISTWACHE, fristwache_ausfuehren
from .models import Rechtsstand

# Sweeps per run, so one run stays short; the next run takes the rest.
NACHHOLEN_JE_LAUF = 1000


@shared_task(acks_late=True, ignore_result=False)
def betriebsbereit() -> dict:
    """Readiness probe for workers: proves the worker reaches the broker and
    the database (used by the compose health check and the CI worker test)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"datenbank": connection.vendor, "rechtsstaende": Rechtsstand.objects.count()}


@shared_task(acks_late=True)
def fristwache() -> dict:
    """The periodic deadline watch (queue ``fristen``; scheduled by
    django-celery-beat, see ``kooperation.zeitplan``). Safe to run twice or
    on two workers: see ``kooperation.fristwache``."""
    ergebnis = fristwache_ausfuehren().als_dict()
    return {**ergebnis, **{name: arbeit() for name, arbeit in NACH_DER_FRISTWACHE.items()}}


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=True,
    max_retries=8,
)
def nachricht_senden(nachricht_id: int) -> bool:
    """Send one e-mail of the outbox (idempotent)."""
    return postausgang.nachricht_zustellen(nachricht_id=nachricht_id)


def nachricht_veroeffentlichen(sender, instance, created, raw=False, **kwargs) -> None:
    """``post_save`` of ``Nachricht``: a new e-mail is handed to a worker once
    its transaction commits (connected in ``apps.py``)."""
    if created and not raw:
        nach_commit(nachricht_senden, instance.pk)


@shared_task(acks_late=True)
def postausgang_nachholen() -> dict:
    """The periodic sweep (every ten minutes): e-mails left unsent and the
    work other apps left undone are published again. Idempotent: the tasks
    it publishes do nothing twice."""
    nachrichten = list(postausgang.nachzuholende().values_list("pk", flat=True)[:NACHHOLEN_JE_LAUF])
    for nachricht_id in nachrichten:
        nachricht_senden.delay(nachricht_id)
    return {
        "nachrichten": len(nachrichten),
        **{name: nachholer() for name, nachholer in postausgang.NACHHOLER.items()},
    }
