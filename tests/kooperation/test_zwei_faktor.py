"""A second factor after the password, for every account: set up at the
first login with a QR code, then a code from the app or a one-time recovery
code; reset only by a second person of the Administration. API tokens need
none."""

import re

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kooperation.access import Rolle
from tests.api_helfer import api_client
from tests.kooperation.factories import aktueller_code, bestaetigtes_geraet

PASSWORT = "geheim-genug-123"


def _mit_passwort(username: str) -> Client:
    client = Client()
    antwort = client.post("/anmelden/", {"username": username, "password": PASSWORT})
    assert antwort.status_code == 302
    return client


def _grund(konto, grund):
    return LogEntry.objects.filter(object_pk=str(konto.pk), additional_data__grund=grund)


def test_passwort_allein_oeffnet_nichts(welt):
    bestaetigtes_geraet(welt.users[Rolle.IFK])
    client = _mit_passwort("ifk")
    for url in ("/faelle/", f"/faelle/{welt.eigener_fall.pk}/", "/admin/", "/konto/"):
        antwort = client.get(url)
        assert antwort.status_code == 302, url
        assert antwort["Location"].startswith("/anmelden/zweiter-faktor/")
    # The API does not take the half-finished session either.
    assert client.get("/api/v1/leistungsberechtigte/").status_code == 403


def test_code_aus_der_app_oeffnet_die_sitzung(welt):
    geraet = bestaetigtes_geraet(welt.users[Rolle.IFK])
    client = _mit_passwort("ifk")
    falsch = client.post("/anmelden/zweiter-faktor/", {"code": "000000", "next": "/faelle/"})
    assert falsch.status_code == 200
    assert "Der Code stimmt nicht" in falsch.content.decode()
    antwort = client.post(
        "/anmelden/zweiter-faktor/", {"code": aktueller_code(geraet), "next": "/faelle/"}
    )
    assert antwort.status_code == 302
    assert antwort["Location"] == "/faelle/"
    assert client.get("/faelle/").status_code == 200


def test_einrichten_bei_der_ersten_anmeldung(welt):
    ifk = welt.users[Rolle.IFK]
    client = _mit_passwort("ifk")
    antwort = client.get("/faelle/", follow=True)
    assert antwort.redirect_chain[-1][0].startswith("/konto/zweiter-faktor/einrichten/")
    seite = antwort.content.decode()
    # The QR code is made on the server, as SVG, no outside service.
    quelle = re.search(r'<img src="([^"]+)"', seite).group(1)
    assert quelle.startswith("data:image/svg+xml")
    geraet = TOTPDevice.objects.get(user=ifk, confirmed=False)
    code = f"{totp(geraet.bin_key):06d}"
    fertig = client.post("/konto/zweiter-faktor/einrichten/", {"code": code, "next": "/faelle/"})
    assert fertig.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-z]+)</code></li>", fertig.content.decode())
    assert len(codes) == 10
    assert fertig["Cache-Control"] == "no-store"
    assert client.get("/faelle/").status_code == 200
    geraet.refresh_from_db()
    assert geraet.confirmed
    assert _grund(ifk, "Zweiter Faktor eingerichtet").filter(actor=ifk).exists()
    eintraege = " ".join(str(e.changes) for e in LogEntry.objects.filter(object_pk=str(ifk.pk)))
    for code in codes:
        assert code not in eintraege
    assert geraet.key not in eintraege
    # Codes are shown once: the account page only counts them.
    konto = client.get("/konto/").content.decode()
    assert "10 Wiederherstellungscodes" in konto
    assert codes[0] not in konto


def test_wer_schon_ein_geraet_hat_richtet_mit_dem_passwort_kein_neues_ein(welt):
    bestaetigtes_geraet(welt.users[Rolle.IFK])
    client = _mit_passwort("ifk")
    antwort = client.get("/konto/zweiter-faktor/einrichten/")
    assert antwort.status_code == 302
    assert antwort["Location"].startswith("/anmelden/zweiter-faktor/")
    assert TOTPDevice.objects.filter(user=welt.users[Rolle.IFK]).count() == 1


