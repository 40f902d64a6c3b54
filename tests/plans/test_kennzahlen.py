"""The dashboard's figures on hand-made data with known answers (issue 8).

Jobcenter Rheinstadt lies in Baden-Württemberg: in 2026 Karfreitag (3 April),
Ostermontag (6 April), 1 May, Christi Himmelfahrt (14 May), Pfingstmontag
(25 May) and Fronleichnam (4 June) are holidays there."""

import datetime
import random
from decimal import Decimal

import pytest

from cases.models import Leistungsberechtigter, Phase, Potenzialanalyse
from kooperation.access import Rolle
from kooperation.arbeitstage import arbeitstage_zwischen
from kooperation.katalog import Leistung16a
from kooperation.models import Fristart, Rechtsstand, Schliesstag, Wiedervorlage
from partners.models import Belegung, Rahmenabstimmung
from plans.kennzahlen.arbeitstage_sql import arbeitstage_expr, freie_werktage
from plans.kennzahlen.auswahl import auswahl_fuer
from plans.kennzahlen.zahlen import (
    abdeckung,
    lesbarkeit,
    perzentil,
    puenktlichkeit,
    traeger_abstimmung,
)
from plans.models import (
    AbstimmungPosition,
    AbstimmungStatus,
    KeinPlanGrund,
    Kooperationsplan,
    PlanEintrag,
    PlanStatus,
    Planteil,
    PlanVersion,
    Schlichtung,
    TraegerAbstimmung,
)
from tests.cases.factories import LeistungsberechtigterFactory, PotenzialanalyseFactory
from tests.partners.factories import AngebotFactory

HEUTE = datetime.date(2026, 6, 30)
D = datetime.date


def person(welt, team=None, **kwargs):
    team = team or welt.team
    return LeistungsberechtigterFactory(
        team=team, zustaendig=welt.users[Rolle.IFK] if team == welt.team else None, **kwargs
    )


def analyse(p, abgeschlossen: datetime.date, frist: datetime.date | None = None):
    return PotenzialanalyseFactory(
        leistungsberechtigter=p,
        status="abgeschlossen",
        begonnen_am=abgeschlossen - datetime.timedelta(days=7),
        abgeschlossen_am=abgeschlossen,
        entwurf_frist=frist or abgeschlossen + datetime.timedelta(days=14),
        reha_bedarf="nein",
    )


def plan(welt, pa, begonnen: datetime.date, vereinbart: datetime.date | None = None, **kwargs):
    wstf = kwargs.pop("wstf", None)
    status = kwargs.pop("status", PlanStatus.ENTWURF)
    kwargs.setdefault("entwurf_vorgelegt_am", begonnen)
    p = Kooperationsplan.objects.create(
        leistungsberechtigter=pa.leistungsberechtigter,
        potenzialanalyse=pa,
        rechtsstand=Rechtsstand.objects.am(begonnen),
        begonnen_am=begonnen,
        erstellt_von=welt.users[Rolle.IFK],
        status=PlanStatus.VEREINBART if vereinbart else status,
        **kwargs,
    )
    PlanVersion.objects.create(
        plan=p,
        nummer=1,
        status="vereinbart" if vereinbart else "entwurf",
        vereinbart_am=vereinbart,
        ueberpruefung_bis=vereinbart + datetime.timedelta(days=180) if vereinbart else None,
        lesbarkeit_wstf=wstf,
    )
    return p


def auswahl(user, team=None, monate=12):
    return auswahl_fuer(user=user, team_id=team.pk if team else None, monate=monate, heute=HEUTE)


@pytest.fixture
def kohorte(welt):
    """Potenzialanalysen of the last 12 months with known working days."""
    nord, sued = welt.team, welt.team2
    # Thursday before Easter to Thursday after: Karfreitag and Ostermontag
    # fall between, so 3 working days; agreed a week later: 8.
    pa1 = analyse(person(welt, nord), D(2026, 4, 2))
    plan(welt, pa1, D(2026, 4, 9), vereinbart=D(2026, 4, 16))
    # A later plan after the same analysis is not the first: ignored.
    plan(welt, pa1, D(2026, 6, 10))
    # 4 May to 22 May across Christi Himmelfahrt: 13; to 29 May across
    # Pfingstmontag: 17.
    pa2 = analyse(person(welt, nord), D(2026, 5, 4))
    plan(welt, pa2, D(2026, 5, 22), vereinbart=D(2026, 5, 29))
    # Drafted the same day: 0.
    pa3 = analyse(person(welt, sued), D(2026, 6, 1))
    plan(welt, pa3, D(2026, 6, 1))
    # No draft, deadline passed: late.
    analyse(person(welt, sued), D(2026, 6, 3), frist=D(2026, 6, 18))
    # No draft, deadline still ahead: not counted yet.
    analyse(person(welt, nord), D(2026, 6, 25), frist=D(2026, 7, 9))
    # Outside the period, and another Jobcenter: never counted.
    alt = analyse(person(welt, nord), D(2025, 5, 2))
    plan(welt, alt, D(2025, 6, 30), vereinbart=D(2025, 7, 2))
    fremd = analyse(welt.fremder_fall, D(2026, 4, 2))
    plan(welt, fremd, D(2026, 4, 3))
    return welt


