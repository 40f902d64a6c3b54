"""The Geschäftsführung opens the dashboard, changes a filter, and every page
passes axe-core; the charts draw from the JSON block under the CSP."""

import re

import pytest
from playwright.sync_api import expect

from kooperation.access import Rolle
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden

pytestmark = pytest.mark.browser


def test_geschaeftsfuehrung_filtert_das_dashboard(page, live_server, welt):
    fehler = []
    page.on("pageerror", lambda e: fehler.append(str(e)))
    # Errors of our charts (htmx's own indicator style is another matter).
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and ("chartjs" in m.location["url"] or "kennzahlen" in m.location["url"])
            and fehler.append(m.text)
        ),
    )
    anmelden(page, live_server, welt.users[Rolle.GESCHAEFTSFUEHRUNG].username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kennzahlen Jobcenter Rheinstadt")
    expect(page.get_by_text("ganzes Jobcenter.", exact=False)).to_be_visible()
    # The figures are kept ready: the page says as of when.
    expect(page.get_by_text(re.compile(r"Stand: \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr"))).to_be_visible()
    # chart.js has drawn into the canvases (it sets their size attributes).
    expect(page.locator("canvas[data-diagramm='trend']")).to_have_attribute(
        "width", re.compile(r"\d+")
    )
    # The stages as a chart, named for screen readers after its table.
    abdeckung = page.get_by_role("img", name=re.compile("Personen je Stand"))
    expect(abdeckung).to_have_attribute("width", re.compile(r"\d+"))
    expect(abdeckung).to_have_attribute(
        "aria-label", re.compile("Wo die Leistungsberechtigten heute stehen")
    )
    barrierefrei(page)

    page.get_by_label("Team").select_option(label="Team Süd")
    page.get_by_label("Zeitraum").select_option(label="letzte 6 Monate")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page).to_have_url(f"{live_server.url}/kennzahlen/?team={welt.team2.pk}&monate=6")
    expect(page.get_by_text("Team Süd. Nur Summen", exact=False)).to_be_visible()
    expect(
        page.get_by_role(
            "table", name="Bis zum Entwurf, nach Monat des Abschlusses der Potenzialanalyse"
        ).locator("tbody tr")
    ).to_have_count(6)
    barrierefrei(page)
    assert not fehler, fehler


def test_teamleitung_sieht_ihr_team_ohne_teamauswahl(page, live_server, welt):
    anmelden(page, live_server, welt.users[Rolle.TEAMLEITUNG].username)
    page.get_by_role("link", name="Kennzahlen").click()
    expect(page.get_by_text("Team Nord. Nur Summen", exact=False)).to_be_visible()
    expect(page.get_by_label("Team")).to_have_count(0)
    page.get_by_label("Zeitraum").select_option(label="letzte 3 Monate")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page).to_have_url(f"{live_server.url}/kennzahlen/?monate=3")
    barrierefrei(page)
