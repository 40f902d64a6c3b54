"""``/api/v1/leistungsberechtigte/`` and ``/api/v1/potenzialanalysen/``: every
role allowed or denied, nothing of another Jobcenter visible, German field
errors, stale updates refused."""

import datetime

import pytest

from cases.models import Leistungsberechtigter, Potenzialanalyse
from kooperation.access import Rolle
from tests.api_helfer import api_client, ids
from tests.cases.factories import PotenzialanalyseFactory

# role -> which of the world's cases it sees in lists (None: 403)
SICHT = {
    Rolle.IFK: {"eigener_fall", "team_fall"},
    Rolle.TEAMLEITUNG: {"eigener_fall", "team_fall"},
    Rolle.TRAEGER: None,
    Rolle.GESCHAEFTSFUEHRUNG: None,
    Rolle.ADMINISTRATION: None,
    Rolle.API_CLIENT: {"eigener_fall", "team_fall"},
}


@pytest.mark.parametrize("rolle", list(Rolle))
def test_fallliste_je_rolle(welt, rolle):
    antwort = api_client(welt.users[rolle]).get("/api/v1/leistungsberechtigte/")
    if SICHT[rolle] is None:
        assert antwort.status_code == 403
    else:
        assert ids(antwort) == {getattr(welt, f).pk for f in SICHT[rolle]}


@pytest.mark.parametrize("rolle", list(Rolle))
def test_potenzialanalysen_je_rolle(welt, rolle):
    eigene = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    PotenzialanalyseFactory(leistungsberechtigter=welt.fremder_fall)
    antwort = api_client(welt.users[rolle]).get("/api/v1/potenzialanalysen/")
    if SICHT[rolle] is None:
        assert antwort.status_code == 403
    else:
        assert ids(antwort) == {eigene.pk}


@pytest.mark.parametrize("rolle", [Rolle.IFK, Rolle.TEAMLEITUNG, Rolle.API_CLIENT])
def test_fall_eines_anderen_jobcenters_ist_404(welt, rolle):
    antwort = api_client(welt.users[rolle]).get(
        f"/api/v1/leistungsberechtigte/{welt.fremder_fall.pk}/"
    )
    assert antwort.status_code == 404
    # The same answer as for an id that does not exist: nothing leaks.
    leer = api_client(welt.users[rolle]).get("/api/v1/leistungsberechtigte/999999/")
    assert antwort.json() == leer.json()
    assert welt.fremder_fall.nachname not in antwort.content.decode()


def test_fall_lesen_mit_etag_und_protokoll(welt):
    from auditlog.models import LogEntry

    antwort = api_client(welt.users[Rolle.API_CLIENT]).get(
        f"/api/v1/leistungsberechtigte/{welt.eigener_fall.pk}/"
    )
    assert antwort.status_code == 200
    assert antwort["ETag"] == '"1"'
    assert antwort.json()["nachname"] == welt.eigener_fall.nachname
    assert LogEntry.objects.filter(
        object_pk=str(welt.eigener_fall.pk), action=LogEntry.Action.ACCESS
    ).exists()


NEU = {
    "kundennummer": "K-API-1",
    "vorname": "Aylin",
    "nachname": "Demir",
    "geburtsdatum": "1990-02-03",
    "plz": "68159",
}


def test_ifk_legt_fall_an(welt):
    antwort = api_client(welt.users[Rolle.IFK]).post(
        "/api/v1/leistungsberechtigte/", {**NEU, "team": welt.team.pk}, format="json"
    )
    assert antwort.status_code == 201, antwort.content
    person = Leistungsberechtigter.objects.get(pk=antwort.json()["id"])
    assert person.zustaendig == welt.users[Rolle.IFK]
    assert person.jobcenter == welt.jc


@pytest.mark.parametrize(
    "rolle",
    [Rolle.TEAMLEITUNG, Rolle.API_CLIENT, Rolle.TRAEGER, Rolle.GESCHAEFTSFUEHRUNG],
)
def test_andere_rollen_legen_keinen_fall_an(welt, rolle):
    antwort = api_client(welt.users[rolle]).post(
        "/api/v1/leistungsberechtigte/", {**NEU, "team": welt.team.pk}, format="json"
    )
    assert antwort.status_code == 403
    assert not Leistungsberechtigter.objects.filter(kundennummer="K-API-1").exists()


def test_falsche_eingaben_ergeben_deutsche_feldfehler(welt):
    antwort = api_client(welt.users[Rolle.IFK]).post(
        "/api/v1/leistungsberechtigte/",
        {**NEU, "plz": "12", "geburtsdatum": "gestern", "team": welt.fremde_ifk.team.pk},
        format="json",
    )
    assert antwort.status_code == 400
    fehler = antwort.json()["felder"]
    assert "Datum" in fehler["geburtsdatum"][0]
    # The other Jobcenter's team "does not exist" for this user.
    assert "existiert nicht" in fehler["team"][0]


