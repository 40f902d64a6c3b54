"""An IFK's day in the browser: Potenzialanalyse → plan → agreement →
review → Fortschreibung, with an axe-core check on every page."""

import re

import pytest
from playwright.sync_api import expect

from plans.models import PlanVersion
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden

pytestmark = pytest.mark.browser


def eintrag_hinzufuegen(page, teil_label, text, **felder):
    abschnitt = page.locator("section", has=page.get_by_role("heading", name=teil_label))
    abschnitt.get_by_text(f"Eintrag hinzufügen: {teil_label}").click()
    abschnitt.get_by_label("Text").fill(text)
    for label, wert in felder.items():
        abschnitt.get_by_label(label).fill(wert)
    abschnitt.get_by_role("button", name="Hinzufügen").click()
    expect(page.get_by_role("status").first).to_contain_text("hinzugefügt")
    barrierefrei(page)


def test_vom_potenzial_zum_fortgeschriebenen_plan(page, live_server, welt):
    person = welt.eigener_fall
    anmelden(page, live_server, "ifk")
    barrierefrei(page)
    page.get_by_role("link", name=re.compile(person.nachname)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(person.nachname)
    barrierefrei(page)

    # Potenzialanalyse
    page.get_by_role("button", name="Potenzialanalyse beginnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Potenzialanalyse")
    barrierefrei(page)
    page.get_by_label("Stärken (auch Soft Skills und nicht formale Kenntnisse)").fill(
        "zuverlässig, kocht gern"
    )
    page.get_by_label("Sprache", exact=True).check()
    page.get_by_label("Was genau? (Sprache)").fill("Deutsch auf A2")
    page.get_by_label("Nein").check()
    page.get_by_role("button", name="Potenzialanalyse abschließen").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Der Entwurf des Kooperationsplans ist fällig bis"
    )
    barrierefrei(page)

    # Plan editor
    page.get_by_role("button", name="Kooperationsplan beginnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kooperationsplan bearbeiten")
    expect(page.get_by_text("Noch nicht aufgegriffen")).to_be_visible()
    barrierefrei(page)
    page.get_by_label("Der Plan: Mein Ziel").fill("Ich will wieder als Köchin arbeiten.")
    page.get_by_role("button", name="Text speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("gespeichert")
    # The one-page and plain-language check loads into the editor (htmx).
    expect(page.get_by_text("Der Plan passt auf eine Seite.")).to_be_visible()
    barrierefrei(page)
    eintrag_hinzufuegen(
        page, "Der Weg: meine nächsten Schritte", "Ich suche mir einen Deutsch-Kurs."
    )
    eintrag_hinzufuegen(
        page,
        "Meine Eigenbemühungen",
        "Ich bewerbe mich in Restaurants.",
        **{"Wie oft": "4 Bewerbungen im Monat", "Wie nachweisen": "Liste beim Termin zeigen"},
    )
    page.get_by_role("link", name="Fertig: zum Plan").click()
    barrierefrei(page)

    # Agree
    page.get_by_role("link", name="Mit der Person vereinbaren").click()
    barrierefrei(page)
    page.get_by_role("button", name="Plan mit der Person vereinbaren").click()
    expect(page.get_by_role("status").first).to_contain_text("Der Plan ist vereinbart")
    expect(page.get_by_text("Stand: vereinbart")).to_be_visible()
    barrierefrei(page)

    # Review and Fortschreibung
    page.get_by_role("button", name="Überprüfung beginnen").click()
    expect(page.get_by_text("Stand: in Überprüfung")).to_be_visible()
    barrierefrei(page)
    page.get_by_role("button", name="Fortschreiben (neue Version)").click()
    expect(page.get_by_text("Entwurf, Version 2")).to_be_visible()
    barrierefrei(page)
    page.get_by_label("Der Plan: Mein Ziel").fill("Ich will als Köchin in Vollzeit arbeiten.")
    page.get_by_role("button", name="Text speichern").click()
    # Leave the editor only once the save has answered; clicking on while the
    # form is in flight lets its response win over the link.
    expect(page.get_by_role("status").first).to_contain_text("gespeichert")
    page.get_by_role("link", name="Fertig: zum Plan").click()
    page.get_by_role("link", name="Mit der Person vereinbaren").click()
    page.get_by_role("button", name="Plan mit der Person vereinbaren").click()
    expect(page.get_by_role("status").first).to_contain_text("Der Plan ist vereinbart")

    # Compare the two agreed versions, by keyboard.
    link = page.get_by_role("link", name="Versionen nebeneinander vergleichen")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 1 und Version 2")
    expect(page.get_by_text("Ich will als Köchin in Vollzeit arbeiten.")).to_be_visible()
    barrierefrei(page)
    # No horizontal scrolling at 1280 px, nor on a tablet (768 px).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 768, "height": 1024})
    for pfad in ("/faelle/", f"/faelle/{person.pk}/"):
        page.goto(f"{live_server.url}{pfad}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), pfad

    assert list(
        PlanVersion.objects.filter(plan__leistungsberechtigter=person)
        .values_list("nummer", "status")
        .order_by("nummer")
    ) == [(1, "vereinbart"), (2, "vereinbart")]
