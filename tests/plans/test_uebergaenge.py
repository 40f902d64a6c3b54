"""Every allowed and every refused transition of a plan, at service level."""

import datetime

import pytest

from kooperation.access import Rolle
from kooperation.errors import Fachfehler, Konflikt
from kooperation.models import Fristart, Wiedervorlage
from plans.models import PlanEintrag, PlanStatus, Planteil, VersionStatus
from plans.services.abstimmung import abstimmung_anfragen, abstimmung_entscheiden
from plans.services.entwurf import (
    planeintrag_entfernen,
    planeintrag_speichern,
    planversion_speichern,
)
from plans.services.nichteinigung import (
    pflichten_festsetzen,
    schlichtung_beenden,
    schlichtung_beginnen,
)
from plans.services.vereinbarung import (
    kein_plan_festhalten,
    plan_fortschreiben,
    planversion_vereinbaren,
    ueberpruefung_beginnen,
)
from tests.partners.factories import AngebotFactory
from tests.plans.factories import entwurf, pflicht, vereinbart

D = datetime.date
ALT = D(2026, 5, 4)  # Rechtsstand 2023: Schlichtung
NEU = D(2026, 10, 5)  # Rechtsstand 2026: Verwaltungsakt


@pytest.fixture
def ifk(welt):
    return welt.users[Rolle.IFK]


def test_ueberpruefung_nur_bei_vereinbartem_plan(welt, ifk):
    version = entwurf(welt)
    with pytest.raises(Fachfehler, match="nur bei einem vereinbarten Plan"):
        ueberpruefung_beginnen(acting_user=ifk, plan=version.plan)
    plan = vereinbart(welt).plan
    assert ueberpruefung_beginnen(acting_user=ifk, plan=plan).status == PlanStatus.UEBERPRUEFUNG
    with pytest.raises(Fachfehler):
        ueberpruefung_beginnen(acting_user=ifk, plan=plan)


def test_fortschreibung_nur_aus_vereinbart_oder_ueberpruefung(welt, ifk):
    with pytest.raises(Fachfehler, match="Fortschreiben"):
        plan_fortschreiben(acting_user=ifk, plan=entwurf(welt).plan)
    alt = vereinbart(welt)
    neu = plan_fortschreiben(acting_user=ifk, plan=alt.plan)
    assert (neu.nummer, neu.status, neu.ziel) == (2, VersionStatus.ENTWURF, alt.ziel)
    assert list(neu.eintraege.values_list("text", flat=True)) == list(
        alt.eintraege.values_list("text", flat=True)
    )
    alt.plan.refresh_from_db()
    assert alt.plan.status == PlanStatus.ENTWURF
    with pytest.raises(Fachfehler):
        plan_fortschreiben(acting_user=ifk, plan=alt.plan)


def test_fortschreibung_erfuellt_die_alte_ueberpruefungsfrist_erst_bei_vereinbarung(welt, ifk):
    alt = vereinbart(welt)
    neu = plan_fortschreiben(acting_user=ifk, plan=alt.plan)
    frist_alt = Wiedervorlage.objects.get(art=Fristart.UEBERPRUEFUNG, ursache_id=alt.pk)
    assert frist_alt.status == "offen"
    planversion_vereinbaren(acting_user=ifk, version=neu, vereinbart_am=D(2026, 12, 1))
    frist_alt.refresh_from_db()
    assert frist_alt.status == "erledigt"
    assert Wiedervorlage.objects.get(art=Fristart.UEBERPRUEFUNG, ursache_id=neu.pk).faellig_am == D(
        2027, 6, 1
    )


def test_vereinbarte_version_ist_fuer_den_editor_gesperrt(welt, ifk):
    version = vereinbart(welt)
    with pytest.raises(Fachfehler, match="vereinbart"):
        planversion_speichern(
            acting_user=ifk,
            version=version,
            sperrversion=version.sperrversion,
            ziel="neu",
            kontakt="",
        )
    with pytest.raises(Fachfehler, match="vereinbart"):
        planeintrag_speichern(
            acting_user=ifk,
            version=version,
            sperrversion=version.sperrversion,
            teil=Planteil.WEG,
            text="neu",
        )
    with pytest.raises(Fachfehler, match="vereinbart"):
        planeintrag_entfernen(
            acting_user=ifk, eintrag=version.eintraege.first(), sperrversion=version.sperrversion
        )


