import datetime

import factory
from factory.django import DjangoModelFactory

from cases.models import Leistungsberechtigter, Potenzialanalyse
from tests.kooperation.factories import TeamFactory


class LeistungsberechtigterFactory(DjangoModelFactory):
    class Meta:
        model = Leistungsberechtigter

    team = factory.SubFactory(TeamFactory)
    jobcenter = factory.SelfAttribute("team.jobcenter")
    kundennummer = factory.Sequence(lambda n: f"K{100000 + n}")
    vorname = factory.Faker("first_name", locale="de_DE")
    nachname = factory.Faker("last_name", locale="de_DE")
    geburtsdatum = datetime.date(1985, 5, 17)
    plz = "68161"
    ort = "Mannheim"


class PotenzialanalyseFactory(DjangoModelFactory):
    class Meta:
        model = Potenzialanalyse

    leistungsberechtigter = factory.SubFactory(LeistungsberechtigterFactory)
    begonnen_am = datetime.date(2026, 3, 2)
