"""The figures of the Geschäftsführung dashboard: aggregates only.

Every figure is an aggregate query (GROUP BY in the database, small results);
no loop over people or plans in Python. Definitions, as shown on the page:

- **Entwurf**: a plan counts as drafted on the day a draft with a goal and at
  least one step was first saved, or first sent to the Träger
  (``Kooperationsplan.entwurf_vorgelegt_am``), not on the day an empty plan
  was begun. Only the first plan begun after a Potenzialanalyse counts, and
  no „kein Plan“. Without such a draft and past the deadline it counts as late.
- **Vereinbarung**: ``vereinbart_am`` of that plan's version 1.
- **Arbeitstage** between two days: working days after the first up to and
  including the second (``kooperation.arbeitstage.arbeitstage_zwischen``),
  Monday to Friday less the Bundesland's holidays and the Jobcenter's
  closing days. In SQL: a weekday index by arithmetic, less a count of the
  holidays up to each day (a CASE over the few holidays of the period).
- **Kohorte**: Potenzialanalysen completed in the chosen period, by month of
  completion. Median and 90. Perzentil by the nearest-rank method.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Floor, TruncMonth

from cases.models import Leistungsberechtigter, Phase, Potenzialanalyse
from kooperation.katalog import Leistung16a
from kooperation.models import Fristart, Wiedervorlage
from partners.models import Angebot, Belegung, Rahmenabstimmung

from ..models import (
    AbstimmungPosition,
    AbstimmungStatus,
    KeinPlanGrund,
    Kooperationsplan,
    PlanStatus,
    PlanVersion,
    Schlichtung,
    TraegerAbstimmung,
)
from .arbeitstage_sql import arbeitstage_expr, freie_werktage
from .auswahl import ALTERSSTUFEN, WSTF_ZIEL, Auswahl
from .fristen import fristen_je_monat
from .schutz import kleine_zahlen_sperren


def perzentil(histogramm: dict[int, int], anteil: float) -> int | None:
    """Nearest rank: the smallest value with at least ``anteil`` of all
    counts at or below it."""
    gesamt = sum(histogramm.values())
    if not gesamt:
        return None
    rang = max(1, -(-gesamt * round(anteil * 100) // 100))
    kumuliert = 0
    for wert in sorted(histogramm):
        kumuliert += histogramm[wert]
        if kumuliert >= rang:
            return wert
    return None


# --- The figures ---------------------------------------------------------------


@dataclass
class Verteilung:
    """Working days per group: enough for share, median and 90th percentile."""

    histogramm: dict[int, int] = field(default_factory=dict)
    offen_ueberfaellig: int = 0  # no draft yet, deadline passed: late

    def hinzu(self, tage: int, n: int) -> None:
        self.histogramm[tage] = self.histogramm.get(tage, 0) + n

    def kennzahlen(self, frist: int) -> dict:
        innerhalb = sum(n for t, n in self.histogramm.items() if t <= frist)
        gesamt = sum(self.histogramm.values()) + self.offen_ueberfaellig
        return {
            "anzahl": gesamt,
            "fristgerecht": innerhalb,
            "anteil": round(100 * innerhalb / gesamt, 1) if gesamt else None,
            "median": perzentil(self.histogramm, 0.5),
            "p90": perzentil(self.histogramm, 0.9),
        }


def _frueherer_plan(pfad: str = ""):
    """A real plan after the same Potenzialanalyse begun before the plan at
    ``pfad`` (relative to the outer query): then that one is not the first."""
    p = f"{pfad}__" if pfad else ""
    return Exists(
        Kooperationsplan.objects.filter(potenzialanalyse_id=OuterRef(f"{p}potenzialanalyse_id"))
        .exclude(status=PlanStatus.KEIN_PLAN)
        .filter(
            Q(begonnen_am__lt=OuterRef(f"{p}begonnen_am"))
            | Q(begonnen_am=OuterRef(f"{p}begonnen_am"), pk__lt=OuterRef(pfad or "pk"))
        )
    )


def _erster_plan_q(pfad: str = "") -> Q:
    """The first real plan begun after its Potenzialanalyse."""
    p = f"{pfad}__" if pfad else ""
    return (
        ~Q(**{f"{p}status": PlanStatus.KEIN_PLAN})
        & Q(**{f"{p}potenzialanalyse__isnull": False})
        & ~_frueherer_plan(pfad)
    )


def puenktlichkeit(a: Auswahl) -> dict:
    frist = a.jobcenter.entwurf_frist_arbeitstage
    feiertage = freie_werktage(a.jobcenter, a.von, a.heute)
    kohorte = Q(
        potenzialanalyse__abgeschlossen_am__gte=a.von,
        potenzialanalyse__abgeschlossen_am__lte=a.heute,
    ) & a.personen_q("leistungsberechtigter")
    monate = _monate(a)
    entwurf = {"gesamt": Verteilung(), "team": {}, "monat": {m: Verteilung() for m in monate}}
    vereinbarung = {"gesamt": Verteilung(), "team": {}, "monat": {m: Verteilung() for m in monate}}

    def eintragen(ziel, team_id, monat, tage, n):
        for v in (
            ziel["gesamt"],
            ziel["team"].setdefault(team_id, Verteilung()),
            ziel["monat"].setdefault(_monat(monat), Verteilung()),
        ):
            if isinstance(tage, int):
                v.hinzu(tage, n)
            else:
                v.offen_ueberfaellig += n

    zeilen = (
        Kooperationsplan.objects.filter(_erster_plan_q())
        .filter(kohorte, entwurf_vorgelegt_am__isnull=False)
        .annotate(
            monat=TruncMonth("potenzialanalyse__abgeschlossen_am"),
            tage=arbeitstage_expr(
                "potenzialanalyse__abgeschlossen_am", "entwurf_vorgelegt_am", feiertage
            ),
        )
        .values_list("leistungsberechtigter__team_id", "monat", "tage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for team_id, monat, tage, n in zeilen:
        eintragen(entwurf, team_id, monat, max(int(tage), 0), n)

    # Potenzialanalysen of the cohort with no draft yet (no plan, or only an
    # empty one) and the draft deadline passed: late drafts that do not exist
    # yet. A „kein Plan“ is no late draft.
    ohne_plan = (
        Potenzialanalyse.objects.filter(
            status="abgeschlossen",
            abgeschlossen_am__gte=a.von,
            abgeschlossen_am__lte=a.heute,
            entwurf_frist__lt=a.heute,
        )
        .filter(a.personen_q("leistungsberechtigter"))
        .filter(
            ~Exists(
                Kooperationsplan.objects.filter(potenzialanalyse_id=OuterRef("pk")).filter(
                    Q(entwurf_vorgelegt_am__isnull=False) | Q(status=PlanStatus.KEIN_PLAN)
                )
            )
        )
        .annotate(monat=TruncMonth("abgeschlossen_am"))
        .values_list("leistungsberechtigter__team_id", "monat")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for team_id, monat, n in ohne_plan:
        eintragen(entwurf, team_id, monat, None, n)

    vereinbart = (
        PlanVersion.objects.filter(nummer=1, vereinbart_am__isnull=False)
        .filter(_erster_plan_q("plan"))
        .filter(
            plan__potenzialanalyse__abgeschlossen_am__gte=a.von,
            plan__potenzialanalyse__abgeschlossen_am__lte=a.heute,
        )
        .filter(a.personen_q("plan__leistungsberechtigter"))
        .annotate(
            monat=TruncMonth("plan__potenzialanalyse__abgeschlossen_am"),
            tage=arbeitstage_expr(
                "plan__potenzialanalyse__abgeschlossen_am", "vereinbart_am", feiertage
            ),
        )
        .values_list("plan__leistungsberechtigter__team_id", "monat", "tage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for team_id, monat, tage, n in vereinbart:
        eintragen(vereinbarung, team_id, monat, max(int(tage), 0), n)

    ueberfaellig = dict(
        Wiedervorlage.objects.offen()
        .filter(jobcenter_id=a.jobcenter.pk, faellig_am__lt=a.heute)
        .exclude(leistungsberechtigter_id__in=_beendete_faelle(a))
        .filter(Q(team_id=a.team.pk) if a.team else Q())
        .values_list("art")
        .annotate(n=Count("pk"))
        .order_by()
    )

    def auswerten(ziel):
        return {
            "gesamt": ziel["gesamt"].kennzahlen(frist),
            "team": {t: v.kennzahlen(frist) for t, v in ziel["team"].items()},
            "monat": [(m, ziel["monat"][m].kennzahlen(frist)) for m in monate],
        }

    return {
        "frist": frist,
        "entwurf": auswerten(entwurf),
        "vereinbarung": auswerten(vereinbarung),
        "entwuerfe_ueberfaellig": ueberfaellig.get(Fristart.PLANENTWURF, 0),
        "ueberpruefungen_ueberfaellig": ueberfaellig.get(Fristart.UEBERPRUEFUNG, 0),
    }


def _beendete_faelle(a: Auswahl):
    """Ended cases: today's figures leave them out (they are deleted when
    their retention ends, and these figures must not move then)."""
    return Leistungsberechtigter.objects.filter(
        jobcenter_id=a.jobcenter.pk, fall_beendet_am__isnull=False
    ).values("pk")


def _monat(tag) -> datetime.date:
    if isinstance(tag, datetime.datetime):
        tag = tag.date()
    return tag.replace(day=1)


def _monate(a: Auswahl) -> list[datetime.date]:
    monate, m = [], a.von
    while m <= a.heute:
        monate.append(m)
        m = (m + datetime.timedelta(days=32)).replace(day=1)
    return monate


def abdeckung(a: Auswahl) -> dict:
    """Where the people of open cases stand today; no plan with its reason
    (Rz. 20). Ended cases do not count (they are deleted when their
    retention ends, and these figures must not move then)."""
    offen = Q(fall_beendet_am__isnull=True)
    je_phase = dict(
        Leistungsberechtigter.objects.filter(a.personen_q(), offen)
        .values_list("phase")
        .annotate(n=Count("pk"))
        .order_by()
    )
    gruende = dict(
        Kooperationsplan.objects.filter(
            status=PlanStatus.KEIN_PLAN,
            leistungsberechtigter__phase=Phase.KEIN_PLAN,
            leistungsberechtigter__fall_beendet_am__isnull=True,
        )
        .filter(a.personen_q("leistungsberechtigter"))
        .values_list("kein_plan_grund")
        .annotate(n=Count("leistungsberechtigter", distinct=True))
        .order_by()
    )
    schlichtung = (
        Schlichtung.objects.filter(
            beendet_am__isnull=True, plan__leistungsberechtigter__fall_beendet_am__isnull=True
        )
        .filter(a.personen_q("plan__leistungsberechtigter"))
        .aggregate(n=Count("plan__leistungsberechtigter", distinct=True))["n"]
    )
    noch_ohne = [Phase.NEU, Phase.POTENZIALANALYSE, Phase.PLANUNG, Phase.ABSTIMMUNG]
    return {
        "personen": sum(je_phase.values()),
        "vereinbart": je_phase.get(Phase.VEREINBART, 0),
        "ueberpruefung": je_phase.get(Phase.UEBERPRUEFUNG, 0),
        "nichteinigung": je_phase.get(Phase.NICHTEINIGUNG, 0),
        "noch_ohne_plan": [(Phase(p).label, je_phase.get(p, 0)) for p in noch_ohne],
        "kein_plan": [(g.value, g.label, gruende.get(g.value, 0)) for g in KeinPlanGrund],
        "kein_plan_gesamt": je_phase.get(Phase.KEIN_PLAN, 0),
        "schlichtung": schlichtung,
    }


def traeger_abstimmung(a: Auswahl) -> dict:
    """Open requests by age, decisions per Angebot in the period, and the
    § 16a services' capacity and contingents today (Jobcenter-wide: Angebote
    belong to the Jobcenter, not to a team)."""
    h = a.heute
    offen_q = Q(status=AbstimmungStatus.OFFEN)
    stufen = {
        f"stufe_{i}": Count(
            "pk",
            filter=offen_q
            & Q(angefragt_am__gte=h - datetime.timedelta(days=bis))
            & (
                Q(angefragt_am__lt=h - datetime.timedelta(days=ALTERSSTUFEN[i - 1][0]))
                if i
                else Q()
            ),
        )
        for i, (bis, _) in enumerate(ALTERSSTUFEN)
    }
    offen = TraegerAbstimmung.objects.filter(
        a.personen_q("version__plan__leistungsberechtigter"),
        version__plan__leistungsberechtigter__fall_beendet_am__isnull=True,
    ).aggregate(
        offen=Count("pk", filter=offen_q),
        ueberfaellig=Count("pk", filter=offen_q & Q(frist__lt=h)),
        aelter=Count(
            "pk",
            filter=offen_q & Q(angefragt_am__lt=h - datetime.timedelta(days=ALTERSSTUFEN[-1][0])),
        ),
        **stufen,
    )
    alter = [(label, offen[f"stufe_{i}"]) for i, (_, label) in enumerate(ALTERSSTUFEN)]
    alter.append((f"über {ALTERSSTUFEN[-1][0]} Tage", offen["aelter"]))

    # Decisions are per § 16a item (AbstimmungPosition): one request may
    # approve one Angebot and reject another.
    entschieden = (
        AbstimmungPosition.objects.filter(
            a.personen_q("abstimmung__version__plan__leistungsberechtigter")
        )
        .filter(abstimmung__angefragt_am__gte=a.von, abstimmung__angefragt_am__lte=h)
        .exclude(status=AbstimmungStatus.OFFEN)
        .filter(eintrag__angebot__isnull=False)
        .values_list("eintrag__angebot__titel", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    je_angebot: dict[str, dict] = {}
    for titel, status, n in entschieden:
        zeile = je_angebot.setdefault(titel, {"zugestimmt": 0, "abgelehnt": 0})
        zeile["abgelehnt" if status == AbstimmungStatus.ABGELEHNT else "zugestimmt"] += n

    belegung = Belegung.objects.filter(angebot=OuterRef("pk"), beginn__lte=h, ende__gte=h)
    rahmen = Rahmenabstimmung.objects.filter(angebot=OuterRef("pk"), beginn__lte=h, ende__gte=h)
    angebote = (
        Angebot.objects.filter(jobcenter_id=a.jobcenter.pk, aktiv=True)
        .exclude(leistung_16a="")
        .annotate(
            p=Coalesce(Subquery(belegung.values("plaetze")[:1]), "plaetze"),
            b=Coalesce(Subquery(belegung.values("belegt")[:1]), 0),
            k=Coalesce(_summe(rahmen, "kontingent"), 0),
            g=Coalesce(_summe(rahmen, "genutzt"), 0),
        )
        .values_list("leistung_16a")
        .annotate(plaetze=Sum("p"), belegt=Sum("b"), kontingent=Sum("k"), genutzt=Sum("g"))
        .order_by()
    )
    kapazitaet = {w: (p, b, k, g) for w, p, b, k, g in angebote}
    return {
        "offen": offen["offen"],
        "ueberfaellig": offen["ueberfaellig"],
        "alter": alter,
        "je_angebot": sorted(je_angebot.items()),
        "kapazitaet": [
            {
                "leistung": label,
                "plaetze": kapazitaet[wert][0],
                "frei": kapazitaet[wert][0] - kapazitaet[wert][1],
                "kontingent": kapazitaet[wert][2],
                "kontingent_frei": kapazitaet[wert][2] - kapazitaet[wert][3],
            }
            for wert, label in Leistung16a.choices
            if wert in kapazitaet
        ],
    }


def _summe(qs, feld: str):
    return Subquery(
        qs.order_by().values("angebot").annotate(s=Sum(feld)).values("s")[:1],
        output_field=IntegerField(),
    )


def lesbarkeit(a: Auswahl) -> dict:
    """The Wiener Sachtextformel of versions agreed in the period, by whole
    grade; the share at or below the target (domain.md: WSTF ≤ 7)."""
    zeilen = (
        PlanVersion.objects.filter(
            lesbarkeit_wstf__isnull=False, vereinbart_am__gte=a.von, vereinbart_am__lte=a.heute
        )
        .filter(a.personen_q("plan__leistungsberechtigter"))
        .annotate(stufe=Floor("lesbarkeit_wstf"), im_ziel=Q(lesbarkeit_wstf__lte=WSTF_ZIEL))
        .values_list("stufe", "im_ziel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    verteilung: dict[int, int] = {}
    im_ziel = gesamt = 0
    for stufe, ziel, n in zeilen:
        verteilung[int(stufe)] = verteilung.get(int(stufe), 0) + n
        gesamt += n
        im_ziel += n if ziel else 0
    return {
        "ziel": WSTF_ZIEL,
        "anzahl": gesamt,
        "verteilung": sorted(verteilung.items()),
        "anteil_im_ziel": round(100 * im_ziel / gesamt, 1) if gesamt else None,
    }


def kennzahlen_roh(a: Auswahl) -> dict:
    """Every figure of the dashboard before small counts are suppressed: what
    ``vorrat`` keeps; never shown as it is."""
    return {
        "puenktlichkeit": puenktlichkeit(a),
        "abdeckung": abdeckung(a),
        "traeger": traeger_abstimmung(a),
        "lesbarkeit": lesbarkeit(a),
        "fristen": fristen_je_monat(
            a.jobcenter, heute=a.heute, team_id=a.team.pk if a.team else None
        ),
    }


def kennzahlen_berechnen(a: Auswahl) -> dict:
    """Every figure of the dashboard, computed now, small counts already
    suppressed: no page, export or chart gets the raw numbers."""
    return kleine_zahlen_sperren(kennzahlen_roh(a))
