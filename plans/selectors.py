"""Reads of plans and Abstimmungen, scoped by the access policy."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast

from cases.models import Handlungsbedarf
from kooperation import access
from kooperation.katalog import Leistung16a

from .models import (
    AbstimmungPosition,
    AbstimmungStatus,
    Kooperationsplan,
    PlanEintrag,
    Planteil,
    PlanVersion,
    TraegerAbstimmung,
)


def abstimmungen_offen_fuer(*, user) -> QuerySet[TraegerAbstimmung]:
    """The kommunaler Träger's inbox: open requests addressed to it, by deadline,
    with the § 16a items only (the minimum it needs to decide)."""
    return mit_eintraegen_16a(
        access.sichtbar(user, TraegerAbstimmung.objects.filter(status=AbstimmungStatus.OFFEN))
    ).order_by("frist", "pk")


def mit_eintraegen_16a(abstimmungen: QuerySet[TraegerAbstimmung]) -> QuerySet[TraegerAbstimmung]:
    """Load what the Träger sees of each request: the person (for pseudonym,
    age group and household) and the version's § 16a items as ``eintraege_16a``."""
    return abstimmungen.select_related(
        "version__plan__leistungsberechtigter", "traeger"
    ).prefetch_related(
        Prefetch(
            "version__eintraege",
            queryset=PlanEintrag.objects.exclude(leistung_16a="").select_related("angebot"),
            to_attr="eintraege_16a",
        )
    )


def plan_fuer(*, user, pk: int) -> Kooperationsplan:
    """One plan the user may see; DoesNotExist (404) otherwise."""
    return (
        access.sichtbar(user, Kooperationsplan.objects.all())
        .select_related("leistungsberechtigter__jobcenter", "rechtsstand", "potenzialanalyse")
        .get(pk=pk)
    )


def version_fuer(*, user, pk: int) -> PlanVersion:
    return (
        access.sichtbar(user, PlanVersion.objects.all())
        .select_related("plan__leistungsberechtigter__jobcenter", "plan__rechtsstand")
        .get(pk=pk)
    )


def eintraege_nach_teil(version: PlanVersion) -> dict[str, list[PlanEintrag]]:
    teile: dict[str, list[PlanEintrag]] = {t: [] for t in Planteil.values}
    for e in version.eintraege.select_related("handlungsbedarf", "angebot").order_by(
        "teil", "reihenfolge", "pk"
    ):
        teile[e.teil].append(e)
    return teile


def offene_handlungsbedarfe(version: PlanVersion) -> list[Handlungsbedarf]:
    """Findings of the person's latest completed Potenzialanalyse that no item
    of this version answers yet (items without a finding are fine, Rz. 19)."""
    plan = version.plan
    pa = plan.potenzialanalyse or (
        plan.leistungsberechtigter.potenzialanalysen.filter(status="abgeschlossen")
        .order_by("-abgeschlossen_am")
        .first()
    )
    if pa is None:
        return []
    beantwortet = version.eintraege.exclude(handlungsbedarf=None).values("handlungsbedarf_id")
    return list(pa.handlungsbedarfe.exclude(pk__in=beantwortet))


def handlungsbedarfe_der_person(version: PlanVersion):
    return Handlungsbedarf.objects.filter(
        potenzialanalyse__leistungsberechtigter_id=version.plan.leistungsberechtigter_id,
        potenzialanalyse__status="abgeschlossen",
    ).order_by("bereich")


def abstimmung_fuer_traeger(*, user, pk: int) -> TraegerAbstimmung:
    """One request addressed to the user's kommunaler Träger."""
    return (
        access.sichtbar(user, TraegerAbstimmung.objects.all())
        .select_related("version__plan__leistungsberechtigter", "traeger")
        .get(pk=pk)
    )


def abstimmungen_je_angebot(*, user) -> list[dict]:
    """Per § 16a Angebot: requests, decisions and how long answers took (in
    days), as the basis of a report to the Trägerversammlung (§ 44c SGB II).
    Aggregates only."""
    if not access.darf_kennzahlen_sehen(user):
        raise PermissionDenied
    # timestamp − timestamp is an interval on every backend (date − date is an
    # integer on PostgreSQL).
    dauer = ExpressionWrapper(
        F("abstimmung__entschieden_am")
        - Cast("abstimmung__angefragt_am", output_field=DateTimeField()),
        output_field=DurationField(),
    )
    zeilen = (
        AbstimmungPosition.objects.filter(abstimmung__traeger__jobcenter_id=user.jobcenter_id)
        .values("eintrag__angebot__titel", "eintrag__leistung_16a")
        .annotate(
            anfragen=Count("pk"),
            im_kontingent=Count("pk", filter=Q(rahmenabstimmung__isnull=False)),
            zugestimmt=Count("pk", filter=Q(status=AbstimmungStatus.ZUGESTIMMT)),
            geaendert=Count("pk", filter=Q(status=AbstimmungStatus.GEAENDERT)),
            abgelehnt=Count("pk", filter=Q(status=AbstimmungStatus.ABGELEHNT)),
            offen=Count("pk", filter=Q(status=AbstimmungStatus.OFFEN)),
            dauer_mittel=Avg(
                dauer, filter=Q(rahmenabstimmung__isnull=True) & ~Q(status=AbstimmungStatus.OFFEN)
            ),
            dauer_max=Max(
                dauer, filter=Q(rahmenabstimmung__isnull=True) & ~Q(status=AbstimmungStatus.OFFEN)
            ),
        )
        .order_by("eintrag__leistung_16a", "eintrag__angebot__titel")
    )
    ergebnis = []
    for z in zeilen:
        z["dauer_mittel_tage"] = (
            round(z["dauer_mittel"].total_seconds() / 86400, 1) if z["dauer_mittel"] else None
        )
        z["dauer_max_tage"] = z["dauer_max"].days if z["dauer_max"] else None
        z["leistung"] = Leistung16a(z["eintrag__leistung_16a"]).label
        ergebnis.append(z)
    return ergebnis
