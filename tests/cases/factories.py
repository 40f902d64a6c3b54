import datetime

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory
from faker import Faker

from cases.models import Leistungsberechtigter, Potenzialanalyse
from kooperation.models import Fristart, Wiedervorlage
from tests.kooperation.factories import TeamFactory

_namen = Faker("de_DE")


class LeistungsberechtigterFactory(DjangoModelFactory):
    class Meta:
        model = Leistungsberechtigter

    team = factory.SubFactory(TeamFactory)
    jobcenter = factory.SelfAttribute("team.jobcenter")
    kundennummer = factory.Sequence(lambda n: f"K{100000 + n}")
    vorname = factory.Faker("first_name", locale="de_DE")
    # Double-barrelled, so a person's surname never matches a staff
    # member's random surname: tests that look for leaked personal data
    # search the page for it, and the page names the logged-in user.
    nachname = factory.LazyFunction(lambda: f"{_namen.last_name()}-{_namen.last_name()}")
    geburtsdatum = datetime.date(1985, 5, 17)
    plz = "68161"
    ort = "Mannheim"


class PotenzialanalyseFactory(DjangoModelFactory):
    class Meta:
        model = Potenzialanalyse

    leistungsberechtigter = factory.SubFactory(LeistungsberechtigterFactory)
    begonnen_am = datetime.date(2026, 3, 2)


class WiedervorlageFactory(DjangoModelFactory):
    """An open Wiedervorlage of a person's case (its cause: the person)."""

    class Meta:
        model = Wiedervorlage

    class Params:
        person = factory.SubFactory(LeistungsberechtigterFactory)

    jobcenter = factory.SelfAttribute("person.jobcenter")
    team = factory.SelfAttribute("person.team")
    zustaendig = factory.SelfAttribute("person.zustaendig")
    leistungsberechtigter_id = factory.SelfAttribute("person.pk")
    art = Fristart.TERMIN
    faellig_am = factory.LazyFunction(timezone.localdate)
    ursache_typ = factory.LazyFunction(
        lambda: ContentType.objects.get_for_model(Leistungsberechtigter)
    )
    ursache_id = factory.Sequence(lambda n: 1_000_000 + n)
