"""Agreeing a plan: the checks of § 15 SGB II and the stored review deadline."""

import datetime

import pytest

from cases.models import GesetzlicherVertreter, Phase
from kooperation.access import Rolle
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.katalog import Leistung16a
from kooperation.models import Fristart, Wiedervorlage
from plans.models import PlanEintrag, PlanStatus, Planteil
from plans.services.abstimmung import abstimmung_anfragen, abstimmung_entscheiden
from plans.services.vereinbarung import kein_plan_festhalten, planversion_vereinbaren
from tests.cases.factories import LeistungsberechtigterFactory
from tests.plans.factories import entwurf, vereinbart

D = datetime.date


def test_vereinbaren_setzt_ueberpruefung_nach_sechs_monaten(welt):
    version = vereinbart(welt)
    assert version.vereinbart_am == D(2026, 10, 7)
    assert version.ueberpruefung_bis == D(2027, 4, 7)
    wv = Wiedervorlage.objects.get(art=Fristart.UEBERPRUEFUNG, ursache_id=version.pk)
    assert wv.faellig_am == D(2027, 4, 7)
    person = version.plan.leistungsberechtigter
    person.refresh_from_db()
    assert person.phase == Phase.VEREINBART
    assert person.naechste_frist == D(2027, 4, 7)


def test_ohne_ziel_und_schritt_wird_nicht_vereinbart(welt):
    version = entwurf(welt, ziel="")
    version.eintraege.all().delete()
    with pytest.raises(Fachfehler) as fehler:
        planversion_vereinbaren(
            acting_user=welt.users[Rolle.IFK], version=version, vereinbart_am=D(2026, 10, 6)
        )
    assert set(fehler.value.message_dict) == {"ziel", "weg"}
    version.refresh_from_db()
    assert version.status == "entwurf"


def test_minderjaehrige_brauchen_die_zustimmung_der_vertretung(welt):
    ifk = welt.users[Rolle.IFK]
    jung = LeistungsberechtigterFactory(team=welt.team, zustaendig=ifk, geburtsdatum=D(2009, 3, 1))
    GesetzlicherVertreter.objects.create(
        leistungsberechtigter=jung, name="Eva Berg", beziehung="Mutter"
    )
    version = entwurf(welt, person=jung)
    with pytest.raises(Fachfehler) as fehler:
        planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=D(2026, 10, 6))
    assert "vertreter_zustimmung_am" in fehler.value.message_dict
    planversion_vereinbaren(
        acting_user=ifk,
        version=version,
        vereinbart_am=D(2026, 10, 6),
        vertreter_zustimmung_am=D(2026, 10, 6),
    )
    version.refresh_from_db()
    assert version.vertreter_zustimmung_am == D(2026, 10, 6)


def test_16a_leistung_braucht_die_zustimmung_des_traegers(welt):
    ifk = welt.users[Rolle.IFK]
    version = entwurf(welt)
    PlanEintrag.objects.create(
        version=version,
        teil=Planteil.UNTERSTUETZUNG,
        text="Schuldnerberatung",
        leistung_16a=Leistung16a.SCHULDNERBERATUNG,
    )
    with pytest.raises(Fachfehler) as fehler:
        planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=D(2026, 10, 6))
    assert "abstimmung" in fehler.value.message_dict
    abstimmung = abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=D(2026, 10, 5))
    # 5 Arbeitstage after Monday 5 October 2026 (no holiday in BW).
    assert abstimmung.frist == D(2026, 10, 12)
    assert version.plan.__class__.objects.get(pk=version.plan_id).status == PlanStatus.ABSTIMMUNG
    with pytest.raises(KeinZugriff):
        abstimmung_entscheiden(acting_user=ifk, abstimmung=abstimmung, status="zugestimmt")
    abstimmung_entscheiden(
        acting_user=welt.users[Rolle.TRAEGER], abstimmung=abstimmung, status="zugestimmt"
    )
    planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=D(2026, 10, 8))


def test_ohne_16a_leistung_entfaellt_die_abstimmung_im_ueblichen_modus(welt):
    assert vereinbart(welt).status == "vereinbart"


def test_modus_alle_verlangt_abstimmung_fuer_jeden_plan(welt):
    welt.jc.abstimmungsmodus = "alle"
    welt.jc.save()
    version = entwurf(welt)
    with pytest.raises(Fachfehler, match="noch nicht zugestimmt"):
        planversion_vereinbaren(
            acting_user=welt.users[Rolle.IFK], version=version, vereinbart_am=D(2026, 10, 6)
        )


def test_nur_die_zustaendige_ifk_vereinbart(welt):
    version = entwurf(welt)
    for rolle in (Rolle.TEAMLEITUNG, Rolle.GESCHAEFTSFUEHRUNG, Rolle.TRAEGER):
        with pytest.raises(KeinZugriff):
            planversion_vereinbaren(
                acting_user=welt.users[rolle], version=version, vereinbart_am=D(2026, 10, 6)
            )
    with pytest.raises(KeinZugriff):
        planversion_vereinbaren(
            acting_user=welt.fremde_ifk, version=version, vereinbart_am=D(2026, 10, 6)
        )


def test_kein_plan_mit_grund(welt):
    version = entwurf(welt)
    with pytest.raises(Fachfehler) as fehler:
        kein_plan_festhalten(acting_user=welt.users[Rolle.IFK], plan=version.plan, grund="unsinn")
    assert "grund" in fehler.value.message_dict
    plan = kein_plan_festhalten(acting_user=welt.users[Rolle.IFK], plan=version.plan, grund="rente")
    assert plan.status == PlanStatus.KEIN_PLAN
    # Recorded once: the table has no step from "kein Plan" to "kein Plan".
    with pytest.raises(Fachfehler, match="nicht mehr festhalten"):
        kein_plan_festhalten(acting_user=welt.users[Rolle.IFK], plan=plan, grund="schule")


def test_rechtsstand_2023_sieht_schlichtung_vor_2026_nicht(welt):
    alt = entwurf(welt, begonnen_am=D(2026, 5, 4)).plan
    neu = entwurf(welt, begonnen_am=D(2026, 10, 5)).plan
    assert alt.rechtsstand.schlichtung_vorgesehen
    assert not neu.rechtsstand.schlichtung_vorgesehen
    assert neu.rechtsstand.verwaltungsakt_bei_nichteinigung
