"""The periodic tasks, entered into django-celery-beat after every migrate.
An entry that exists is left as the Administration edited it (admin,
*Periodic tasks*); exactly one beat process runs them."""

from __future__ import annotations

from django.conf import settings
from django_celery_beat.models import CrontabSchedule, PeriodicTask

PERIODISCH = [
    {
        "name": "Fristwache",
        "task": "kooperation.tasks.fristwache",
        # Hourly: cheap, because a run costs what is due, and a deadline filed
        # in the morning is seen the same day.
        "minute": "5",
        "queue": "fristen",
        "description": "Erinnert an Fristen und eskaliert überfällige an die Teamleitung.",
    },
    {
        "name": "Postausgang",
        "task": "kooperation.tasks.postausgang_nachholen",
        "minute": "*/10",
        "queue": "default",
        "description": (
            "Sendet liegen gebliebene Nachrichten (etwa nach einem Ausfall des Brokers) und "
            "erzeugt fehlende PDFs vereinbarter Pläne."
        ),
    },
    {
        "name": "Löschlauf",
        "task": "plans.tasks.loeschlauf",
        # Daily, at night: deletion holds row locks per person.
        "minute": "30",
        "hour": "3",
        "queue": "default",
        "description": (
            "Löscht Fälle, Nachrichten und Audit-Einträge nach Ablauf ihrer Aufbewahrungsfrist "
            "(Einstellungen des Jobcenters) und schwärzt die Audit-Einträge gelöschter Fälle."
        ),
    },
]

# Task names of earlier versions, so that entries made then keep running.
UMBENANNT = {"kooperation.tasks.frist_watch": "kooperation.tasks.fristwache"}


def zeitplan_einrichten(sender=None, **kwargs) -> None:
    for alt, neu in UMBENANNT.items():
        PeriodicTask.objects.filter(task=alt).update(task=neu)
    for eintrag in PERIODISCH:
        if PeriodicTask.objects.filter(task=eintrag["task"]).exists():
            continue
        plan, _ = CrontabSchedule.objects.get_or_create(
            minute=eintrag["minute"],
            hour=eintrag.get("hour", "*"),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.get_or_create(
            name=eintrag["name"],
            defaults={
                "task": eintrag["task"],
                "crontab": plan,
                "queue": eintrag["queue"],
                "description": eintrag["description"],
            },
        )
