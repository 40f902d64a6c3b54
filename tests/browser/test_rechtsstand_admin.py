"""The Administration reads a Rechtsstand in the admin: every value with its
source, reported values marked; the page passes axe-core."""

import pytest
from playwright.sync_api import expect

from kooperation.access import Rolle
from kooperation.models import Rechtsstand
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden

pytestmark = pytest.mark.browser


def test_verwaltung_liest_den_rechtsstand_mit_quellen(page, live_server, welt):
    neu = Rechtsstand.objects.get(schluessel="grundsicherung-2026")
    anmelden(page, live_server, welt.users[Rolle.ADMINISTRATION].username)
    page.goto(f"{live_server.url}/admin/kooperation/rechtsstand/")
    expect(page.get_by_role("link", name="Neue Grundsicherung")).to_be_visible()
    barrierefrei(page)
    page.get_by_role("link", name="Neue Grundsicherung").click()
    tabelle = page.get_by_role(
        "table", name="Parameter mit Quellen: Neue Grundsicherung (ab 01.07.2026)"
    )
    expect(tabelle).to_be_visible()
    zeile = tabelle.get_by_role("row", name="Folgen von Meldeversäumnissen")
    expect(zeile).to_contain_text("2. Minderung um 30 % des Regelbedarfs für 1 Monat")
    expect(zeile).to_contain_text("berichtet, nicht am Gesetzestext geprüft")
    expect(zeile).to_contain_text("BT-Drs. 21/4076")
    frist = tabelle.get_by_role("row", name="Widerspruchsfrist (Monate nach Bekanntgabe)")
    expect(frist).to_contain_text("geprüft")
    expect(frist).not_to_contain_text("berichtet")
    expect(page.get_by_role("button", name="Sichern")).to_have_count(0)
    barrierefrei(page)
    assert neu.berichtet
