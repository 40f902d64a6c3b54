"""Invitations and hearings through the API: the same policy as the pages
(the IFK writes, the team reads, the Fachverfahren reads the outcomes), the
one error shape, nothing saved on a refusal."""

import datetime

import pytest
from django.utils import timezone

from kooperation.access import Rolle
from plans.models.termin import Einladung
from tests.api_helfer import api_client, ids
from tests.plans.termine_hilfen import arbeitstag, erste_einladung, zeitpunkt

pytestmark = pytest.mark.django_db


def _einladen(client, welt, **anders):
    daten = {
        "leistungsberechtigter": welt.eigener_fall.pk,
        "beginn": zeitpunkt(arbeitstag(5)).isoformat(),
        "form": "vor_ort",
        "ort": "Raum 1.23",
        "zweck": "Gespräch über den Plan",
        **anders,
    }
    return client.post("/api/v1/einladungen/", daten, format="json")


def _vorbei(einladung_id: int) -> None:
    """The appointment's day has passed (the service takes future ones only)."""
    Einladung.objects.filter(pk=einladung_id).update(
        beginn=timezone.now() - datetime.timedelta(days=1)
    )


def test_einladen_lesen_und_ergebnis_fuer_das_fachverfahren(welt):
    ifk = api_client(welt.users[Rolle.IFK])
    antwort = _einladen(ifk, welt)
    assert antwort.status_code == 201, antwort.content
    einladung = antwort.json()
    assert einladung["ergebnis"] == "offen"
    assert einladung["anhoerung"] is None
    _vorbei(einladung["id"])
    antwort = ifk.post(
        f"/api/v1/einladungen/{einladung['id']}/ergebnis/",
        {"ergebnis": "erschienen", "version": einladung["version"]},
        format="json",
    )
    assert antwort.status_code == 200, antwort.content
    assert antwort.json()["ergebnis"] == "erschienen"

    fachverfahren = api_client(welt.users[Rolle.API_CLIENT])
    assert ids(fachverfahren.get("/api/v1/einladungen/?ergebnis=erschienen")) == {einladung["id"]}
    assert einladung["mit_rechtsfolgenbelehrung"] is False  # the first after the analysis
    gelesen = fachverfahren.get(f"/api/v1/einladungen/{einladung['id']}/").json()
    assert gelesen["ergebnis"] == "erschienen"
    # The Fachverfahren reads, it does not record.
    antwort = fachverfahren.post(
        f"/api/v1/einladungen/{einladung['id']}/ergebnis/",
        {"ergebnis": "nicht_erschienen", "version": gelesen["version"]},
        format="json",
    )
    assert antwort.status_code == 403
    assert set(antwort.json()) == {"code", "detail", "felder"}


def test_fehler_nennen_das_feld_und_speichern_nichts(welt):
    ifk = api_client(welt.users[Rolle.IFK])
    antwort = _einladen(ifk, welt, ort="", dauer_minuten=2)
    assert antwort.status_code == 400
    fehler = antwort.json()
    assert set(fehler) == {"code", "detail", "felder"}
    assert "dauer_minuten" in fehler["felder"]
    antwort = _einladen(ifk, welt, beginn="9999-01-01T10:00:00+01:00")
    assert antwort.status_code == 400
    assert "beginn" in antwort.json()["felder"]
    assert not Einladung.objects.exists()


def test_fremde_person_gibt_es_nicht_und_teamleitung_schreibt_nicht(welt):
    ifk = api_client(welt.users[Rolle.IFK])
    antwort = _einladen(ifk, welt, leistungsberechtigter=welt.fremder_fall.pk)
    assert antwort.status_code == 400
    assert "leistungsberechtigter" in antwort.json()["felder"]
    tl = api_client(welt.users[Rolle.TEAMLEITUNG])
    assert _einladen(tl, welt).status_code == 403
    assert not Einladung.objects.exists()


def test_anhoerung_bis_zur_mitteilung(welt):
    erste_einladung(welt)
    ifk = api_client(welt.users[Rolle.IFK])
    einladung = _einladen(ifk, welt).json()
    _vorbei(einladung["id"])
    ifk.post(
        f"/api/v1/einladungen/{einladung['id']}/ergebnis/",
        {"ergebnis": "nicht_erschienen", "version": einladung["version"]},
        format="json",
    )
    antwort = ifk.post(f"/api/v1/einladungen/{einladung['id']}/anhoerung/")
    assert antwort.status_code == 201, antwort.content
    anhoerung = antwort.json()
    assert anhoerung["feststellung"] == "offen"
    assert anhoerung["mitteilung"] is None
    url = f"/api/v1/anhoerungen/{anhoerung['id']}"
    antwort = ifk.post(
        f"{url}/antwort/",
        {
            "antwort": "Ich war krank, habe aber keine Bescheinigung.",
            "antwort_am": timezone.localdate().isoformat(),
            "version": anhoerung["version"],
        },
        format="json",
    )
    assert antwort.status_code == 200, antwort.content
    anhoerung = antwort.json()
    veraltet = ifk.post(
        f"{url}/feststellung/",
        {"wichtiger_grund": False, "begruendung": "Kein Nachweis.", "version": 1},
        format="json",
    )
    assert veraltet.status_code == 409
    assert ifk.get(f"{url}/").json()["feststellung"] == "offen"
    antwort = ifk.post(
        f"{url}/feststellung/",
        {
            "wichtiger_grund": False,
            "begruendung": "Kein Nachweis.",
            "version": anhoerung["version"],
        },
        format="json",
    )
    assert antwort.status_code == 200, antwort.content
    ergebnis = antwort.json()
    assert ergebnis["feststellung"] == "kein_wichtiger_grund"
    assert ergebnis["mitteilung"]["relevante_versaeumnisse"] == 1
    assert ergebnis["pflichtverletzung"] is not None
