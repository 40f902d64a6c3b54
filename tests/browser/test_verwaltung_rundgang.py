"""The Administration's walk through the admin after ``seed_demo``: the start
page, every list and every empty form it links to, and one filled-in form
per kind of record. Each page sits in the application's frame (its banner
and navigation), is German, passes axe-core (no serious or critical
violation, nothing outside the landmarks) and does not scroll sideways at
1280 or 768 px."""

import pytest
from playwright.sync_api import expect

from kooperation.models import User
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden
from tests.browser.test_verwaltung import _deutsch

pytestmark = pytest.mark.browser

BEREICHE = ["Jobcenter und Schließtage", "Teams", "Benutzer und Rollen", "Partner"]


def _pruefen(page, adresse: str) -> None:
    antwort = page.goto(adresse)
    assert antwort is not None
    assert antwort.status < 400, f"{adresse} antwortet {antwort.status}"
    page.wait_for_load_state("load")
    # The chooser's help icons get their role once the page has loaded.
    page.wait_for_function("!document.querySelector('.help-tooltip[aria-label]:not([role])')")
    kopf = page.get_by_role("banner")
    expect(kopf.get_by_role("link", name="Kooperationsplan", exact=True)).to_be_visible()
    expect(
        kopf.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Verwaltung"
        )
    ).to_have_attribute("aria-current", "page" if adresse.endswith("/admin/") else "true")
    assert page.title().endswith("Verwaltung – Kooperationsplan"), page.title()
    _deutsch(page)
    barrierefrei(page)
    for breite in (1280, 768):
        page.set_viewport_size({"width": breite, "height": 900})
        breiter = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert breiter <= 0, f"{adresse}: bei {breite} px {breiter} px zum Seitwärtsscrollen"
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("konto", ["admin", "betrieb"])
def test_verwaltung_durchlaeuft_jede_seite_ihres_admins(page, live_server, demo, konto):
    """The Jobcenter's Administration, and the hosting provider's operator
    (superuser), who sees the other records too."""
    if konto == "betrieb":
        User.objects.create_superuser(
            username="betrieb", password="demo", email="betrieb@example.org"
        )
    anmelden(page, live_server, konto, passwort="demo")
    start = f"{live_server.url}/admin/"
    _pruefen(page, start)
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwaltung")
    assert page.title() == "Verwaltung – Kooperationsplan"
    # Sections by what the Administration does daily, in that order.
    assert page.get_by_role("heading", level=2).all_inner_texts()[:4] == BEREICHE
    jobcenter = page.get_by_role("region", name="Jobcenter und Schließtage")
    expect(jobcenter.get_by_role("link", name="Jobcenter", exact=True)).to_be_visible()
    expect(jobcenter).to_contain_text("Schließtage")
    benutzer = page.get_by_role("region", name="Benutzer und Rollen")
    expect(benutzer.get_by_role("link", name="Neu anlegen: Benutzer")).to_be_visible()

    ziele = page.eval_on_selector_all("#content-main a[href]", "as => as.map(a => a.href)")
    listen = [z for z in ziele if not z.endswith("/add/")]
    formulare = [z for z in ziele if z.endswith("/add/")]
    assert f"{live_server.url}/admin/kooperation/user/" in listen
    assert f"{live_server.url}/admin/partners/kooperationsvereinbarung/add/" in formulare
    assert f"{live_server.url}/admin/partners/kommunalertraeger/add/" in formulare

    # Every list, and from each the first record's form where it has one;
    # the breadcrumbs lead to a page per app as well.
    eintraege, apps = [], set()
    for liste in listen:
        _pruefen(page, liste)
        expect(page.locator("#content h1")).to_be_visible()
        erster = page.locator("#result_list tbody tr").first.locator("a[href]").first
        if erster.count():
            eintraege.append(live_server.url + erster.get_attribute("href"))
        apps.update(
            page.eval_on_selector_all(".breadcrumbs a[href]", "as => as.map(a => a.href)")[1:]
        )
    for formular in formulare:
        _pruefen(page, formular)
        expect(page.get_by_role("button", name="Sichern", exact=True)).to_be_visible()
    for eintrag in eintraege:
        _pruefen(page, eintrag)
    assert f"{live_server.url}/admin/kooperation/" in apps
    for app in sorted(apps):
        _pruefen(page, app)
    # A record's history, as one example of the pages a form links to.
    _pruefen(page, eintraege[0].removesuffix("change/") + "history/")

    # The demo has records of every kind the daily sections name.
    besucht = {e.removeprefix(live_server.url).split("/")[3] for e in eintraege}
    assert {"jobcenter", "team", "user", "partner", "angebot"} <= besucht, besucht
