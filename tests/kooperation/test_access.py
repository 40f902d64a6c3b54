"""Each role against each page: allowed, denied, and nothing of another
Jobcenter or another team leaks (design.md, "Who uses it")."""

import pytest
from django.urls import reverse

from cases.models import Leistungsberechtigter
from kooperation import access
from kooperation.access import Rolle
from kooperation.models import Team
from tests.cases.factories import LeistungsberechtigterFactory

ALLE = list(Rolle)

# page -> roles that get 200; every other role gets 403.
SEITEN = {
    "cases:faelle": {Rolle.IFK, Rolle.TEAMLEITUNG},
    "cases:team": {Rolle.TEAMLEITUNG},
    "plans:eingang": {Rolle.TRAEGER},
    "plans:kennzahlen": {Rolle.GESCHAEFTSFUEHRUNG, Rolle.TEAMLEITUNG},
    "schnittstelle": {Rolle.API_CLIENT},
}

START = {
    Rolle.IFK: "/faelle/",
    Rolle.TEAMLEITUNG: "/team/",
    Rolle.TRAEGER: "/traeger/",
    Rolle.GESCHAEFTSFUEHRUNG: "/kennzahlen/",
    Rolle.ADMINISTRATION: "/admin/",
    Rolle.API_CLIENT: "/schnittstelle/",
}


@pytest.mark.parametrize("rolle", ALLE)
def test_startseite_je_rolle(client, welt, rolle):
    client.force_login(welt.users[rolle])
    antwort = client.get("/")
    assert antwort.status_code == 302
    assert antwort["Location"] == START[rolle]
    assert client.get(START[rolle]).status_code == 200


@pytest.mark.parametrize("seite", list(SEITEN))
@pytest.mark.parametrize("rolle", ALLE)
def test_seiten_je_rolle(client, welt, seite, rolle):
    client.force_login(welt.users[rolle])
    erwartet = 200 if rolle in SEITEN[seite] else 403
    assert client.get(reverse(seite)).status_code == erwartet


@pytest.mark.parametrize("seite", [*SEITEN, "start"])
def test_ohne_anmeldung_geht_es_zur_anmeldung(client, db, seite):
    antwort = client.get(reverse(seite))
    assert antwort.status_code == 302
    assert antwort["Location"].startswith("/anmelden/")


def test_benutzer_ohne_rolle_bekommt_403(client, welt):
    ohne = welt.users[Rolle.IFK].__class__.objects.create(username="ohne", jobcenter=welt.jc)
    client.force_login(ohne)
    assert client.get("/").status_code == 403
    assert client.get("/faelle/").status_code == 403


@pytest.mark.parametrize("rolle", ALLE)
def test_fallseite_je_rolle(client, welt, rolle):
    client.force_login(welt.users[rolle])
    erwartet = 200 if rolle in (Rolle.IFK, Rolle.TEAMLEITUNG) else 403
    assert client.get(reverse("cases:fall", args=[welt.eigener_fall.pk])).status_code == erwartet


@pytest.mark.parametrize("rolle", [Rolle.IFK, Rolle.TEAMLEITUNG])
def test_fall_eines_anderen_jobcenters_oder_teams_ist_404(client, welt, rolle):
    anderes_team = LeistungsberechtigterFactory(team=welt.team2, nachname="Anderteam-Wolke")
    client.force_login(welt.users[rolle])
    for fall in (welt.fremder_fall, anderes_team):
        antwort = client.get(reverse("cases:fall", args=[fall.pk]))
        assert antwort.status_code == 404
        assert fall.nachname not in antwort.content.decode()


