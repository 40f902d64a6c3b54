"""Every error of the API has one shape (``code``, ``detail``, ``felder``), the
one the schema documents as ``Fehler`` on every operation; the API takes JSON
only; PATCH changes only what is sent."""

import pytest
from rest_framework.test import APIClient

from kooperation.access import Rolle
from kooperation.errors import FEHLERCODES
from tests.api_helfer import api_client
from tests.cases.factories import PotenzialanalyseFactory
from tests.plans.factories import entwurf


def _form(antwort, code: str, status: int) -> dict:
    assert antwort.status_code == status, antwort.content
    daten = antwort.json()
    assert set(daten) == {"code", "detail", "felder"}
    assert daten["code"] == code
    assert code in FEHLERCODES
    assert daten["detail"]
    return daten


def test_feldfehler_nennen_feld_code_und_deutsche_meldung(welt):
    antwort = api_client(welt.users[Rolle.IFK]).get("/api/v1/leistungsberechtigte/?seitengroesse=0")
    daten = _form(antwort, "invalid", 400)
    assert daten["felder"] == {"seitengroesse": ["Bitte eine ganze Zahl von 1 bis 200 angeben."]}
    assert daten["detail"] == "Bitte prüfen Sie die Angaben: seitengroesse."


def test_fachregel_ist_business_rule(welt):
    version = entwurf(welt)
    version.ziel = ""
    version.save()
    antwort = api_client(welt.users[Rolle.IFK]).post(
        f"/api/v1/kooperationsplaene/{version.plan_id}/versionen/{version.pk}/vereinbaren/",
        {"vereinbart_am": "2026-10-07"},
    )
    daten = _form(antwort, "business_rule", 400)
    assert daten["felder"]["ziel"] == ["Bitte tragen Sie das Ziel ein („Der Plan“)."]


def test_unsichtbare_kennung_ist_invalid_reference(welt):
    antwort = api_client(welt.users[Rolle.IFK]).post(
        "/api/v1/potenzialanalysen/",
        {"leistungsberechtigter": welt.fremder_fall.pk, "begonnen_am": "2026-10-01"},
    )
    daten = _form(antwort, "invalid_reference", 400)
    assert list(daten["felder"]) == ["leistungsberechtigter"]


def test_verschachtelte_feldfehler_stehen_mit_punkt(welt):
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    antwort = api_client(welt.users[Rolle.IFK]).patch(
        f"/api/v1/potenzialanalysen/{pa.pk}/",
        {"handlungsbedarfe": [{"bereich": "gibt-es-nicht"}], "sperrversion": pa.sperrversion},
    )
    daten = _form(antwort, "invalid", 400)
    assert list(daten["felder"]) == ["handlungsbedarfe.0.bereich"]


@pytest.mark.parametrize(
    ("pfad", "kopf", "code", "status"),
    [
        ("/api/v1/leistungsberechtigte/", {}, "not_authenticated", 401),
        ("/api/v1/leistungsberechtigte/", {"HTTP_AUTHORIZATION": "Token falsch"}, None, 401),
        ("/api/v1/gibt-es-nicht/", None, "not_found", 404),
        ("/api/v1/leistungsberechtigte/999999/", None, "not_found", 404),
        ("/api/v1/partner/", "traeger", "permission_denied", 403),
    ],
)
def test_jeder_fehler_hat_dieselbe_form(welt, pfad, kopf, code, status):
    if kopf is None:
        client = api_client(welt.users[Rolle.IFK])
    elif kopf == "traeger":
        client = api_client(welt.users[Rolle.TRAEGER])
    else:
        client = APIClient()
        client.credentials(**kopf)
    antwort = client.get(pfad)
    _form(antwort, code or antwort.json()["code"], status)
    assert antwort.json()["felder"] == {}


def test_nur_json_wird_angenommen(welt):
    client = api_client(welt.users[Rolle.IFK])
    antwort = client.post(
        "/api/v1/potenzialanalysen/",
        {"leistungsberechtigter": welt.eigener_fall.pk, "begonnen_am": "2026-10-01"},
        format="multipart",
    )
    _form(antwort, "unsupported_media_type", 415)
    kaputt = client.generic(
        "POST", "/api/v1/potenzialanalysen/", "{kein json", content_type="application/json"
    )
    _form(kaputt, "parse_error", 400)


def test_veraltete_sperrversion_ist_conflict(welt):
    version = entwurf(welt)
    antwort = api_client(welt.users[Rolle.IFK]).patch(
        f"/api/v1/kooperationsplaene/{version.plan_id}/versionen/{version.pk}/",
        {"ziel": "Neu", "sperrversion": version.sperrversion + 5},
    )
    _form(antwort, "conflict", 409)


def test_patch_aendert_nur_das_gesendete(welt):
    version = entwurf(welt)
    version.kontakt = "Frau Beispiel, Zimmer 3"
    version.save()
    antwort = api_client(welt.users[Rolle.IFK]).patch(
        f"/api/v1/kooperationsplaene/{version.plan_id}/versionen/{version.pk}/",
        {"sonstiges": "Nur das hier.", "sperrversion": version.sperrversion},
    )
    assert antwort.status_code == 200, antwort.content
    assert antwort.json()["sonstiges"] == "Nur das hier."
    assert antwort.json()["kontakt"] == "Frau Beispiel, Zimmer 3"
    assert antwort.json()["ziel"] == "Ich will als Köchin arbeiten."