def test_veraltete_sperrversion_wird_abgewiesen(welt, ifk):
    version = entwurf(welt)
    stand = version.sperrversion
    planversion_speichern(
        acting_user=ifk, version=version, sperrversion=stand, ziel="Erste", kontakt=""
    )
    with pytest.raises(Konflikt):
        planversion_speichern(
            acting_user=ifk, version=version, sperrversion=stand, ziel="Zweite", kontakt=""
        )
    with pytest.raises(Konflikt):
        planeintrag_speichern(
            acting_user=ifk, version=version, sperrversion=stand, teil=Planteil.WEG, text="neu"
        )
    version.refresh_from_db()
    assert version.ziel == "Erste"


def test_eintrag_mit_fremdem_angebot_oder_befund_wird_abgewiesen(welt, ifk):
    version = entwurf(welt)
    fremdes_angebot = AngebotFactory(jobcenter=welt.jc2)
    with pytest.raises(Fachfehler) as fehler:
        planeintrag_speichern(
            acting_user=ifk,
            version=version,
            sperrversion=version.sperrversion,
            teil=Planteil.UNTERSTUETZUNG,
            text="x",
            angebot=fremdes_angebot,
        )
    assert "angebot" in fehler.value.message_dict


def test_angebot_des_traegers_macht_den_eintrag_zur_16a_leistung(welt, ifk):
    version = entwurf(welt)
    angebot = AngebotFactory(
        jobcenter=welt.jc, partner=None, traeger=welt.traeger, leistung_16a="schuldnerberatung"
    )
    eintrag = planeintrag_speichern(
        acting_user=ifk,
        version=version,
        sperrversion=version.sperrversion,
        teil=Planteil.UNTERSTUETZUNG,
        text="Termin bei der Schuldnerberatung",
        angebot=angebot,
    )
    assert eintrag.leistung_16a == "schuldnerberatung"


def test_schlichtung_nur_unter_dem_rechtsstand_2023(welt, ifk):
    neu = entwurf(welt, begonnen_am=NEU)
    with pytest.raises(Fachfehler, match="„Neue Grundsicherung“ .* sieht sie nicht vor"):
        schlichtung_beginnen(
            acting_user=ifk,
            plan=neu.plan,
            beantragt_von="person",
            begonnen_am=NEU,
            schlichter="Frau Ober",
        )
    alt = entwurf(welt, begonnen_am=ALT)
    s = schlichtung_beginnen(
        acting_user=ifk,
        plan=alt.plan,
        beantragt_von="person",
        begonnen_am=D(2026, 5, 11),
        schlichter="Frau Ober",
    )
    assert s.ende_spaetestens == D(2026, 6, 8)  # four weeks
    assert Wiedervorlage.objects.get(art=Fristart.SCHLICHTUNG, ursache_id=s.pk).faellig_am == (
        D(2026, 6, 8)
    )
    with pytest.raises(Fachfehler):  # only one at a time, and the plan is no longer a draft
        schlichtung_beginnen(
            acting_user=ifk,
            plan=alt.plan,
            beantragt_von="person",
            begonnen_am=D(2026, 5, 12),
            schlichter="Herr Zwei",
        )
    schlichtung_beenden(
        acting_user=ifk, schlichtung=s, beendet_am=D(2026, 5, 20), ergebnis="einigung"
    )
    alt.plan.refresh_from_db()
    assert alt.plan.status == PlanStatus.ENTWURF
    assert Wiedervorlage.objects.get(ursache_id=s.pk, art=Fristart.SCHLICHTUNG).status == (
        "erledigt"
    )
    with pytest.raises(Fachfehler, match="schon beendet"):
        schlichtung_beenden(
            acting_user=ifk, schlichtung=s, beendet_am=D(2026, 5, 21), ergebnis="einigung"
        )


