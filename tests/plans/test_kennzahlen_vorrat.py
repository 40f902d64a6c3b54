"""The dashboard's kept figures: after every kind of change they count, once
recomputed, they equal the figures computed from scratch; until then the
page says as of when they are; two Jobcenters never mix."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Phase
from kooperation import services as kooperation_services
from kooperation import tasks as kooperation_tasks
from kooperation.access import Rolle
from kooperation.models import Fristart, Wiedervorlage
from partners.models import Belegung
from plans import tasks
from plans.kennzahlen import vorrat
from plans.kennzahlen.auswahl import Auswahl, auswahl_fuer, erster_tag
from plans.kennzahlen.vorrat import dekodieren, kennzahlen_fuer, kodieren
from plans.kennzahlen.zahlen import kennzahlen_roh
from plans.models import KennzahlenAenderung, KennzahlenStand
from plans.services.abstimmung import abstimmung_entscheiden
from plans.services.vereinbarung import kein_plan_festhalten, planversion_vereinbaren
from tests.partners.factories import AngebotFactory
from tests.plans.factories import entwurf, in_abstimmung
from tests.plans.test_kennzahlen import person


def _auswahlen(welt, heute=None):
    """The whole Jobcenter (12 and 3 months) and one team, as the
    Geschäftsführung chooses them."""
    gf = welt.users[Rolle.GESCHAEFTSFUEHRUNG]
    heute = heute or timezone.localdate()
    return [
        auswahl_fuer(user=gf, team_id=None, monate=12, heute=heute),
        auswahl_fuer(user=gf, team_id=None, monate=3, heute=heute),
        auswahl_fuer(user=gf, team_id=welt.team.pk, monate=12, heute=heute),
    ]


def _gelagert(a) -> dict:
    stand = KennzahlenStand.objects.get(
        jobcenter=a.jobcenter, team=a.team, monate=a.monate, stichtag=a.heute
    )
    return dekodieren(stand.zahlen)


def _zustand_vorher(welt):
    """What each change below acts on, made before the figures are kept."""
    heute = timezone.localdate()
    welt.entwurf = entwurf(welt, person=person(welt))
    welt.kein_plan = entwurf(welt, person=person(welt))
    welt.anfrage = in_abstimmung(welt)
    _planentwurf_faellig(welt, heute - datetime.timedelta(days=3))
    welt.angebot = AngebotFactory(
        jobcenter=welt.jc, traeger=welt.traeger, partner=None, leistung_16a="schuldnerberatung"
    )


def _planentwurf_faellig(welt, am: datetime.date) -> Wiedervorlage:
    return Wiedervorlage.objects.create(
        jobcenter=welt.jc,
        art=Fristart.PLANENTWURF,
        faellig_am=am,
        team=welt.team,
        zustaendig=welt.users[Rolle.IFK],
        ursache=welt.eigener_fall,
        leistungsberechtigter_id=welt.eigener_fall.pk,
    )


def plan_vereinbart(welt):
    planversion_vereinbaren(
        acting_user=welt.users[Rolle.IFK],
        version=welt.entwurf,
        vereinbart_am=welt.entwurf.plan.begonnen_am + datetime.timedelta(days=2),
    )


def abstimmung_entschieden(welt):
    abstimmung_entscheiden(
        acting_user=welt.users[Rolle.TRAEGER], abstimmung=welt.anfrage, status="zugestimmt"
    )


def wiedervorlage_erledigt(welt):
    with transaction.atomic():
        kooperation_services.wiedervorlage_erledigen(
            ursache=welt.eigener_fall, art=Fristart.PLANENTWURF
        )


def kein_plan_festgehalten(welt):
    kein_plan_festhalten(acting_user=welt.users[Rolle.IFK], plan=welt.kein_plan.plan, grund="rente")


def plaetze_belegt(welt):
    heute = timezone.localdate()
    Belegung.objects.create(
        angebot=welt.angebot,
        beginn=heute - datetime.timedelta(days=10),
        ende=heute + datetime.timedelta(days=10),
        plaetze=10,
        belegt=7,
    )


def fall_beendet(welt):
    welt.team_fall.fall_beendet_am = timezone.localdate()
    welt.team_fall.save()


@pytest.mark.parametrize(
    "aenderung",
    [
        plan_vereinbart,
        abstimmung_entschieden,
        wiedervorlage_erledigt,
        kein_plan_festgehalten,
        plaetze_belegt,
        fall_beendet,
    ],
)
def test_nach_jeder_aenderung_gleich_der_neuen_berechnung(
    welt, aenderung, django_capture_on_commit_callbacks
):
    _zustand_vorher(welt)
    auswahlen = _auswahlen(welt)
    for a in auswahlen:
        kennzahlen_fuer(a)
    tasks.kennzahlen_auffrischen(welt.jc.pk)
    assert not KennzahlenAenderung.objects.filter(jobcenter=welt.jc).exists()
    vorher = [_gelagert(a) for a in auswahlen]

    cache.clear()
    with django_capture_on_commit_callbacks() as nach_commit:
        aenderung(welt)
    # Marked stale in the change's transaction; the figures moved.
    assert KennzahlenAenderung.objects.filter(jobcenter=welt.jc).exists()
    assert vorher[0] != kennzahlen_roh(auswahlen[0])
    assert all(_gelagert(a) == v for a, v in zip(auswahlen, vorher, strict=True))

    # After commit the recomputation is asked for (here it runs at once).
    for rueckruf in nach_commit:
        rueckruf()
    for a in auswahlen:
        assert _gelagert(a) == kennzahlen_roh(a)
    assert not KennzahlenAenderung.objects.filter(jobcenter=welt.jc).exists()


def test_ueberfaellig_ab_dem_naechsten_tag_durch_die_fristwache(welt, monkeypatch):
    heute = timezone.localdate()
    _planentwurf_faellig(welt, heute)
    a = _auswahlen(welt)[0]
    kennzahlen_fuer(a)
    assert _gelagert(a)["puenktlichkeit"]["entwuerfe_ueberfaellig"] == 0

    morgen = heute + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: morgen)
    ergebnis = kooperation_tasks.fristwache()
    assert ergebnis["kennzahlen"] == 1
    a_morgen = _auswahlen(welt, heute=morgen)[0]
    assert _gelagert(a_morgen) == kennzahlen_roh(a_morgen)
    assert _gelagert(a_morgen)["puenktlichkeit"]["entwuerfe_ueberfaellig"] == 1


def test_zwei_jobcenter_mischen_sich_nie(welt):
    heute = timezone.localdate()
    anderswo = Auswahl(
        jobcenter=welt.jc2,
        team=None,
        teams=[],
        monate=12,
        von=erster_tag(heute, 12),
        heute=heute,
    )
    rheinstadt = _auswahlen(welt)[0]
    entwurf(welt, person=welt.eigener_fall)
    for a in (rheinstadt, anderswo):
        kennzahlen_fuer(a)
    tasks.kennzahlen_auffrischen(welt.jc.pk)
    tasks.kennzahlen_auffrischen(welt.jc2.pk)
    assert _gelagert(rheinstadt)["abdeckung"]["personen"] == 2
    assert _gelagert(anderswo)["abdeckung"]["personen"] == 1

    # A change in the other Jobcenter marks only that one stale.
    welt.fremder_fall.phase = Phase.KEIN_PLAN
    welt.fremder_fall.save()
    assert list(KennzahlenAenderung.objects.values_list("jobcenter_id", flat=True)) == [welt.jc2.pk]
    assert tasks.kennzahlen_auffrischen(welt.jc.pk) == 0
    assert tasks.kennzahlen_auffrischen(welt.jc2.pk) == 1
    for a in (rheinstadt, anderswo):
        assert _gelagert(a) == kennzahlen_roh(a)
    assert _gelagert(anderswo)["abdeckung"]["kein_plan_gesamt"] == 1
    assert _gelagert(rheinstadt)["abdeckung"]["kein_plan_gesamt"] == 0


def test_aenderung_waehrend_der_berechnung_bleibt_markiert(welt, monkeypatch):
    """A change committed while the figures are computed may not be in them:
    its mark stays, and the next run computes again."""
    a = _auswahlen(welt)[0]
    kennzahlen_fuer(a)
    KennzahlenAenderung.objects.create(jobcenter=welt.jc)

    def mit_gleichzeitiger_aenderung(auswahl):
        KennzahlenAenderung.objects.create(jobcenter=welt.jc)
        return kennzahlen_roh(auswahl)

    monkeypatch.setattr("plans.kennzahlen.vorrat.kennzahlen_roh", mit_gleichzeitiger_aenderung)
    assert tasks.kennzahlen_auffrischen(welt.jc.pk) == 1
    assert KennzahlenAenderung.objects.filter(jobcenter=welt.jc).count() == 1


def test_gespeicherte_form_gibt_die_zahlen_unveraendert_zurueck(welt):
    _zustand_vorher(welt)
    plan_vereinbart(welt)
    for a in _auswahlen(welt):
        roh = kennzahlen_roh(a)
        assert dekodieren(kodieren(roh)) == roh


def _stand(html: str) -> str:
    treffer = re.search(r"Stand: (\d\d\.\d\d\.\d{4}, \d\d:\d\d) Uhr", html)
    assert treffer, "Die Seite nennt nicht, von wann die Zahlen sind."
    return treffer.group(1)


def test_seite_liest_die_gespeicherten_zahlen_und_nennt_ihren_stand(client, welt):
    client.force_login(welt.users[Rolle.GESCHAEFTSFUEHRUNG])
    erste = client.get("/kennzahlen/").content.decode()
    stand = _stand(erste)
    # Later requests read the kept row: no aggregate over the plan versions.
    with CaptureQueriesContext(connection) as abfragen:
        zweite = client.get("/kennzahlen/").content.decode()
    assert not any("plans_planversion" in q["sql"] for q in abfragen.captured_queries)
    assert _stand(zweite) == stand
    assert "werden neu berechnet" not in zweite

    # After a change, until the recomputation: the last figures, said so.
    entwurf(welt, person=welt.eigener_fall)
    dritte = client.get("/kennzahlen/").content.decode()
    assert _stand(dritte) == stand
    assert "die Zahlen werden neu berechnet" in dritte
    csv = client.get("/kennzahlen/export.csv").content.decode("utf-8-sig").splitlines()
    assert csv[1] == f"Stand;berechnet am;;{stand.replace(',', '')}"

    tasks.kennzahlen_auffrischen(welt.jc.pk)
    vierte = client.get("/kennzahlen/").content.decode()
    assert "werden neu berechnet" not in vierte


def test_fristwache_rechnet_jede_auswahl_hoechstens_stuendlich(welt):
    """However often the watch runs (hourly in production, every few seconds
    under the load test), figures computed minutes ago are left alone; an
    hour later they are computed again, even with no change marked."""
    a = _auswahlen(welt)[0]
    kennzahlen_fuer(a)
    assert kooperation_tasks.fristwache()["kennzahlen"] == 0
    # A change the signals did not see (a bulk update) shows after the hour.
    Wiedervorlage.objects.filter(jobcenter=welt.jc).update(faellig_am=timezone.localdate())
    vor_einer_stunde = timezone.now() - vorrat.NEU_NACH - datetime.timedelta(minutes=1)
    KennzahlenStand.objects.filter(jobcenter=welt.jc).update(berechnet_am=vor_einer_stunde)
    assert kooperation_tasks.fristwache()["kennzahlen"] == 1
    assert _gelagert(a) == kennzahlen_roh(a)
    assert KennzahlenStand.objects.get(jobcenter=welt.jc).berechnet_am > vor_einer_stunde


def test_ausputzer_nimmt_nur_liegengebliebene_markierungen(welt, monkeypatch):
    """The outbox's sweep leaves a fresh mark to the task on its way and
    recomputes once a mark has waited longer than that task's interval."""
    a = _auswahlen(welt)[0]
    kennzahlen_fuer(a)
    person(welt)  # one more person in the caseload
    assert KennzahlenAenderung.objects.filter(jobcenter=welt.jc).exists()
    assert kooperation_tasks.postausgang_nachholen()["kennzahlen"] == 0
    assert _gelagert(a) != kennzahlen_roh(a)
    KennzahlenAenderung.objects.filter(jobcenter=welt.jc).update(
        am=timezone.now() - datetime.timedelta(seconds=vorrat.ABSTAND + 1)
    )
    assert kooperation_tasks.postausgang_nachholen()["kennzahlen"] == 1
    assert _gelagert(a) == kennzahlen_roh(a)
    assert not KennzahlenAenderung.objects.filter(jobcenter=welt.jc).exists()
