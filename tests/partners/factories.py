import factory
from factory.django import DjangoModelFactory

from partners.models import Angebot, KommunalerTraeger, Partner
from tests.kooperation.factories import JobcenterFactory


class KommunalerTraegerFactory(DjangoModelFactory):
    class Meta:
        model = KommunalerTraeger

    jobcenter = factory.SubFactory(JobcenterFactory)
    name = factory.Sequence(lambda n: f"Landkreis {n}")


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    jobcenter = factory.SubFactory(JobcenterFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    art = "beratung"


class AngebotFactory(DjangoModelFactory):
    class Meta:
        model = Angebot

    jobcenter = factory.SubFactory(JobcenterFactory)
    titel = factory.Sequence(lambda n: f"Angebot {n}")
    partner = factory.SubFactory(PartnerFactory, jobcenter=factory.SelfAttribute("..jobcenter"))
    plaetze = 10