def test_doppelte_kundennummer_ist_feldfehler(welt):
    client = api_client(welt.users[Rolle.IFK])
    daten = {**NEU, "kundennummer": welt.team_fall.kundennummer, "team": welt.team.pk}
    antwort = client.post("/api/v1/leistungsberechtigte/", daten, format="json")
    assert antwort.status_code == 400
    assert "Kundennummer" in str(antwort.json())


def test_potenzialanalyse_beginnen_und_abschliessen(welt):
    client = api_client(welt.users[Rolle.IFK])
    antwort = client.post(
        "/api/v1/potenzialanalysen/",
        {"leistungsberechtigter": welt.eigener_fall.pk, "begonnen_am": "2026-10-01"},
        format="json",
    )
    assert antwort.status_code == 201, antwort.content
    pk = antwort.json()["id"]
    antwort = client.post(
        f"/api/v1/potenzialanalysen/{pk}/abschliessen/",
        {
            "abgeschlossen_am": "2026-10-02",
            "reha_bedarf": "nein",
            "handlungsbedarfe": [{"bereich": "sprache", "beschreibung": "B1 fehlt"}],
            "sperrversion": 1,
        },
        format="json",
    )
    assert antwort.status_code == 200, antwort.content
    daten = antwort.json()
    assert daten["status"] == "abgeschlossen"
    assert daten["entwurf_frist"] == "2026-10-16"
    assert [h["bereich"] for h in daten["handlungsbedarfe"]] == ["sprache"]


def test_potenzialanalyse_fremder_person_ist_feldfehler(welt):
    antwort = api_client(welt.users[Rolle.IFK]).post(
        "/api/v1/potenzialanalysen/",
        {"leistungsberechtigter": welt.fremder_fall.pk, "begonnen_am": "2026-10-01"},
        format="json",
    )
    assert antwort.status_code == 400
    assert not Potenzialanalyse.objects.exists()


def test_teamfall_ist_fuer_die_ifk_nur_lesbar(welt):
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.team_fall)
    client = api_client(welt.users[Rolle.IFK])
    assert client.get(f"/api/v1/potenzialanalysen/{pa.pk}/").status_code == 200
    antwort = client.patch(
        f"/api/v1/potenzialanalysen/{pa.pk}/", {"staerken": "x", "sperrversion": 1}, format="json"
    )
    assert antwort.status_code == 403


def test_veraltete_aenderung_wird_abgewiesen(welt):
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    client = api_client(welt.users[Rolle.IFK])
    url = f"/api/v1/potenzialanalysen/{pa.pk}/"
    etag = client.get(url)["ETag"]
    erste = client.patch(url, {"staerken": "pünktlich"}, format="json", HTTP_IF_MATCH=etag)
    assert erste.status_code == 200, erste.content
    assert erste["ETag"] == '"2"'
    # A second client still holding the old ETag / version is refused.
    zweite = client.patch(url, {"staerken": "überschrieben"}, format="json", HTTP_IF_MATCH=etag)
    assert zweite.status_code == 412
    dritte = client.patch(url, {"staerken": "überschrieben", "sperrversion": 1}, format="json")
    assert dritte.status_code == 409
    assert "geändert" in dritte.json()["detail"]
    ohne = client.patch(url, {"staerken": "überschrieben"}, format="json")
    assert ohne.status_code == 400
    assert "sperrversion" in ohne.json()["felder"]
    pa.refresh_from_db()
    assert pa.staerken == "pünktlich"


def test_abschluss_mit_fehlern_speichert_nichts(welt):
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    antwort = api_client(welt.users[Rolle.IFK]).post(
        f"/api/v1/potenzialanalysen/{pa.pk}/abschliessen/",
        {"abgeschlossen_am": str(datetime.date(2026, 1, 1)), "reha_bedarf": "nein"},
        format="json",
    )
    assert antwort.status_code == 400
    assert antwort.json()["felder"]["abgeschlossen_am"] == [
        "Der Abschluss kann nicht vor dem Beginn liegen."
    ]
    pa.refresh_from_db()
    assert pa.status == "in_arbeit"


def test_abfragen_je_liste_bleiben_konstant(welt, django_assert_max_num_queries):
    from tests.cases.factories import LeistungsberechtigterFactory

    client = api_client(welt.users[Rolle.API_CLIENT])
    client.get("/api/v1/leistungsberechtigte/")
    for _ in range(30):
        LeistungsberechtigterFactory(team=welt.team)
    # The list's access entry (and on PostgreSQL the audit chain's lock) cost
    # a fixed number of them, whatever the page's length.
    with django_assert_max_num_queries(10):
        antwort = client.get("/api/v1/leistungsberechtigte/?seitengroesse=30")
    assert len(antwort.json()["results"]) == 30


