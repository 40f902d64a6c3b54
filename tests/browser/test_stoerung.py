"""The pages shown when a service is away (503) or something broke (500):
German, plain, without details, and accessible."""

import os

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from kooperation.access import Rolle
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("fehler", "status", "ueberschrift"),
    [
        (OperationalError("server closed the connection"), 503, "Vorübergehend nicht erreichbar"),
        (RuntimeError("intern"), 500, "Ein Fehler ist aufgetreten"),
    ],
)
def test_fehlerseite_ist_deutsch_und_barrierefrei(
    page, live_server, welt, monkeypatch, fehler, status, ueberschrift
):
    anmelden(page, live_server, welt.users[Rolle.IFK].username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Fälle")

    def kaputt(user):
        raise fehler

    monkeypatch.setattr("kooperation.views.rolle_von", kaputt)
    for breite in (1280, 768):
        page.set_viewport_size({"width": breite, "height": 700})
        antwort = page.goto(f"{live_server.url}/")
        assert antwort.status == status
        expect(page.get_by_role("heading", level=1)).to_have_text(ueberschrift)
        expect(page.get_by_role("link", name="Zur Startseite")).to_be_visible()
        assert "intern" not in page.content()
        barrierefrei(page)
        if bildschirmfotos := os.environ.get("BILDSCHIRMFOTOS"):
            page.screenshot(path=f"{bildschirmfotos}/fehler-{status}-{breite}.png", full_page=True)
