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
    anschrift = "Ifflandstraße 2–6\n68161 Mannheim"


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


def bestaetigtes_geraet(user):
    """A confirmed authenticator app (TOTP) for ``user``, as after enrolment."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    geraet = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return geraet or TOTPDevice.objects.create(user=user, name="Test-App", confirmed=True)


def aktueller_code(geraet) -> str:
    """The code the app shows now. The device accepts each time step once, so
    the last accepted step is forgotten first (tests log in more than once
    within 30 seconds)."""
    from django_otp.oath import totp

    geraet.refresh_from_db()
    geraet.last_t = -1
    geraet.throttling_failure_count = 0
    geraet.throttling_failure_timestamp = None
    geraet.save()
    return f"{totp(geraet.bin_key, geraet.step, geraet.t0, geraet.digits, geraet.drift):06d}"
