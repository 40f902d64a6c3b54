"""The cases behind a number: only for roles that read cases, scoped by the
access policy; the views audit every case shown."""

from __future__ import annotations

from cases.models import Leistungsberechtigter, Phase
from kooperation import access
from kooperation.errors import KeinZugriff
from kooperation.models import Fristart, Wiedervorlage

from ..models import (
    KeinPlanGrund,
    Kooperationsplan,
    PlanStatus,
    Schlichtung,
)
from .auswahl import Auswahl

# --- Drill-down: the cases behind a number ----------------------------------

DRILLDOWNS = {
    "entwurf_ueberfaellig": "Überfällige Planentwürfe",
    "ueberpruefung_ueberfaellig": "Überfällige Überprüfungen",
    "schlichtung": "In Schlichtung",
    **{f"kein_plan_{g.value}": f"Kein Plan: {g.label}" for g in KeinPlanGrund},
}


def darf_drilldown(user) -> bool:
    """Only roles that read cases at all get links to them; the Geschäftsführung
    reads none (design.md), so it sees no drill-down."""
    return access.darf_kennzahlen_sehen(user) and access.darf_fallliste_sehen(user)


def faelle_hinter(*, user, a: Auswahl, kennzahl: str):
    """The people behind one figure, scoped by the access policy."""
    if kennzahl not in DRILLDOWNS or not darf_drilldown(user):
        raise KeinZugriff()
    personen = Leistungsberechtigter.objects.filter(a.personen_q())
    if kennzahl in ("entwurf_ueberfaellig", "ueberpruefung_ueberfaellig"):
        art = Fristart.PLANENTWURF if kennzahl.startswith("entwurf") else Fristart.UEBERPRUEFUNG
        faelle = Wiedervorlage.objects.offen().filter(
            jobcenter_id=a.jobcenter.pk, art=art, faellig_am__lt=a.heute
        )
        personen = personen.filter(pk__in=faelle.values("leistungsberechtigter_id"))
    elif kennzahl == "schlichtung":
        laufend = Schlichtung.objects.filter(beendet_am__isnull=True)
        personen = personen.filter(pk__in=laufend.values("plan__leistungsberechtigter_id"))
    else:
        grund = kennzahl.removeprefix("kein_plan_")
        personen = personen.filter(
            phase=Phase.KEIN_PLAN,
            pk__in=Kooperationsplan.objects.filter(
                status=PlanStatus.KEIN_PLAN, kein_plan_grund=grund
            ).values("leistungsberechtigter_id"),
        )
    return (
        access.sichtbar(user, personen)
        .distinct()
        .select_related("team", "zustaendig")
        .order_by("nachname", "vorname", "pk")
    )
