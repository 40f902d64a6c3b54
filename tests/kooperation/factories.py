import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from kooperation.access import Rolle, rollen_gruppenname
from kooperation.models import Jobcenter, Team, User


class JobcenterFactory(DjangoModelFactory):
    class Meta:
        model = Jobcenter

    name = factory.Sequence(lambda n: f"Jobcenter {n}")
    bundesland = "BW"
    telefon = "0621 000 000"


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    jobcenter = factory.SubFactory(JobcenterFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    jobcenter = factory.SubFactory(JobcenterFactory)
    password = factory.django.Password("geheim-genug-123")

    @factory.post_generation
    def mit_rolle(obj, create, extracted, **kwargs):
        if extracted:
            obj.groups.add(Group.objects.get(name=rollen_gruppenname(Rolle(extracted))))


def benutzer(rolle: Rolle, jobcenter, team=None, **kwargs) -> User:
    return UserFactory(jobcenter=jobcenter, team=team, mit_rolle=rolle, **kwargs)
