"""Each legal act on a plan follows the Rechtsstand of its own day, with the
transition rules of that Rechtsstand: scenarios on both sides of 1 July 2026
(the Neue Grundsicherung), through the services, the plan page and the API."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kooperation.access import Rolle
from kooperation.errors import Fachfehler
from plans.models import PlanStatus, Rechtsakt
from plans.services.nichteinigung import (
    aufforderung_erlassen,
    pflichten_festsetzen,
    schlichtung_beenden,
    schlichtung_beginnen,
)
from plans.services.rechtsakte import pflichtverletzung_festhalten
from plans.services.vereinbarung import planversion_vereinbaren
from tests.api_helfer import api_client
from tests.plans.factories import angebot, entwurf, pflicht

D = datetime.date
VORHER = D(2026, 6, 20)
DANACH = D(2026, 7, 20)


def _akte(plan) -> list[tuple[str, str, bool]]:
    return [
        (a.art, a.rechtsstand.schluessel, a.uebergangsregel)
        for a in Rechtsakt.objects.filter(plan=plan).select_related("rechtsstand")
    ]


def _bescheid(welt, plan, am):
    return pflichten_festsetzen(
        acting_user=welt.users[Rolle.IFK],
        plan=plan,
        erlassen_am=am,
        pflichten=[pflicht("Jeden Monat vier Bewerbungen, Nachweis bis zum Monatsende.")],
        begruendung="Es kam kein Plan zustande.",
    )


def test_plan_vor_dem_stichtag_schlichtung_danach_wird_abgelehnt(welt):
    """A plan begun on 30.06.2026 does not open a Schlichtung on 10.08.2026:
    the day of the Schlichtung decides, and § 15a is gone by then."""
    plan = entwurf(welt, begonnen_am=D(2026, 6, 30)).plan
    with pytest.raises(Fachfehler) as fehler:
        schlichtung_beginnen(
            acting_user=welt.users[Rolle.IFK],
            plan=plan,
            beantragt_von="person",
            begonnen_am=D(2026, 8, 10),
            schlichter="Frau Ober-Lind",
        )
    meldung = fehler.value.message_dict["begonnen_am"][0]
    assert "„Neue Grundsicherung“ (ab 01.07.2026) sieht sie nicht vor" in meldung
    assert "Stattdessen: Pflichten per Bescheid festsetzen" in meldung
    assert plan.schlichtungen.count() == 0


def test_plan_vor_dem_stichtag_bescheid_danach(welt):
    """The same plan: obligations by Bescheid after the change are possible,
    and the Bescheid records the new Rechtsstand and why."""
    plan = entwurf(welt, begonnen_am=D(2026, 6, 30)).plan
    bescheid = _bescheid(welt, plan, D(2026, 8, 10))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FESTGESETZT
    assert plan.rechtsstand.schluessel == "buergergeld-2026"
    akt = Rechtsakt.objects.get(plan=plan)
    assert (akt.art, akt.rechtsstand.schluessel) == ("verwaltungsakt", "grundsicherung-2026")
    assert akt.begruendung == "Bescheid am 10.08.2026 erlassen: Neue Grundsicherung ab 01.07.2026"
    assert "Grundsicherungsgeld" in bescheid.rechtsfolgenbelehrung
    assert "30 Prozent" in bescheid.rechtsfolgenbelehrung


def test_bescheid_vor_dem_stichtag_wird_abgelehnt(welt):
    plan = entwurf(welt, begonnen_am=D(2026, 6, 1)).plan
    with pytest.raises(Fachfehler) as fehler:
        _bescheid(welt, plan, VORHER)
    assert "Möglich erst ab 01.07.2026" in fehler.value.message_dict["erlassen_am"][0]


def test_schlichtung_ueber_den_stichtag_endet_nach_paragraf_15a(welt):
    """Begun under § 15a before 1 July 2026, the Schlichtung ends under § 15a
    after it; the Bescheid that follows its failure follows the new law."""
    ifk = welt.users[Rolle.IFK]
    plan = entwurf(welt, begonnen_am=D(2026, 6, 10)).plan
    schlichtung = schlichtung_beginnen(
        acting_user=ifk,
        plan=plan,
        beantragt_von="person",
        begonnen_am=D(2026, 6, 25),
        schlichter="Frau Ober-Lind",
    )
    assert schlichtung.ende_spaetestens == D(2026, 7, 23)
    schlichtung_beenden(
        acting_user=ifk,
        schlichtung=schlichtung,
        beendet_am=D(2026, 7, 15),
        ergebnis="keine_einigung",
    )
    _bescheid(welt, plan, DANACH)
    assert _akte(plan) == [
        ("schlichtung_beginn", "buergergeld-2026", False),
        ("schlichtung_ende", "buergergeld-2026", True),
        ("verwaltungsakt", "grundsicherung-2026", False),
    ]
    ende = Rechtsakt.objects.get(plan=plan, art="schlichtung_ende")
    assert ende.stichtag == D(2026, 6, 25)
    assert "läuft nach § 15a bis zu ihrem Ende" in ende.begruendung


def test_waehrend_der_schlichtung_kein_bescheid(welt):
    ifk = welt.users[Rolle.IFK]
    plan = entwurf(welt, begonnen_am=D(2026, 6, 10)).plan
    schlichtung_beginnen(
        acting_user=ifk,
        plan=plan,
        beantragt_von="person",
        begonnen_am=D(2026, 6, 25),
        schlichter="Frau Ober-Lind",
    )
    with pytest.raises(Fachfehler, match="laufende Schlichtung"):
        _bescheid(welt, plan, DANACH)


def test_verstoss_vorher_bescheid_danach(welt):
    """A breach committed before the change and recorded after it is judged
    by the old law (10 % for a month); the Bescheid after it follows the new."""
    plan = entwurf(welt, begonnen_am=D(2026, 6, 1)).plan
    verstoss = pflichtverletzung_festhalten(
        acting_user=welt.users[Rolle.IFK],
        plan=plan,
        art="pflichtverletzung",
        tat_am=D(2026, 6, 26),
        festgestellt_am=D(2026, 7, 6),
        beschreibung="Bewerbungstraining ohne Grund abgebrochen.",
    )
    assert "Minderung um 10 % des Regelbedarfs für 1 Monat" in verstoss.folge
    _bescheid(welt, plan, DANACH)
    assert _akte(plan) == [
        ("pflichtverletzung", "buergergeld-2026", True),
        ("verwaltungsakt", "grundsicherung-2026", False),
    ]
    akt = Rechtsakt.objects.get(plan=plan, art="pflichtverletzung")
    assert akt.stichtag == D(2026, 6, 26)
    assert "nach dem Recht zur Zeit der Tat beurteilt" in akt.begruendung


def test_verstoss_nach_dem_stichtag_nach_neuem_recht(welt):
    plan = entwurf(welt, begonnen_am=D(2026, 6, 1)).plan
    verstoss = pflichtverletzung_festhalten(
        acting_user=welt.users[Rolle.IFK],
        plan=plan,
        art="pflichtverletzung",
        tat_am=D(2026, 7, 6),
        beschreibung="Bewerbungstraining ohne Grund abgebrochen.",
        festgestellt_am=D(2026, 7, 8),
    )
    assert "Minderung um 30 % des Regelbedarfs für 3 Monate" in verstoss.folge
    assert "berichtet" in verstoss.folge
    assert _akte(plan) == [("pflichtverletzung", "grundsicherung-2026", False)]


def test_aufforderung_nur_vor_dem_stichtag(welt):
    ifk = welt.users[Rolle.IFK]
    plan = entwurf(welt, begonnen_am=D(2026, 6, 1)).plan
    aufforderung = aufforderung_erlassen(
        acting_user=ifk,
        plan=plan,
        erlassen_am=VORHER,
        pflichten="Bis 30.06.2026 drei Bewerbungen vorlegen.",
        begruendung="Es kam kein Plan zustande.",
    )
    assert aufforderung.art == "aufforderung"
    assert "Bürgergeld" in aufforderung.rechtsfolgenbelehrung
    assert "10 Prozent" in aufforderung.rechtsfolgenbelehrung
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENTWURF
    with pytest.raises(Fachfehler, match="Stattdessen: Pflichten per Bescheid festsetzen"):
        aufforderung_erlassen(
            acting_user=ifk,
            plan=plan,
            erlassen_am=DANACH,
            pflichten="Drei Bewerbungen.",
            begruendung="Kein Plan.",
        )
    assert _akte(plan) == [("aufforderung", "buergergeld-2026", False)]


def test_plan_vor_dem_stichtag_vereinbart_danach(welt):
    """Agreeing follows the law of the day of agreement (review date from it)."""
    version = entwurf(welt, begonnen_am=D(2026, 6, 29))
    planversion_vereinbaren(
        acting_user=welt.users[Rolle.IFK], version=version, vereinbart_am=D(2026, 7, 2)
    )
    version.refresh_from_db()
    assert version.ueberpruefung_bis == D(2027, 1, 2)
    assert _akte(version.plan) == [("vereinbarung", "grundsicherung-2026", False)]


def test_plan_vor_dem_stichtag_vereinbart_danach_fortgeschrieben(welt, monkeypatch):
    """A plan begun and agreed under the Bürgergeld, continued after the
    change: the Fortschreibung follows the law of its own day."""
    from plans import lebenszyklus
    from plans.services.vereinbarung import plan_fortschreiben

    version = entwurf(welt, begonnen_am=D(2026, 6, 1))
    ifk = welt.users[Rolle.IFK]
    planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=D(2026, 6, 15))
    monkeypatch.setattr(lebenszyklus, "heute", lambda: D(2026, 9, 1))
    plan_fortschreiben(acting_user=ifk, plan=version.plan)
    assert _akte(version.plan) == [
        ("vereinbarung", "buergergeld-2026", False),
        ("fortschreibung", "grundsicherung-2026", False),
    ]


def test_akte_in_der_zukunft_werden_abgelehnt(welt):
    plan = entwurf(welt).plan
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(Fachfehler) as fehler:
        _bescheid(welt, plan, morgen)
    assert "in der Zukunft" in fehler.value.message_dict["erlassen_am"][0]


def test_planseite_zeigt_welches_recht_galt(client, welt):
    plan = entwurf(welt, begonnen_am=D(2026, 6, 30)).plan
    _bescheid(welt, plan, D(2026, 8, 10))
    client.force_login(welt.users[Rolle.IFK])
    inhalt = client.get(f"/plaene/{plan.pk}/").content.decode()
    assert "Welches Recht galt" in inhalt
    assert "Bescheid am 10.08.2026 erlassen: Neue Grundsicherung ab 01.07.2026" in inhalt
    assert "begonnen unter: Bürgergeld" in inhalt


def test_schnittstelle_meldet_rechtsakte_und_feldfehler(welt):
    client = api_client(welt.users[Rolle.IFK])
    plan = entwurf(welt, begonnen_am=D(2026, 6, 1)).plan
    basis = f"/api/v1/kooperationsplaene/{plan.pk}/"
    antwort = client.post(
        basis + "pflichtverletzung/",
        {
            "art": "pflichtverletzung",
            "tat_am": "2026-06-26",
            "festgestellt_am": "2026-07-06",
            "beschreibung": "Termin beim Bildungsträger abgebrochen.",
        },
        format="json",
    )
    assert antwort.status_code == 200, antwort.content
    daten = antwort.json()
    assert daten["rechtsakte"][0]["rechtsstand"] == "buergergeld-2026"
    assert daten["rechtsakte"][0]["uebergangsregel"] is True
    assert "Zeit der Tat" in daten["rechtsakte"][0]["begruendung"]
    assert "10 %" in daten["pflichtverletzungen"][0]["folge"]
    # The Aufforderung is gone after the change: refused, naming the field.
    antwort = client.post(
        basis + "aufforderung/",
        {
            "erlassen_am": "2026-07-20",
            "pflichten": "Drei Bewerbungen.",
            "begruendung": "Kein Plan.",
        },
        format="json",
    )
    assert antwort.status_code == 400
    assert "Neue Grundsicherung" in str(antwort.json())
    # Bad input: 400 with the field named, nothing saved.
    antwort = client.post(
        basis + "pflichtverletzung/",
        {"art": "pflichtverletzung", "tat_am": "2031-01-01", "beschreibung": "x"},
        format="json",
    )
    assert antwort.status_code == 400
    assert "tat_am" in antwort.json()["felder"]
    antwort = client.post(
        basis + "pflichten-festsetzen/",
        {
            "erlassen_am": "2026-07-20",
            "pflichten": [
                {"was": "Vier Bewerbungen.", "wie_oft": "4 im Monat", "nachweis": "Liste"}
            ],
            "begruendung": "Kein Plan.",
        },
        format="json",
    )
    assert antwort.status_code == 200, antwort.content
    akte = antwort.json()["rechtsakte"]
    assert [a["rechtsstand"] for a in akte] == ["buergergeld-2026", "grundsicherung-2026"]
    assert antwort.json()["festsetzungen"][0]["art"] == "verwaltungsakt"


def test_ein_dritter_rechtsstand_gilt_fuer_die_akte_ohne_weitere_aenderung(welt, monkeypatch):
    """The third Rechtsstand of the engine's test (one entry in the list)
    reaches the plan's acts with no other change: a plan begun under the Neue
    Grundsicherung opens a Schlichtung again once the third one is in force."""
    from kooperation import rechtsstaende
    from kooperation.recht import spiegel
    from plans import lebenszyklus
    from tests.kooperation.test_rechtsstaende import DRITTER

    monkeypatch.setattr(rechtsstaende, "RECHTSSTAENDE", (*rechtsstaende.RECHTSSTAENDE, DRITTER))
    spiegel.rechtsstaende_einrichten()
    monkeypatch.setattr(lebenszyklus, "heute", lambda: D(2027, 8, 10))
    plan = entwurf(welt, begonnen_am=D(2026, 10, 5)).plan
    schlichtung = schlichtung_beginnen(
        acting_user=welt.users[Rolle.IFK],
        plan=plan,
        beantragt_von="person",
        begonnen_am=D(2027, 8, 2),
        schlichter="Frau Ober-Lind",
    )
    assert schlichtung.ende_spaetestens == D(2027, 8, 16)
    assert _akte(plan) == [("schlichtung_beginn", "grundsicherung-2027", False)]


# --- The Bescheid ---------------------------------------------------------------


def test_bescheid_auf_einen_vereinbarten_plan_und_zurueck_zur_zusammenarbeit(welt):
    """Agreements not kept: a Bescheid with validity, review, Bekanntgabe by
    post (four days, § 37 SGB X since 2025) and the Widerspruch period; it
    replaces the agreed version's review. A new version agreed afterwards ends
    its obligations and its review."""
    from django.contrib.contenttypes.models import ContentType

    from kooperation.models import Fristart, Wiedervorlage
    from plans.services.vereinbarung import plan_fortschreiben

    ifk = welt.users[Rolle.IFK]
    version = entwurf(welt, begonnen_am=D(2026, 9, 1))
    planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=D(2026, 9, 3))
    bescheid = pflichten_festsetzen(
        acting_user=ifk,
        plan=version.plan,
        erlassen_am=D(2026, 10, 15),
        pflichten=[
            pflicht(
                "Jeden Monat vier Bewerbungen; die Liste zeigen Sie bis zum 5. des Folgemonats."
            )
        ],
        angebote=[angebot("Wir übernehmen die Kosten für Bewerbungsfotos.")],
        begruendung="Die Absprachen des Plans wurden ohne wichtigen Grund nicht eingehalten.",
        zur_post_am=D(2026, 10, 16),
    )
    assert bescheid.anlass == "nichteinhaltung"
    assert bescheid.bekanntgabe_am == D(2026, 10, 20)
    assert "gilt am 4. Tag danach als bekannt gegeben" in bescheid.bekanntgabe_begruendung
    assert bescheid.widerspruch_bis == D(2026, 11, 20)
    assert (bescheid.gueltig_bis, bescheid.ueberpruefen_am) == (D(2027, 4, 15), D(2027, 4, 15))
    assert "innerhalb eines Monats nach seiner Bekanntgabe Widerspruch" in (
        bescheid.rechtsbehelfsbelehrung
    )
    assert "68161 Mannheim" in bescheid.rechtsbehelfsbelehrung

    def offen(ursache):
        return Wiedervorlage.objects.offen().filter(
            art=Fristart.UEBERPRUEFUNG,
            ursache_id=ursache.pk,
            ursache_typ=ContentType.objects.get_for_model(type(ursache)),
        )

    assert not offen(version).exists()
    assert offen(bescheid).get().faellig_am == D(2027, 4, 15)

    neu = plan_fortschreiben(acting_user=ifk, plan=version.plan)
    planversion_vereinbaren(acting_user=ifk, version=neu, vereinbart_am=D(2026, 11, 2))
    bescheid.refresh_from_db()
    assert bescheid.beendet_am == D(2026, 11, 2)
    assert not offen(bescheid).exists()
    assert offen(neu).get().faellig_am == D(2027, 5, 2)
    version.plan.refresh_from_db()
    assert version.plan.status == PlanStatus.VEREINBART


def test_bescheid_felder_werden_geprueft(welt):
    plan = entwurf(welt).plan
    with pytest.raises(Fachfehler) as fehler:
        pflichten_festsetzen(
            acting_user=welt.users[Rolle.IFK],
            plan=plan,
            erlassen_am=D(2026, 10, 20),
            pflichten=[pflicht("Vier Bewerbungen.")],
            begruendung="Kein Plan.",
            gueltig_bis=D(2029, 1, 1),
            zur_post_am=D(2026, 10, 1),
        )
    assert set(fehler.value.message_dict) == {"gueltig_bis", "zur_post_am"}
    assert not plan.festsetzungen.exists()


def test_bescheid_ueber_die_schnittstelle(welt):
    version = entwurf(welt)
    antwort = api_client(welt.users[Rolle.IFK]).post(
        f"/api/v1/kooperationsplaene/{version.plan_id}/pflichten-festsetzen/",
        {
            "erlassen_am": "2026-10-20",
            "pflichten": [
                {"was": "Vier Bewerbungen.", "wie_oft": "4 im Monat", "nachweis": "Liste"}
            ],
            "begruendung": "Kein Plan.",
            "ueberpruefen_am": "2026-10-10",
        },
        format="json",
    )
    assert antwort.status_code == 400
    assert "ueberpruefen_am" in antwort.json()["felder"]
    antwort = api_client(welt.users[Rolle.IFK]).post(
        f"/api/v1/kooperationsplaene/{version.plan_id}/pflichten-festsetzen/",
        {
            "erlassen_am": "2026-10-20",
            "pflichten": [
                {"was": "Vier Bewerbungen.", "wie_oft": "4 im Monat", "nachweis": "Liste"}
            ],
            "begruendung": "Kein Plan.",
        },
        format="json",
    )
    assert antwort.status_code == 200, antwort.content
    bescheid = antwort.json()["festsetzungen"][0]
    assert bescheid["bekanntgabe_am"] == "2026-10-20"
    assert bescheid["widerspruch_bis"] == "2026-11-20"
    assert "Widerspruch" in bescheid["rechtsbehelfsbelehrung"]
    assert antwort.json()["rechtsakte"][-1]["rechtsstand"] == "grundsicherung-2026"
