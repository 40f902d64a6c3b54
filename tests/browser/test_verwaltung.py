"""The Administration walks its admin pages: German throughout, roles and
deadline kinds in words, every field labelled, and every page passes
axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from kooperation.access import Rolle
from kooperation.models import Fristart, FristEinstellung, Schliesstag
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden

pytestmark = pytest.mark.browser

# Strings of Django's admin that stayed English before the project added
# its own German for them.
ENGLISCH = ["Reset password", "Choose ", "Chosen ", "Remove all", "Remove selected"]


def _deutsch(page) -> None:
    text = page.locator("body").inner_text()
    assert not [w for w in ENGLISCH if w in text], text
    assert "UEBERPRUEFUNG" not in text
    assert "KUENDIGUNG" not in text


def test_verwaltung_arbeitet_im_admin_auf_deutsch_und_barrierefrei(page, live_server, welt):
    jc = welt.jc
    Schliesstag.objects.create(
        jobcenter=jc, datum=datetime.date(2026, 12, 24), bezeichnung="Heiligabend"
    )
    FristEinstellung.objects.create(
        jobcenter=jc, art=Fristart.KUENDIGUNG, vorlauf_arbeitstage=15, eskalation_arbeitstage=0
    )
    gf = welt.users[Rolle.GESCHAEFTSFUEHRUNG]
    anmelden(page, live_server, welt.users[Rolle.ADMINISTRATION].username)

    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwaltung")
    expect(page.get_by_role("link", name="Jobcenter", exact=True)).to_be_visible()
    _deutsch(page)
    barrierefrei(page)

    # Jobcenter settings: closing days and deadline settings, each field
    # named for a screen reader, deadline kinds in words.
    page.get_by_role("link", name="Jobcenter", exact=True).click()
    page.get_by_role("link", name="Jobcenter Rheinstadt").click()
    expect(page.get_by_role("heading", name="Jobcenter ändern")).to_be_visible()
    expect(page.get_by_label("Datum").first).to_have_value("24.12.2026")
    expect(page.get_by_label("Bezeichnung").first).to_have_value("Heiligabend")
    art = page.get_by_label("Art der Frist").first
    expect(art.locator("option:checked")).to_have_text(
        "Letzter Tag zur Kündigung einer Vereinbarung"
    )
    expect(page.get_by_label("Vorab erinnern (Arbeitstage vor Fälligkeit)").first).to_have_value(
        "15"
    )
    expect(page.get_by_text("Überprüfung des Kooperationsplans 10/5")).to_be_visible()
    _deutsch(page)
    barrierefrei(page)

    # The user list names each account's role.
    page.goto(f"{live_server.url}/admin/kooperation/user/")
    tabelle = page.get_by_role("table")
    expect(tabelle.get_by_role("columnheader", name="Rolle")).to_be_visible()

    # Rows are picked by the exact user name cell: demo names are random and
    # may contain "gf" or "ifk" themselves.
    def zeile(name):
        return tabelle.get_by_role("row").filter(
            has=page.get_by_role("link", name=name, exact=True)
        )

    expect(zeile("gf")).to_contain_text("Geschäftsführung")
    expect(zeile("ifk")).to_contain_text("Integrationsfachkraft")
    expect(page.get_by_text("Nach Rolle")).to_be_visible()
    _deutsch(page)
    barrierefrei(page)
    # On a tablet the list keeps all its columns without scrolling sideways.
    page.set_viewport_size({"width": 768, "height": 900})
    expect(tabelle.get_by_role("columnheader", name="Aktiv")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    barrierefrei(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # A user's form: roles as labelled checkboxes, German throughout.
    page.goto(f"{live_server.url}/admin/kooperation/user/{gf.pk}/change/")
    expect(page.get_by_text("Rolle:", exact=True)).to_be_visible()
    expect(page.get_by_role("checkbox", name="Geschäftsführung")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Administration")).not_to_be_checked()
    _deutsch(page)
    barrierefrei(page)

    page.goto(f"{live_server.url}/admin/kooperation/user/add/")
    expect(page.get_by_label("E-Mail-Adresse")).to_be_visible()
    _deutsch(page)
    barrierefrei(page)
