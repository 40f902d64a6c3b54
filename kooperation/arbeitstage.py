"""The working-day calendar: Monday to Friday, less the public holidays of the
Jobcenter's Bundesland (``holidays`` package) and its local closing days.

"2 Arbeitswochen" = 10 Arbeitstage (domain.md). Counting starts on the day
after the cause: a Potenzialanalyse completed on Friday with a 10-day target
is due on the tenth working day after that Friday."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from functools import lru_cache

import holidays

# Far enough for any deadline in this domain (the longest is six months).
_MAX_SUCHTAGE = 3 * 366


@lru_cache(maxsize=64)
def _feiertage(bundesland: str, jahr: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Germany(subdiv=bundesland, years=jahr, language="de"))


def feiertag_name(datum: datetime.date, bundesland: str) -> str | None:
    """The German name of the public holiday on ``datum``, if it is one."""
    return holidays.Germany(subdiv=bundesland, years=datum.year, language="de").get(datum)


def ist_arbeitstag(
    datum: datetime.date, bundesland: str, schliesstage: Collection[datetime.date] = ()
) -> bool:
    return (
        datum.weekday() < 5
        and datum not in _feiertage(bundesland, datum.year)
        and datum not in schliesstage
    )


def arbeitstage_nach(
    start: datetime.date,
    anzahl: int,
    bundesland: str,
    schliesstage: Iterable[datetime.date] = (),
) -> datetime.date:
    """The ``anzahl``-th working day after ``start`` (``start`` itself never counts)."""
    if anzahl < 1:
        raise ValueError("anzahl muss mindestens 1 sein")
    geschlossen = frozenset(schliesstage)
    tag = start
    gezaehlt = 0
    for _ in range(_MAX_SUCHTAGE):
        tag += datetime.timedelta(days=1)
        if ist_arbeitstag(tag, bundesland, geschlossen):
            gezaehlt += 1
            if gezaehlt == anzahl:
                return tag
    raise ValueError("Kein Ergebnis im Suchzeitraum")


def arbeitstage_zwischen(
    von: datetime.date,
    bis: datetime.date,
    bundesland: str,
    schliesstage: Iterable[datetime.date] = (),
) -> int:
    """Working days after ``von`` up to and including ``bis`` (0 if ``bis <= von``)."""
    geschlossen = frozenset(schliesstage)
    anzahl = 0
    tag = von
    while tag < bis:
        tag += datetime.timedelta(days=1)
        if ist_arbeitstag(tag, bundesland, geschlossen):
            anzahl += 1
    return anzahl


def jobcenter_arbeitstage_nach(jobcenter, start: datetime.date, anzahl: int) -> datetime.date:
    """``arbeitstage_nach`` with the Jobcenter's Bundesland and closing days."""
    schliesstage = jobcenter.schliesstage.filter(
        datum__gt=start, datum__lte=start + datetime.timedelta(days=_MAX_SUCHTAGE)
    ).values_list("datum", flat=True)
    return arbeitstage_nach(start, anzahl, jobcenter.bundesland, schliesstage)
