"""``/api/v1/partner/`` and ``/api/v1/angebote/`` (with capacity): the roles
that see the partner pages read them (not the kommunaler Träger, not a
Fachverfahren's token), nobody writes through the API, nothing of another
Jobcenter is visible."""

import pytest
from django.utils import timezone

from kooperation.access import Rolle
from partners.kapazitaet import platz_belegen
from tests.api_helfer import api_client, ergebnisse, ids
from tests.partners.factories import AngebotFactory, PartnerFactory

OHNE_PARTNERSEITEN = {Rolle.TRAEGER, Rolle.API_CLIENT}


@pytest.mark.parametrize("rolle", list(Rolle))
def test_partner_je_rolle(welt, rolle, client):
    eigener = PartnerFactory(jobcenter=welt.jc)
    PartnerFactory(jobcenter=welt.jc2)
    api = api_client(welt.users[rolle])
    antwort = api.get("/api/v1/partner/")
    client.force_login(welt.users[rolle])
    seite = client.get("/partner/")
    if rolle in OHNE_PARTNERSEITEN:
        assert antwort.status_code == 403
        assert api.get(f"/api/v1/partner/{eigener.pk}/").status_code == 403
        assert seite.status_code == 403
    else:
        assert ids(antwort) == {eigener.pk}
        assert seite.status_code == 200
    assert api.post("/api/v1/partner/", {"name": "Neu"}, format="json").status_code in (403, 405)


@pytest.mark.parametrize("rolle", list(Rolle))
def test_angebote_je_rolle(welt, rolle):
    eigenes = AngebotFactory(jobcenter=welt.jc)
    fremdes = AngebotFactory(jobcenter=welt.jc2)
    client = api_client(welt.users[rolle])
    if rolle in OHNE_PARTNERSEITEN:
        assert client.get("/api/v1/angebote/").status_code == 403
        assert client.get(f"/api/v1/angebote/{eigenes.pk}/").status_code == 403
        return
    assert ids(client.get("/api/v1/angebote/")) == {eigenes.pk}
    assert client.get(f"/api/v1/angebote/{fremdes.pk}/").status_code == 404


def test_angebot_zeigt_belegte_und_freie_plaetze(welt):
    angebot = AngebotFactory(jobcenter=welt.jc, plaetze=3)
    # A place taken in the current period (as an approved § 16a item takes it).
    assert platz_belegen(angebot, timezone.localdate())
    (daten,) = ergebnisse(api_client(welt.users[Rolle.IFK]).get("/api/v1/angebote/"))
    assert (daten["plaetze"], daten["belegt"], daten["frei"]) == (3, 1, 2)
    einzeln = api_client(welt.users[Rolle.IFK]).get(f"/api/v1/angebote/{angebot.pk}/").json()
    assert einzeln["frei"] == 2


@pytest.mark.parametrize("rolle", list(Rolle))
def test_bedarfsanalyse_ueber_die_api(welt, rolle):
    """The matrix of the partner guide through the API, under the same policy
    as the page: the Jobcenter's staff, not the Träger nor a Fachverfahren."""
    import datetime

    from cases.services import potenzialanalyse_abschliessen, potenzialanalyse_beginnen

    ifk = welt.users[Rolle.IFK]
    AngebotFactory(jobcenter=welt.jc, titel="Schuldnerhilfe", bereiche=["schulden"], plaetze=4)
    pa = potenzialanalyse_beginnen(
        acting_user=ifk,
        leistungsberechtigter=welt.eigener_fall,
        begonnen_am=datetime.date(2026, 11, 2),
    )
    potenzialanalyse_abschliessen(
        acting_user=ifk,
        potenzialanalyse=pa,
        abgeschlossen_am=datetime.date(2026, 11, 3),
        reha_bedarf="nein",
        handlungsbedarfe={"schulden": "", "mobilitaet": ""},
    )
    antwort = api_client(welt.users[rolle]).get("/api/v1/bedarfsanalyse/")
    if rolle in (Rolle.TRAEGER, Rolle.API_CLIENT):
        assert antwort.status_code == 403
        return
    assert antwort.status_code == 200
    zeilen = {z["bereich"]: z for z in antwort.json()}
    # One person: shown as fewer than five, never as 1.
    assert zeilen["schulden"]["personen"] == "< 5"
    assert zeilen["schulden"]["je_team"] == {"Team Nord": "< 5", "Team Süd": 0}
    assert [a["titel"] for a in zeilen["schulden"]["angebote"]] == ["Schuldnerhilfe"]
    assert zeilen["schulden"]["freie_plaetze"] == 4
    assert zeilen["mobilitaet"]["angebote"] == []
    assert welt.eigener_fall.nachname not in antwort.content.decode()
