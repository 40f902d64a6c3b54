"""A plan begun under the Bürgergeld, continued under the Neue Grundsicherung:
the plan page offers today's path (obligations by Bescheid, no Schlichtung),
takes it, and says which Rechtsstand each act followed and why; a Bescheid
on an agreed plan, its letter, and the way back to an agreed plan."""

import datetime
import hashlib
import io
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from kooperation.access import Rolle
from plans.services.rechtsakte import pflichtverletzung_festhalten
from plans.services.vereinbarung import planversion_vereinbaren
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden
from tests.plans.factories import entwurf

pytestmark = pytest.mark.browser
D = datetime.date


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
    page.locator("#id_pflichten-0-was").fill("Sie bewerben sich auf Stellen.")
    page.locator("#id_pflichten-0-wie_oft").fill("4 im Monat")
    page.locator("#id_pflichten-0-nachweis").fill("Liste beim Termin zeigen")
    page.get_by_label("Begründung").fill("Es kam kein Plan zustande.")
    page.get_by_role("button", name="Bescheid erlassen").click()
    expect(page.get_by_role("status").first).to_contain_text("festgesetzt")
    tabelle = page.get_by_role("table", name="Rechtsakte und der Rechtsstand, dem jeder folgte")
    expect(tabelle).to_contain_text("nach dem Recht zur Zeit der Tat beurteilt")
    expect(tabelle).to_contain_text("Bescheid am")
    expect(tabelle).to_contain_text("Neue Grundsicherung ab 01.07.2026")
    expect(page.get_by_text("Wir kürzen Ihr Grundsicherungsgeld 3 Monate lang")).to_be_visible()
    barrierefrei(page)
    _bildschirmfotos(page, "plan-rechtsakte")


def test_bescheid_auf_vereinbarten_plan_als_brief_und_zurueck_zur_zusammenarbeit(
    page, live_server, welt
):
    """Agreements not kept: a Bescheid on the agreed plan, its letter
    downloaded from the plan page (read with pypdf), then a new version
    negotiated and agreed, which ends the Bescheid's obligations."""
    heute = timezone.localdate()
    ifk = welt.users[Rolle.IFK]
    version = entwurf(welt, begonnen_am=datetime.date(2026, 10, 1))
    planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=D(2026, 10, 3))
    plan = version.plan
    anmelden(page, live_server, "ifk")
    page.goto(f"{live_server.url}/plaene/{plan.pk}/")
    expect(page.get_by_text("Stand: vereinbart")).to_be_visible()
    page.get_by_role("link", name="Keine Einigung: Pflichten per Verwaltungsakt festsetzen").click()
    barrierefrei(page)
    # Obligations as items: a row added, one removed, a missing proof named
    # next to its field.
    page.locator("#id_pflichten-0-was").fill("Sie bewerben sich auf Stellen als Köchin.")
    page.locator("#id_pflichten-0-wie_oft").fill("4 Bewerbungen im Monat")
    page.locator("#id_pflichten-0-nachweis").fill("Liste bis zum 5. des Folgemonats zeigen")
    page.get_by_role("button", name="Weitere Zeile: Pflicht").click()
    expect(page.locator("#id_pflichten-1-was")).to_be_visible()
    expect(page.locator("#id_pflichten-0-was")).to_have_value(
        "Sie bewerben sich auf Stellen als Köchin."
    )
    page.locator("#id_pflichten-1-was").fill("Sie gehen zur Beratung.")
    page.get_by_role("button", name="Weitere Zeile: Pflicht").click()
    page.locator("#id_pflichten-2-was").fill("Wird wieder entfernt.")
    page.locator("#id_pflichten-2-DELETE").check()
    page.locator("#id_angebote-0-was").fill("Wir bezahlen Ihre Bewerbungsfotos.")
    page.get_by_label("Begründung").fill("Sie haben sich seit Oktober nicht beworben.")
    page.get_by_label("Zur Post gegeben am").fill(heute.isoformat())
    page.get_by_role("button", name="Bescheid erlassen").click()
    expect(page.locator("#id_pflichten-1-wie_oft-fehler")).to_contain_text("wie oft")
    expect(page.get_by_role("alert")).to_contain_text("Pflicht 2, Wie oft")
    expect(page.get_by_role("alert")).not_to_contain_text("Pflicht 3")
    barrierefrei(page)
    assert not plan.festsetzungen.exists()
    page.locator("#id_pflichten-1-wie_oft").fill("einmal")
    page.locator("#id_pflichten-1-bis").fill((heute + datetime.timedelta(days=20)).isoformat())
    page.locator("#id_pflichten-1-nachweis").fill("Termin-Bestätigung zeigen")
    _bildschirmfotos(page, "bescheid-formular")
    page.get_by_role("button", name="Bescheid erlassen").click()
    expect(page.get_by_role("status").first).to_contain_text("festgesetzt")
    barrierefrei(page)
    _bildschirmfotos(page, "plan-bescheid")

    bescheid = plan.festsetzungen.get()
    assert bescheid.anlass == "nichteinhaltung"
    assert bescheid.bekanntgabe_am > heute  # posted: the Zugangsfiktion counts
    with page.expect_download() as download:
        page.get_by_role("link", name="Bescheid als PDF").click()
    inhalt = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(inhalt).hexdigest() == bescheid.pdf_sha256
    reader = PdfReader(io.BytesIO(inhalt))
    assert len(reader.pages) <= 2
    text = " ".join(" ".join((s.extract_text() or "").split()) for s in reader.pages)
    assert bescheid.punkte.count() == 3
    assert "Sie bewerben sich auf Stellen als Köchin. Wie oft: 4 Bewerbungen im Monat" in text
    assert "So zeigen Sie es uns: Liste bis zum 5. des Folgemonats zeigen" in text
    assert "Sie gehen zur Beratung. Wie oft: einmal · Bis wann: " in text
    assert "Wird wieder entfernt." not in text
    assert "Wir bezahlen Ihre Bewerbungsfotos." in text
    assert "Rechtsfolgenbelehrung" in text
    assert "Rechtsbehelfsbelehrung" in text
    assert f"bekannt gegeben am {bescheid.bekanntgabe_am:%d.%m.%Y}" in text
    assert f"Die Frist endet am {bescheid.widerspruch_bis:%d.%m.%Y}" in text

    # Back to cooperation: a new version, negotiated and agreed.
    page.get_by_role("button", name="Fortschreiben (neue Version)").click()
    expect(page.get_by_text("Entwurf, Version 2")).to_be_visible()
    barrierefrei(page)
    page.get_by_label("Der Plan: Mein Ziel").fill("Ich will als Köchin in Teilzeit arbeiten.")
    page.get_by_role("button", name="Text speichern").click()
    # Leave the editor only once the save has answered; clicking on while the
    # form is in flight lets its response win over the link.
    expect(page.get_by_role("status").first).to_contain_text("gespeichert")
    page.get_by_role("link", name="Fertig: zum Plan").click()
    page.get_by_role("link", name="Mit der Person vereinbaren").click()
    barrierefrei(page)
    page.get_by_role("button", name="Plan mit der Person vereinbaren").click()
    expect(page.get_by_role("status").first).to_contain_text("Der Plan ist vereinbart")
    expect(page.get_by_text(f"Pflichten beendet am {heute:%d.%m.%Y}")).to_be_visible()
    barrierefrei(page)
    bescheid.refresh_from_db()
    assert bescheid.beendet_am == heute


