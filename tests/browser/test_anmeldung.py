"""Each role logs in through the browser, lands on its page, and every page
on the way passes axe-core without serious or critical violations."""

import re

import pytest
from playwright.sync_api import expect

from kooperation.access import Rolle
from tests.browser.conftest import barrierefrei

pytestmark = pytest.mark.browser

LANDET = {
    Rolle.IFK: ("/faelle/", "Meine Fälle"),
    Rolle.TEAMLEITUNG: ("/team/", "Team Team Nord"),
    Rolle.TRAEGER: ("/traeger/", "Offene Abstimmungen"),
    Rolle.GESCHAEFTSFUEHRUNG: ("/kennzahlen/", "Kennzahlen Jobcenter Rheinstadt"),
}


def anmelden(page, live_server, username, passwort="geheim-genug-123"):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/anmelden/"))
    barrierefrei(page)
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(passwort)
    page.get_by_role("button", name="Anmelden").click()


@pytest.mark.parametrize("rolle", list(LANDET))
def test_rolle_meldet_sich_an_und_landet_auf_ihrer_seite(page, live_server, welt, rolle):
    pfad, ueberschrift = LANDET[rolle]
    anmelden(page, live_server, welt.users[rolle].username)
    expect(page).to_have_url(f"{live_server.url}{pfad}")
    expect(page.get_by_role("heading", level=1)).to_have_text(ueberschrift)
    barrierefrei(page)


def test_ifk_oeffnet_einen_fall_per_tastatur(page, live_server, welt):
    anmelden(page, live_server, "ifk")
    link = page.get_by_role("link", name=re.compile(welt.eigener_fall.nachname))
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(welt.eigener_fall.nachname)
    barrierefrei(page)


def test_falsches_passwort_zeigt_meldung(page, live_server, welt):
    anmelden(page, live_server, "ifk", passwort="falsch")
    expect(page.get_by_role("alert")).to_contain_text("Benutzername oder Passwort stimmen nicht")
    barrierefrei(page)
