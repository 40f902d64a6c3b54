"""One request from the IFK to the kommunaler Träger and back, in the browser,
with an axe-core check on every page."""

import re

import pytest
from playwright.sync_api import expect

from plans.models import PlanEintrag, Planteil
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden
from tests.partners.factories import AngebotFactory
from tests.plans.factories import entwurf

pytestmark = pytest.mark.browser


def abmelden(page):
    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/anmelden/"))


def test_anfrage_vom_ifk_zum_traeger_und_zurueck(page, live_server, welt):
    angebot = AngebotFactory(
        jobcenter=welt.jc,
        partner=None,
        traeger=welt.traeger,
        titel="Schuldnerberatung",
        leistung_16a="schuldnerberatung",
    )
    version = entwurf(welt)
    PlanEintrag.objects.create(
        version=version,
        teil=Planteil.UNTERSTUETZUNG,
        text="Das Jobcenter vermittelt die Schuldnerberatung.",
        angebot=angebot,
        leistung_16a="schuldnerberatung",
    )
    plan_url = f"{live_server.url}/plaene/{version.plan_id}/"

    anmelden(page, live_server, "ifk")
    page.goto(plan_url)
    barrierefrei(page)
    page.get_by_role("button", name="Mit dem kommunalen Träger abstimmen").click()
    expect(page.get_by_role("status").first).to_contain_text("zur Abstimmung")
    expect(page.get_by_text("Stand: Abstimmung mit dem kommunalen Träger")).to_be_visible()
    barrierefrei(page)
    abmelden(page)

    anmelden(page, live_server, "traeger")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offene Abstimmungen")
    barrierefrei(page)
    pseudonym = welt.eigener_fall.pseudonym
    expect(page.get_by_text(welt.eigener_fall.nachname)).to_have_count(0)
    page.get_by_role("link", name=pseudonym).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Anfrage {pseudonym}")
    barrierefrei(page)
    page.get_by_label("Mit Änderungen zustimmen").check()
    page.get_by_role("textbox", name=re.compile("^Änderung")).fill("Erst ab dem 1. Dezember.")
    page.get_by_role("button", name=re.compile("Entscheidung speichern")).click()
    expect(page.get_by_role("status").first).to_contain_text("Entscheidung ist gespeichert")
    expect(page.get_by_text("Entscheidung: mit Änderungen zugestimmt")).to_be_visible()
    barrierefrei(page)
    # No way into the IFK's pages or the person's file.
    for pfad in ("/faelle/", f"/faelle/{welt.eigener_fall.pk}/", f"/plaene/{version.plan_id}/"):
        page.goto(f"{live_server.url}{pfad}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Kein Zugriff")
        expect(page.get_by_text(welt.eigener_fall.nachname)).to_have_count(0)
    barrierefrei(page)
    page.goto(f"{live_server.url}/traeger/")
    abmelden(page)

    anmelden(page, live_server, "ifk")
    page.goto(plan_url)
    expect(page.get_by_text("Erst ab dem 1. Dezember.")).to_be_visible()
    barrierefrei(page)
    page.get_by_role("button", name="Änderungen des Trägers übernehmen").click()
    expect(page.get_by_role("status").first).to_contain_text("übernommen")
    # The draft's item now reads as the Träger changed it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Kooperationsplan bearbeiten")
    unterstuetzung = page.locator("#teil-unterstuetzung")
    expect(unterstuetzung.get_by_text("Erst ab dem 1. Dezember.", exact=True)).to_be_visible()
    expect(
        unterstuetzung.get_by_text("Das Jobcenter vermittelt die Schuldnerberatung.")
    ).to_have_count(0)
    barrierefrei(page)
    page.goto(plan_url)
    page.get_by_role("link", name="Mit der Person vereinbaren").click()
    barrierefrei(page)
    page.get_by_role("button", name="Plan mit der Person vereinbaren").click()
    expect(page.get_by_text("Stand: vereinbart")).to_be_visible()
    barrierefrei(page)
