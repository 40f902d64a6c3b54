"""Every read of personal data leaves an access entry: each object read
through the API, and each list (API pages, the name search, the team page)
as one entry naming the people shown."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from cases.models import Potenzialanalyse
from kooperation.access import Rolle
from kooperation.models import Fristart, Wiedervorlage
from tests.api_helfer import api_client
from tests.cases.factories import PotenzialanalyseFactory
from tests.plans.factories import entwurf, in_abstimmung


def _listen(user, grund_teil=""):
    return [
        e
        for e in LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=user, object_pk="")
        if grund_teil in e.additional_data.get("grund", "")
    ]


def _gelesen(user, obj) -> bool:
    return (
        LogEntry.objects.get_for_object(obj)
        .filter(action=LogEntry.Action.ACCESS, actor=user)
        .exists()
    )


@pytest.fixture
def daten(welt):
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    version = entwurf(welt)
    PotenzialanalyseFactory(leistungsberechtigter=welt.team_fall)
    return welt, pa, version


def test_einzelne_lesungen_ueber_die_schnittstelle_sind_protokolliert(daten):
    welt, pa, version = daten
    ifk = welt.users[Rolle.IFK]
    client = api_client(ifk)
    eintrag = version.eintraege.first()
    plan = version.plan
    for url, obj in [
        (f"/api/v1/potenzialanalysen/{pa.pk}/", pa),
        (f"/api/v1/kooperationsplaene/{plan.pk}/", plan),
        (f"/api/v1/kooperationsplaene/{plan.pk}/versionen/{version.pk}/", version),
        (
            f"/api/v1/kooperationsplaene/{plan.pk}/versionen/{version.pk}/eintraege/{eintrag.pk}/",
            eintrag,
        ),
        (f"/api/v1/leistungsberechtigte/{welt.eigener_fall.pk}/", welt.eigener_fall),
    ]:
        assert not _gelesen(ifk, obj)
        assert client.get(url).status_code == 200, url
        assert _gelesen(ifk, obj), url


def test_abstimmung_lesen_ist_protokolliert_auch_fuer_den_traeger(welt):
    abstimmung = in_abstimmung(welt)
    for rolle in (Rolle.IFK, Rolle.TRAEGER):
        user = welt.users[rolle]
        antwort = api_client(user).get(f"/api/v1/abstimmungen/{abstimmung.pk}/")
        assert antwort.status_code == 200
        assert _gelesen(user, abstimmung)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/leistungsberechtigte/",
        "/api/v1/potenzialanalysen/",
        "/api/v1/kooperationsplaene/",
        "/api/v1/wiedervorlagen/",
    ],
)
def test_jede_liste_ist_ein_eintrag_mit_den_gezeigten_personen(daten, url):
    welt, pa, version = daten
    Wiedervorlage.objects.create(
        jobcenter=welt.jc,
        art=Fristart.UEBERPRUEFUNG,
        faellig_am=datetime.date(2026, 11, 2),
        zustaendig=welt.users[Rolle.IFK],
        team=welt.team,
        leistungsberechtigter_id=welt.team_fall.pk,
        ursache=welt.team_fall,
    )
    ifk = welt.users[Rolle.IFK]
    client = api_client(ifk)
    vorher = LogEntry.objects.count()
    antwort = client.get(url)
    assert antwort.status_code == 200
    gezeigt = antwort.json()["results"]
    assert gezeigt
    listen = _listen(ifk, "Schnittstelle")
    assert len(listen) == 1
    personen = set(listen[0].additional_data["personen"])
    assert personen <= {welt.eigener_fall.pk, welt.team_fall.pk}
    assert personen
    assert welt.fremder_fall.pk not in personen
    # One entry for the list, not one per row.
    assert LogEntry.objects.count() - vorher == 1


def test_versionen_und_eintraege_als_liste_protokolliert(daten):
    welt, pa, version = daten
    ifk = welt.users[Rolle.IFK]
    client = api_client(ifk)
    basis = f"/api/v1/kooperationsplaene/{version.plan_id}/versionen/"
    for url in (basis, f"{basis}{version.pk}/eintraege/"):
        assert client.get(url).status_code == 200
    listen = _listen(ifk, "Schnittstelle")
    assert [e.additional_data["personen"] for e in listen] == [[welt.eigener_fall.pk]] * 2


def test_abstimmungsliste_des_traegers_protokolliert(welt):
    in_abstimmung(welt)
    traeger = welt.users[Rolle.TRAEGER]
    assert api_client(traeger).get("/api/v1/abstimmungen/").status_code == 200
    (eintrag,) = _listen(traeger)
    assert eintrag.additional_data["personen"] == [welt.eigener_fall.pk]


def test_leere_liste_hinterlaesst_keinen_eintrag(welt):
    client = api_client(welt.users[Rolle.IFK])
    assert client.get("/api/v1/potenzialanalysen/").json()["results"] == []
    assert _listen(welt.users[Rolle.IFK]) == []
    assert not Potenzialanalyse.objects.exists()


def test_namenssuche_im_browser_nennt_die_gefundenen(client, welt):
    ifk = welt.users[Rolle.IFK]
    client.force_login(ifk)
    antwort = client.get("/faelle/", {"q": "Brinkmeyer", "bereich": "team"})
    assert antwort.status_code == 200
    assert "Brinkmeyer-Lutz" in antwort.content.decode()
    (eintrag,) = _listen(ifk, "Namenssuche")
    assert eintrag.additional_data["personen"] == [welt.team_fall.pk]
    # The search term (a name) stays out of the trail.
    assert "Brinkmeyer" not in str(eintrag.additional_data)


def test_teamseite_nennt_die_personen_der_fristen(client, welt):
    leitung = welt.users[Rolle.TEAMLEITUNG]
    Wiedervorlage.objects.create(
        jobcenter=welt.jc,
        art=Fristart.UEBERPRUEFUNG,
        faellig_am=timezone.localdate(),
        zustaendig=welt.users[Rolle.IFK],
        team=welt.team,
        leistungsberechtigter_id=welt.eigener_fall.pk,
        ursache=welt.eigener_fall,
    )
    client.force_login(leitung)
    assert client.get("/team/").status_code == 200
    (eintrag,) = _listen(leitung, "Teamseite")
    assert eintrag.additional_data["personen"] == [welt.eigener_fall.pk]
