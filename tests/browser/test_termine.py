"""An appointment from the invitation to the notice to the benefits team: the
IFK invites a person from the person page, records "nicht erschienen",
starts the hearing (the letter goes out), records the answer and the
finding "kein wichtiger Grund", and sees the notice; her week calendar is
used with the keyboard alone. axe-core on every page."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kooperation.access import Rolle
from plans.models.termin import Einladung
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden
from tests.plans.termine_hilfen import arbeitstag, einladung, erste_einladung, zeitpunkt

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


def test_einladung_versaeumnis_anhoerung_und_mitteilung(page, live_server, welt):
    person = welt.eigener_fall
    # The first invitation after the Potenzialanalyse went out without a
    # Rechtsfolgenbelehrung; this one carries it, so a miss is heard.
    erste_einladung(welt)
    anmelden(page, live_server, welt.users[Rolle.IFK].username)
    page.goto(f"{live_server.url}/faelle/{person.pk}/")
    barrierefrei(page)
    page.get_by_role("link", name="Einladen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zu einem Termin einladen")
    barrierefrei(page)
    tag = arbeitstag(7)
    page.get_by_label("Tag", exact=True).fill(tag.isoformat())
    page.get_by_label("Uhrzeit").fill("09:30")
    page.get_by_label("vor Ort").check()
    page.locator("#id_ort").fill("Raum 1.23, Hauptstraße 1")
    page.get_by_label("Worum es geht").fill("Wir sprechen über Ihre Bewerbungen.")
    page.get_by_role("button", name="Einladen").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Einladung ist angelegt")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{tag:%d.%m.%Y} um 09:30 Uhr")
    barrierefrei(page)
    _bildschirmfotos(page, "termin-einladung")

    # The day has come and gone: the appointment moves to yesterday.
    einladung = Einladung.objects.get(leistungsberechtigter=person, mit_rechtsfolgenbelehrung=True)
    gestern = timezone.localtime() - datetime.timedelta(days=1)
    Einladung.objects.filter(pk=einladung.pk).update(beginn=gestern)
    page.reload()
    expect(page.get_by_text("Der Termin ist vorbei")).to_be_visible()
    # Only the fields of the chosen outcome show.
    expect(page.get_by_label("Arbeitsunfähig von")).to_be_hidden()
    page.get_by_label("arbeitsunfähig", exact=True).check()
    expect(page.get_by_label("Arbeitsunfähig von")).to_be_visible()
    page.get_by_label("nicht erschienen").check()
    expect(page.get_by_label("Arbeitsunfähig von")).to_be_hidden()
    barrierefrei(page)
    page.get_by_role("button", name="Ergebnis festhalten").click()
    expect(page.get_by_role("status").first).to_contain_text("nicht erschienen")
    barrierefrei(page)

    page.get_by_role("button", name="Anhörung einleiten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anhörung")
    expect(page.get_by_role("status").first).to_contain_text("Die Anhörung ist eingeleitet")
    barrierefrei(page)
    _bildschirmfotos(page, "termin-anhoerung")

    page.get_by_label("Was die Person vorträgt").fill("Ich hatte den Termin vergessen.")
    page.get_by_role("button", name="Antwort speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Antwort ist festgehalten")
    barrierefrei(page)

    page.get_by_label("Nein, kein wichtiger Grund").check()
    page.get_by_label("Begründung").fill("Einen Termin zu vergessen ist kein wichtiger Grund.")
    page.get_by_role("button", name="Feststellung treffen").click()
    mitteilung = page.get_by_role("region", name="Mitteilung an die Leistungssachbearbeitung")
    expect(mitteilung).to_contain_text("1 relevantes Meldeversäumnis")
    expect(mitteilung).to_contain_text("Gesendet an")
    expect(page.get_by_role("button", name="Feststellung treffen")).to_have_count(0)
    barrierefrei(page)
    _bildschirmfotos(page, "termin-mitteilung")


def test_wochenkalender_mit_der_tastatur(page, live_server, welt):
    """Tab through the week to an appointment and open it with Enter; the
    previous and next week are links in the tab order."""
    from plans.services.termine import einladen

    tag = arbeitstag(7)
    heute = timezone.localdate()
    wochen = (
        (tag - datetime.timedelta(days=tag.weekday()))
        - (heute - datetime.timedelta(days=heute.weekday()))
    ).days // 7
    beginn = zeitpunkt(tag)
    einladung = einladen(
        acting_user=welt.users[Rolle.IFK],
        person=welt.eigener_fall,
        beginn=beginn,
        form="telefon",
        zweck="Telefontermin zur Planung",
    )
    anmelden(page, live_server, welt.users[Rolle.IFK].username)
    page.get_by_role("link", name="Meine Termine").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meine Termine")
    barrierefrei(page)
    _bildschirmfotos(page, "termine-woche-leer")
    for _ in range(wochen):
        page.get_by_role("link", name="Nächste Woche").focus()
        page.keyboard.press("Enter")
        page.wait_for_load_state()
    eintrag = page.get_by_role("link", name=f"10:00 {welt.eigener_fall.nachname}")
    expect(eintrag).to_be_visible()
    barrierefrei(page)
    _bildschirmfotos(page, "termine-woche")
    for _ in range(40):
        page.keyboard.press("Tab")
        if eintrag.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("Der Termin ist mit der Tabulatortaste nicht erreichbar.")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/einladungen/{einladung.pk}/")
    barrierefrei(page)


def test_teamleitung_sieht_die_termine_des_teams(page, live_server, welt):
    einladung(welt, tag=timezone.localdate(), stunde=14, form="video", ort="")
    anmelden(page, live_server, welt.users[Rolle.TEAMLEITUNG].username)
    page.get_by_role("link", name="Termine im Team").click()
    tabelle = page.get_by_role("table", name="Termine des Teams in dieser Woche")
    expect(tabelle).to_contain_text(welt.eigener_fall.nachname)
    barrierefrei(page)
    _bildschirmfotos(page, "termine-team")