def test_nur_eigene_faelle(welt):
    antwort = api_client(welt.users[Rolle.IFK]).get("/api/v1/leistungsberechtigte/?eigene=true")
    assert ids(antwort) == {welt.eigener_fall.pk}


def test_filter_der_liste(welt):
    client = api_client(welt.users[Rolle.API_CLIENT])
    alle = ids(client.get("/api/v1/leistungsberechtigte/"))
    assert {welt.eigener_fall.pk, welt.team_fall.pk} <= alle
    Leistungsberechtigter.objects.filter(pk=welt.eigener_fall.pk).update(phase="vereinbart")
    antwort = client.get("/api/v1/leistungsberechtigte/?phase=vereinbart")
    assert ids(antwort) == {welt.eigener_fall.pk}
    # Other query parameters (page size) do not switch the filters off or on.
    assert ids(client.get("/api/v1/leistungsberechtigte/?seitengroesse=100")) == alle


def test_falscher_filterwert_ist_feldfehler(welt):
    client = api_client(welt.users[Rolle.API_CLIENT])
    antwort = client.get("/api/v1/leistungsberechtigte/?phase=unsinn&frist_bis=kein-datum")
    assert antwort.status_code == 400
    fehler = antwort.json()["felder"]
    assert set(fehler) >= {"phase", "frist_bis"}


def test_mit_stammdaten_aus_dem_fachverfahren_legt_die_schnittstelle_an(welt):
    welt.jc.stammdaten_aus_fachverfahren = True
    welt.jc.save()
    antwort = api_client(welt.users[Rolle.IFK]).post(
        "/api/v1/leistungsberechtigte/",
        {**NEU, "team": welt.team.pk, "dolmetscher_noetig": True, "kinder_alter": "2, 5"},
        format="json",
    )
    assert antwort.status_code == 201, antwort.content
    assert antwort.json()["kinder_alter"] == "2, 5"
    antwort = api_client(welt.users[Rolle.IFK]).post(
        "/api/v1/leistungsberechtigte/",
        {**NEU, "kundennummer": "K-API-2", "team": welt.team.pk, "kinder_alter": "drei"},
        format="json",
    )
    assert antwort.status_code == 400
    assert "kinder_alter" in antwort.json()["felder"]


def test_aendern_ueber_die_schnittstelle_auch_stammdaten_aus_dem_fachverfahren(welt):
    welt.jc.stammdaten_aus_fachverfahren = True
    welt.jc.save()
    person = welt.eigener_fall
    client = api_client(welt.users[Rolle.IFK])
    url = f"/api/v1/leistungsberechtigte/{person.pk}/"
    antwort = client.patch(
        url, {"nachname": "Neu-Name", "telefon": "0621 1", "sperrversion": 1}, format="json"
    )
    assert antwort.status_code == 200, antwort.content
    assert antwort.json()["sperrversion"] == 2
    person.refresh_from_db()
    assert (person.nachname, person.telefon) == ("Neu-Name", "0621 1")
    # Stale, bad input, another's case: refused, nothing saved.
    assert client.patch(url, {"ort": "X", "sperrversion": 1}, format="json").status_code == 409
    antwort = client.patch(url, {"bg_personen": 0, "sperrversion": 2}, format="json")
    assert antwort.status_code == 400
    assert "bg_personen" in antwort.json()["felder"]
    fremd = f"/api/v1/leistungsberechtigte/{welt.team_fall.pk}/"
    assert client.patch(fremd, {"ort": "X", "sperrversion": 1}, format="json").status_code == 403
    person.refresh_from_db()
    assert person.ort != "X"


def test_ifk_legt_keinen_fall_in_einem_anderen_team_an(welt):
    """An IFK records people in her own team only, through the API as on
    the page."""
    antwort = api_client(welt.users[Rolle.IFK]).post(
        "/api/v1/leistungsberechtigte/", {**NEU, "team": welt.team2.pk}, format="json"
    )
    assert antwort.status_code in (400, 403), antwort.content
    assert not Leistungsberechtigter.objects.filter(kundennummer="K-API-1").exists()


def test_doppelte_kundennummer_eines_unsichtbaren_falls_verraet_ihn_nicht(welt):
    """A Kundennummer held by a case the IFK cannot see (another team) is
    refused without saying that such a case exists or where."""
    from tests.cases.factories import LeistungsberechtigterFactory

    verborgen = LeistungsberechtigterFactory(team=welt.team2, kundennummer="VERBORGEN-7")
    antwort = api_client(welt.users[Rolle.IFK]).post(
        "/api/v1/leistungsberechtigte/",
        {**NEU, "kundennummer": "VERBORGEN-7", "team": welt.team.pk},
        format="json",
    )
    assert antwort.status_code == 400
    text = str(antwort.json())
    assert "existiert bereits" not in text
    assert f"/faelle/{verborgen.pk}/" not in text
    assert welt.team2.name not in text
