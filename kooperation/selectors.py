"""Reads of shared data, scoped by the access policy."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from . import access
from .models import Nachricht, Nachrichtenart, Wiedervorlage


def wiedervorlagen_fuer(
    *, user, bis: datetime.date, von: datetime.date | None = None, nur_eigene: bool = True
) -> QuerySet[Wiedervorlage]:
    """Open deadlines the user may see, due by ``bis`` (from ``von`` on, if
    given; else overdue included)."""
    qs = access.sichtbar(user, Wiedervorlage.objects.offen()).filter(faellig_am__lte=bis)
    if von is not None:
        qs = qs.filter(faellig_am__gte=von)
    if nur_eigene:
        qs = qs.filter(zustaendig=user)
    return qs.select_related("zustaendig").order_by("faellig_am", "pk")


def nachrichten_fuer(*, user, seit: datetime.datetime) -> QuerySet[Nachricht]:
    """The user's notices since ``seit`` (a Träger's decision, deadline
    reminders and escalations, a partner's new contact), newest first. Mails
    about the account itself (password links) are not shown on pages."""
    return (
        access.sichtbar(user, Nachricht.objects.filter(erstellt_am__gte=seit))
        .exclude(art=Nachrichtenart.KONTO)
        .only("pk", "art", "betreff", "text", "erstellt_am")
        .order_by("-erstellt_am", "-pk")
    )
