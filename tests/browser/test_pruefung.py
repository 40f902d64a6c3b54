"""The editor's live check in the browser: one polite status region that stays
in the page, rewritten only when its message changes; axe-core throughout."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from plans.models import PlanEintrag, Planteil
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden
from tests.plans.factories import entwurf

pytestmark = pytest.mark.browser

# Counts every change to the status region from now on, and keeps the node
# itself to tell whether it was replaced.
BEOBACHTEN = """() => {
  const region = document.getElementById("pruefung-meldung");
  window.statusregion = region;
  window.aenderungen = 0;
  new MutationObserver((liste) => { window.aenderungen += liste.length; })
    .observe(region, {childList: true, subtree: true, characterData: true});
}"""


def pruefung_abwarten(page, tippen):
    with page.expect_response(lambda r: "/pruefung/" in r.url and r.ok):
        tippen()
    # htmx swaps after the response has been read.
    page.wait_for_function("() => !document.querySelector('#plan-pruefung.htmx-request')")
    page.wait_for_timeout(200)


def test_statusregion_wird_an_ort_und_stelle_aktualisiert(page, live_server, welt):
    version = entwurf(welt)
    # Close to the end of the page: one long part more and it no longer fits.
    for n in range(20):
        PlanEintrag.objects.create(
            version=version,
            teil=Planteil.WEG,
            text=f"Ich erledige Schritt {n} und erzähle beim Termin davon.",
        )
    anmelden(page, live_server, "ifk")
    page.goto(live_server.url + reverse("plans:bearbeiten", args=[version.pk]))
    status = page.locator("#pruefung-meldung")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text("Der Plan passt auf eine Seite.")
    expect(page.get_by_text("Zu wenig Text für eine Zahl: 1 Satz, 5 Wörter")).to_be_visible()
    barrierefrei(page)
    page.evaluate(BEOBACHTEN)

    # Typing that does not change the outcome leaves the region untouched,
    # so a screen reader has nothing to announce again.
    ziel = page.get_by_label("Der Plan: Mein Ziel")
    pruefung_abwarten(page, lambda: ziel.press_sequentially(" Gern."))
    expect(page.get_by_text("Zu wenig Text für eine Zahl: 2 Sätze, 6 Wörter")).to_be_visible()
    assert page.evaluate("window.aenderungen") == 0

    # A changed outcome is written into the same region, once.
    sonstiges = page.get_by_label("Was sonst noch wichtig ist")
    sonstiges.fill(("Ich gehe jeden Tag zum Kurs. " * 30)[:590])
    pruefung_abwarten(page, lambda: sonstiges.press("End"))
    expect(status).to_contain_text("Der Plan passt nicht auf eine Seite")
    assert page.evaluate("window.statusregion === document.getElementById('pruefung-meldung')")
    assert page.locator("[role=status]#pruefung-meldung").count() == 1
    assert page.locator("#plan-pruefung [role=alert], #pruefung-meldung [role=alert]").count() == 0
    pruefung = page.locator("section", has=page.get_by_role("heading", name="Eine Seite"))
    assert pruefung.locator("[aria-live], [role=status]").count() == 1
    barrierefrei(page)
