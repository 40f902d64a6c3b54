"""Reads of plans and Abstimmungen, scoped by the access policy."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet

from cases.models import Leistungsberechtigter
from kooperation import access
from kooperation.models import Fristart, Wiedervorlage

from .models import AbstimmungStatus, PlanEintrag, TraegerAbstimmung


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


def kennzahlen_fuer(*, user, heute: datetime.date) -> dict:
    """Aggregates of the user's Jobcenter: no names, no case numbers."""
    if not access.darf_kennzahlen_sehen(user):
        raise PermissionDenied
    personen = Leistungsberechtigter.objects.filter(jobcenter_id=user.jobcenter_id)
    je_phase = dict(personen.values_list("phase").annotate(n=Count("pk")).order_by())
    fristen = Wiedervorlage.objects.offen().filter(jobcenter_id=user.jobcenter_id)
    ueberfaellig = fristen.aggregate(
        entwuerfe=Count("pk", filter=Q(art=Fristart.PLANENTWURF, faellig_am__lt=heute)),
        ueberpruefungen=Count("pk", filter=Q(art=Fristart.UEBERPRUEFUNG, faellig_am__lt=heute)),
        abstimmungen=Count("pk", filter=Q(art=Fristart.ABSTIMMUNG)),
    )
    return {
        "personen": sum(je_phase.values()),
        "je_phase": je_phase,
        "ueberfaellig": ueberfaellig,
    }