def test_pflichtverletzung_im_browser_festhalten(page, live_server, welt):
    """From the plan page: a breach committed before 1 July 2026 and found
    after it; the page names the Rechtsstand it follows (the Bürgergeld, by
    the transition rule) and its consequence before anything is saved."""
    plan = entwurf(welt, begonnen_am=D(2026, 6, 1)).plan
    anmelden(page, live_server, "ifk")
    page.goto(f"{live_server.url}/plaene/{plan.pk}/")
    page.get_by_role("link", name="Pflichtverletzung festhalten").click()
    expect(page.get_by_role("heading", name="Pflichtverletzung festhalten")).to_be_visible()
    barrierefrei(page)
    page.get_by_label("Ablehnung einer zumutbaren Arbeit").check()
    page.get_by_label("Verstoß am").fill("2026-07-10")
    page.get_by_label("Festgestellt am").fill("2026-07-06")
    page.get_by_label("Was ist passiert").fill("Stelle als Lagerhelfer ohne Grund abgelehnt.")
    page.get_by_role("button", name="Folge prüfen").click()
    expect(page.locator("#id_tat_am-fehler")).to_contain_text("nicht nach seiner Feststellung")
    barrierefrei(page)
    page.get_by_label("Verstoß am").fill("2026-06-26")
    page.get_by_role("button", name="Folge prüfen").click()
    folge = page.get_by_role("status")
    expect(folge).to_contain_text("Rechtsstand: Bürgergeld (Übergangsregel)")
    expect(folge).to_contain_text("Zeit der Tat")
    barrierefrei(page)
    _bildschirmfotos(page, "pflichtverletzung-pruefen")
    assert not plan.pflichtverletzungen.exists()
    page.get_by_role("button", name="Festhalten").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Die Pflichtverletzung ist festgehalten"
    )
    tabelle = page.get_by_role("table", name="Rechtsakte und der Rechtsstand, dem jeder folgte")
    expect(tabelle).to_contain_text("Bürgergeld")
    barrierefrei(page)
    _bildschirmfotos(page, "plan-nach-pflichtverletzung")
    assert plan.pflichtverletzungen.count() == 1
