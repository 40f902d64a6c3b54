"""The kommunaler Träger's decisions flow back to the IFK: changes she takes
over replace the item's text (in a draft at once, for an agreed version in a
new draft), rejected items are marked and block asking again unchanged, and
every decision is a notice to her."""

from __future__ import annotations

import datetime

import pytest

from kooperation.access import Rolle
from kooperation.errors import Fachfehler
from kooperation.models import Nachricht
from plans.dokumente.pdf import PlanPdf
from plans.models import PlanEintrag, PlanStatus, Planteil, VersionStatus
from plans.services.abstimmung import (
    abstimmung_aenderung_bestaetigen,
    abstimmung_anfragen,
    abstimmungsposition_entscheiden,
)
from plans.services.entwurf import planeintrag_speichern
from plans.services.vereinbarung import planversion_vereinbaren
from tests.plans.factories import entwurf

TAG = datetime.date(2026, 10, 5)
TEXT = "Termin bei der Schuldnerberatung"


def _mit_16a(welt):
    version = entwurf(welt)
    PlanEintrag.objects.create(
        version=version, teil=Planteil.UNTERSTUETZUNG, text=TEXT, leistung_16a="schuldnerberatung"
    )
    return version


def _entscheiden(welt, abstimmung, status, **kwargs):
    return abstimmungsposition_entscheiden(
        acting_user=welt.users[Rolle.TRAEGER],
        position=abstimmung.positionen.get(),
        status=status,
        **kwargs,
    )


def test_aenderung_im_entwurf_ersetzt_den_text(client, welt):
    ifk = welt.users[Rolle.IFK]
    version = _mit_16a(welt)
    abstimmung = abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG)
    _entscheiden(welt, abstimmung, "geaendert", aenderung="Schuldnerberatung ab Dezember.")
    client.force_login(ifk)
    editor = client.get(f"/versionen/{version.pk}/bearbeiten/").content.decode()
    assert "Der kommunale Träger stimmt mit Änderungen zu" in editor
    assert "Schuldnerberatung ab Dezember." in editor
    assert "Änderungen des Trägers übernehmen" in editor
    # Asking again would be pointless: the step says what to do instead.
    with pytest.raises(Fachfehler, match="übernehmen Sie zuerst seine Änderungen"):
        abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG)
    sperrversion = version.sperrversion
    antwort = client.post(f"/abstimmungen/{abstimmung.pk}/bestaetigen/", follow=True)
    assert antwort.redirect_chain[-1][0] == f"/versionen/{version.pk}/bearbeiten/"
    inhalt = antwort.content.decode()
    assert "Die Änderungen des Trägers sind übernommen." in inhalt
    assert "Änderung des Trägers übernommen" in inhalt
    eintrag = version.eintraege.get(leistung_16a="schuldnerberatung")
    assert eintrag.text == "Schuldnerberatung ab Dezember."
    # The PDF is laid out from the items: it reads the Träger's text too.
    pdf_html = PlanPdf.fuer_version(version).html()
    assert "Schuldnerberatung ab Dezember." in pdf_html
    assert TEXT not in pdf_html
    version.refresh_from_db()
    assert version.sperrversion == sperrversion + 1
    neu = planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=TAG)
    assert neu.status == VersionStatus.VEREINBART


def test_aenderung_einer_vereinbarten_version_kommt_in_einen_neuen_entwurf(welt):
    welt.jc.abstimmungszeitpunkt = "nach"
    welt.jc.save()
    ifk = welt.users[Rolle.IFK]
    version = _mit_16a(welt)
    planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=TAG)
    abstimmung = version.abstimmungen.get()
    _entscheiden(welt, abstimmung, "geaendert", aenderung="Schuldnerberatung ab Dezember.")
    ergebnis = abstimmung_aenderung_bestaetigen(acting_user=ifk, abstimmung=abstimmung)
    version.refresh_from_db()
    assert version.status == VersionStatus.VEREINBART
    assert version.eintraege.get(leistung_16a="schuldnerberatung").text == TEXT
    neu = ergebnis.neue_version
    assert neu.nummer == 2
    assert neu.status == VersionStatus.ENTWURF
    assert neu.eintraege.get(leistung_16a="schuldnerberatung").text == (
        "Schuldnerberatung ab Dezember."
    )
    neu.plan.refresh_from_db()
    assert neu.plan.status == PlanStatus.ENTWURF


def test_abgelehnt_wird_markiert_und_erst_nach_einer_aenderung_erneut_angefragt(client, welt):
    ifk = welt.users[Rolle.IFK]
    version = _mit_16a(welt)
    abstimmung = abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG)
    _entscheiden(welt, abstimmung, "abgelehnt", begruendung="Kein Platz frei")
    client.force_login(ifk)
    editor = client.get(f"/versionen/{version.pk}/bearbeiten/").content.decode()
    assert "Vom kommunalen Träger abgelehnt" in editor
    assert "Kein Platz frei" in editor
    with pytest.raises(Fachfehler, match="Bitte ändern oder entfernen Sie den Eintrag"):
        abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG)
    version.refresh_from_db()
    eintrag = version.eintraege.get(leistung_16a="schuldnerberatung")
    planeintrag_speichern(
        acting_user=ifk,
        version=version,
        sperrversion=version.sperrversion,
        eintrag=eintrag,
        teil=eintrag.teil,
        text="Schuldnerberatung bei der Caritas",
        leistung_16a="schuldnerberatung",
    )
    assert abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG).status == (
        "offen"
    )


@pytest.mark.parametrize(
    ("status", "kwargs", "satz"),
    [
        ("zugestimmt", {}, "Sie können mit dem Plan weiterarbeiten."),
        ("geaendert", {"aenderung": "Ab Dezember."}, "Ab Dezember."),
        ("abgelehnt", {"begruendung": "Kein Platz"}, "Kein Platz"),
    ],
)
def test_jede_entscheidung_ist_eine_nachricht_an_die_ifk(client, welt, status, kwargs, satz):
    ifk = welt.users[Rolle.IFK]
    ifk.email = "ifk@jobcenter.example"
    ifk.save()
    version = _mit_16a(welt)
    abstimmung = abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG)
    _entscheiden(welt, abstimmung, status, **kwargs)
    nachricht = Nachricht.objects.get(empfaenger=ifk)
    assert satz in nachricht.text
    assert welt.eigener_fall.nachname not in nachricht.text + nachricht.betreff
    client.force_login(ifk)
    startseite = client.get("/faelle/").content.decode()
    assert nachricht.betreff in startseite
