"""The Bürgergeld path for plans that still follow it, and what holds under
both: the Schlichter is not involved, agreeing ends a running Schlichtung, a
case comes up again after a failed Schlichtung or "kein Plan", the draft
deadline needs a real draft, a minor's plan needs the representative's
consent."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import GesetzlicherVertreter
from kooperation.access import Rolle
from kooperation.errors import Fachfehler
from kooperation.models import Fristart, FristEinstellung, Wiedervorlage
from plans.kennzahlen.auswahl import auswahl_fuer
from plans.kennzahlen.zahlen import puenktlichkeit
from plans.models import (
    KeinPlanWiedervorlage,
    PlanStatus,
    Planteil,
    Rechtsakt,
    SchlichtungErgebnis,
)
from plans.services.entwurf import (
    kooperationsplan_anlegen,
    planeintrag_speichern,
    planversion_speichern,
)
from plans.services.nichteinigung import (
    aufforderung_erlassen,
    schlichtung_beenden,
    schlichtung_beginnen,
)
from plans.services.vereinbarung import kein_plan_festhalten, planversion_vereinbaren
from tests.api_helfer import api_client
from tests.cases.factories import LeistungsberechtigterFactory, PotenzialanalyseFactory
from tests.plans.factories import entwurf

D = datetime.date
ALT = D(2026, 5, 4)


def _offen(art, ursache_id=None):
    qs = Wiedervorlage.objects.offen().filter(art=art)
    if ursache_id is not None:
        qs = qs.filter(ursache_id=ursache_id)
    return list(qs)


def _schlichtung(welt, plan, schlichter="Frau Ober-Lind", am=ALT + datetime.timedelta(days=7)):
    return schlichtung_beginnen(
        acting_user=welt.users[Rolle.IFK],
        plan=plan,
        beantragt_von="person",
        begonnen_am=am,
        schlichter=schlichter,
    )


# --- The Schlichter is not involved --------------------------------------------


@pytest.mark.parametrize(
    ("wer", "grund"),
    [
        (lambda welt: welt.users[Rolle.IFK], "ist für diesen Fall zuständig"),
        (lambda welt: welt.users[Rolle.TEAMLEITUNG], "leitet das Team dieses Falls"),
        (lambda welt: welt.team_fall.zustaendig, "gehört zum Team dieses Falls"),
    ],
)
def test_beteiligte_schlichten_nicht(welt, wer, grund):
    user = wer(welt)
    user.first_name, user.last_name = "Hedwig", "Amsel-Korn"
    user.save()
    plan = entwurf(welt, begonnen_am=ALT).plan
    with pytest.raises(Fachfehler) as fehler:
        _schlichtung(welt, plan, schlichter="  hedwig  Amsel-Korn ")
    meldung = fehler.value.message_dict["schlichter"][0]
    assert grund in meldung
    assert "bisher unbeteiligt und nicht weisungsgebunden" in meldung
    assert plan.schlichtungen.count() == 0
    assert not Rechtsakt.objects.filter(plan=plan).exists()


def test_unbeteiligte_schlichten(welt):
    """A member of staff of another team, or someone from outside, may."""
    anderes_team = welt.users[Rolle.GESCHAEFTSFUEHRUNG]
    plan = entwurf(welt, begonnen_am=ALT).plan
    schlichtung = _schlichtung(welt, plan, schlichter=anderes_team.username)
    assert schlichtung.schlichter == anderes_team.username


# --- Agreeing ends a running Schlichtung -----------------------------------------


def test_vereinbarung_beendet_die_laufende_schlichtung(welt):
    version = entwurf(welt, begonnen_am=ALT)
    schlichtung = _schlichtung(welt, version.plan)
    assert _offen(Fristart.SCHLICHTUNG, schlichtung.pk)
    planversion_vereinbaren(
        acting_user=welt.users[Rolle.IFK], version=version, vereinbart_am=D(2026, 5, 20)
    )
    schlichtung.refresh_from_db()
    assert (schlichtung.beendet_am, schlichtung.ergebnis) == (
        D(2026, 5, 20),
        SchlichtungErgebnis.EINIGUNG,
    )
    assert not _offen(Fristart.SCHLICHTUNG, schlichtung.pk)
    version.plan.refresh_from_db()
    assert version.plan.status == PlanStatus.VEREINBART
    assert [a.art for a in Rechtsakt.objects.filter(plan=version.plan)] == [
        "schlichtung_beginn",
        "schlichtung_ende",
        "vereinbarung",
    ]


# --- Look again after a failed Schlichtung or "kein Plan" -----------------------


def test_wiedervorlage_nach_schlichtung_ohne_einigung(welt):
    plan = entwurf(welt, begonnen_am=ALT).plan
    schlichtung = _schlichtung(welt, plan)
    schlichtung_beenden(
        acting_user=welt.users[Rolle.IFK],
        schlichtung=schlichtung,
        beendet_am=D(2026, 5, 25),
        ergebnis="keine_einigung",
    )
    (wv,) = _offen(Fristart.NACH_SCHLICHTUNG)
    assert wv.faellig_am == D(2026, 6, 8)
    assert wv.zustaendig == welt.users[Rolle.IFK]
    # The Aufforderung that follows settles it.
    aufforderung_erlassen(
        acting_user=welt.users[Rolle.IFK],
        plan=plan,
        erlassen_am=D(2026, 6, 1),
        pflichten="Bis 30.06.2026 drei Bewerbungen vorlegen.",
        begruendung="Die Schlichtung brachte keine Einigung.",
    )
    assert not _offen(Fristart.NACH_SCHLICHTUNG)


def test_wiedervorlage_nach_tagen_des_jobcenters(welt):
    FristEinstellung.objects.create(
        jobcenter=welt.jc,
        art=Fristart.NACH_SCHLICHTUNG,
        vorlauf_arbeitstage=1,
        eskalation_arbeitstage=1,
        nach_tagen=30,
    )
    plan = entwurf(welt, begonnen_am=ALT).plan
    schlichtung = _schlichtung(welt, plan)
    schlichtung_beenden(
        acting_user=welt.users[Rolle.IFK],
        schlichtung=schlichtung,
        beendet_am=D(2026, 5, 25),
        ergebnis="keine_einigung",
    )
    assert _offen(Fristart.NACH_SCHLICHTUNG)[0].faellig_am == D(2026, 6, 24)


def test_nach_tagen_nur_fuer_wiedervorlagen(welt):
    einstellung = FristEinstellung(
        jobcenter=welt.jc,
        art=Fristart.TERMIN,
        vorlauf_arbeitstage=1,
        eskalation_arbeitstage=1,
        nach_tagen=30,
    )
    with pytest.raises(ValidationError) as fehler:
        einstellung.full_clean()
    assert "nach_tagen" in fehler.value.message_dict


def test_wiedervorlage_nach_kein_plan_bis_ein_neuer_plan_beginnt(welt):
    plan = entwurf(welt).plan
    kein_plan_festhalten(acting_user=welt.users[Rolle.IFK], plan=plan, grund="arbeitsaufnahme")
    (wv,) = _offen(Fristart.NACH_KEIN_PLAN)
    assert wv.faellig_am > plan.begonnen_am
    kooperationsplan_anlegen(
        acting_user=welt.users[Rolle.IFK],
        leistungsberechtigter=welt.eigener_fall,
        begonnen_am=D(2026, 11, 2),
    )
    assert not _offen(Fristart.NACH_KEIN_PLAN)


@pytest.mark.parametrize(
    ("grund", "tage"), [("arbeitsaufnahme", 30), ("rente", 180), ("leistungsende", 90)]
)
def test_wiedervorlage_nach_kein_plan_je_grund(welt, grund, tage):
    """A job about to start is checked after a month, a coming pension after
    half a year: the default time depends on the reason."""
    plan = entwurf(welt).plan
    kein_plan_festhalten(acting_user=welt.users[Rolle.IFK], plan=plan, grund=grund)
    (wv,) = _offen(Fristart.NACH_KEIN_PLAN)
    assert wv.faellig_am == timezone.localdate() + datetime.timedelta(days=tage)


def test_wiedervorlage_nach_kein_plan_tage_des_jobcenters_je_grund(welt):
    """The Jobcenter's time for the reason comes first, then its time for the
    occasion, then the default for the reason."""
    KeinPlanWiedervorlage.objects.create(jobcenter=welt.jc, grund="rente", nach_tagen=365)
    FristEinstellung.objects.create(
        jobcenter=welt.jc,
        art=Fristart.NACH_KEIN_PLAN,
        vorlauf_arbeitstage=1,
        eskalation_arbeitstage=1,
        nach_tagen=60,
    )
    heute = timezone.localdate()
    ifk = welt.users[Rolle.IFK]
    rente = entwurf(welt).plan
    kein_plan_festhalten(acting_user=ifk, plan=rente, grund="rente")
    (wv,) = _offen(Fristart.NACH_KEIN_PLAN, rente.pk)
    assert wv.faellig_am == heute + datetime.timedelta(days=365)
    andere = LeistungsberechtigterFactory(team=welt.team, zustaendig=ifk)
    schule = entwurf(welt, person=andere).plan
    kein_plan_festhalten(acting_user=ifk, plan=schule, grund="schule")
    (wv,) = _offen(Fristart.NACH_KEIN_PLAN, schule.pk)
    assert wv.faellig_am == heute + datetime.timedelta(days=60)
    # Another Jobcenter's setting counts for its own cases only.
    KeinPlanWiedervorlage.objects.create(jobcenter=welt.jc2, grund="dienst", nach_tagen=7)
    dritte = LeistungsberechtigterFactory(team=welt.team, zustaendig=ifk)
    dienst = entwurf(welt, person=dritte).plan
    kein_plan_festhalten(acting_user=ifk, plan=dienst, grund="dienst")
    (wv,) = _offen(Fristart.NACH_KEIN_PLAN, dienst.pk)
    assert wv.faellig_am == heute + datetime.timedelta(days=60)


def test_verwaltung_stellt_tage_je_grund_ein(client, welt):
    client.force_login(welt.users[Rolle.ADMINISTRATION])
    liste = client.get("/admin/plans/keinplanwiedervorlage/")
    assert liste.status_code == 200
    assert "Ohne Eintrag gelten diese Tage: Arbeitsaufnahme steht unmittelbar bevor: 30" in (
        liste.content.decode()
    )
    antwort = client.post(
        "/admin/plans/keinplanwiedervorlage/add/",
        {"jobcenter": welt.jc.pk, "grund": "rente", "nach_tagen": 365},
    )
    assert antwort.status_code == 302
    assert KeinPlanWiedervorlage.objects.get().nach_tagen == 365
    # Not for another Jobcenter.
    fremd = client.post(
        "/admin/plans/keinplanwiedervorlage/add/",
        {"jobcenter": welt.jc2.pk, "grund": "schule", "nach_tagen": 10},
    )
    assert fremd.status_code == 200  # the form again: not a choice
    assert not KeinPlanWiedervorlage.objects.filter(jobcenter=welt.jc2).exists()


def test_tage_je_grund_im_erlaubten_bereich(welt):
    for tage in (0, 731):
        with pytest.raises(ValidationError) as fehler:
            KeinPlanWiedervorlage(jobcenter=welt.jc, grund="rente", nach_tagen=tage).full_clean()
        assert "nach_tagen" in fehler.value.message_dict


# --- The draft deadline needs a draft ----------------------------------------


def test_entwurfsfrist_erst_mit_ziel_und_schritt(welt):
    ifk = welt.users[Rolle.IFK]
    pa = PotenzialanalyseFactory(
        leistungsberechtigter=welt.eigener_fall,
        status="abgeschlossen",
        begonnen_am=D(2026, 10, 1),
        abgeschlossen_am=D(2026, 10, 5),
        entwurf_frist=D(2026, 10, 19),
        reha_bedarf="nein",
    )
    from kooperation.services import wiedervorlage_setzen

    wiedervorlage_setzen(
        ursache=pa,
        art=Fristart.PLANENTWURF,
        faellig_am=pa.entwurf_frist,
        jobcenter=welt.jc,
        zustaendig=ifk,
        team=welt.team,
        leistungsberechtigter_id=welt.eigener_fall.pk,
    )
    plan = kooperationsplan_anlegen(
        acting_user=ifk,
        leistungsberechtigter=welt.eigener_fall,
        begonnen_am=D(2026, 10, 6),
        potenzialanalyse=pa,
    )
    version = plan.versionen.get()
    assert _offen(Fristart.PLANENTWURF), "an empty plan meets no deadline"
    gf = welt.users[Rolle.GESCHAEFTSFUEHRUNG]
    zahlen = puenktlichkeit(auswahl_fuer(user=gf, team_id=None, monate=3, heute=D(2026, 12, 1)))
    assert zahlen["entwurf"]["gesamt"]["anzahl"] == 1
    assert zahlen["entwurf"]["gesamt"]["fristgerecht"] == 0
    version = planversion_speichern(
        acting_user=ifk,
        version=version,
        sperrversion=version.sperrversion,
        ziel="Ich will als Köchin arbeiten.",
        kontakt="",
    )
    assert _offen(Fristart.PLANENTWURF), "a goal alone is no draft"
    planeintrag_speichern(
        acting_user=ifk,
        version=version,
        sperrversion=version.sperrversion,
        teil=Planteil.WEG,
        text="Ich suche mir einen Deutsch-Kurs.",
    )
    assert not _offen(Fristart.PLANENTWURF)
    plan.refresh_from_db()
    assert plan.entwurf_vorgelegt_am is not None


# --- A minor's plan ------------------------------------------------------------


@pytest.fixture
def minderjaehrig(welt):
    person = LeistungsberechtigterFactory(
        team=welt.team, zustaendig=welt.users[Rolle.IFK], geburtsdatum=D(2010, 3, 1)
    )
    return entwurf(welt, person=person, begonnen_am=D(2026, 10, 5))


def _vereinbaren(welt, version, **kwargs):
    return planversion_vereinbaren(
        acting_user=welt.users[Rolle.IFK], version=version, vereinbart_am=D(2026, 10, 8), **kwargs
    )


def test_minderjaehrige_ohne_erfasste_vertretung(welt, minderjaehrig):
    with pytest.raises(Fachfehler) as fehler:
        _vereinbaren(welt, minderjaehrig, vertreter_zustimmung_am=D(2026, 10, 7))
    assert "keine gesetzliche Vertretung erfasst" in fehler.value.message_dict["vertreter"][0]


def test_minderjaehrige_zustimmung_nicht_in_der_zukunft(welt, minderjaehrig):
    GesetzlicherVertreter.objects.create(
        leistungsberechtigter=minderjaehrig.plan.leistungsberechtigter,
        name="Ilse Amsel-Korn",
        beziehung="Mutter",
    )
    with pytest.raises(Fachfehler) as fehler:
        _vereinbaren(
            welt,
            minderjaehrig,
            vertreter_zustimmung_am=timezone.localdate() + datetime.timedelta(days=10),
        )
    assert "in der Zukunft" in fehler.value.message_dict["vertreter_zustimmung_am"][0]
    with pytest.raises(Fachfehler) as fehler:
        _vereinbaren(welt, minderjaehrig, vertreter_zustimmung_am=D(2026, 10, 9))
    assert "spätestens am Tag der Vereinbarung" in str(fehler.value)


def test_minderjaehrige_mit_zustimmung_der_vertretung(welt, minderjaehrig):
    person = minderjaehrig.plan.leistungsberechtigter
    mutter = GesetzlicherVertreter.objects.create(
        leistungsberechtigter=person, name="Ilse Amsel-Korn", beziehung="Mutter"
    )
    vater = GesetzlicherVertreter.objects.create(
        leistungsberechtigter=person, name="Otto Amsel-Korn", beziehung="Vater"
    )
    with pytest.raises(Fachfehler) as fehler:
        _vereinbaren(welt, minderjaehrig, vertreter_zustimmung_am=D(2026, 10, 7))
    assert "Bitte wählen Sie" in fehler.value.message_dict["vertreter"][0]
    version = _vereinbaren(
        welt, minderjaehrig, vertreter=vater, vertreter_zustimmung_am=D(2026, 10, 7)
    )
    assert (version.vertreter, version.vertreter_zustimmung_am) == (vater, D(2026, 10, 7))
    assert mutter != vater


def test_minderjaehrige_ueber_die_schnittstelle(welt, minderjaehrig):
    client = api_client(welt.users[Rolle.IFK])
    antwort = client.post(
        f"/api/v1/kooperationsplaene/{minderjaehrig.plan_id}/versionen/{minderjaehrig.pk}/"
        "vereinbaren/",
        {"vereinbart_am": "2026-10-08", "vertreter_zustimmung_am": "2026-10-07"},
        format="json",
    )
    assert antwort.status_code == 400
    assert "vertreter" in antwort.json()["felder"]
    minderjaehrig.refresh_from_db()
    assert minderjaehrig.status == "entwurf"
