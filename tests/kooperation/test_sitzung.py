"""Sessions are read from the shared cache (cached_db): ending or revoking a
session must still take effect at once, in every process that shares it."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from kooperation.access import Rolle
from tests.kooperation.factories import aktueller_code, bestaetigtes_geraet


def _anmelden(welt) -> Client:
    """Password, then the code from the app."""
    client = Client()
    ifk = welt.users[Rolle.IFK]
    antwort = client.post("/anmelden/", {"username": ifk.username, "password": "geheim-genug-123"})
    assert antwort.status_code == 302
    code = aktueller_code(bestaetigtes_geraet(ifk))
    assert client.post("/anmelden/zweiter-faktor/", {"code": code}).status_code == 302
    assert client.get("/faelle/").status_code == 200
    return client


def _mit_cookie(cookie: str) -> Client:
    """Another browser (or web process) presenting the same session cookie."""
    andere = Client()
    andere.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return andere


def test_sitzung_liegt_in_der_datenbank_und_im_cache(welt):
    client = _anmelden(welt)
    schluessel = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=schluessel).exists()
    assert _mit_cookie(schluessel).get("/faelle/").status_code == 200


def test_nach_dem_abmelden_gilt_das_alte_cookie_nicht_mehr(welt):
    client = _anmelden(welt)
    schluessel = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post("/abmelden/").status_code == 302
    antwort = _mit_cookie(schluessel).get("/faelle/")
    assert antwort.status_code == 302
    assert antwort["Location"].startswith("/anmelden/")
    assert not Session.objects.filter(session_key=schluessel).exists()


def test_gesperrtes_konto_verliert_die_laufende_sitzung_sofort(welt):
    client = _anmelden(welt)
    ifk = welt.users[Rolle.IFK]
    ifk.is_active = False
    ifk.save()
    antwort = client.get("/faelle/")
    assert antwort.status_code == 302
    assert antwort["Location"].startswith("/anmelden/")


def test_neues_passwort_beendet_andere_sitzungen(welt):
    client = _anmelden(welt)
    ifk = welt.users[Rolle.IFK]
    ifk.set_password("ganz-anders-456")
    ifk.save()
    antwort = client.get("/faelle/")
    assert antwort.status_code == 302
    assert antwort["Location"].startswith("/anmelden/")


def _untaetig(client, minuten: int) -> None:
    from kooperation.sitzung import ZULETZT_AKTIV

    sitzung = client.session
    sitzung[ZULETZT_AKTIV] -= minuten * 60
    sitzung.save()


def test_nach_leerlauf_abgemeldet(client, welt, settings):
    settings.SITZUNG_LEERLAUF_MINUTEN = 30
    client.force_login(welt.users[Rolle.IFK])
    assert client.get("/faelle/").status_code == 200
    _untaetig(client, 31)
    antwort = client.get("/faelle/", follow=True)
    assert antwort.redirect_chain[0][0].startswith("/anmelden/")
    assert "30 Minuten ohne Aktivität abgemeldet" in antwort.content.decode()
    assert client.get("/api/v1/leistungsberechtigte/").status_code in (401, 403)


def test_arbeit_haelt_die_sitzung_offen(client, welt, settings):
    settings.SITZUNG_LEERLAUF_MINUTEN = 30
    client.force_login(welt.users[Rolle.IFK])
    _untaetig(client, 20)
    assert client.get("/faelle/").status_code == 200
    _untaetig(client, 20)
    assert client.get("/faelle/").status_code == 200
