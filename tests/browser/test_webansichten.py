"""The letter and the Auskunft opened as web pages from their links beside
the PDF: German, titled, headings in order, and clean for axe-core."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kooperation.access import Rolle
from plans.services.nichteinigung import pflichten_festsetzen
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden
from tests.plans.factories import entwurf, pflicht

pytestmark = pytest.mark.browser


def _ansehen(page, name, ganz=True):
    """Checked with axe at desktop and tablet width; screenshots when
    SCREENSHOTS names a folder."""
    ordner = os.environ.get("SCREENSHOTS")
    for breite in (1280, 768):
        page.set_viewport_size({"width": breite, "height": 900})
        barrierefrei(page)
        if ordner:
            page.screenshot(path=str(Path(ordner) / f"{name}-{breite}.png"), full_page=ganz)


def test_bescheid_als_webseite_lesen(page, live_server, welt):
    ifk = welt.users[Rolle.IFK]
    bescheid = pflichten_festsetzen(
        acting_user=ifk,
        plan=entwurf(welt, begonnen_am=datetime.date(2026, 9, 1)).plan,
        erlassen_am=datetime.date(2026, 10, 15),
        pflichten=[pflicht("Sie bewerben sich auf Stellen als Friseurin.", wie_oft="4 im Monat")],
        begruendung="Es kam kein Kooperationsplan zustande.",
    )
    anmelden(page, live_server, ifk.username)
    page.goto(f"{live_server.url}/plaene/{bescheid.plan_id}/")
    page.get_by_role("link", name="Als Webseite lesen (Bescheid)").scroll_into_view_if_needed()
    _ansehen(page, "plan-bescheid-links", ganz=False)
    page.get_by_role("link", name="Als Webseite lesen (Bescheid)").click()
    expect(page).to_have_title(
        f"{bescheid} – {bescheid.plan.leistungsberechtigter.vorname} "
        f"{bescheid.plan.leistungsberechtigter.nachname}"
    )
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bescheid: Das müssen Sie tun")
    expect(page.get_by_role("main")).to_contain_text("Sie bewerben sich auf Stellen als Friseurin.")
    expect(page.get_by_role("heading", level=2, name="Rechtsfolgenbelehrung")).to_be_visible()
    _ansehen(page, "bescheid-webseite")
    page.get_by_role("link", name="Zurück zum Plan").click()
    expect(page.get_by_role("link", name="Als Webseite lesen (Bescheid)")).to_be_visible()


def test_auskunft_als_webseite_lesen(page, live_server, welt):
    person = welt.eigener_fall
    anmelden(page, live_server, welt.users[Rolle.IFK].username)
    page.goto(f"{live_server.url}/faelle/{person.pk}/")
    page.get_by_role("link", name="Auskunft als Webseite lesen").scroll_into_view_if_needed()
    _ansehen(page, "fall-auskunft-links", ganz=False)
    page.get_by_role("link", name="Auskunft als Webseite lesen").click()
    expect(page).to_have_title(f"Auskunft über Ihre Daten – {person}")
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.get_by_role("heading", level=1)).to_have_text("Auskunft über Ihre Daten")
    expect(page.get_by_role("heading", level=2, name="Stammdaten")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(person.kundennummer)
    _ansehen(page, "auskunft-webseite")
    page.get_by_role("link", name="Zurück zur Person").click()
    expect(page.get_by_role("link", name="Auskunft als Webseite lesen")).to_be_visible()