def test_arbeitstage_in_sql_wie_im_kalender(welt):
    """The SQL expression agrees with ``arbeitstage_zwischen`` across a year's
    holidays, weekends and a closing day."""
    Schliesstag.objects.create(jobcenter=welt.jc, datum=D(2026, 12, 24))
    zufall = random.Random(8)
    for _ in range(40):
        von = D(2026, 1, 1) + datetime.timedelta(days=zufall.randrange(330))
        bis = von + datetime.timedelta(days=zufall.randrange(0, 40))
        PotenzialanalyseFactory(
            leistungsberechtigter=welt.eigener_fall,
            status="abgeschlossen",
            begonnen_am=von,
            abgeschlossen_am=bis,
            entwurf_frist=bis,
            reha_bedarf="nein",
        )
    feiertage = freie_werktage(welt.jc, D(2026, 1, 1), D(2027, 1, 31))
    assert D(2026, 12, 24) in feiertage
    assert D(2026, 4, 3) in feiertage
    zeilen = Potenzialanalyse.objects.annotate(
        tage=arbeitstage_expr("begonnen_am", "abgeschlossen_am", feiertage)
    ).values_list("begonnen_am", "abgeschlossen_am", "tage")
    for von, bis, tage in zeilen:
        assert tage == arbeitstage_zwischen(von, bis, "BW", [D(2026, 12, 24)]), (von, bis)


def test_puenktlichkeit_ganzes_jobcenter(kohorte):
    p = puenktlichkeit(auswahl(kohorte.users[Rolle.GESCHAEFTSFUEHRUNG]))
    assert p["frist"] == 10
    # Drafts after 3, 13 and 0 working days, one late without draft.
    assert p["entwurf"]["gesamt"] == {
        "anzahl": 4,
        "fristgerecht": 2,
        "anteil": 50.0,
        "median": 3,
        "p90": 13,
    }
    assert p["vereinbarung"]["gesamt"] == {
        "anzahl": 2,
        "fristgerecht": 1,
        "anteil": 50.0,
        "median": 8,
        "p90": 17,
    }


def test_puenktlichkeit_nach_team_und_monat(kohorte):
    p = puenktlichkeit(auswahl(kohorte.users[Rolle.GESCHAEFTSFUEHRUNG]))
    nord = p["entwurf"]["team"][kohorte.team.pk]
    sued = p["entwurf"]["team"][kohorte.team2.pk]
    assert (nord["anzahl"], nord["fristgerecht"], nord["median"], nord["p90"]) == (2, 1, 3, 13)
    assert (sued["anzahl"], sued["fristgerecht"], sued["anteil"], sued["median"]) == (2, 1, 50.0, 0)
    monate = dict(p["entwurf"]["monat"])
    assert len(monate) == 12
    assert min(monate) == D(2025, 7, 1)
    assert monate[D(2026, 4, 1)]["median"] == 3
    assert monate[D(2026, 5, 1)]["fristgerecht"] == 0
    assert monate[D(2026, 6, 1)]["anzahl"] == 2
    assert monate[D(2026, 3, 1)]["anzahl"] == 0
    assert monate[D(2026, 3, 1)]["anteil"] is None


def test_teamfilter_und_zeitraum(kohorte):
    gf = kohorte.users[Rolle.GESCHAEFTSFUEHRUNG]
    nur_nord = puenktlichkeit(auswahl(gf, team=kohorte.team))
    assert nur_nord["entwurf"]["gesamt"]["anzahl"] == 2
    # Three months (April to June) still hold all of them; the plan of May
    # 2025 never counts.
    drei = puenktlichkeit(auswahl(gf, monate=3))
    assert drei["entwurf"]["gesamt"]["anzahl"] == 4
    assert len(drei["entwurf"]["monat"]) == 3


