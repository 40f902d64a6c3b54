"""The letters, the Auskunft and the Trägerversammlung report opened as web
pages from their links beside the PDF: German, titled, headings in order, and
clean for axe-core."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from kooperation.access import Rolle
from plans.services.nichteinigung import pflichten_festsetzen
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden
from tests.plans.factories import entwurf, pflicht
from tests.plans.test_kennzahlen_fristen import frist
from tests.plans.test_termin_dokumente import _anhoerung, _einladung

pytestmark = pytest.mark.browser


def _ansehen(page, name, ganz=True):
    """Checked with axe at desktop and tablet width; screenshots when
    SCREENSHOTS names a folder."""
    ordner = os.environ.get("SCREENSHOTS")
    for breite in (1280, 768):
        page.set_viewport_size({"width": breite, "height": 900})
        barrierefrei(page)
        if ordner:
            page.screenshot(path=str(Path(ordner) / f"{name}-{breite}.png"), full_page=ganz)


def test_bescheid_als_webseite_lesen(page, live_server, welt):
    ifk = welt.users[Rolle.IFK]
    bescheid = pflichten_festsetzen(
        acting_user=ifk,
        plan=entwurf(welt, begonnen_am=datetime.date(2026, 9, 1)).plan,
        erlassen_am=datetime.date(2026, 10, 15),
        pflichten=[pflicht("Sie bewerben sich auf Stellen als Friseurin.", wie_oft="4 im Monat")],
        begruendung="Es kam kein Kooperationsplan zustande.",
    )
    anmelden(page, live_server, ifk.username)
    page.goto(f"{live_server.url}/plaene/{bescheid.plan_id}/")
    page.get_by_role("link", name="Als Webseite lesen (Bescheid)").scroll_into_view_if_needed()
    _ansehen(page, "plan-bescheid-links", ganz=False)
    page.get_by_role("link", name="Als Webseite lesen (Bescheid)").click()
    expect(page).to_have_title(
        f"{bescheid} – {bescheid.plan.leistungsberechtigter.vorname} "
        f"{bescheid.plan.leistungsberechtigter.nachname}"
    )
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bescheid: Das müssen Sie tun")
    expect(page.get_by_role("main")).to_contain_text("Sie bewerben sich auf Stellen als Friseurin.")
    expect(page.get_by_role("heading", level=2, name="Rechtsfolgenbelehrung")).to_be_visible()
    _ansehen(page, "bescheid-webseite")
    page.get_by_role("link", name="Zurück zum Plan").click()
    expect(page.get_by_role("link", name="Als Webseite lesen (Bescheid)")).to_be_visible()


def test_auskunft_als_webseite_lesen(page, live_server, welt):
    person = welt.eigener_fall
    anmelden(page, live_server, welt.users[Rolle.IFK].username)
    page.goto(f"{live_server.url}/faelle/{person.pk}/")
    page.get_by_role("link", name="Auskunft als Webseite lesen").scroll_into_view_if_needed()
    _ansehen(page, "fall-auskunft-links", ganz=False)
    page.get_by_role("link", name="Auskunft als Webseite lesen").click()
    expect(page).to_have_title(f"Auskunft über Ihre Daten – {person}")
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.get_by_role("heading", level=1)).to_have_text("Auskunft über Ihre Daten")
    expect(page.get_by_role("heading", level=2, name="Stammdaten")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(person.kundennummer)
    _ansehen(page, "auskunft-webseite")
    page.get_by_role("link", name="Zurück zur Person").click()
    expect(page.get_by_role("link", name="Auskunft als Webseite lesen")).to_be_visible()


def test_bericht_als_webseite_und_fristen_als_diagramm(page, live_server, welt):
    heute = timezone.localdate()
    vormonat = (heute.replace(day=1) - datetime.timedelta(days=1)).replace(day=15)
    for i in range(12):
        frist(welt.jc, vormonat, vormonat if i < 7 else None, team=welt.team)
    anmelden(page, live_server, welt.users[Rolle.GESCHAEFTSFUEHRUNG].username)
    # The deadlines as a chart drawn on the server, named after its table.
    tabelle = "Wiedervorlagen je Monat der Fälligkeit (letzte 12 Monate)"
    diagramm = page.get_by_role("img", name=re.compile("Fristen je Monat"))
    expect(diagramm).to_be_visible()
    expect(diagramm).to_have_accessible_name(re.compile(re.escape(f"„{tabelle}“")))
    zeilen = page.get_by_role("table", name=tabelle).locator("tbody tr")
    expect(zeilen).to_have_count(12)
    expect(zeilen.nth(10)).to_contain_text(f"{date_format(vormonat, 'F Y')} 12 7 5 0")
    diagramm.scroll_into_view_if_needed()
    _ansehen(page, "kennzahlen-fristen", ganz=False)
    _ansehen(page, "kennzahlen")

    page.get_by_role("link", name="Bericht als Webseite lesen").click()
    expect(page).to_have_title("Kennzahlen Jobcenter Rheinstadt")
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.get_by_role("heading", level=1)).to_have_text("Kennzahlen Jobcenter Rheinstadt")
    expect(page.get_by_role("main")).to_contain_text("Bericht für die Trägerversammlung")
    expect(page.get_by_role("heading", level=2, name="Fristen im Verlauf")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Fristen je Monat"))).to_be_visible()
    _ansehen(page, "bericht-webseite")
    page.get_by_role("link", name="Zurück zu den Kennzahlen").click()
    expect(page.get_by_role("link", name="Bericht als Webseite lesen")).to_be_visible()


@pytest.mark.parametrize("rolle", [Rolle.IFK, Rolle.TEAMLEITUNG])
def test_einladung_und_anhoerung_als_webseite_lesen(page, live_server, welt, rolle):
    """Both roles that see an appointment read its letters as web pages."""
    anhoerung = _anhoerung(_einladung(welt, sprache="ar", dolmetschen="ar"))
    einladung = anhoerung.einladung
    person = einladung.leistungsberechtigter
    anmelden(page, live_server, welt.users[rolle].username)

    page.goto(f"{live_server.url}/einladungen/{einladung.pk}/")
    page.get_by_role("link", name="Einladungsbrief als Webseite lesen").scroll_into_view_if_needed()
    _ansehen(page, f"einladung-brief-links-{rolle}", ganz=False)
    page.get_by_role("link", name="Einladungsbrief als Webseite lesen").click()
    expect(page).to_have_title(f"Einladung – {person.vorname} {person.nachname}")
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Einladung zu einem Termin")
    expect(page.get_by_role("main")).to_contain_text("Raum 2.14, 2. Stock")
    expect(page.get_by_role("heading", level=2, name=re.compile("^Wann und wo"))).to_be_visible()
    _ansehen(page, f"einladung-webseite-{rolle}")
    page.get_by_role("link", name="Zurück zur Einladung").click()
    expect(page.get_by_role("link", name="Einladungsbrief als Webseite lesen")).to_be_visible()

    page.goto(f"{live_server.url}/anhoerungen/{anhoerung.pk}/")
    page.get_by_role("link", name="Anhörungsbrief als Webseite lesen").scroll_into_view_if_needed()
    _ansehen(page, f"anhoerung-brief-links-{rolle}", ganz=False)
    page.get_by_role("link", name="Anhörungsbrief als Webseite lesen").click()
    expect(page).to_have_title(f"Anhörung – {person.vorname} {person.nachname}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Anhörung: Bitte sagen Sie uns Ihre Gründe"
    )
    expect(page.get_by_role("main")).to_contain_text("Bitte antworten Sie bis zum 15.04.2027.")
    _ansehen(page, f"anhoerung-webseite-{rolle}")
    page.get_by_role("link", name="Zurück zur Anhörung").click()
    expect(page.get_by_role("link", name="Anhörungsbrief als Webseite lesen")).to_be_visible()
