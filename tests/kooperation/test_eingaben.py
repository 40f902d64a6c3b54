"""Bad input is a clear 400 (API) or a German form error (pages), never a
500: dates outside the plausible window, deeply nested or oversized JSON,
``If-Match: *`` where a version is required; errors inside serializers are
not passed off as "permission denied"."""

import datetime

import pytest

from cases.models import Leistungsberechtigter, Potenzialanalyse
from kooperation import datumsregeln
from kooperation.access import Rolle
from kooperation.errors import Fachfehler
from plans.models import Kooperationsplan, PlanEintrag, VersionStatus
from tests.api_helfer import api_client
from tests.cases.factories import PotenzialanalyseFactory
from tests.partners.factories import AngebotFactory
from tests.plans.factories import entwurf

UNPLAUSIBEL = ["9999-12-31", "1900-01-01"]


def _versionen(version, rest=""):
    return f"/api/v1/kooperationsplaene/{version.plan_id}/versionen/{version.pk}/{rest}"


def _anfragen(welt):
    """(url, body, date field) of every API call that takes a date."""
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    version = entwurf(welt)
    plan = version.plan
    return [
        ("/api/v1/potenzialanalysen/", {"leistungsberechtigter": welt.team_fall.pk}, "begonnen_am"),
        (f"/api/v1/potenzialanalysen/{pa.pk}/abschliessen/", {}, "abgeschlossen_am"),
        (
            "/api/v1/kooperationsplaene/",
            {"leistungsberechtigter": welt.team_fall.pk},
            "begonnen_am",
        ),
        (_versionen(version, "vereinbaren/"), {}, "vereinbart_am"),
        (_versionen(version, "abstimmung-anfragen/"), {}, "angefragt_am"),
        (
            f"/api/v1/kooperationsplaene/{plan.pk}/schlichtung/",
            {"beantragt_von": "person", "schlichter": "Frau Neutral"},
            "begonnen_am",
        ),
        (
            f"/api/v1/kooperationsplaene/{plan.pk}/pflichten-festsetzen/",
            {
                "pflichten": [{"was": "Bewerbungen", "wie_oft": "4", "nachweis": "Liste"}],
                "begruendung": "Keine Einigung",
            },
            "erlassen_am",
        ),
        (
            _versionen(version, "eintraege/"),
            {"teil": "weg", "text": "Termin", "sperrversion": version.sperrversion},
            "termin",
        ),
        (
            "/api/v1/leistungsberechtigte/",
            {
                "kundennummer": "123D456789",
                "vorname": "Tilda",
                "nachname": "Zweig-Ober",
                "team": welt.team.pk,
            },
            "geburtsdatum",
        ),
    ]


@pytest.mark.parametrize("datum", UNPLAUSIBEL)
def test_unplausible_daten_sind_400_mit_dem_zeitraum(welt, datum):
    client = api_client(welt.users[Rolle.IFK])
    anfragen = _anfragen(welt)
    plaene = Kooperationsplan.objects.count()
    for url, body, feld in anfragen:
        wert = f"{datum}T10:00:00+01:00" if feld == "termin" else datum
        antwort = client.post(url, {**body, feld: wert}, format="json")
        assert antwort.status_code == 400, (url, antwort.content)
        meldung = " ".join(antwort.json()["felder"][feld])
        assert "Bitte geben Sie ein Datum zwischen dem" in meldung, (url, meldung)
    assert Kooperationsplan.objects.count() == plaene


def test_zeitraum_nennt_grenzen():
    heute = datetime.date(2026, 12, 7)
    assert datumsregeln.VORGANG.grenzen(heute)[0] == datetime.date(2005, 1, 1)
    assert datumsregeln.GEBURT.grenzen(heute)[1] == heute
    assert "01.01.2005" in datumsregeln.VORGANG.meldung(heute)


def test_dienste_pruefen_selbst(welt):
    """The services refuse an implausible date whoever calls them (a
    command, a task), before any deadline is counted from it."""
    from cases.services import potenzialanalyse_beginnen

    with pytest.raises(Fachfehler) as fehler:
        potenzialanalyse_beginnen(
            acting_user=welt.users[Rolle.IFK],
            leistungsberechtigter=welt.eigener_fall,
            begonnen_am=datetime.date(9999, 12, 31),
        )
    assert "begonnen_am" in fehler.value.message_dict
    assert not Potenzialanalyse.objects.exists()


