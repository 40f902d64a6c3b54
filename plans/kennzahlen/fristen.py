"""Deadlines over time: per month of the last twelve, the Wiedervorlagen due
that month and what became of them.

A plain function of the Jobcenter (and optionally one team) that returns
plain data, one grouped query for all months, so the same figures can be
stored ahead of time and read back unchanged. Definitions, as shown on the
dashboard and in the report:

- **fällig**: the Wiedervorlage's due date lies in the month. A moved
  deadline counts once, in the month of its latest due date (moving updates
  the row; earlier dates are not kept).
- **eingehalten**: done on or before the due date. Deadlines of a legal step
  (draft, review, the Träger's answer, the end of a Schlichtung) are done
  when that step is recorded; others when the IFK marks them done.
- **überschritten**: done after the due date, or still open after it.
- **läuft noch**: open, due today or later (only the current month has any).

An open deadline of a case that has ended is no longer anybody's task and
is left out; a deadline that was met or missed before the case ended counts.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from cases.models import Leistungsberechtigter
from kooperation.models import Jobcenter, Wiedervorlage, WiedervorlageStatus

MONATE = 12

# The kinds a month splits into; "faellig" is their sum.
ARTEN = ("eingehalten", "ueberschritten", "laeuft")


def _monatsanfaenge(heute: datetime.date, monate: int) -> list[datetime.date]:
    erster = heute.replace(day=1)
    anfaenge = [erster]
    for _ in range(monate - 1):
        erster = (erster - datetime.timedelta(days=1)).replace(day=1)
        anfaenge.append(erster)
    return anfaenge[::-1]


def _monat(wert) -> datetime.date:
    if isinstance(wert, datetime.datetime):
        wert = wert.date()
    return wert.replace(day=1)


def fristen_je_monat(
    jobcenter: Jobcenter,
    *,
    heute: datetime.date,
    team_id: int | None = None,
    monate: int = MONATE,
) -> list[dict]:
    """Per month, oldest first: ``{"monat", "faellig", "eingehalten",
    "ueberschritten", "laeuft"}`` with plain counts; months without any
    deadline are listed with zeros."""
    anfaenge = _monatsanfaenge(heute, monate)
    naechster = (anfaenge[-1] + datetime.timedelta(days=32)).replace(day=1)
    offen = Q(status=WiedervorlageStatus.OFFEN)
    erledigt = Q(status=WiedervorlageStatus.ERLEDIGT)
    beendet = Leistungsberechtigter.objects.filter(
        jobcenter_id=jobcenter.pk, fall_beendet_am__isnull=False
    ).values("pk")
    zeilen = (
        Wiedervorlage.objects.filter(
            jobcenter_id=jobcenter.pk, faellig_am__gte=anfaenge[0], faellig_am__lt=naechster
        )
        .filter(Q(team_id=team_id) if team_id is not None else Q())
        .exclude(offen & Q(leistungsberechtigter_id__in=beendet))
        .annotate(monat=TruncMonth("faellig_am"))
        .values("monat")
        .annotate(
            eingehalten=Count("pk", filter=erledigt & Q(erledigt_am__date__lte=F("faellig_am"))),
            ueberschritten=Count(
                "pk",
                filter=(erledigt & Q(erledigt_am__date__gt=F("faellig_am")))
                | (offen & Q(faellig_am__lt=heute)),
            ),
            laeuft=Count("pk", filter=offen & Q(faellig_am__gte=heute)),
        )
        .order_by()
    )
    je_monat = {_monat(z["monat"]): z for z in zeilen}
    ergebnis = []
    for monat in anfaenge:
        z = je_monat.get(monat, {})
        werte = {art: z.get(art, 0) for art in ARTEN}
        ergebnis.append({"monat": monat, "faellig": sum(werte.values()), **werte})
    return ergebnis
