"""`seed_demo` gives a working demo: every role can log in and lands on its
page, people stand in every stage, each start page shows each kind of state on
the day it is loaded, and running it again adds nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Datenweitergabe, Einwilligung, Leistungsberechtigter, Phase
from kooperation.models import Erinnerung, Erinnerungsstufe, Fristart, Nachricht, Wiedervorlage
from partners.models import Kooperationstreffen, Kooperationsvereinbarung, Phasenaufgabe
from plans.models import Kooperationsplan, PlanVersion, TraegerAbstimmung

START = {
    "ifk": "/faelle/",
    "teamleitung": "/team/",
    "traeger": "/traeger/",
    "geschaeftsfuehrung": "/kennzahlen/",
    "admin": "/admin/",
}


@pytest.fixture
def demo(db):
    call_command("seed_demo", personen=60, verbosity=0)


def zaehlen():
    return (
        Leistungsberechtigter.objects.count(),
        PlanVersion.objects.count(),
        Wiedervorlage.objects.count(),
        TraegerAbstimmung.objects.count(),
        Einwilligung.objects.count(),
        Datenweitergabe.objects.count(),
        Kooperationstreffen.objects.count(),
        Phasenaufgabe.objects.count(),
        Erinnerung.objects.count(),
        Nachricht.objects.count(),
    )


def test_seed_demo_ist_idempotent(demo):
    vorher = zaehlen()
    call_command("seed_demo", personen=60, verbosity=0)
    assert zaehlen() == vorher
    assert vorher[0] == 60 + 6  # and the six dated cases of plans.demo.lagen


def test_demo_hat_menschen_in_jeder_wichtigen_phase(demo):
    phasen = set(Leistungsberechtigter.objects.values_list("phase", flat=True))
    assert {Phase.NEU, Phase.PLANUNG, Phase.VEREINBART, Phase.KEIN_PLAN} <= phasen
    assert PlanVersion.objects.filter(status="vereinbart").exists()
    assert TraegerAbstimmung.objects.exists()
    laufzeiten = set(Kooperationsvereinbarung.objects.values_list("laufzeitart", flat=True))
    assert laufzeiten == {"unbefristet", "verlaengernd", "befristet"}


@pytest.mark.parametrize("benutzer", list(START))
def test_jeder_demo_benutzer_meldet_sich_an_und_landet_auf_seiner_seite(
    client, demo, benutzer, settings
):
    # As in `make run` (kooperation.settings.dev): the password alone.
    settings.ZWEI_FAKTOR_PFLICHT = False
    antwort = client.post("/anmelden/", {"username": benutzer, "password": "demo"}, follow=True)
    assert antwort.status_code == 200
    assert antwort.redirect_chain[-1][0] == START[benutzer]


def test_falsches_passwort_gibt_eine_klare_meldung(client, demo):
    antwort = client.post("/anmelden/", {"username": "ifk", "password": "falsch"})
    assert antwort.status_code == 200
    assert "Benutzername oder Passwort stimmen nicht" in antwort.content.decode()


def test_jede_startseite_zeigt_am_ladetag_jede_art_von_lage(demo):
    heute = timezone.localdate()
    offen = Wiedervorlage.objects.filter(status="offen", zustaendig__username="ifk")
    assert offen.filter(faellig_am__gt=heute, faellig_am__lte=heute + datetime.timedelta(7))
    assert offen.filter(faellig_am__lt=heute).exists()
    assert offen.filter(
        art=Fristart.UEBERPRUEFUNG,
        faellig_am__gte=heute,
        faellig_am__lte=heute + datetime.timedelta(7),
    ).exists()
    # The watch has run: the IFK is reminded, the Teamleitung sees escalations.
    assert offen.exclude(erinnerungsstufe="").exists()
    assert Wiedervorlage.objects.filter(
        team__name="Team Nord", erinnerungsstufe=Erinnerungsstufe.ESKALATION
    ).exists()
    assert Nachricht.objects.filter(empfaenger__username="ifk").exists()
    assert Nachricht.objects.filter(empfaenger__username="teamleitung").exists()
    # A request waits for the kommunaler Träger; a Bescheid is in force.
    assert TraegerAbstimmung.objects.filter(status="offen").exists()
    assert Kooperationsplan.objects.filter(status="festgesetzt").exists()
