"""The responsible IFK finds the Auskunft on the person's page and downloads
it as PDF; the page passes axe-core at desktop and tablet width."""

import io
import os
import pathlib

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from kooperation.access import Rolle
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden

pytestmark = pytest.mark.browser

# Where to leave screenshots for a look by hand (unset: none are written).
BILDER = os.environ.get("SCREENSHOT_DIR")


def test_ifk_laedt_die_auskunft_herunter(page, live_server, welt):
    person = welt.eigener_fall
    anmelden(page, live_server, welt.users[Rolle.IFK].username)
    for breite in (1280, 768):
        page.set_viewport_size({"width": breite, "height": 900})
        page.goto(f"{live_server.url}/faelle/{person.pk}/")
        knopf = page.get_by_role("link", name="Auskunft als PDF")
        expect(knopf).to_be_visible()
        expect(page.get_by_role("link", name="Auskunft als Daten (JSON)")).to_be_visible()
        barrierefrei(page)
        if BILDER:
            page.get_by_role(
                "heading", name="Auskunft nach Art. 15 DSGVO"
            ).scroll_into_view_if_needed()
            page.screenshot(path=f"{BILDER}/auskunft-{breite}.png")
    with page.expect_download() as download:
        page.get_by_role("link", name="Auskunft als PDF").click()
    pdf = download.value
    assert pdf.suggested_filename.startswith(f"auskunft-{person.kundennummer}")
    inhalt = pathlib.Path(pdf.path()).read_bytes()
    text = "".join(s.extract_text() for s in PdfReader(io.BytesIO(inhalt)).pages)
    assert "Ostendorf-Quast" in text


def test_kollegin_sieht_keinen_auskunftsknopf(page, live_server, welt):
    anmelden(page, live_server, welt.users[Rolle.IFK].username)
    page.goto(f"{live_server.url}/faelle/{welt.team_fall.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Auskunft als PDF")).to_have_count(0)
    barrierefrei(page)
