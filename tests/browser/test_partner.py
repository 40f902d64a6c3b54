"""From a need in the Bedarfsanalyse to the partner's Angebot, the
agreements by phase, and a refused sharing without consent; axe-core on
every page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Handlungsbedarf
from kooperation.access import Rolle
from partners.models import Ansprechpartner, Belegung, Kooperationsvereinbarung, Vertragspartei
from partners.services import vereinbarung_speichern
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden
from tests.cases.factories import LeistungsberechtigterFactory, PotenzialanalyseFactory
from tests.partners.factories import AngebotFactory, PartnerFactory

pytestmark = pytest.mark.browser

D = datetime.date


@pytest.fixture
def netzwerk(welt):
    heute = timezone.localdate()
    for team, bereiche in ((welt.team, ["sprache", "schulden"]), (welt.team2, ["sprache"])):
        pa = PotenzialanalyseFactory(
            leistungsberechtigter=LeistungsberechtigterFactory(team=team),
            begonnen_am=heute,
            status="abgeschlossen",
            abgeschlossen_am=heute,
            reha_bedarf="nein",
            entwurf_frist=heute,
        )
        for b in bereiche:
            Handlungsbedarf.objects.create(potenzialanalyse=pa, bereich=b)
    lingua = PartnerFactory(jobcenter=welt.jc, name="Sprachschule Lingua", art="bildung")
    Ansprechpartner.objects.create(
        partner=lingua, name="Petra Sommer", zentral=True, gueltig_ab=D(2024, 1, 1)
    )
    kurs = AngebotFactory(
        jobcenter=welt.jc,
        partner=lingua,
        titel="Berufssprachkurs B1/B2",
        bereiche=["sprache"],
        zielgruppe="Erwachsene mit Deutsch ab A2",
        ort="Rheinstadt, Marktplatz 3",
        plaetze=1,
        zeitraum="jahr",
    )
    Belegung.objects.create(
        angebot=kurs,
        beginn=D(heute.year, 1, 1),
        ende=D(heute.year, 12, 31),
        plaetze=1,
        belegt=1,
    )
    v = vereinbarung_speichern(
        acting_user=welt.users[Rolle.ADMINISTRATION],
        vereinbarung=Kooperationsvereinbarung(
            jobcenter=welt.jc,
            titel="Kooperationserklärung Sprache und Arbeit",
            beginn=D(2024, 1, 1),
            laufzeitart="verlaengernd",
            ende=D(2024, 12, 31),
            kuendigungsfrist_monate=6,
            verlaengerung_monate=12,
            treffen_rhythmus_monate=6,
        ),
    )
    Vertragspartei.objects.create(vereinbarung=v, partner=lingua, vertreten_durch="Leitung")
    return lingua


def test_vom_bedarf_in_der_matrix_zum_angebot_des_partners(page, live_server, welt, netzwerk):
    anmelden(page, live_server, "teamleitung")
    barrierefrei(page)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Bedarfsanalyse"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedarfsanalyse")
    barrierefrei(page)
    # Debts: one person, nobody covers it.
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "Kein Angebot für: Schulden"
    )
    sprache = page.locator("#bedarf-sprache")
    expect(sprache).to_contain_text("zu wenig freie Plätze")
    # Two people: fewer than five, so the count is marked, not shown.
    expect(sprache.get_by_role("cell").nth(0)).to_have_text("< 5")
    sprache.get_by_role("link", name="Berufssprachkurs B1/B2").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Berufssprachkurs B1/B2")
    expect(page.get_by_text("0 frei")).to_be_visible()
    expect(page.get_by_text("Petra Sommer")).to_be_visible()
    barrierefrei(page)
    page.get_by_role("link", name="Sprachschule Lingua").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprachschule Lingua")
    barrierefrei(page)
    page.get_by_role("link", name="Kooperationserklärung Sprache und Arbeit").click()
    expect(page.get_by_text("Letzter Tag für die Kündigung")).to_be_visible()
    barrierefrei(page)
    page.get_by_role("link", name="Kooperationsvereinbarungen").click()
    expect(page.get_by_role("heading", name="Phase III Pflege")).to_be_visible()
    barrierefrei(page)


def test_weitergabe_ohne_einwilligung_wird_abgelehnt(page, live_server, welt, netzwerk):
    person = welt.eigener_fall
    anmelden(page, live_server, "ifk")
    page.get_by_role("link", name=re.compile(person.nachname)).click()
    page.get_by_role("link", name="Einwilligungen und Weitergaben an Partner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Einwilligungen und Weitergaben")
    barrierefrei(page)
    formular = page.locator("form", has=page.get_by_role("button", name="Weitergeben"))
    formular.get_by_label("An Partner").select_option(label="Sprachschule Lingua")
    formular.get_by_label("Was wird weitergegeben?").fill("Kontaktdaten")
    formular.get_by_role("button", name="Weitergeben").click()
    expect(page.get_by_role("alert")).to_contain_text("Weitergabe abgelehnt")
    barrierefrei(page)
