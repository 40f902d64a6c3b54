"""A security key (WebAuthn) as second factor beside the app: registered on
"Mein Konto" after a login confirmed with the app, then used to confirm the
next login. Chromium's virtual authenticator (DevTools protocol) stands in
for the USB key."""

import re

import pytest
from auditlog.models import LogEntry
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from kooperation.access import Rolle
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden

pytestmark = pytest.mark.browser


def _virtueller_schluessel(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


def test_schluessel_registrieren_und_damit_anmelden(page, live_server, welt, settings):
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    ifk = welt.users[Rolle.IFK]
    _virtueller_schluessel(page)
    anmelden(page, live_server, "ifk")
    expect(page).to_have_url(f"{live_server.url}/faelle/")

    page.goto(f"{live_server.url}/konto/")
    barrierefrei(page)
    page.get_by_role("button", name="Sicherheitsschlüssel registrieren").click()
    expect(page.locator("#passkey-register-status-message")).to_have_text(
        "Registrierung erfolgreich!"
    )
    assert WebAuthnCredential.objects.filter(user=ifk, confirmed=True).count() == 1
    assert LogEntry.objects.filter(
        object_pk=str(ifk.pk), additional_data__grund="Sicherheitsschlüssel registriert"
    ).exists()
    page.reload()
    expect(page.get_by_text("Registriert: 1 Sicherheitsschlüssel")).to_be_visible()
    barrierefrei(page)

    # The next login: password, then the key instead of the code.
    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/anmelden/"))
    page.goto(f"{live_server.url}/")
    page.get_by_label("Benutzername").fill("ifk")
    page.get_by_label("Passwort", exact=True).fill("geheim-genug-123")
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/anmelden/zweiter-faktor/"))
    barrierefrei(page)
    page.get_by_role("button", name="Mit Sicherheitsschlüssel bestätigen").click()
    expect(page).to_have_url(f"{live_server.url}/faelle/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Fälle")
    barrierefrei(page)
