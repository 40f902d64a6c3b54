"""Invitations for the page, API and browser tests: made through the service
(which takes future working days only) and then moved to the day a test
needs, as if that day had come."""

import datetime

from django.utils import timezone

from kooperation.access import Rolle
from kooperation.arbeitstage import ist_arbeitstag
from plans.models.termin import Einladung
from plans.services.termine import einladen


def arbeitstag(ab_tagen: int, bundesland: str = "BW") -> datetime.date:
    """The first working day ``ab_tagen`` days from today or later."""
    tag = timezone.localdate() + datetime.timedelta(days=ab_tagen)
    while not ist_arbeitstag(tag, bundesland):
        tag += datetime.timedelta(days=1)
    return tag


def zeitpunkt(tag: datetime.date, stunde: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(tag, datetime.time(stunde, minute)))


def erste_einladung(welt, person=None) -> Einladung:
    """The first invitation after the Potenzialanalyse goes out without a
    Rechtsfolgenbelehrung (§ 15 Abs. 4 SGB II); every later one carries it."""
    return einladen(
        acting_user=welt.users[Rolle.IFK],
        person=person or welt.eigener_fall,
        beginn=zeitpunkt(arbeitstag(200), 8),
        form="telefon",
        zweck="Erstes Gespräch nach der Potenzialanalyse",
    )


def einladung(welt, *, tag=None, person=None, stunde=10, minute=0, **angaben) -> Einladung:
    """An invitation of the IFK's own case (with a Rechtsfolgenbelehrung),
    moved to ``tag`` (default: yesterday, so its outcome can be recorded)."""
    person = person or welt.eigener_fall
    if not Einladung.objects.filter(leistungsberechtigter=person).exists():
        erste_einladung(welt, person)
    angaben = {"form": "vor_ort", "ort": "Raum 1.23", "zweck": "Ihre Bewerbungen", **angaben}
    neu = einladen(
        acting_user=welt.users[Rolle.IFK],
        person=person,
        beginn=zeitpunkt(arbeitstag(30), stunde, minute),
        **angaben,
    )
    tag = tag or timezone.localdate() - datetime.timedelta(days=1)
    Einladung.objects.filter(pk=neu.pk).update(beginn=zeitpunkt(tag, stunde, minute))
    neu.refresh_from_db()
    return neu
