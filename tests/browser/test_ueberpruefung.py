"""The review of an agreed plan in the browser: every step's state, a note,
the outcome; a next review date beyond the Rechtsstand's six months is
refused next to its field; axe-core on every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plans.models import PlanEintrag, Planteil
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden
from tests.plans.factories import vereinbart

pytestmark = pytest.mark.browser


def test_ueberpruefung_festhalten(page, live_server, welt):
    version = vereinbart(welt)
    weg = PlanEintrag.objects.get(version=version, teil=Planteil.WEG)
    heute = timezone.localdate()
    zu_spaet = heute + datetime.timedelta(days=400)

    anmelden(page, live_server, "ifk")
    page.goto(f"{live_server.url}/plaene/{version.plan_id}/")
    barrierefrei(page)
    page.get_by_role("link", name="Überprüfung festhalten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Überprüfung festhalten")
    barrierefrei(page)
    gruppe = page.get_by_role("group", name=f"Der Weg: meine nächsten Schritte: {weg.text}")
    gruppe.get_by_label("erledigt").check()
    page.get_by_label("Notiz zum Gespräch").fill("Der Kurs läuft seit November.")
    page.get_by_label("Plan gilt weiter (bestätigt)").check()
    page.get_by_label("Nächste Überprüfung spätestens am").fill(zu_spaet.isoformat())
    page.get_by_role("button", name="Überprüfung speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("Nächste Überprüfung spätestens am")
    barrierefrei(page)
    naechste = heute + datetime.timedelta(days=90)
    page.get_by_label("Nächste Überprüfung spätestens am").fill(naechste.isoformat())
    page.get_by_role("button", name="Überprüfung speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Überprüfung ist festgehalten.")
    expect(
        page.get_by_text(f"nächste Überprüfung spätestens am {naechste:%d.%m.%Y}")
    ).to_be_visible()
    expect(page.get_by_text("Der Kurs läuft seit November.")).to_be_visible()
    barrierefrei(page)
