"""The Bedarfsanalyse matrix (seed 004, phase I) on hand-made data whose
answers are counted by hand."""

import datetime

import pytest

from cases.models import Handlungsbedarf
from cases.selectors import bedarfsanalyse
from kooperation.access import Rolle
from kooperation.errors import KeinZugriff
from partners.models import Angebot, Belegung
from tests.cases.factories import LeistungsberechtigterFactory, PotenzialanalyseFactory
from tests.partners.factories import AngebotFactory, PartnerFactory

D = datetime.date
STICHTAG = D(2026, 11, 25)


def _person(team, bereiche, *, abgeschlossen_am=None, offen=None):
    person = LeistungsberechtigterFactory(team=team)
    _pa(person, bereiche, abgeschlossen_am or D(2026, 9, 1))
    if offen:
        pa = PotenzialanalyseFactory(leistungsberechtigter=person, begonnen_am=D(2026, 11, 1))
        for b in offen:
            Handlungsbedarf.objects.create(potenzialanalyse=pa, bereich=b)
    return person


def _pa(person, bereiche, abgeschlossen_am):
    pa = PotenzialanalyseFactory(
        leistungsberechtigter=person,
        begonnen_am=abgeschlossen_am,
        status="abgeschlossen",
        abgeschlossen_am=abgeschlossen_am,
        reha_bedarf="nein",
        entwurf_frist=abgeschlossen_am + datetime.timedelta(days=14),
    )
    for b in bereiche:
        Handlungsbedarf.objects.create(potenzialanalyse=pa, bereich=b)
    return pa


@pytest.fixture
def matrix_welt(welt):
    welt.team.region = "Nordstadt"
    welt.team.save()
    welt.team2.region = "Südstadt"
    welt.team2.save()
    _person(welt.team, ["schulden", "sprache"])
    _person(welt.team, ["schulden"])
    _person(welt.team2, ["schulden", "sucht"])
    # Only the latest completed analysis counts: "wohnen" was solved.
    p4 = _person(welt.team2, ["wohnen"], abgeschlossen_am=D(2025, 3, 1))
    _pa(p4, ["sprache"], D(2026, 6, 1))
    # An analysis still in progress counts for nothing yet.
    _person(welt.team2, [], abgeschlossen_am=D(2024, 1, 1), offen=["psyche"])
    # Another Jobcenter's people and offers stay out.
    _person(welt.fremde_ifk.team, ["schulden", "sucht"])
    AngebotFactory(jobcenter=welt.jc2, titel="Fremde Suchtberatung", bereiche=["sucht"])

    Angebot.objects.create(
        jobcenter=welt.jc,
        titel="Schuldnerberatung",
        traeger=welt.traeger,
        leistung_16a="schuldnerberatung",
        bereiche=["schulden"],
        plaetze=2,
    )
    lingua = PartnerFactory(jobcenter=welt.jc, name="Sprachschule Lingua")
    kurs = AngebotFactory(
        jobcenter=welt.jc, partner=lingua, titel="Berufssprachkurs", bereiche=["sprache"], plaetze=5
    )
    Belegung.objects.create(
        angebot=kurs, beginn=D(2026, 10, 1), ende=D(2026, 12, 31), plaetze=5, belegt=5
    )
    AngebotFactory(jobcenter=welt.jc, titel="Alte Suchtgruppe", bereiche=["sucht"], aktiv=False)
    return welt


def _zeile(matrix, bereich):
    return next(z for z in matrix.zeilen if z.bereich == bereich)


def test_personen_je_bedarf_team_und_region(matrix_welt, monkeypatch):
    # The counting itself, with suppression of small counts switched off
    # (tests/kooperation/test_kleinzahlen.py covers the suppression).
    monkeypatch.setattr("kooperation.kleinzahlen.MINDESTZAHL", 1)
    m = bedarfsanalyse(user=matrix_welt.users[Rolle.TEAMLEITUNG], stichtag=STICHTAG)
    assert m.teams == ["Team Nord", "Team Süd"]
    assert m.regionen == ["Nordstadt", "Südstadt"]
    schulden = _zeile(m, "schulden")
    assert (schulden.personen, schulden.je_team, schulden.je_region) == (3, [2, 1], [2, 1])
    sprache = _zeile(m, "sprache")
    assert (sprache.personen, sprache.je_team) == (2, [1, 1])
    assert _zeile(m, "sucht").personen == 1
    assert _zeile(m, "wohnen").personen == 0
    assert _zeile(m, "psyche").personen == 0


def test_abdeckung_freie_plaetze_und_luecken(matrix_welt):
    m = bedarfsanalyse(user=matrix_welt.users[Rolle.IFK], stichtag=STICHTAG)
    schulden = _zeile(m, "schulden")
    assert [z.angebot.titel for z in schulden.angebote] == ["Schuldnerberatung"]
    assert schulden.frei == 2
    assert schulden.knapp  # three people, two free places
    sprache = _zeile(m, "sprache")
    assert sprache.frei == 0
    assert sprache.angebote[0].voll
    sucht = _zeile(m, "sucht")
    assert sucht.ungedeckt
    assert sucht.status == "nicht abgedeckt"
    assert [z.bereich for z in m.ungedeckte] == ["sucht"]
    assert m.volle_anbieter == ["Sprachschule Lingua"]
    assert _zeile(m, "wohnen").status == "kein Bedarf"


def test_traeger_und_fachverfahren_sehen_die_matrix_nicht(matrix_welt):
    for rolle in (Rolle.TRAEGER, Rolle.API_CLIENT):
        with pytest.raises(KeinZugriff):
            bedarfsanalyse(user=matrix_welt.users[rolle], stichtag=STICHTAG)
