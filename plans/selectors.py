"""Reads of plans and Abstimmungen, scoped by the access policy."""

from __future__ import annotations

from django.db.models import (
    Prefetch,
    QuerySet,
)

from cases.models import Handlungsbedarf
from kooperation import access

from .models import (
    AbstimmungStatus,
    Anhoerung,
    Einladung,
    Kooperationsplan,
    Pflichtenfestsetzung,
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


def abstimmungen_entschieden_fuer(*, user) -> QuerySet[TraegerAbstimmung]:
    """The Träger's record of what it decided, newest decision first."""
    return mit_eintraegen_16a(
        access.sichtbar(
            user, TraegerAbstimmung.objects.exclude(status=AbstimmungStatus.OFFEN)
        ).filter(entschieden_am__isnull=False)
    ).order_by("-entschieden_am", "-pk")


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


def bescheid_fuer(*, user, pk: int) -> Pflichtenfestsetzung:
    """One Bescheid or Aufforderung the user may see; DoesNotExist (404) otherwise."""
    return (
        access.sichtbar(user, Pflichtenfestsetzung.objects.all())
        .select_related("plan__leistungsberechtigter__jobcenter")
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


def abstimmung_fuer(*, user, pk: int) -> TraegerAbstimmung:
    """One request the user may see: for the Träger, one addressed to it; for
    the Jobcenter's staff, one of a case they may see."""
    return (
        access.sichtbar(user, TraegerAbstimmung.objects.all())
        .select_related("version__plan__leistungsberechtigter", "traeger")
        .get(pk=pk)
    )


def einladung_fuer(*, user, pk: int) -> Einladung:
    """One invitation the user may see, with what its page shows."""
    return (
        access.sichtbar(user, Einladung.objects.all())
        .select_related("leistungsberechtigter__jobcenter", "ifk", "verlegt_auf", "anhoerung")
        .get(pk=pk)
    )


def anhoerung_fuer(*, user, pk: int) -> Anhoerung:
    """One hearing the user may see, with its invitation and notice."""
    return (
        access.sichtbar(user, Anhoerung.objects.all())
        .select_related(
            "einladung__leistungsberechtigter__jobcenter", "mitteilung__nachricht", "einladung__ifk"
        )
        .get(pk=pk)
    )
