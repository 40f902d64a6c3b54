"""Reads of shared data, scoped by the access policy."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from . import access
from .models import Wiedervorlage


def wiedervorlagen_fuer(
    *, user, bis: datetime.date, nur_eigene: bool = True
) -> QuerySet[Wiedervorlage]:
    """Open deadlines the user may see, due by ``bis`` (overdue included)."""
    qs = access.sichtbar(user, Wiedervorlage.objects.offen()).filter(faellig_am__lte=bis)
    if nur_eigene:
        qs = qs.filter(zustaendig=user)
    return qs.select_related("zustaendig").order_by("faellig_am", "pk")
