"""Reads of shared data, scoped by the access policy."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from . import access
from .models import Nachricht, Nachrichtenart, User, Vertretung, Wiedervorlage


def wiedervorlagen_fuer(
    *,
    user,
    bis: datetime.date,
    von: datetime.date | None = None,
    nur_eigene: bool = True,
    nur_vertretung: bool = False,
) -> QuerySet[Wiedervorlage]:
    """Open deadlines the user may see, due by ``bis`` (from ``von`` on, if
    given; else overdue included); ``nur_vertretung``: those of the
    colleagues the user covers for today.

    Only the columns the lists show are loaded; the responsible colleague's
    name only where the rows can be someone else's (not ``nur_eigene``)."""
    qs = access.sichtbar(user, Wiedervorlage.objects.offen()).filter(faellig_am__lte=bis)
    if von is not None:
        qs = qs.filter(faellig_am__gte=von)
    spalten = [
        "pk",
        "jobcenter_id",
        "team_id",
        "zustaendig_id",
        "art",
        "faellig_am",
        "status",
        "leistungsberechtigter_id",
        "erinnerungsstufe",
    ]
    if nur_vertretung:
        qs = qs.filter(zustaendig_id__in=sorted(access.vertretene(user)))
    elif nur_eigene:
        qs = qs.filter(zustaendig=user)
    if nur_vertretung or not nur_eigene:
        qs = qs.select_related("zustaendig")
        spalten += ["zustaendig__first_name", "zustaendig__last_name", "zustaendig__username"]
    return qs.order_by("faellig_am", "pk").only(*spalten)


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


def team_ifks(*, user) -> QuerySet[User]:
    """The active Integrationsfachkräfte of the user's own team."""
    if not user.team_id:
        return User.objects.none()
    return (
        access.sichtbar(user, User.objects.filter(team_id=user.team_id, is_active=True))
        .filter(groups__name=access.rollen_gruppenname(access.Rolle.IFK))
        .order_by("last_name", "first_name", "username")
    )


def vertretungen_fuer(*, user, heute: datetime.date) -> QuerySet[Vertretung]:
    """Absences with cover the user may see that are running or ahead."""
    return (
        access.sichtbar(user, Vertretung.objects.all())
        .filter(beendet_am__isnull=True, bis__gte=heute)
        .select_related("abwesend", "vertreter")
        .order_by("von", "pk")
    )


def vertretung_fuer(*, user, pk: int) -> Vertretung:
    return access.sichtbar(user, Vertretung.objects.all()).select_related("abwesend").get(pk=pk)
