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


def test_neue_seiten_sind_barrierefrei(page, live_server, welt, django_capture_on_commit_callbacks):
    """Print view, the removal's question, „Kein Plan“ from the person page,
    a completed Potenzialanalyse as text, the searched Vermerke."""
    from cases.services import potenzialanalyse_abschliessen, vermerk_schreiben
    from kooperation.access import Rolle
    from tests.cases.factories import PotenzialanalyseFactory
    from tests.plans.factories import entwurf

    ifk = welt.users[Rolle.IFK]
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    potenzialanalyse_abschliessen(
        acting_user=ifk,
        potenzialanalyse=pa,
        abgeschlossen_am=datetime.date(2026, 9, 1),
        reha_bedarf="nein",
        staerken="Zuverlässig. " * 40,
    )
    vermerk_schreiben(
        acting_user=ifk,
        leistungsberechtigter=welt.eigener_fall,
        art="telefonat",
        am=datetime.date(2026, 11, 2),
        text="Rückruf wegen der Schuldnerberatung.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = vereinbart(welt)
    anderer = welt.team_fall
    anmelden(page, live_server, "ifk")
    u = live_server.url
    page.goto(f"{u}/faelle/{welt.eigener_fall.pk}/")
    page.get_by_label("In den Vermerken suchen").fill("schuldner")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_text("Rückruf wegen der Schuldnerberatung.")).to_be_visible()
    barrierefrei(page)
    page.get_by_role("link", name="Druckansicht").first.click()
    expect(page.get_by_text("Ich will als Köchin arbeiten.")).to_be_visible()
    barrierefrei(page)
    page.goto(f"{u}/potenzialanalysen/{pa.pk}/")
    page.get_by_text("mehr").click()
    barrierefrei(page)
    entw = entwurf(welt, person=anderer) if anderer.zustaendig_id == ifk.pk else None
    if entw is None:
        from plans.services.vereinbarung import plan_fortschreiben

        entw = plan_fortschreiben(acting_user=ifk, plan=version.plan)
    page.goto(f"{u}/versionen/{entw.pk}/bearbeiten/")
    # The editor runs its one-page check once loaded and swaps that region
    # in; a click while it is swapped in can land on nothing.
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Entfernen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eintrag entfernen?")
    barrierefrei(page)
    page.get_by_role("link", name="Nein, zurück zum Entwurf").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kooperationsplan bearbeiten")


def test_kein_plan_von_der_personenseite_und_zurueck(page, live_server, welt):
    anmelden(page, live_server, "ifk")
    page.goto(f"{live_server.url}/faelle/{welt.eigener_fall.pk}/")
    page.get_by_role("link", name="Kein Plan: Grund festhalten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kein Plan: Grund festhalten")
    barrierefrei(page)
    page.get_by_label("Renteneintritt steht bevor").check()
    page.get_by_role("button", name="Kein Plan: festhalten").click()
    expect(page.get_by_role("status").first).to_contain_text("Festgehalten: kein Kooperationsplan")
    expect(page.get_by_text("Stand: kein Plan")).to_be_visible()
    barrierefrei(page)
    page.get_by_role("button", name="„Kein Plan“ zurücknehmen").click()
    expect(page.get_by_role("status").first).to_contain_text("zurückgenommen")
    expect(page.get_by_text("Stand: Entwurf")).to_be_visible()
