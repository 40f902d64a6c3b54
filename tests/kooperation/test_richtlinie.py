"""The API follows the same role rules as the pages: cases only in the own
team, nothing said about cases outside the user's scope, the schema only for
who is signed in (partners and Angebote: tests/partners/test_api.py)."""

import pytest

from cases.models import Leistungsberechtigter
from cases.services import KUNDENNUMMER_VERGEBEN
from kooperation.access import Rolle
from tests.api_helfer import api_client

NEU = {
    "kundennummer": "K-RL-1",
    "vorname": "Tilda",
    "nachname": "Zweig-Ober",
    "geburtsdatum": "1990-02-03",
    "plz": "68159",
}


def test_ifk_legt_keinen_fall_in_fremdem_team_an(welt):
    client = api_client(welt.users[Rolle.IFK])
    antwort = client.post(
        "/api/v1/leistungsberechtigte/", {**NEU, "team": welt.team2.pk}, format="json"
    )
    assert antwort.status_code == 403
    assert "eigenen Team" in antwort.json()["detail"]
    assert not Leistungsberechtigter.objects.filter(kundennummer="K-RL-1").exists()
    antwort = client.post(
        "/api/v1/leistungsberechtigte/", {**NEU, "team": welt.team.pk}, format="json"
    )
    assert antwort.status_code == 201


def test_doppelte_kundennummer_verraet_keinen_unsichtbaren_fall(welt):
    """A case of another team (invisible to this IFK) and a case of her own
    team get the same answer: nothing tells that the hidden one exists."""
    from tests.cases.factories import LeistungsberechtigterFactory
    from tests.kooperation.factories import benutzer

    andere = benutzer(Rolle.IFK, welt.jc, welt.team2, username="andere")
    unsichtbar = LeistungsberechtigterFactory(team=welt.team2, zustaendig=andere)
    client = api_client(welt.users[Rolle.IFK])
    antworten = []
    for kundennummer in (unsichtbar.kundennummer, welt.team_fall.kundennummer):
        antwort = client.post(
            "/api/v1/leistungsberechtigte/",
            {**NEU, "kundennummer": kundennummer, "team": welt.team.pk},
            format="json",
        )
        assert antwort.status_code == 400
        antworten.append(antwort.json()["felder"])
    assert antworten[0] == antworten[1] == {"kundennummer": [KUNDENNUMMER_VERGEBEN]}
    assert "existiert" not in KUNDENNUMMER_VERGEBEN


@pytest.mark.parametrize("pfad", ["/api/schema/", "/api/schema/?format=json", "/api/schema/doku/"])
def test_schema_nur_angemeldet(client, welt, pfad):
    assert client.get(pfad).status_code in (401, 403)
    client.force_login(welt.users[Rolle.IFK])
    assert client.get(pfad).status_code == 200
    assert api_client(welt.users[Rolle.API_CLIENT]).get(pfad).status_code == 200