def test_wiederherstellungscode_gilt_einmal(welt):
    from kooperation.konten import wiederherstellungscodes_erzeugen

    ifk = welt.users[Rolle.IFK]
    bestaetigtes_geraet(ifk)
    code = wiederherstellungscodes_erzeugen(ifk)[0]
    client = _mit_passwort("ifk")
    antwort = client.post("/anmelden/zweiter-faktor/", {"code": code, "next": "/faelle/"})
    assert antwort["Location"] == "/faelle/"
    assert StaticDevice.objects.get(user=ifk).token_set.count() == 9
    assert _grund(ifk, "Wiederherstellungscode benutzt").exists()
    nochmal = _mit_passwort("ifk")
    antwort = nochmal.post("/anmelden/zweiter-faktor/", {"code": code, "next": "/faelle/"})
    assert antwort.status_code == 200


def test_neue_codes_ersetzen_die_alten(client, welt):
    from kooperation.konten import wiederherstellungscodes_erzeugen

    ifk = welt.users[Rolle.IFK]
    alt = wiederherstellungscodes_erzeugen(ifk)
    client.force_login(ifk)
    antwort = client.post("/konto/", {"codes_erneuern": "1"})
    neu = re.findall(r"<li><code>([0-9a-z]+)</code></li>", antwort.content.decode())
    assert len(neu) == 10
    tokens = set(StaticDevice.objects.get(user=ifk).token_set.values_list("token", flat=True))
    assert tokens == set(neu)
    assert not tokens & set(alt)


class TestZuruecksetzen:
    def test_eine_zweite_verwaltung_setzt_zurueck(self, client, welt):
        ifk = welt.users[Rolle.IFK]
        bestaetigtes_geraet(ifk)
        admin = welt.users[Rolle.ADMINISTRATION]
        client.force_login(admin)
        antwort = client.post(
            "/admin/kooperation/user/",
            {"action": "zweiten_faktor_zuruecksetzen", "_selected_action": [ifk.pk]},
        )
        assert antwort.status_code == 302
        assert not TOTPDevice.objects.filter(user=ifk).exists()
        assert _grund(ifk, "Zweiter Faktor zurückgesetzt").filter(actor=admin).exists()

    def test_nicht_das_eigene_und_nicht_in_fremden_jobcentern(self, client, welt):
        admin = welt.users[Rolle.ADMINISTRATION]
        fremd = welt.fremde_ifk
        for konto in (admin, fremd):
            TOTPDevice.objects.create(user=konto, name="App", confirmed=True)
        client.force_login(admin)
        for konto in (admin, fremd):
            client.post(
                "/admin/kooperation/user/",
                {"action": "zweiten_faktor_zuruecksetzen", "_selected_action": [konto.pk]},
            )
        assert TOTPDevice.objects.filter(user=admin, name="App").exists()
        assert TOTPDevice.objects.filter(user=fremd).exists()


def test_api_token_braucht_keinen_zweiten_faktor(welt):
    assert not TOTPDevice.objects.filter(user=welt.users[Rolle.API_CLIENT]).exists()
    antwort = api_client(welt.users[Rolle.API_CLIENT]).get("/api/v1/leistungsberechtigte/")
    assert antwort.status_code == 200


def test_entwicklung_ohne_pflicht_mit_hinweis(welt, settings):
    settings.ZWEI_FAKTOR_PFLICHT = False
    anmeldung = Client().get("/anmelden/").content.decode()
    assert "Im Betrieb bestätigt jede Anmeldung zusätzlich ein Code" in anmeldung
    client = _mit_passwort("ifk")
    assert client.get("/faelle/").status_code == 200


