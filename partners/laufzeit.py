"""Term, renewal and notice of a Kooperationsvereinbarung.

The seeds use two forms: open-ended with six months' notice (seed 003,
Lörrach: "jederzeit mit einer Frist von sechs Monaten") and renewing itself by
a year unless cancelled half a year before the end (seed 002, Oberhausen). A
fixed term simply ends. Months are calendar months (§ 188 Abs. 2 BGB): notice
of six months for a term ending on 31 December must have reached the other
party by 30 June; for a term ending on 28 February, by 31 August. What counts
is receipt, not dispatch (seed 003, no. 11).

Pure functions of the agreement's fields and a reference day, so the same
answer serves the save service, the pages and the tests.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from .models import Kooperationsvereinbarung, Laufzeitart

EIN_TAG = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Fristen:
    """What the deadline watch needs to know about one agreement on one day.

    ``laeuft_bis``: the last day of the current term (None: open-ended and not
    cancelled); ``naechste_verlaengerung``: the first day of the next term of a
    self-renewing agreement; ``kuendigung_bis``: the last day notice can reach
    the others to end it at ``laeuft_bis`` (None where no such day exists)."""

    laeuft_bis: datetime.date | None
    naechste_verlaengerung: datetime.date | None
    kuendigung_bis: datetime.date | None


def letzter_kuendigungstag(laufende_bis: datetime.date, frist_monate: int) -> datetime.date:
    """The last day notice may arrive to end a term on ``laufende_bis``: count
    the months back from the day after the end, then one day back."""
    return laufende_bis + EIN_TAG - relativedelta(months=frist_monate) - EIN_TAG


def ende_nach_kuendigung(zugang: datetime.date, frist_monate: int) -> datetime.date:
    """Open-ended: notice received on ``zugang`` ends the agreement
    ``frist_monate`` later (§ 188 Abs. 2 BGB, the day with the same number)."""
    return zugang + relativedelta(months=frist_monate)


def _laufzeitende(erstes_ende: datetime.date, verlaengerung_monate: int, k: int) -> datetime.date:
    # Counted from the first day after the first term, so a term ending on
    # 28 February does not drift to the 28th of every later month.
    return erstes_ende + EIN_TAG + relativedelta(months=k * verlaengerung_monate) - EIN_TAG


def _erste_kuendbare_laufzeit(
    v: Kooperationsvereinbarung, stichtag: datetime.date
) -> datetime.date:
    """The end of the first term that notice given on ``stichtag`` can still
    stop: the current term if its notice day has not passed, else a later one."""
    k = 0
    ende = v.ende
    while letzter_kuendigungstag(ende, v.kuendigungsfrist_monate) < stichtag:
        k += 1
        ende = _laufzeitende(v.ende, v.verlaengerung_monate, k)
    return ende


def fristen(v: Kooperationsvereinbarung, stichtag: datetime.date) -> Fristen:
    """Term end, next renewal and last day for notice of ``v`` as seen on
    ``stichtag``; a recorded notice (``gekuendigt_am``) is taken into account."""
    if v.laufzeitart == Laufzeitart.BEFRISTET:
        return Fristen(laeuft_bis=v.ende, naechste_verlaengerung=None, kuendigung_bis=None)
    if v.laufzeitart == Laufzeitart.UNBEFRISTET:
        if v.gekuendigt_am:
            ende = ende_nach_kuendigung(v.gekuendigt_am, v.kuendigungsfrist_monate)
            return Fristen(laeuft_bis=ende, naechste_verlaengerung=None, kuendigung_bis=None)
        return Fristen(laeuft_bis=None, naechste_verlaengerung=None, kuendigung_bis=None)
    # Self-renewing.
    if v.gekuendigt_am:
        ende = _erste_kuendbare_laufzeit(v, v.gekuendigt_am)
        return Fristen(laeuft_bis=ende, naechste_verlaengerung=None, kuendigung_bis=None)
    ende = _erste_kuendbare_laufzeit(v, stichtag)
    # Between the notice day and the end, the current term can no longer be
    # stopped: it runs out and the agreement renews the day after.
    laufend = ende
    k = 0
    while True:
        vorher = _laufzeitende(v.ende, v.verlaengerung_monate, k)
        if vorher >= stichtag:
            laufend = vorher
            break
        k += 1
    return Fristen(
        laeuft_bis=laufend,
        naechste_verlaengerung=laufend + EIN_TAG,
        kuendigung_bis=letzter_kuendigungstag(ende, v.kuendigungsfrist_monate),
    )


def fruehestes_ende(v: Kooperationsvereinbarung, stichtag: datetime.date) -> datetime.date | None:
    """When the agreement would end if notice reached the others on ``stichtag``."""
    if v.laufzeitart == Laufzeitart.BEFRISTET:
        return v.ende
    if v.laufzeitart == Laufzeitart.UNBEFRISTET:
        return ende_nach_kuendigung(v.gekuendigt_am or stichtag, v.kuendigungsfrist_monate)
    return _erste_kuendbare_laufzeit(v, v.gekuendigt_am or stichtag)