def test_ifk_sieht_eigene_faelle_und_im_team_auch_die_der_kollegin(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    eigene = client.get("/faelle/").content.decode()
    assert welt.eigener_fall.nachname in eigene
    assert welt.team_fall.kundennummer not in eigene
    team = client.get("/faelle/?bereich=team").content.decode()
    assert welt.eigener_fall.kundennummer in team
    assert welt.team_fall.kundennummer in team
    assert welt.fremder_fall.kundennummer not in team


def test_ifk_liest_teamfall_darf_ihn_aber_nicht_bearbeiten(client, welt):
    ifk = welt.users[Rolle.IFK]
    client.force_login(ifk)
    assert client.get(reverse("cases:fall", args=[welt.team_fall.pk])).status_code == 200
    assert access.darf_sehen(ifk, welt.team_fall)
    assert not access.darf_bearbeiten(ifk, welt.team_fall)
    assert access.darf_bearbeiten(ifk, welt.eigener_fall)
    # The same answers through Django's permission API (rules backend).
    assert ifk.has_perm("cases.bearbeiten_leistungsberechtigter", welt.eigener_fall)
    assert not ifk.has_perm("cases.bearbeiten_leistungsberechtigter", welt.team_fall)


def test_teamleitung_sieht_nur_das_eigene_team(client, welt):
    anderes_team = LeistungsberechtigterFactory(team=welt.team2)
    client.force_login(welt.users[Rolle.TEAMLEITUNG])
    inhalt = client.get("/faelle/").content.decode()
    assert welt.eigener_fall.kundennummer in inhalt
    assert welt.team_fall.kundennummer in inhalt
    assert anderes_team.kundennummer not in inhalt
    assert not access.darf_bearbeiten(welt.users[Rolle.TEAMLEITUNG], welt.eigener_fall)


@pytest.mark.parametrize("rolle", [Rolle.TRAEGER, Rolle.GESCHAEFTSFUEHRUNG, Rolle.ADMINISTRATION])
def test_rollen_ohne_fallzugang_sehen_keine_personen(welt, rolle):
    user = welt.users[rolle]
    assert not access.sichtbar(user, Leistungsberechtigter.objects.all()).exists()
    assert not access.darf_sehen(user, welt.eigener_fall)


def test_schnittstelle_liest_das_ganze_jobcenter_aber_nicht_mehr(welt):
    api = welt.users[Rolle.API_CLIENT]
    sichtbar = set(access.sichtbar(api, Leistungsberechtigter.objects.all()))
    assert sichtbar == {welt.eigener_fall, welt.team_fall}
    assert not access.darf_bearbeiten(api, welt.eigener_fall)


def test_fremdes_jobcenter_sieht_nichts_vom_ersten(welt):
    fremd = welt.fremde_ifk
    assert set(access.sichtbar(fremd, Leistungsberechtigter.objects.all())) == {welt.fremder_fall}
    assert set(access.sichtbar(fremd, Team.objects.all())) == {fremd.team}


def test_kennzahlen_zeigen_keine_namen(client, welt):
    client.force_login(welt.users[Rolle.GESCHAEFTSFUEHRUNG])
    inhalt = client.get("/kennzahlen/").content.decode()
    for fall in (welt.eigener_fall, welt.team_fall):
        assert fall.nachname not in inhalt
        assert fall.kundennummer not in inhalt
    assert "Leistungsberechtigte" in inhalt


def test_inaktive_benutzer_sehen_nichts(welt):
    ifk = welt.users[Rolle.IFK]
    ifk.is_active = False
    ifk.save()
    assert not access.sichtbar(ifk, Leistungsberechtigter.objects.all()).exists()


class TestAdmin:
    def test_administration_verwaltet_nur_das_eigene_jobcenter(self, client, welt):
        client.force_login(welt.users[Rolle.ADMINISTRATION])
        antwort = client.get("/admin/kooperation/team/")
        assert antwort.status_code == 200
        inhalt = antwort.content.decode()
        assert "Team Nord" in inhalt
        assert welt.fremde_ifk.team.name not in inhalt
        fremdes_team = welt.fremde_ifk.team
        assert client.get(f"/admin/kooperation/team/{fremdes_team.pk}/change/").status_code in (
            302,
            404,
        )

    def test_administration_sieht_keine_personendaten(self, client, welt):
        client.force_login(welt.users[Rolle.ADMINISTRATION])
        assert client.get("/admin/cases/leistungsberechtigter/").status_code == 403
        url = f"/admin/cases/leistungsberechtigter/{welt.eigener_fall.pk}/change/"
        assert client.get(url).status_code in (302, 403, 404)

    @pytest.mark.parametrize(
        "rolle", [Rolle.IFK, Rolle.TEAMLEITUNG, Rolle.TRAEGER, Rolle.GESCHAEFTSFUEHRUNG]
    )
    def test_andere_rollen_kommen_nicht_in_die_verwaltung(self, client, welt, rolle):
        client.force_login(welt.users[rolle])
        antwort = client.get("/admin/")
        assert antwort.status_code == 302
        assert "/admin/login/" in antwort["Location"]


# Models without an access rule, and why.
OHNE_REGEL = {"kooperation.rechtsstand": "the law's rules: the same for everyone, no person"}


def test_jedes_modell_hat_eine_zugriffsregel_die_sich_abfragen_laesst(welt):
    """Every model of the four apps (so every one holding personal data) has a
    rule, and its paths are real: each role's scope is a valid query."""
    from django.apps import apps

    for app in ("kooperation", "partners", "cases", "plans"):
        for model in apps.get_app_config(app).get_models():
            label = model._meta.label_lower
            if label in OHNE_REGEL:
                assert label not in access.REGELN
                continue
            assert label in access.REGELN, f"{label} hat keine Zugriffsregel"
            for user in [*welt.users.values(), welt.fremde_ifk]:
                list(access.sichtbar(user, model._default_manager.all())[:1])


def test_der_kern_der_zugriffsregeln_nennt_keine_obere_app():
    """The ground floor names no model of the apps above it: each app brings
    its own rules (``<app>/access.py``)."""
    import inspect

    from kooperation import rollen

    for modul in (access, rollen):
        quelltext = inspect.getsource(modul)
        for app in ("cases", "partners", "plans"):
            assert f'"{app}.' not in quelltext, (modul.__name__, app)