def test_schlichtung_braucht_schlichter_und_antragsteller(welt, ifk):
    plan = entwurf(welt, begonnen_am=ALT).plan
    with pytest.raises(Fachfehler) as fehler:
        schlichtung_beginnen(
            acting_user=ifk, plan=plan, beantragt_von="", begonnen_am=ALT, schlichter=" "
        )
    assert set(fehler.value.message_dict) == {"beantragt_von", "schlichter"}


def test_verwaltungsakt_nur_unter_dem_rechtsstand_2026(welt, ifk):
    alt = entwurf(welt, begonnen_am=ALT)
    with pytest.raises(Fachfehler, match="„Bürgergeld“ .* sieht ihn nicht vor"):
        pflichten_festsetzen(
            acting_user=ifk,
            plan=alt.plan,
            erlassen_am=ALT,
            pflichten=[pflicht("x")],
            begruendung="y",
        )
    neu = entwurf(welt, begonnen_am=NEU)
    bescheid = pflichten_festsetzen(
        acting_user=ifk,
        plan=neu.plan,
        erlassen_am=D(2026, 10, 20),
        pflichten=[pflicht("Sie bewerben sich viermal im Monat.")],
        begruendung="Keine Einigung.",
    )
    assert "Rechtsfolgenbelehrung" in bescheid.rechtsfolgenbelehrung
    neu.plan.refresh_from_db()
    assert neu.plan.status == PlanStatus.FESTGESETZT
    # The plan version itself carries no Rechtsfolgenbelehrung.
    assert "Rechtsfolgen" not in neu.ziel + neu.kontakt + neu.sonstiges
    bescheid.pflichten = "geändert"
    with pytest.raises(Exception, match="nicht geändert"):
        bescheid.save()


def test_kein_plan_nicht_nach_vereinbarung(welt, ifk):
    plan = vereinbart(welt).plan
    with pytest.raises(Fachfehler, match="nicht mehr festhalten"):
        kein_plan_festhalten(acting_user=ifk, plan=plan, grund="rente")


def test_abstimmung_nur_fuer_entwuerfe_und_nur_einmal_entscheiden(welt, ifk):
    version = vereinbart(welt)
    with pytest.raises(Fachfehler, match="Nur ein Entwurf"):
        abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=NEU)
    offen = entwurf(welt)
    with pytest.raises(Fachfehler, match="braucht keine Abstimmung"):
        abstimmung_anfragen(acting_user=ifk, version=offen, angefragt_am=NEU)
    PlanEintrag.objects.create(
        version=offen, teil=Planteil.UNTERSTUETZUNG, text="Beratung", leistung_16a="suchtberatung"
    )
    abstimmung = abstimmung_anfragen(acting_user=ifk, version=offen, angefragt_am=NEU)
    traeger = welt.users[Rolle.TRAEGER]
    with pytest.raises(Fachfehler) as fehler:
        abstimmung_entscheiden(acting_user=traeger, abstimmung=abstimmung, status="abgelehnt")
    assert "begruendung" in fehler.value.message_dict
    abstimmung_entscheiden(
        acting_user=traeger,
        abstimmung=abstimmung,
        status="abgelehnt",
        begruendung="Keine Plätze frei.",
    )
    with pytest.raises(Fachfehler, match="schon entschieden"):
        abstimmung_entscheiden(acting_user=traeger, abstimmung=abstimmung, status="zugestimmt")


# --- Disagreements between the services and the page that the table settled --


def _festgesetzt(welt, ifk):
    plan = entwurf(welt, begonnen_am=NEU).plan
    pflichten_festsetzen(
        acting_user=ifk, plan=plan, erlassen_am=NEU, pflichten=[pflicht("x")], begruendung="y"
    )
    plan.refresh_from_db()
    return plan