def test_teamleitung_sieht_nur_ihr_team(kohorte):
    tl = kohorte.users[Rolle.TEAMLEITUNG]
    a = auswahl(tl, team=kohorte.team2)  # asks for the other team
    assert a.team == kohorte.team
    assert a.nur_eigenes_team
    assert puenktlichkeit(a)["entwurf"]["gesamt"]["anzahl"] == 2


def test_ueberfaellige_fristen_heute(welt):
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Leistungsberechtigter)
    for i, (art, faellig, team) in enumerate(
        [
            (Fristart.PLANENTWURF, D(2026, 6, 29), welt.team),
            (Fristart.PLANENTWURF, D(2026, 6, 30), welt.team),  # due today: not overdue
            (Fristart.UEBERPRUEFUNG, D(2026, 1, 5), welt.team2),
            (Fristart.UEBERPRUEFUNG, D(2026, 2, 5), welt.team),
        ]
    ):
        Wiedervorlage.objects.create(
            jobcenter=welt.jc, art=art, faellig_am=faellig, team=team, ursache_typ=ct, ursache_id=i
        )
    gf = welt.users[Rolle.GESCHAEFTSFUEHRUNG]
    p = puenktlichkeit(auswahl(gf))
    assert (p["entwuerfe_ueberfaellig"], p["ueberpruefungen_ueberfaellig"]) == (1, 2)
    p = puenktlichkeit(auswahl(gf, team=welt.team2))
    assert (p["entwuerfe_ueberfaellig"], p["ueberpruefungen_ueberfaellig"]) == (0, 1)


def test_abdeckung_mit_gruenden_und_schlichtung(welt):
    for phase, anzahl in [(Phase.VEREINBART, 3), (Phase.UEBERPRUEFUNG, 2), (Phase.PLANUNG, 1)]:
        for _ in range(anzahl):
            person(welt, phase=phase)
    for grund in (KeinPlanGrund.RENTE, KeinPlanGrund.RENTE, KeinPlanGrund.SCHULE):
        p = person(welt, phase=Phase.KEIN_PLAN)
        pa = analyse(p, D(2026, 3, 2))
        plan(welt, pa, D(2026, 3, 3), status=PlanStatus.KEIN_PLAN, kein_plan_grund=grund)
    streit = person(welt, phase=Phase.NICHTEINIGUNG)
    pl = plan(welt, analyse(streit, D(2026, 3, 2)), D(2026, 3, 3))
    Schlichtung.objects.create(
        plan=pl,
        beantragt_von="person",
        begonnen_am=D(2026, 6, 1),
        ende_spaetestens=D(2026, 6, 29),
        schlichter="Frau Neutral",
    )
    d = abdeckung(auswahl(welt.users[Rolle.GESCHAEFTSFUEHRUNG]))
    # welt has two people of its own (phase "neu") in Team Nord.
    assert d["personen"] == 3 + 2 + 1 + 3 + 1 + 2
    assert (d["vereinbart"], d["ueberpruefung"], d["nichteinigung"]) == (3, 2, 1)
    assert dict(d["noch_ohne_plan"]) == {
        "Neu": 2,
        "Potenzialanalyse läuft": 0,
        "Plan in Arbeit": 1,
        "Abstimmung mit dem kommunalen Träger": 0,
    }
    gruende = {wert: n for wert, _, n in d["kein_plan"]}
    assert gruende["rente"] == 2
    assert gruende["schule"] == 1
    assert gruende["dienst"] == 0
    assert d["schlichtung"] == 1


