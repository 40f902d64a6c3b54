"""Arbeitstage counted in SQL, identical to
``kooperation.arbeitstage.arbeitstage_zwischen`` inside a period: a weekday
index by arithmetic, less a CASE counting the period's weekday holidays and
closing days (computed once per request)."""

from __future__ import annotations

import datetime

from django.db.models import (
    F,
    Func,
    IntegerField,
)

from kooperation.arbeitstage import ist_arbeitstag
from kooperation.models import Jobcenter

_EPOCHE = "1970-01-05"  # a Monday

# --- Working days in SQL -----------------------------------------------------


class Werktagindex(Func):
    """Monday-to-Friday days from the epoch Monday up to and including a day:
    5 × full weeks + the days of the last week (at most five)."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            n, kleinster = f"(({sql}) - DATE '{_EPOCHE}')", "LEAST"
        else:
            n, kleinster = f"CAST(julianday({sql}) - julianday('{_EPOCHE}') AS INTEGER)", "MIN"
        return f"(5 * ({n} / 7) + {kleinster}({n} %% 7 + 1, 5))", (*params, *params)


class Feiertagindex(Func):
    """How many of the given weekday holidays fall on or before a day."""

    output_field = IntegerField()

    def __init__(self, expression, feiertage: list[datetime.date]):
        super().__init__(expression)
        self.feiertage = sorted(feiertage)

    def as_sql(self, compiler, connection, **extra):
        if not self.feiertage:
            return "0", ()
        sql, params = compiler.compile(self.source_expressions[0])
        faelle = " ".join(f"WHEN ({sql}) < %s THEN {i}" for i, _ in enumerate(self.feiertage))
        alle = []
        for tag in self.feiertage:
            alle.extend((*params, tag))
        return f"(CASE {faelle} ELSE {len(self.feiertage)} END)", tuple(alle)


def freie_werktage(jobcenter: Jobcenter, von: datetime.date, bis: datetime.date):
    """Holidays and closing days between ``von`` and ``bis`` that fall on a
    weekday: the only days the weekday arithmetic must take off. One query
    (the closing days); the holidays come from the ``holidays`` package."""
    schliesstage = set(
        jobcenter.schliesstage.filter(datum__gte=von, datum__lte=bis).values_list(
            "datum", flat=True
        )
    )
    tage, tag = [], von
    while tag <= bis:  # a calendar of the period, not a loop over rows
        if tag.weekday() < 5 and not ist_arbeitstag(tag, jobcenter.bundesland, schliesstage):
            tage.append(tag)
        tag += datetime.timedelta(days=1)
    return tage


def arbeitstage_expr(von_feld: str, bis_feld: str, feiertage: list[datetime.date]):
    """SQL for ``arbeitstage_zwischen(von, bis)`` when both lie in the
    calendar's range (``feiertage`` must cover it)."""
    return (
        Werktagindex(F(bis_feld))
        - Werktagindex(F(von_feld))
        - (Feiertagindex(F(bis_feld), feiertage) - Feiertagindex(F(von_feld), feiertage))
    )