def test_seite_zeigt_deutschen_formularfehler(client, welt):
    """The working-day count behind "Abschließen" and the review date behind
    "Vereinbaren" never see such a date: the form says what is allowed."""
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        f"/potenzialanalysen/{pa.pk}/",
        {"sperrversion": pa.sperrversion, "abgeschlossen_am": "9999-12-31", "abschliessen": "1"},
    )
    assert antwort.status_code == 200
    assert "Bitte geben Sie ein Datum zwischen dem" in antwort.content.decode()
    pa.refresh_from_db()
    assert pa.status == "in_arbeit"

    version = entwurf(welt)
    antwort = client.post(
        f"/plaene/{version.plan_id}/vereinbaren/",
        {"vereinbart_am": "9999-12-31", "sperrversion": version.sperrversion},
    )
    assert antwort.status_code in (200, 400)
    assert "Bitte geben Sie ein Datum zwischen dem" in antwort.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.ENTWURF


def test_tief_verschachteltes_json_ist_400(welt):
    version = entwurf(welt)
    client = api_client(welt.users[Rolle.IFK])
    tief = "[" * 100_000 + "]" * 100_000
    for tiefe_json in (tief, '{"a":' * 50 + "1" + "}" * 50):
        antwort = client.generic(
            "PATCH", _versionen(version), tiefe_json, content_type="application/json"
        )
        assert antwort.status_code == 400, antwort.content
        assert "verschachtelt" in antwort.json()["detail"]