def test_kein_plan_nur_aus_entwurf_abstimmung_und_nichteinigung(welt, ifk):
    """The page offered "Kein Plan" only from Entwurf, Abstimmung and
    Nichteinigung; the service took it from Festgesetzt and Kein Plan too."""
    with pytest.raises(Fachfehler):
        kein_plan_festhalten(acting_user=ifk, plan=_festgesetzt(welt, ifk), grund="rente")
    plan = entwurf(welt).plan
    kein_plan_festhalten(acting_user=ifk, plan=plan, grund="rente")
    with pytest.raises(Fachfehler):
        kein_plan_festhalten(acting_user=ifk, plan=plan, grund="schule")
    plan.refresh_from_db()
    assert plan.kein_plan_grund == "rente"


def test_vereinbart_wird_nur_ein_plan_im_entwurf(welt, ifk):
    """The page offered agreeing only in Entwurf; the service agreed a draft in
    any state (from "kein Plan" it broke on the database's check)."""
    version = entwurf(welt)
    kein_plan_festhalten(acting_user=ifk, plan=version.plan, grund="rente")
    with pytest.raises(Fachfehler):
        planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=NEU)
    # During a Schlichtung agreeing is possible and ends it
    # (tests/plans/test_weg_2023.py).


def test_schlichtung_endet_nur_solange_keine_einigung_besteht(welt, ifk):
    """A Schlichtung of a plan recorded as "kein Plan" could be ended with an
    agreement (and broke on the database's check)."""
    plan = entwurf(welt, begonnen_am=ALT).plan
    s = schlichtung_beginnen(
        acting_user=ifk, plan=plan, beantragt_von="person", begonnen_am=ALT, schlichter="X"
    )
    kein_plan_festhalten(acting_user=ifk, plan=plan, grund="keine_einigung")
    with pytest.raises(Fachfehler):
        schlichtung_beenden(acting_user=ifk, schlichtung=s, beendet_am=ALT, ergebnis="einigung")


def test_einigung_nach_schlichtung_in_der_ueberpruefung_gibt_einen_entwurf(welt, ifk):
    """A Schlichtung begun during the review ended in "Entwurf" without a
    draft: nothing could be edited or agreed any more."""
    plan = vereinbart(welt, begonnen_am=ALT).plan
    ueberpruefung_beginnen(acting_user=ifk, plan=plan)
    s = schlichtung_beginnen(
        acting_user=ifk,
        plan=plan,
        beantragt_von="person",
        begonnen_am=D(2026, 6, 1),
        schlichter="X",
    )
    schlichtung_beenden(
        acting_user=ifk, schlichtung=s, beendet_am=D(2026, 6, 10), ergebnis="einigung"
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENTWURF
    neu = plan.versionen.get(status=VersionStatus.ENTWURF)
    assert neu.nummer == 2
    planversion_vereinbaren(acting_user=ifk, version=neu, vereinbart_am=D(2026, 6, 11))


def test_abstimmung_nur_zum_vom_jobcenter_gewaehlten_zeitpunkt(welt, ifk):
    """Where the Jobcenter coordinates after the conversation, the page offered
    no request for the draft; the service sent one all the same."""
    welt.jc.abstimmungszeitpunkt = "nach"
    welt.jc.save()
    version = entwurf(welt)
    PlanEintrag.objects.create(
        version=version, teil=Planteil.UNTERSTUETZUNG, text="x", leistung_16a="suchtberatung"
    )
    with pytest.raises(Fachfehler, match="nach dem Gespräch"):
        abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=NEU)


def test_keine_zweite_anfrage_wenn_der_traeger_schon_zugestimmt_hat(welt, ifk):
    """The service asked the Träger again about a plan it had approved; the
    page offered no such request."""
    welt.jc.abstimmungsmodus = "alle"
    welt.jc.save()
    version = entwurf(welt)
    abstimmung = abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=NEU)
    abstimmung_entscheiden(
        acting_user=welt.users[Rolle.TRAEGER], abstimmung=abstimmung, status="zugestimmt"
    )
    with pytest.raises(Fachfehler, match="schon zugestimmt"):
        abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=NEU)
    assert version.abstimmungen.count() == 1
