"""The IFK's working day around the plan: the start page's Wiedervorlagen
(done, postponed) and notices, with an axe-core check and screenshots at
1280 and 768 px of every page visited."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kooperation.access import Rolle
from kooperation.models import Nachricht, Nachrichtenart, Wiedervorlage
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden
from tests.cases.factories import WiedervorlageFactory

pytestmark = pytest.mark.browser

# Screenshots land here when the variable is set (for looking at the pages).
BILDER = os.environ.get("BILDER_VERZEICHNIS")


def pruefen(page, name: str) -> None:
    """axe-core on the page; with BILDER_VERZEICHNIS, screenshots at 1280 and 768 px."""
    barrierefrei(page)
    if BILDER:
        for breite in (1280, 768):
            page.set_viewport_size({"width": breite, "height": 900})
            page.screenshot(path=str(Path(BILDER) / f"{name}-{breite}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_wiedervorlagen_erledigen_und_verschieben(page, live_server, welt):
    heute = timezone.localdate()
    person = welt.eigener_fall
    ifk = welt.users[Rolle.IFK]
    alt = WiedervorlageFactory(person=person, faellig_am=heute - datetime.timedelta(days=4))
    jetzt = WiedervorlageFactory(person=person, faellig_am=heute)
    Nachricht.objects.create(
        jobcenter=welt.jc,
        empfaenger=ifk,
        adresse="ifk@jobcenter.invalid",
        art=Nachrichtenart.TRAEGER,
        betreff="Kommunaler Träger: abgelehnt (Fall K1)",
        text="Der kommunale Träger hat entschieden: abgelehnt.",
    )
    anmelden(page, live_server, "ifk")
    expect(page.get_by_role("heading", name="Überfällige Wiedervorlagen (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Diese Woche fällig (1)")).to_be_visible()
    expect(page.get_by_text("Kommunaler Träger: abgelehnt (Fall K1)")).to_be_visible()
    pruefen(page, "start")

    page.get_by_role("button", name=re.compile(f"Erledigt: .*{heute:%d.%m.%Y}")).click()
    expect(page.get_by_role("status").first).to_contain_text("Erledigt:")
    expect(page.get_by_role("heading", name="Diese Woche fällig (0)")).to_be_visible()

    page.get_by_role("link", name=re.compile("Verschieben: ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wiedervorlage verschieben")
    page.get_by_label("Neues Datum").fill("2099-01-01")
    page.get_by_role("button", name="Verschieben").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"Neues Datum: Bitte geben Sie ein Datum zwischen dem {heute:%d.%m.%Y}"
    )
    pruefen(page, "verschieben-fehler")
    neu = heute + datetime.timedelta(days=14)
    page.get_by_label("Neues Datum").fill(neu.isoformat())
    page.get_by_label("Grund").fill("Person ist zwei Wochen verreist")
    page.get_by_role("button", name="Verschieben").click()
    expect(page.get_by_role("status").first).to_contain_text(f"auf den {neu:%d.%m.%Y}")
    expect(page.get_by_role("heading", name="Überfällige Wiedervorlagen (0)")).to_be_visible()
    pruefen(page, "start-danach")

    alt.refresh_from_db()
    jetzt.refresh_from_db()
    assert (alt.faellig_am, alt.status) == (neu, "offen")
    assert jetzt.status == "erledigt"
    assert Wiedervorlage.objects.filter(status="offen").count() == 1


def test_teamseite(page, live_server, welt):
    WiedervorlageFactory(
        person=welt.team_fall, faellig_am=timezone.localdate() - datetime.timedelta(days=2)
    )
    anmelden(page, live_server, "teamleitung")
    expect(page.get_by_role("heading", name="Überfällige Fristen (1)")).to_be_visible()
    pruefen(page, "team")


def test_person_anlegen_und_aendern(page, live_server, welt):
    anmelden(page, live_server, "ifk")
    page.get_by_role("link", name="Neue Person anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neue Person anlegen")
    pruefen(page, "person-neu")
    page.get_by_label("Vorname").fill("Marica")
    page.get_by_label("Nachname").fill("Müller")
    page.get_by_label("Geburtsdatum").fill("2099-01-01")
    page.get_by_label("Kundennummer").fill(welt.team_fall.kundennummer)
    page.get_by_label("Dolmetscher nötig").check()
    page.get_by_role("button", name="Person anlegen").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Geburtsdatum: Bitte geben Sie ein Datum zwischen"
    )
    pruefen(page, "person-neu-fehler")
    page.get_by_label("Geburtsdatum").fill("1990-04-03")
    page.get_by_role("button", name="Person anlegen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kundennummer kann kein neuer Fall")
    expect(page.get_by_role("link", name=str(welt.team_fall))).to_be_visible()
    page.get_by_label("Kundennummer").fill("123D456789")
    page.get_by_label("Alter der Kinder").fill("4, 9")
    page.get_by_role("button", name="Person anlegen").click()
    expect(page.get_by_role("status").first).to_contain_text("Marica Müller ist angelegt")
    expect(page.get_by_text("Dolmetscher nötig")).to_be_visible()
    pruefen(page, "person-seite")

    page.get_by_role("link", name="Angaben ändern").click()
    page.locator("#id_telefon").fill("0621 123456")
    page.get_by_label("Name der gesetzlichen Vertretung").fill("Erika Muster")
    page.get_by_label("Beziehung").fill("Betreuerin")
    pruefen(page, "person-aendern")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("gespeichert")
    expect(page.get_by_text("Erika Muster (Betreuerin)")).to_be_visible()


def test_vermerk_schreiben_und_berichtigen(page, live_server, welt):
    person = welt.eigener_fall
    anmelden(page, live_server, "ifk")
    page.goto(f"{live_server.url}/faelle/{person.pk}/")
    page.get_by_role("link", name="Neuer Vermerk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neuer Vermerk")
    page.get_by_label("Art des Kontakts").select_option("telefonat")
    page.get_by_label("Vermerk", exact=True).fill("Rückruf: Kita-Platz ab März.")
    expect(page.get_by_text("Noch 1972 von 2000 Zeichen.")).to_be_visible()
    pruefen(page, "vermerk-neu")
    page.get_by_role("button", name="Vermerk speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Der Vermerk ist gespeichert")
    expect(page.get_by_text("Rückruf: Kita-Platz ab März.")).to_be_visible()
    page.get_by_role("link", name=re.compile("Berichtigen: Vermerk vom")).click()
    page.get_by_label("Vermerk", exact=True).fill("Berichtigung: Kita-Platz ab April.")
    page.get_by_role("button", name="Vermerk speichern").click()
    expect(page.get_by_role("heading", name="Vermerke (2)")).to_be_visible()
    expect(page.get_by_text("berichtigt den")).to_be_visible()
    pruefen(page, "person-mit-vermerken")


def test_suche(page, live_server, welt):
    from tests.cases.factories import LeistungsberechtigterFactory

    LeistungsberechtigterFactory(
        team=welt.team,
        zustaendig=welt.users[Rolle.IFK],
        vorname="Marica",
        nachname="Müller",
        kundennummer="123D456789",
    )
    anmelden(page, live_server, "ifk")
    suche = page.get_by_label("Name, Kundennummer oder Geburtsdatum")
    for eingabe in ("mueller", "Müller, Marica", "Marica Mueller", "456789"):
        suche.fill(eingabe)
        page.get_by_role("button", name="Filtern").click()
        expect(page.get_by_role("link", name="Müller, Marica")).to_be_visible()
        expect(page.get_by_text("1 Fälle")).to_be_visible()
    pruefen(page, "suche")
