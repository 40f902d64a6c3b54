"""Recording a breach in the browser: which Rechtsstand it follows and the
consequence that Rechtsstand names are shown before anything is saved; the
days are checked; the read and the record are audited."""

import datetime

from auditlog.models import LogEntry
from django.urls import reverse

from kooperation.access import Rolle
from kooperation.audit import eintraege_zu
from tests.plans.factories import entwurf

D = datetime.date


def _daten(**felder):
    return {
        "art": "pflichtverletzung",
        "tat_am": "2026-06-26",
        "festgestellt_am": "2026-07-06",
        "beschreibung": "Bewerbungstraining ohne Grund abgebrochen.",
        "wichtiger_grund": "",
        **felder,
    }


def test_plan_und_personenseite_fuehren_zur_erfassung(welt, client):
    plan = entwurf(welt, begonnen_am=D(2026, 6, 1)).plan
    adresse = reverse("plans:pflichtverletzung", args=[plan.pk])
    client.force_login(welt.users[Rolle.IFK])
    assert adresse in client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    fall = client.get(reverse("cases:fall", args=[plan.leistungsberechtigter_id]))
    assert adresse in fall.content.decode()
    seite = client.get(adresse)
    assert seite.status_code == 200
    assert "heute gilt: Neue Grundsicherung" in seite.content.decode()
    # The Teamleitung reads the plan but records nothing.
    client.force_login(welt.users[Rolle.TEAMLEITUNG])
    assert adresse not in client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert client.get(adresse).status_code == 403


def test_pruefen_zeigt_rechtsstand_und_folge_und_speichert_nichts(welt, client):
    """A breach before 1 July 2026, recorded after it: judged by the
    Bürgergeld (the law at the time of the breach), with its 10 % step."""
    plan = entwurf(welt, begonnen_am=D(2026, 6, 1)).plan
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        reverse("plans:pflichtverletzung", args=[plan.pk]), {**_daten(), "pruefen": "1"}
    )
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert "<strong>Rechtsstand:</strong> Bürgergeld (Übergangsregel)" in html
    assert "Zeit der Tat" in html
    assert "10 %" in html
    assert "Noch nichts gespeichert" in html
    assert not plan.pflichtverletzungen.exists()
    gelesen = eintraege_zu(plan).filter(action=LogEntry.Action.ACCESS)
    assert gelesen.filter(
        additional_data__grund="Folge einer Pflichtverletzung geprüft",
        actor=welt.users[Rolle.IFK],
    ).exists()


def test_nach_dem_stichtag_gilt_die_neue_grundsicherung(welt, client):
    plan = entwurf(welt, begonnen_am=D(2026, 6, 1)).plan
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        reverse("plans:pflichtverletzung", args=[plan.pk]),
        {**_daten(tat_am="2026-08-03", festgestellt_am="2026-08-05"), "pruefen": "1"},
    )
    html = antwort.content.decode()
    assert "<strong>Rechtsstand:</strong> Neue Grundsicherung" in html
    assert "30 Prozent" in html or "30 %" in html


def test_festhalten_speichert_mit_folge_und_rechtsakt(welt, client):
    plan = entwurf(welt, begonnen_am=D(2026, 6, 1)).plan
    ifk = welt.users[Rolle.IFK]
    client.force_login(ifk)
    antwort = client.post(reverse("plans:pflichtverletzung", args=[plan.pk]), _daten())
    assert antwort.status_code == 302
    verstoss = plan.pflichtverletzungen.get()
    assert "10 %" in verstoss.folge
    akt = plan.rechtsakte.get()
    assert akt.rechtsstand.schluessel == "buergergeld-2026"
    assert akt.uebergangsregel
    eintrag = eintraege_zu(verstoss).get(action=LogEntry.Action.CREATE)
    assert eintrag.actor == ifk
    seite = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "Bewerbungstraining ohne Grund abgebrochen." in seite
    assert "Die Pflichtverletzung ist festgehalten." in seite


def test_wichtiger_grund_heisst_keine_minderung(welt, client):
    plan = entwurf(welt, begonnen_am=D(2026, 6, 1)).plan
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        reverse("plans:pflichtverletzung", args=[plan.pk]),
        {**_daten(wichtiger_grund="Krank, Attest liegt vor."), "pruefen": "1"},
    )
    assert "keine Minderung" in antwort.content.decode()


def test_tage_werden_geprueft_und_nichts_wird_gespeichert(welt, client):
    plan = entwurf(welt, begonnen_am=D(2026, 6, 1)).plan
    client.force_login(welt.users[Rolle.IFK])
    adresse = reverse("plans:pflichtverletzung", args=[plan.pk])
    for felder, feld, meldung in (
        ({"tat_am": "2026-07-10"}, "tat_am", "nicht nach seiner Feststellung"),
        ({"festgestellt_am": "2099-01-01"}, "festgestellt_am", "Bitte geben Sie ein Datum"),
        ({"tat_am": "1900-01-01"}, "tat_am", "Bitte geben Sie ein Datum zwischen"),
        ({"festgestellt_am": "2026-05-04", "tat_am": "2026-05-01"}, "festgestellt_am", "Beginn"),
        ({"art": ""}, "art", ""),
        ({"beschreibung": ""}, "beschreibung", ""),
    ):
        for knopf in ({"pruefen": "1"}, {}):
            antwort = client.post(adresse, {**_daten(**felder), **knopf})
            assert antwort.status_code == 400, felder
            html = antwort.content.decode()
            if feld == "beschreibung" and knopf:
                # Checking the consequence needs no description yet.
                continue
            assert f'id="id_{feld}-fehler"' in html, felder
            # The summary links to the field (a radio group: its first choice).
            ziel = f"id_{feld}_0" if feld == "art" else f"id_{feld}"
            assert f'href="#{ziel}"' in html, felder
            assert meldung in html, felder
    assert not plan.pflichtverletzungen.exists()


def test_ein_dritter_rechtsstand_erreicht_die_seite_ohne_weitere_aenderung(
    welt, client, monkeypatch
):
    """One entry more in kooperation/rechtsstaende.py (the engine test's third
    Rechtsstand): the page names it and the consequence of its own ladder."""
    from kooperation import rechtsstaende
    from kooperation.recht import spiegel
    from plans import lebenszyklus
    from tests.kooperation.test_rechtsstaende import DRITTER

    monkeypatch.setattr(rechtsstaende, "RECHTSSTAENDE", (*rechtsstaende.RECHTSSTAENDE, DRITTER))
    spiegel.rechtsstaende_einrichten()
    monkeypatch.setattr(lebenszyklus, "heute", lambda: D(2027, 8, 10))
    plan = entwurf(welt, begonnen_am=D(2026, 10, 5)).plan
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        reverse("plans:pflichtverletzung", args=[plan.pk]),
        {
            **_daten(art="meldeversaeumnis", tat_am="2027-08-03", festgestellt_am="2027-08-09"),
            "pruefen": "1",
        },
    )
    html = antwort.content.decode()
    assert "<strong>Rechtsstand:</strong> Grundsicherung 2027" in html
    assert "20 %" in html