def test_zu_grosse_anfrage_ist_413(welt, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    version = entwurf(welt)
    antwort = api_client(welt.users[Rolle.IFK]).patch(
        _versionen(version),
        {"ziel": "x" * 20_000, "kontakt": "", "sperrversion": version.sperrversion},
        format="json",
    )
    assert antwort.status_code == 413
    assert "zu groß" in antwort.json()["detail"]
    version.refresh_from_db()
    assert version.ziel != "x" * 20_000


def test_if_match_stern_ersetzt_keine_version(welt):
    version = entwurf(welt)
    client = api_client(welt.users[Rolle.IFK])
    antwort = client.patch(
        _versionen(version), {"ziel": "Fremd", "kontakt": ""}, format="json", HTTP_IF_MATCH="*"
    )
    assert antwort.status_code == 428
    assert "If-Match: *" in antwort.json()["detail"]
    antwort = client.post(
        _versionen(version, "vereinbaren/"),
        {"vereinbart_am": "2026-10-07"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert antwort.status_code == 428
    version.refresh_from_db()
    assert version.ziel != "Fremd"
    assert version.status == VersionStatus.ENTWURF
    # The real ETag still works.
    antwort = client.patch(
        _versionen(version),
        {"ziel": "Ich will Köchin werden.", "kontakt": ""},
        format="json",
        HTTP_IF_MATCH=f'"{version.sperrversion}"',
    )
    assert antwort.status_code == 200, antwort.content


def test_angebot_buchen_und_handlungsbedarf_verknuepfen(welt):
    """Booking an Angebot or answering a finding through the API works (it
    was refused as "permission denied")."""
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    bedarf = pa.handlungsbedarfe.create(bereich="sprache", beschreibung="B1 fehlt")
    angebot = AngebotFactory(jobcenter=welt.jc)
    version = entwurf(welt)
    antwort = api_client(welt.users[Rolle.IFK]).post(
        _versionen(version, "eintraege/"),
        {
            "teil": "unterstuetzung",
            "text": "Deutschkurs B1",
            "angebot": angebot.pk,
            "handlungsbedarf": bedarf.pk,
            "sperrversion": version.sperrversion,
        },
        format="json",
    )
    assert antwort.status_code == 201, antwort.content
    eintrag = PlanEintrag.objects.get(pk=antwort.json()["id"])
    assert (eintrag.angebot, eintrag.handlungsbedarf) == (angebot, bedarf)


def test_fehler_im_serializer_ist_protokollierter_500_kein_403(welt, monkeypatch, caplog):
    """A bug (here a KeyError inside an input serializer) is a 500 that is
    logged, never passed off as "permission denied"."""
    from plans.serializers.eingaben import PlanVersionBearbeitenEingabe

    def kaputt(self, daten):
        raise KeyError("fehlt")

    monkeypatch.setattr(PlanVersionBearbeitenEingabe, "validate", kaputt)
    version = entwurf(welt)
    client = api_client(welt.users[Rolle.IFK])
    client.raise_request_exception = False
    antwort = client.patch(
        _versionen(version),
        {"ziel": "Neu", "kontakt": "", "sperrversion": version.sperrversion},
        format="json",
    )
    assert antwort.status_code == 500
    assert any(
        r.levelname == "ERROR" and "KeyError" in (r.exc_text or str(r.exc_info))
        for r in caplog.records
    )


def test_patch_nimmt_teilweise_eingaben(welt):
    """PATCH changes what is sent and leaves the rest as it is."""
    version = entwurf(welt)
    version.kontakt = "Frau Kern, 0621 123"
    version.sonstiges = "Kinderbetreuung klären"
    version.save()
    client = api_client(welt.users[Rolle.IFK])
    antwort = client.patch(
        _versionen(version),
        {"ziel": "Ich will Bäckerin werden.", "sperrversion": version.sperrversion},
        format="json",
    )
    assert antwort.status_code == 200, antwort.content
    version.refresh_from_db()
    assert (version.ziel, version.kontakt, version.sonstiges) == (
        "Ich will Bäckerin werden.",
        "Frau Kern, 0621 123",
        "Kinderbetreuung klären",
    )
    eintrag = version.eintraege.get()
    antwort = client.patch(
        _versionen(version, f"eintraege/{eintrag.pk}/"),
        {"text": "Ich melde mich beim Sprachkurs an.", "sperrversion": version.sperrversion},
        format="json",
    )
    assert antwort.status_code == 200, antwort.content
    eintrag.refresh_from_db()
    assert (eintrag.teil, eintrag.text) == ("weg", "Ich melde mich beim Sprachkurs an.")


@pytest.mark.parametrize("wert", ["null", "0", "abc", "201", "1.5"])
def test_seitengroesse_streng(welt, wert):
    antwort = api_client(welt.users[Rolle.IFK]).get(
        f"/api/v1/leistungsberechtigte/?seitengroesse={wert}"
    )
    assert antwort.status_code == 400
    assert "seitengroesse" in antwort.json()["felder"]


@pytest.mark.parametrize("abfrage", ["eigene=vielleicht", "team=1.5", "phase="])
def test_filter_streng(welt, abfrage):
    antwort = api_client(welt.users[Rolle.IFK]).get(f"/api/v1/leistungsberechtigte/?{abfrage}")
    assert antwort.status_code == 400, antwort.content


@pytest.mark.parametrize(
    ("zu_viel", "meldung"),
    [
        ({"nachname": "x" * 20_000}, "höchstens 9 KiB"),
        ({f"feld{i}": "1" for i in range(60)}, "zu viele Felder: höchstens 50"),
    ],
)
def test_zu_grosses_formular_ist_deutsche_fehlerseite(client, welt, settings, zu_viel, meldung):
    """A form post beyond the limits gets a page in the site's design that
    says what the limit is (413), not Django's bare "Bad Request (400)", and
    nothing is saved."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    client.force_login(welt.users[Rolle.IFK])
    vorher = Leistungsberechtigter.objects.count()
    antwort = client.post("/faelle/neu/", {"vorname": "Anna", **zu_viel})
    assert antwort.status_code == 413
    text = antwort.content.decode()
    assert "Eingabe zu groß" in text
    assert meldung in text
    assert "kern-alert" in text
    assert 'lang="de"' in text
    assert Leistungsberechtigter.objects.count() == vorher


@pytest.mark.parametrize(
    ("form", "status", "code"),
    [(False, 413, "request_too_large"), (True, 415, "unsupported_media_type")],
)
def test_zu_grosse_api_anfrage_ist_json_413(welt, settings, form, status, code):
    """The API answers a body beyond the limits in its error shape; a form,
    of any size, is refused before it is read (the API takes JSON only)."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    client = api_client(welt.users[Rolle.IFK])
    vorher = Leistungsberechtigter.objects.count()
    if form:
        antwort = client.post(
            "/api/v1/leistungsberechtigte/",
            "&".join(f"feld{i}=1" for i in range(60)),
            content_type="application/x-www-form-urlencoded",
        )
    else:
        antwort = client.post(
            "/api/v1/leistungsberechtigte/", {"nachname": "x" * 20_000}, format="json"
        )
    assert antwort.status_code == status, antwort.content
    assert antwort["Content-Type"].startswith("application/json")
    assert antwort.json()["code"] == code
    assert antwort.json()["detail"]
    assert Leistungsberechtigter.objects.count() == vorher
