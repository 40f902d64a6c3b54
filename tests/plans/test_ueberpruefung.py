"""Recording the review of an agreed plan (§ 15 Abs. 3 SGB II): every step's
state, a note, the next steps; the review deadline closes, and the plan is
either continued (a new draft) or confirmed with its next review date, which
must lie within the Rechtsstand's six months."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from kooperation.access import Rolle
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import Fristart, Wiedervorlage
from plans import lebenszyklus
from plans.models import (
    Kooperationsplan,
    PlanEintrag,
    PlanStatus,
    Planteil,
    Rechtsakt,
    Ueberpruefung,
    VersionStatus,
)
from plans.services.ueberpruefung import ueberpruefung_festhalten
from plans.services.vereinbarung import planversion_vereinbaren
from tests.api_helfer import api_client
from tests.plans.factories import entwurf

D = datetime.date
VEREINBART_AM = D(2026, 10, 7)
HEUTE = D(2026, 12, 1)


@pytest.fixture(autouse=True)
def heute(monkeypatch):
    monkeypatch.setattr(lebenszyklus, "heute", lambda: HEUTE)


@pytest.fixture
def version(welt):
    entw = entwurf(welt)
    PlanEintrag.objects.create(
        version=entw,
        teil=Planteil.EIGENBEMUEHUNG,
        text="Ich bewerbe mich auf Stellen als Köchin.",
        haeufigkeit="vier im Monat",
        nachweis="Kopien",
    )
    return planversion_vereinbaren(
        acting_user=welt.users[Rolle.IFK], version=entw, vereinbart_am=VEREINBART_AM
    )


def _schritte(version, stand="laeuft"):
    return {e.pk: (stand, "") for e in version.eintraege.all()}


def _festhalten(welt, version, **kwargs):
    argumente = {
        "acting_user": welt.users[Rolle.IFK],
        "plan": version.plan,
        "ueberprueft_am": HEUTE,
        "ergebnis": "bestaetigt",
        "schritte": _schritte(version),
        **kwargs,
    }
    return ueberpruefung_festhalten(**argumente)


def _offene_ueberpruefungen():
    return Wiedervorlage.objects.offen().filter(art=Fristart.UEBERPRUEFUNG)


def test_bestaetigt_schliesst_die_frist_und_setzt_die_naechste(welt, version):
    assert _offene_ueberpruefungen().get().faellig_am == D(2027, 4, 7)
    weg, eigen = version.eintraege.order_by("teil")
    u = _festhalten(
        welt,
        version,
        schritte={weg.pk: ("erledigt", "Kurs gefunden"), eigen.pk: ("passt_nicht", "")},
        notiz="Kurs läuft seit November.",
        naechste_schritte="Bewerbungstraining suchen.",
        naechste_ueberpruefung_am=D(2027, 3, 1),
    )
    plan = Kooperationsplan.objects.get(pk=version.plan_id)
    assert plan.status == PlanStatus.VEREINBART
    frist = _offene_ueberpruefungen().get()
    assert frist.faellig_am == D(2027, 3, 1)
    assert frist.ursache == u
    stand = {s.eintrag_id: (s.stand, s.notiz) for s in u.schritte.all()}
    assert stand == {weg.pk: ("erledigt", "Kurs gefunden"), eigen.pk: ("passt_nicht", "")}
    plan.leistungsberechtigter.refresh_from_db()
    assert plan.leistungsberechtigter.naechste_frist == D(2027, 3, 1)
    eintrag = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Ueberpruefung), object_pk=str(u.pk)
    )
    assert eintrag.actor == welt.users[Rolle.IFK]


def test_ohne_datum_gilt_die_frist_des_rechtsstands(welt, version):
    u = _festhalten(welt, version)
    assert u.naechste_ueberpruefung_am == D(2027, 6, 1)


def test_aus_der_ueberpruefung_heraus(welt, version):
    """Begun beforehand ("Überprüfung beginnen"), recorded afterwards."""
    from plans.services.vereinbarung import ueberpruefung_beginnen

    ueberpruefung_beginnen(acting_user=welt.users[Rolle.IFK], plan=version.plan)
    _festhalten(welt, version)
    assert Kooperationsplan.objects.get(pk=version.plan_id).status == PlanStatus.VEREINBART


@pytest.mark.parametrize(
    ("felder", "feld", "meldung"),
    [
        ({"naechste_ueberpruefung_am": D(2027, 6, 2)}, "naechste_ueberpruefung_am", "01.06.2027"),
        ({"naechste_ueberpruefung_am": HEUTE}, "naechste_ueberpruefung_am", "nach dem 01.12.2026"),
        ({"ueberprueft_am": HEUTE + datetime.timedelta(days=1)}, "ueberprueft_am", "Zukunft"),
        ({"ueberprueft_am": D(2026, 10, 6)}, "ueberprueft_am", "vor der Vereinbarung"),
        ({"ueberprueft_am": D(2099, 1, 1)}, "ueberprueft_am", "zwischen dem"),
        ({"naechste_ueberpruefung_am": D(1900, 1, 1)}, "naechste_ueberpruefung_am", "zwischen"),
        ({"ergebnis": "vielleicht"}, "ergebnis", "wie es weitergeht"),
        ({"notiz": "x" * 2001}, "notiz", "höchstens 2000"),
        (
            {"ergebnis": "fortschreibung", "naechste_ueberpruefung_am": D(2027, 3, 1)},
            "naechste_ueberpruefung_am",
            "leer",
        ),
    ],
)
def test_falsche_eingaben_nennen_das_feld_und_speichern_nichts(
    welt, version, felder, feld, meldung
):
    with pytest.raises(Fachfehler) as fehler:
        _festhalten(welt, version, **felder)
    assert meldung in " ".join(fehler.value.message_dict[feld])
    assert not Ueberpruefung.objects.exists()
    assert _offene_ueberpruefungen().get().ursache == version


def test_jeder_schritt_braucht_seinen_stand(welt, version):
    weg = version.eintraege.get(teil=Planteil.WEG)
    schritte = _schritte(version)
    del schritte[weg.pk]
    with pytest.raises(Fachfehler) as fehler:
        _festhalten(welt, version, schritte=schritte)
    assert f"schritt_{weg.pk}" in fehler.value.message_dict
    with pytest.raises(Fachfehler) as fehler:
        _festhalten(welt, version, schritte={**_schritte(version), 999999: ("erledigt", "")})
    assert "schritte" in fehler.value.message_dict


def test_fortschreibung_macht_einen_entwurf_und_schliesst_die_frist(welt, version):
    u = _festhalten(welt, version, ergebnis="fortschreibung")
    plan = Kooperationsplan.objects.get(pk=version.plan_id)
    assert plan.status == PlanStatus.ENTWURF
    assert u.neue_version.status == VersionStatus.ENTWURF
    assert u.neue_version.nummer == 2
    assert list(u.neue_version.eintraege.values_list("text", flat=True)) == list(
        version.eintraege.values_list("text", flat=True)
    )
    assert not _offene_ueberpruefungen().exists()
    assert Rechtsakt.objects.filter(plan=plan, art="fortschreibung", am=HEUTE).exists()


def test_eine_neue_vereinbarung_schliesst_die_frist_der_bestaetigung(welt, version):
    _festhalten(welt, version, naechste_ueberpruefung_am=D(2027, 3, 1))
    u = _festhalten(welt, version, ergebnis="fortschreibung")
    assert not _offene_ueberpruefungen().exists()
    neu = planversion_vereinbaren(
        acting_user=welt.users[Rolle.IFK], version=u.neue_version, vereinbart_am=HEUTE
    )
    assert _offene_ueberpruefungen().get().ursache == neu


def test_andere_duerfen_nicht(welt, version):
    for rolle in (Rolle.TEAMLEITUNG, Rolle.TRAEGER, Rolle.GESCHAEFTSFUEHRUNG):
        with pytest.raises(KeinZugriff):
            _festhalten(welt, version, acting_user=welt.users[rolle])
    with pytest.raises(KeinZugriff):
        _festhalten(welt, version, acting_user=welt.team_fall.zustaendig)


def test_nicht_bei_einem_entwurf(welt):
    entw = entwurf(welt)
    with pytest.raises(Fachfehler):
        ueberpruefung_festhalten(
            acting_user=welt.users[Rolle.IFK],
            plan=entw.plan,
            ueberprueft_am=HEUTE,
            ergebnis="bestaetigt",
            schritte={},
        )


# --- API ---------------------------------------------------------------------


def _api(welt, version, **daten):
    return api_client(welt.users[Rolle.IFK]).post(
        f"/api/v1/kooperationsplaene/{version.plan_id}/ueberpruefung-festhalten/",
        {
            "ueberprueft_am": "2026-12-01",
            "ergebnis": "bestaetigt",
            "schritte": [{"eintrag": e.pk, "stand": "erledigt"} for e in version.eintraege.all()],
            **daten,
        },
        format="json",
    )


def test_api_haelt_die_ueberpruefung_fest(welt, version):
    antwort = _api(welt, version, naechste_ueberpruefung_am="2027-02-01")
    assert antwort.status_code == 200, antwort.json()
    (u,) = antwort.json()["ueberpruefungen"]
    assert u["naechste_ueberpruefung_am"] == "2027-02-01"
    assert {s["stand"] for s in u["schritte"]} == {"erledigt"}
    assert _offene_ueberpruefungen().get().faellig_am == D(2027, 2, 1)


@pytest.mark.parametrize(
    ("daten", "feld"),
    [
        ({"naechste_ueberpruefung_am": "2027-12-01"}, "naechste_ueberpruefung_am"),
        ({"naechste_ueberpruefung_am": "9999-12-31"}, "naechste_ueberpruefung_am"),
        ({"ueberprueft_am": "2026-12-24"}, "ueberprueft_am"),
        ({"ueberprueft_am": "01.12.2026"}, "ueberprueft_am"),
        ({"ergebnis": "egal"}, "ergebnis"),
        ({"schritte": []}, None),
    ],
)
def test_api_400_mit_feldfehlern(welt, version, daten, feld):
    antwort = _api(welt, version, **daten)
    assert antwort.status_code == 400
    if feld:
        assert feld in antwort.json()["felder"]
    assert not Ueberpruefung.objects.exists()


def test_api_meldet_den_schritt(welt, version):
    antwort = api_client(welt.users[Rolle.IFK]).get(
        f"/api/v1/kooperationsplaene/{version.plan_id}/versionen/"
    )
    schritte = {s["name"]: s for v in antwort.json()["results"] for s in v["uebergaenge"]}
    assert schritte["ueberpruefung_festhalten"]["adresse"].endswith("ueberpruefung-festhalten/")


# --- Pages --------------------------------------------------------------------


def test_seite_festhalten_und_speichern(client, welt, version):
    client.force_login(welt.users[Rolle.IFK])
    plan_seite = client.get(f"/plaene/{version.plan_id}/").content.decode()
    adresse = f"/plaene/{version.plan_id}/ueberpruefung/festhalten/"
    assert f'href="{adresse}"' in plan_seite
    assert "Überprüfung festhalten" in plan_seite
    formular = client.get(adresse).content.decode()
    assert "Überprüfung speichern" in formular
    daten = {
        "ueberprueft_am": "2026-12-01",
        "ergebnis": "bestaetigt",
        "naechste_ueberpruefung_am": "",
        "notiz": "Gut vorangekommen.",
        **{f"schritt_{e.pk}": "erledigt" for e in version.eintraege.all()},
    }
    falsch = client.post(adresse, {**daten, "naechste_ueberpruefung_am": "2028-01-01"})
    assert falsch.status_code == 400
    assert "spätestens am 01.06.2027" in falsch.content.decode()
    antwort = client.post(adresse, daten, follow=True)
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert "Die Überprüfung ist festgehalten." in inhalt
    assert "nächste Überprüfung spätestens am 01.06.2027" in inhalt
    assert "Gut vorangekommen." in inhalt


def test_seite_fortschreibung_fuehrt_in_den_editor(client, welt, version):
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        f"/plaene/{version.plan_id}/ueberpruefung/festhalten/",
        {
            "ueberprueft_am": "2026-12-01",
            "ergebnis": "fortschreibung",
            "naechste_ueberpruefung_am": "2027-01-01",
            **{f"schritt_{e.pk}": "passt_nicht" for e in version.eintraege.all()},
        },
    )
    neu = version.plan.versionen.get(nummer=2)
    assert antwort.status_code == 302
    assert antwort["Location"] == f"/versionen/{neu.pk}/bearbeiten/"


def test_die_auskunft_nennt_die_ueberpruefung(welt, version):
    from plans.dokumente.auskunft import auskunft_daten

    _festhalten(welt, version, notiz="Kurs läuft.")
    daten = auskunft_daten(welt.eigener_fall)
    (abschnitt,) = [a for a in daten["abschnitte"] if a["titel"] == "Überprüfungen"]
    text = str(abschnitt["eintraege"])
    assert "Kurs läuft." in text
    assert "Ich suche mir einen Deutsch-Kurs.: läuft noch" in text
