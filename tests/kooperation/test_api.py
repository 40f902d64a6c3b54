"""The API's shared machinery: tokens, authentication, rate limit per token,
Wiedervorlagen, and the schema with German descriptions."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from kooperation.access import Rolle
from kooperation.api_base import JeToken
from kooperation.models import ApiToken, Fristart
from kooperation.services import wiedervorlage_setzen
from tests.api_helfer import api_client, ids


def test_token_per_befehl(welt):
    ausgabe = io.StringIO()
    call_command("create_api_token", "fachverfahren", stdout=ausgabe, stderr=io.StringIO())
    schluessel = ausgabe.getvalue().strip()
    assert ApiToken.objects.filter(user=welt.users[Rolle.API_CLIENT]).count() == 1
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {schluessel}")
    assert client.get("/api/v1/leistungsberechtigte/").status_code == 200
    # Renewing revokes the old key.
    call_command(
        "create_api_token",
        "fachverfahren",
        "--erneuern",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert client.get("/api/v1/leistungsberechtigte/").status_code == 401


def test_token_nur_fuer_konten_mit_rolle(welt):
    welt.users[Rolle.IFK].__class__.objects.create(username="ohne", jobcenter=welt.jc)
    with pytest.raises(CommandError, match="keine Rolle"):
        call_command("create_api_token", "ohne", stdout=io.StringIO())
    with pytest.raises(CommandError, match="gibt es nicht"):
        call_command("create_api_token", "niemand", stdout=io.StringIO())


def test_ohne_anmeldung_401_ohne_rolle_403(welt):
    assert APIClient().get("/api/v1/leistungsberechtigte/").status_code == 401
    falsch = APIClient()
    falsch.credentials(HTTP_AUTHORIZATION="Token falsch")
    assert falsch.get("/api/v1/leistungsberechtigte/").status_code == 401
    ohne = welt.users[Rolle.IFK].__class__.objects.create(username="ohne", jobcenter=welt.jc)
    assert api_client(ohne).get("/api/v1/partner/").status_code == 403


def test_sitzung_des_browsers_gilt_auch(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    assert client.get("/api/v1/leistungsberechtigte/").status_code == 200


def test_zu_viele_anfragen_je_token(welt, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(JeToken, "THROTTLE_RATES", {"token": "3/min"})
    eins, zwei = api_client(welt.users[Rolle.IFK]), api_client(welt.users[Rolle.TEAMLEITUNG])
    codes = [eins.get("/api/v1/partner/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Another token has its own budget.
    assert zwei.get("/api/v1/partner/").status_code == 200
    cache.clear()


def test_nach_dem_zeitfenster_geht_es_weiter(welt, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(JeToken, "THROTTLE_RATES", {"token": "2/min"})
    jetzt = [6000.0]  # the start of a minute
    monkeypatch.setattr(JeToken, "timer", lambda self: jetzt[0])
    client = api_client(welt.users[Rolle.GESCHAEFTSFUEHRUNG])
    assert [client.get("/api/v1/partner/").status_code for _ in range(2)] == [200, 200]
    jetzt[0] = 6045.0
    abgewiesen = client.get("/api/v1/partner/")
    assert abgewiesen.status_code == 429
    # The client learns when it may ask again: at the turn of the minute.
    assert abgewiesen["Retry-After"] == "15"
    jetzt[0] = 6060.0
    assert client.get("/api/v1/partner/").status_code == 200
    cache.clear()


@pytest.mark.parametrize("rolle", list(Rolle))
def test_wiedervorlagen_je_rolle(welt, rolle):
    eigene = wiedervorlage_setzen(
        ursache=welt.eigener_fall,
        art=Fristart.TERMIN,
        faellig_am=datetime.date(2026, 12, 1),
        jobcenter=welt.jc,
        zustaendig=welt.users[Rolle.IFK],
        team=welt.team,
        leistungsberechtigter_id=welt.eigener_fall.pk,
    )
    wiedervorlage_setzen(
        ursache=welt.fremder_fall,
        art=Fristart.TERMIN,
        faellig_am=datetime.date(2026, 12, 1),
        jobcenter=welt.jc2,
        zustaendig=welt.fremde_ifk,
        leistungsberechtigter_id=welt.fremder_fall.pk,
    )
    erwartet = {eigene.pk} if rolle in (Rolle.IFK, Rolle.TEAMLEITUNG) else set()
    client = api_client(welt.users[rolle])
    assert ids(client.get("/api/v1/wiedervorlagen/?status=offen")) == erwartet
    assert client.get("/api/v1/wiedervorlagen/?faellig_bis=kein-datum").status_code == 400


def test_cursor_seiten(welt):
    client = api_client(welt.users[Rolle.API_CLIENT])
    erste = client.get("/api/v1/leistungsberechtigte/?seitengroesse=1").json()
    assert len(erste["results"]) == 1
    zweite = client.get(erste["next"]).json()
    assert {erste["results"][0]["id"], zweite["results"][0]["id"]} == {
        welt.eigener_fall.pk,
        welt.team_fall.pk,
    }


def _alle_eigenschaften(schema):
    for name, komponente in schema["components"]["schemas"].items():
        for feld, eigenschaft in komponente.get("properties", {}).items():
            yield f"{name}.{feld}", eigenschaft


def test_schema_beschreibt_jedes_feld_auf_deutsch(welt):
    antwort = api_client(welt.users[Rolle.API_CLIENT]).get(
        "/api/schema/", HTTP_ACCEPT="application/json"
    )
    assert antwort.status_code == 200
    schema = antwort.json()
    ohne = [n for n, e in _alle_eigenschaften(schema) if not e.get("description")]
    assert ohne == []
    pfade = set(schema["paths"])
    assert "/api/schema/" not in pfade
    for pfad in (
        "/api/v1/leistungsberechtigte/",
        "/api/v1/potenzialanalysen/",
        "/api/v1/kooperationsplaene/",
        "/api/v1/kooperationsplaene/{plan_pk}/versionen/{id}/pdf/",
        "/api/v1/kooperationsplaene/{id}/bescheide/{bescheid_id}/pdf/",
        "/api/v1/abstimmungen/{id}/entscheiden/",
        "/api/v1/wiedervorlagen/",
        "/api/v1/partner/",
        "/api/v1/angebote/",
    ):
        assert pfad in pfade


def test_dokumentationsseite_ohne_fremde_quellen(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.get("/api/schema/doku/")
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert "https://" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html


def test_unbekannte_adresse_unter_api_ist_json_404(welt):
    client = api_client(welt.users[Rolle.IFK])
    for url in ("/api/v1/kooperationsplaene/abc/versionen/", "/api/v1/gibtsnicht/"):
        antwort = client.get(url)
        assert antwort.status_code == 404
        assert antwort["Content-Type"] == "application/json"
        assert antwort.json()["detail"] == "Nicht gefunden, oder für Sie nicht sichtbar."
