"""Appointments of the demo IFK, dated relative to the day the demo is loaded:
a few in the coming days, and (on a working day) one missed this morning
whose hearing has begun, so the week calendar, the open hearings and the
outcome pages show something at once."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cases.models import Leistungsberechtigter
from kooperation.arbeitstage import ist_arbeitstag, jobcenter_arbeitstage_nach

from ..models import Einladung
from ..services.termine import anhoerung_einleiten, einladen, ergebnis_festhalten
from .lagen import PRAEFIX
from .organisation import Demo

ZWECKE = (
    "Wir sprechen über Ihre Bewerbungen und die nächsten Schritte.",
    "Wir besprechen Ihren Kooperationsplan.",
    "Wir suchen gemeinsam einen Deutsch-Kurs.",
)


def _um(tag: datetime.date, stunde: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(tag, datetime.time(stunde, 0)))


def termine_anlegen(demo: Demo, jc, users) -> None:
    """Only once: nothing is made when the demo IFK holds appointments."""
    ifk = users["ifk"]
    if Einladung.objects.filter(ifk=ifk).exists():
        return
    personen = list(
        Leistungsberechtigter.objects.filter(
            jobcenter=jc, zustaendig=ifk, kundennummer__startswith=f"{jc.pk:03d}{PRAEFIX}"
        ).order_by("kundennummer")
    )
    if not personen:
        return
    for nummer, person in enumerate(personen):
        tag = jobcenter_arbeitstage_nach(jc, demo.heute, 1 + nummer % 4)
        einladen(
            acting_user=ifk,
            person=person,
            beginn=_um(tag, 9 + nummer),
            form="vor_ort" if nummer % 3 else "telefon",
            ort="Raum 2.14, Jobcenter Rheinstadt" if nummer % 3 else "",
            zweck=ZWECKE[nummer % len(ZWECKE)],
            ansprechperson=ifk.get_full_name(),
            mitbringen="Lebenslauf und Bewerbungen" if nummer % 2 else "",
            plan=person.plaene.first(),
        )
    schliesstage = set(jc.schliesstage.values_list("datum", flat=True))
    if not ist_arbeitstag(demo.heute, jc.bundesland, schliesstage):
        return
    # Invited earlier with a Rechtsfolgenbelehrung (the first invitation above
    # went out without one), missed this morning, hearing begun.
    person = personen[-1]
    versaeumt = einladen(
        acting_user=ifk,
        person=person,
        beginn=_um(demo.heute, 8),
        form="vor_ort",
        ort="Raum 2.14, Jobcenter Rheinstadt",
        zweck="Wir sprechen über Ihre Pflichten aus dem Bescheid.",
        ansprechperson=ifk.get_full_name(),
    )
    versaeumt = ergebnis_festhalten(
        acting_user=ifk, einladung=versaeumt, ergebnis="nicht_erschienen", version=1
    )
    anhoerung_einleiten(acting_user=ifk, einladung=versaeumt)
