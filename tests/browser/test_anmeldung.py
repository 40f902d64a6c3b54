"""Each role logs in through the browser, lands on its page, and every page
on the way passes axe-core without serious or critical violations."""

import base64
import re

import pytest
from playwright.sync_api import expect

from kooperation.access import Rolle
from kooperation.models import User
from tests.browser.conftest import barrierefrei
from tests.kooperation.factories import aktueller_code, bestaetigtes_geraet

pytestmark = pytest.mark.browser

LANDET = {
    Rolle.IFK: ("/faelle/", "Meine Fälle"),
    Rolle.TEAMLEITUNG: ("/team/", "Team Nord"),
    Rolle.TRAEGER: ("/traeger/", "Offene Abstimmungen"),
    Rolle.GESCHAEFTSFUEHRUNG: ("/kennzahlen/", "Kennzahlen Jobcenter Rheinstadt"),
}


def anmelden(page, live_server, username, passwort="geheim-genug-123", zweiter_faktor=True):
    """Password, then (as every account needs it) the code from the app."""
    if zweiter_faktor:
        geraet = bestaetigtes_geraet(User.objects.get(username=username))
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/anmelden/"))
    barrierefrei(page)
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort", exact=True).fill(passwort)
    page.get_by_role("button", name="Anmelden").click()
    if zweiter_faktor:
        expect(page).to_have_url(re.compile(r"/anmelden/zweiter-faktor/"))
        barrierefrei(page)
        page.get_by_label("Code").fill(aktueller_code(geraet))
        page.get_by_role("button", name="Bestätigen").click()


@pytest.mark.parametrize("rolle", list(LANDET))
def test_rolle_meldet_sich_an_und_landet_auf_ihrer_seite(page, live_server, welt, rolle):
    pfad, ueberschrift = LANDET[rolle]
    anmelden(page, live_server, welt.users[rolle].username)
    expect(page).to_have_url(f"{live_server.url}{pfad}")
    expect(page.get_by_role("heading", level=1)).to_have_text(ueberschrift)
    barrierefrei(page)


def test_ifk_oeffnet_einen_fall_per_tastatur(page, live_server, welt):
    anmelden(page, live_server, "ifk")
    link = page.get_by_role("link", name=re.compile(welt.eigener_fall.nachname))
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(welt.eigener_fall.nachname)
    barrierefrei(page)


def test_falsches_passwort_zeigt_meldung(page, live_server, welt):
    anmelden(page, live_server, "ifk", passwort="falsch", zweiter_faktor=False)
    expect(page.get_by_role("alert")).to_contain_text("Benutzername oder Passwort stimmen nicht")
    barrierefrei(page)


def test_erste_anmeldung_richtet_den_zweiten_faktor_ein(page, live_server, welt):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    anmelden(page, live_server, "teamleitung", zweiter_faktor=False)
    expect(page).to_have_url(re.compile(r"/konto/zweiter-faktor/einrichten/"))
    expect(page.get_by_role("img", name="QR-Code zum Einrichten")).to_be_visible()
    barrierefrei(page)
    geraet = TOTPDevice.objects.get(user=welt.users[Rolle.TEAMLEITUNG])
    # What the person types from the app: the key shown on the page is the device's.
    schluessel = page.locator(".app-schluessel").inner_text().replace(" ", "")
    assert base64.b32decode(schluessel + "=" * (-len(schluessel) % 8)) == geraet.bin_key
    page.get_by_label("Code").fill(f"{totp(geraet.bin_key):06d}")
    page.get_by_role("button", name="Einrichten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Wiederherstellungscodes")
    expect(
        page.get_by_role("list", name="Wiederherstellungscodes").get_by_role("listitem")
    ).to_have_count(10)
    barrierefrei(page)
    page.get_by_role("link", name=re.compile("weiter")).click()
    expect(page).to_have_url(f"{live_server.url}/team/")
    page.get_by_role("link", name=re.compile("Teamleitung")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Konto")
    expect(page.get_by_text("noch 10 Wiederherstellungscodes")).to_be_visible()
    barrierefrei(page)


def test_passwort_per_link_setzen_und_selbst_aendern(page, live_server, welt):
    from django.core import mail

    gf = welt.users[Rolle.GESCHAEFTSFUEHRUNG]
    gf.email = "gf@jobcenter.example"
    gf.save()
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_role("link", name="Passwort vergessen?").click()
    barrierefrei(page)
    page.get_by_label("E-Mail-Adresse").fill("gf@jobcenter.example")
    page.get_by_role("button", name="Link senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte sehen Sie in Ihr Postfach")
    barrierefrei(page)
    link = re.search(r"https?://\S+/passwort/setzen/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    barrierefrei(page)
    page.get_by_label("Neues Passwort", exact=True).fill("Ein-neues-Passwort-2026")
    page.get_by_label("Neues Passwort bestätigen").fill("Ein-neues-Passwort-2026")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passwort gesetzt")
    barrierefrei(page)
    # The link works once.
    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text("gilt nicht mehr")
    anmelden(page, live_server, gf.username, passwort="Ein-neues-Passwort-2026")
    page.goto(f"{live_server.url}/konto/")
    page.get_by_role("link", name="Passwort ändern").click()
    barrierefrei(page)
    page.get_by_label("Altes Passwort").fill("Ein-neues-Passwort-2026")
    page.get_by_label("Neues Passwort", exact=True).fill("Noch-ein-Passwort-2027")
    page.get_by_label("Neues Passwort bestätigen").fill("Noch-ein-Passwort-2027")
    page.get_by_role("button", name="Passwort ändern").click()
    expect(page.get_by_text("Ihr Passwort wurde geändert.")).to_be_visible()
    barrierefrei(page)
