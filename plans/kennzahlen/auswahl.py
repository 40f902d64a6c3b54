"""What the dashboard shows: one Jobcenter, optionally one team, a period, and
who may narrow it how."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Q,
)

from kooperation import access
from kooperation.errors import KeinZugriff
from kooperation.models import Jobcenter, Team

# domain.md ("One page, plain language"): a plan aims at WSTF ≤ 7.
WSTF_ZIEL = Decimal("7")
ZEITRAEUME = (3, 6, 12, 24)  # months the filter offers
ALTERSSTUFEN = ((5, "bis 5 Tage"), (10, "6 bis 10 Tage"), (20, "11 bis 20 Tage"))


@dataclass(frozen=True)
class Auswahl:
    """What the dashboard shows: one Jobcenter, optionally one team, a period."""

    jobcenter: Jobcenter
    team: Team | None
    teams: list[Team]
    monate: int
    von: datetime.date
    heute: datetime.date
    nur_eigenes_team: bool = False

    def personen_q(self, pfad: str = "") -> Q:
        p = f"{pfad}__" if pfad else ""
        q = Q(**{f"{p}jobcenter_id": self.jobcenter.pk})
        if self.team is not None:
            q &= Q(**{f"{p}team_id": self.team.pk})
        return q


def auswahl_fuer(*, user, team_id: int | None, monate: int | None, heute: datetime.date):
    """The Geschäftsführung sees the whole Jobcenter and may narrow it to one
    team; a Teamleitung sees its own team only (it leads that team, §44d
    delegates no more); nobody ever sees another Jobcenter."""
    if not access.darf_kennzahlen_sehen(user):
        raise KeinZugriff()
    teams = list(Team.objects.filter(jobcenter_id=user.jobcenter_id).order_by("name"))
    nur_eigenes = access.hat_recht(user, "team_leiten")
    if nur_eigenes:
        team = next((t for t in teams if t.pk == user.team_id), None)
        if team is None:
            raise KeinZugriff()
        teams = [team]
    else:
        team = next((t for t in teams if t.pk == team_id), None)
    monate = monate if monate in ZEITRAEUME else 12
    return Auswahl(
        jobcenter=user.jobcenter,
        team=team,
        teams=teams,
        monate=monate,
        von=erster_tag(heute, monate),
        heute=heute,
        nur_eigenes_team=nur_eigenes,
    )


def erster_tag(heute: datetime.date, monate: int) -> datetime.date:
    """The first day of the period: the first of the month ``monate - 1``
    months before this one."""
    erster = heute.replace(day=1)
    for _ in range(monate - 1):
        erster = (erster - datetime.timedelta(days=1)).replace(day=1)
    return erster
