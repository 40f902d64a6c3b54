"""A plan begun under the Bürgergeld, continued under the Neue Grundsicherung:
the plan page offers today's path (obligations by Bescheid, no Schlichtung),
takes it, and says which Rechtsstand each act followed and why."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kooperation.access import Rolle
from plans.services.rechtsakte import pflichtverletzung_festhalten
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden
from tests.plans.factories import entwurf

pytestmark = pytest.mark.browser


def _bildschirmfotos(page, name):
    """Screenshots at 1280 and 768 px when SCREENSHOTS names a folder."""
    ordner = os.environ.get("SCREENSHOTS")
    if not ordner:
        return
    for breite in (1280, 768):
        page.set_viewport_size({"width": breite, "height": 900})
        page.screenshot(path=str(Path(ordner) / f"{name}-{breite}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_plan_vor_dem_stichtag_bescheid_heute(page, live_server, welt):
    plan = entwurf(welt, begonnen_am=datetime.date(2026, 6, 30)).plan
    pflichtverletzung_festhalten(
        acting_user=welt.users[Rolle.IFK],
        plan=plan,
        art="pflichtverletzung",
        tat_am=datetime.date(2026, 6, 26),
        festgestellt_am=datetime.date(2026, 7, 6),
        beschreibung="Bewerbungstraining ohne Grund abgebrochen.",
    )
    anmelden(page, live_server, "ifk")
    page.goto(f"{live_server.url}/plaene/{plan.pk}/")
    expect(page.get_by_text("heute gilt: Neue Grundsicherung ab 01.07.2026")).to_be_visible()
    expect(page.get_by_role("link", name="Keine Einigung: Schlichtung beginnen")).to_have_count(0)
    barrierefrei(page)

    page.get_by_role("link", name="Keine Einigung: Pflichten per Verwaltungsakt festsetzen").click()
    barrierefrei(page)
    page.get_by_label("Festgesetzte Pflichten").fill(
        "Sie bewerben sich jeden Monat viermal und zeigen die Liste beim Termin."
    )
    page.get_by_label("Begründung").fill("Es kam kein Plan zustande.")
    page.get_by_role("button", name="Pflichten per Verwaltungsakt festsetzen").click()
    expect(page.get_by_role("status").first).to_contain_text("festgesetzt")
    tabelle = page.get_by_role("table", name="Rechtsakte und der Rechtsstand, dem jeder folgte")
    expect(tabelle).to_contain_text("nach dem Recht zur Zeit der Tat beurteilt")
    expect(tabelle).to_contain_text("Bescheid am")
    expect(tabelle).to_contain_text("Neue Grundsicherung ab 01.07.2026")
    expect(page.get_by_text("Wir kürzen Ihr Grundsicherungsgeld 3 Monate lang")).to_be_visible()
    barrierefrei(page)
    _bildschirmfotos(page, "plan-rechtsakte")
