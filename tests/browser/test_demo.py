"""What a newcomer sees after `make run`'s `seed_demo`: the Teamleitung's page
shows an escalation, and the IFK reads her reminder mail in the browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden

pytestmark = pytest.mark.browser


def test_nach_seed_demo_eskalation_im_team_und_erinnerung_in_den_nachrichten(
    page, live_server, demo
):
    anmelden(page, live_server, "teamleitung", passwort="demo")
    expect(page).to_have_url(f"{live_server.url}/team/")
    expect(page.get_by_role("cell", name="an die Teamleitung eskaliert").first).to_be_visible()
    barrierefrei(page)
    page.get_by_role("link", name="Nachrichten (Demo)").click()
    eskalation = re.compile("Überfällige Frist in Ihrem Team")
    expect(page.get_by_role("heading", name=eskalation)).to_be_visible()
    barrierefrei(page)

    page.context.clear_cookies()
    anmelden(page, live_server, "ifk", passwort="demo")
    page.get_by_role("link", name="Nachrichten (Demo)").click()
    expect(page).to_have_url(f"{live_server.url}/nachrichten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nachrichten (Demo)")
    erinnerung = page.get_by_role("article").filter(has_text="Erinnerung an Fristen").first
    expect(erinnerung).to_contain_text("die Fristenüberwachung meldet")
    barrierefrei(page)