@pytest.mark.parametrize(("modus", "erwartet"), [("production", "True"), ("dev", "False")])
def test_pflicht_in_produktion_aus_in_der_entwicklung(modus, erwartet):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    assert settings.ZWEI_FAKTOR_PFLICHT is True  # the test settings
    umgebung = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ZWEI_FAKTOR"))}
    umgebung.update(
        DJANGO_SETTINGS_MODULE=f"kooperation.settings.{modus}",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="jobcenter.example",
    )
    ergebnis = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.ZWEI_FAKTOR_PFLICHT)",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=umgebung,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert ergebnis.stdout.strip() == erwartet


@pytest.mark.parametrize("rolle", list(Rolle))
def test_jede_rolle_braucht_den_zweiten_faktor(welt, rolle):
    client = _mit_passwort(welt.users[rolle].username)
    antwort = client.get("/")
    antwort = client.get(antwort["Location"]) if antwort.status_code == 302 else antwort
    assert antwort.status_code == 302
    assert "zweiter-faktor" in antwort["Location"]


def _schluessel(user):
    """A registered key as the ceremony leaves it (its keys are dummies)."""
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.create(
        user=user,
        name="USB-Schlüssel",
        confirmed=True,
        credential_id=b"abc",
        public_key=b"key",
        sign_count=0,
        aaguid="00000000-0000-0000-0000-000000000000",
        transports=["usb"],
    )


class TestSicherheitsschluessel:
    """A security key (WebAuthn) beside the app; the ceremony in a browser
    is in tests/browser/test_sicherheitsschluessel.py."""

    def test_passwort_allein_registriert_keinen_schluessel(self, welt, settings):
        bestaetigtes_geraet(welt.users[Rolle.IFK])
        client = _mit_passwort("ifk")
        url = "/konto/sicherheitsschluessel/registrieren/beginnen/"
        antwort = client.post(url)
        assert antwort.status_code == 302
        assert antwort["Location"].startswith("/anmelden/zweiter-faktor/")
        # Also where the second factor is not enforced: an account that has
        # one confirms it before adding a key.
        settings.ZWEI_FAKTOR_PFLICHT = False
        assert client.post(url).status_code == 403

    def test_bestaetigte_sitzung_erhaelt_die_optionen(self, client, welt):
        client.force_login(welt.users[Rolle.IFK])
        antwort = client.post("/konto/sicherheitsschluessel/registrieren/beginnen/")
        assert antwort.status_code == 200
        assert antwort.json()["rp"]["id"] == "localhost"
        assert antwort.json()["authenticatorSelection"]["residentKey"] != "required"

    def test_zuruecksetzen_entfernt_schluessel_und_protokolliert(self, client, welt):
        from django_otp_webauthn.models import WebAuthnCredential

        ifk = welt.users[Rolle.IFK]
        bestaetigtes_geraet(ifk)
        schluessel = _schluessel(ifk)
        assert _grund(ifk, "Sicherheitsschlüssel registriert").exists()
        client.force_login(welt.users[Rolle.ADMINISTRATION])
        client.post(
            "/admin/kooperation/user/",
            {"action": "zweiten_faktor_zuruecksetzen", "_selected_action": [ifk.pk]},
        )
        assert not WebAuthnCredential.objects.filter(pk=schluessel.pk).exists()
        assert _grund(ifk, "Sicherheitsschlüssel entfernt").exists()

    def test_anmeldeseite_bietet_den_schluessel_an(self, welt):
        ifk = welt.users[Rolle.IFK]
        bestaetigtes_geraet(ifk)
        client = _mit_passwort("ifk")
        assert (
            "Mit Sicherheitsschlüssel"
            not in client.get("/anmelden/zweiter-faktor/").content.decode()
        )
        _schluessel(ifk)
        assert (
            "Mit Sicherheitsschlüssel" in client.get("/anmelden/zweiter-faktor/").content.decode()
        )
