"""Tasks of the shared layer. Thin: ids in, a service or selector called."""

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