def test_traeger_abstimmung(welt):
    schuldner = AngebotFactory(
        jobcenter=welt.jc,
        titel="Schuldnerberatung Caritas",
        traeger=welt.traeger,
        partner=None,
        leistung_16a=Leistung16a.SCHULDNERBERATUNG,
        plaetze=10,
    )
    sucht = AngebotFactory(
        jobcenter=welt.jc,
        titel="Suchtberatung Diakonie",
        traeger=welt.traeger,
        partner=None,
        leistung_16a=Leistung16a.SUCHTBERATUNG,
        plaetze=4,
    )
    Belegung.objects.create(
        angebot=schuldner, beginn=D(2026, 4, 1), ende=D(2026, 6, 30), plaetze=10, belegt=7
    )
    Rahmenabstimmung.objects.create(
        angebot=schuldner,
        traeger=welt.traeger,
        beginn=D(2026, 1, 1),
        ende=D(2026, 12, 31),
        kontingent=20,
        genutzt=5,
        erteilt_von=welt.users[Rolle.TRAEGER],
    )

    def abstimmung(angebot, angefragt, status, frist_tage=10):
        pa = analyse(person(welt), angefragt - datetime.timedelta(days=3))
        version = plan(welt, pa, angefragt).versionen.get()
        eintrag = PlanEintrag.objects.create(
            version=version,
            teil=Planteil.UNTERSTUETZUNG,
            text=angebot.titel,
            angebot=angebot,
            leistung_16a=angebot.leistung_16a,
        )
        offen = status == AbstimmungStatus.OFFEN
        abstimmung = TraegerAbstimmung.objects.create(
            version=version,
            traeger=welt.traeger,
            status=status,
            angefragt_am=angefragt,
            frist=angefragt + datetime.timedelta(days=frist_tage),
            entschieden_am=None if offen else datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC),
            begruendung="Kein Bedarf." if status == AbstimmungStatus.ABGELEHNT else "",
        )
        AbstimmungPosition.objects.create(
            abstimmung=abstimmung,
            eintrag=eintrag,
            status=status,
            begruendung=abstimmung.begruendung,
            aenderung="Nur sechs Termine." if status == AbstimmungStatus.GEAENDERT else "",
        )

    abstimmung(schuldner, D(2026, 6, 28), AbstimmungStatus.OFFEN)  # 2 days
    abstimmung(schuldner, D(2026, 6, 22), AbstimmungStatus.OFFEN)  # 8 days
    abstimmung(sucht, D(2026, 5, 1), AbstimmungStatus.OFFEN)  # 60 days, overdue
    abstimmung(schuldner, D(2026, 5, 4), AbstimmungStatus.ZUGESTIMMT)
    abstimmung(schuldner, D(2026, 5, 5), AbstimmungStatus.GEAENDERT)
    abstimmung(schuldner, D(2026, 5, 6), AbstimmungStatus.ABGELEHNT)
    abstimmung(sucht, D(2026, 5, 7), AbstimmungStatus.ABGELEHNT)

    t = traeger_abstimmung(auswahl(welt.users[Rolle.GESCHAEFTSFUEHRUNG]))
    assert (t["offen"], t["ueberfaellig"]) == (3, 1)
    assert t["alter"] == [
        ("bis 5 Tage", 1),
        ("6 bis 10 Tage", 1),
        ("11 bis 20 Tage", 0),
        ("über 20 Tage", 1),
    ]
    assert t["je_angebot"] == [
        ("Schuldnerberatung Caritas", {"zugestimmt": 2, "abgelehnt": 1}),
        ("Suchtberatung Diakonie", {"zugestimmt": 0, "abgelehnt": 1}),
    ]
    kapazitaet = {k["leistung"]: k for k in t["kapazitaet"]}
    assert kapazitaet["Schuldnerberatung"] == {
        "leistung": "Schuldnerberatung",
        "plaetze": 10,
        "frei": 3,
        "kontingent": 20,
        "kontingent_frei": 15,
    }
    # No period row yet: all of the Angebot's places are free.
    assert (kapazitaet["Suchtberatung"]["plaetze"], kapazitaet["Suchtberatung"]["frei"]) == (4, 4)


def test_lesbarkeit_verteilung_und_zielband(welt):
    leer = lesbarkeit(auswahl(welt.users[Rolle.GESCHAEFTSFUEHRUNG]))
    assert leer["anzahl"] == 0
    assert leer["anteil_im_ziel"] is None
    for wert in ("5.5", "6.9", "7.0", "7.1", "11.2"):
        pa = analyse(person(welt), D(2026, 5, 4))
        plan(welt, pa, D(2026, 5, 5), vereinbart=D(2026, 5, 6), wstf=Decimal(wert))
    pa = analyse(person(welt), D(2026, 5, 4))
    plan(welt, pa, D(2026, 5, 5), vereinbart=D(2026, 5, 6))  # no value yet
    l = lesbarkeit(auswahl(welt.users[Rolle.GESCHAEFTSFUEHRUNG]))  # noqa: E741
    assert l["anzahl"] == 5
    assert l["verteilung"] == [(5, 1), (6, 1), (7, 2), (11, 1)]
    assert l["anteil_im_ziel"] == 60.0  # 5.5, 6.9 and 7.0


@pytest.mark.parametrize(
    ("histogramm", "median", "p90"),
    [({}, None, None), ({4: 1}, 4, 4), ({1: 5, 9: 5}, 1, 9), ({0: 9, 30: 1}, 0, 0)],
)
def test_perzentil_nach_rangverfahren(histogramm, median, p90):
    assert perzentil(histogramm, 0.5) == median
    assert perzentil(histogramm, 0.9) == p90
