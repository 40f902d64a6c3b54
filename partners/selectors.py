"""Reads of partners, Angebote and agreements, scoped by the access policy
(configuration: everyone in the Jobcenter reads it)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from kooperation import access

from .kapazitaet import freie_plaetze
from .models import (
    Angebot,
    Ansprechpartner,
    Kooperationsphase,
    Kooperationstreffen,
    Kooperationsvereinbarung,
    Partner,
    Phasenaufgabe,
)


def zentrale_ansprechpartner(tag: datetime.date) -> Prefetch:
    return Prefetch(
        "ansprechpartner",
        queryset=Ansprechpartner.objects.filter(zentral=True, gueltig_ab__lte=tag).filter(
            Q(gueltig_bis__isnull=True) | Q(gueltig_bis__gte=tag)
        ),
        to_attr="zentrale",
    )


def partner_liste(*, user, tag: datetime.date, art: str = "") -> QuerySet[Partner]:
    qs = access.sichtbar(user, Partner.objects.all())
    if art:
        qs = qs.filter(art=art)
    return qs.prefetch_related(
        zentrale_ansprechpartner(tag),
        Prefetch("angebote", queryset=Angebot.objects.filter(aktiv=True).order_by("titel")),
    ).order_by("name")


def partner_fuer(*, user, pk: int) -> Partner:
    return access.sichtbar(user, Partner.objects.all()).get(pk=pk)


def angebot_fuer(*, user, pk: int) -> Angebot:
    return (
        access.sichtbar(user, Angebot.objects.all()).select_related("partner", "traeger").get(pk=pk)
    )


def mit_freien_plaetzen(angebote, tag: datetime.date) -> list[Angebot]:
    angebote = list(angebote)
    for a in angebote:
        a.frei = freie_plaetze(a, tag)
    return angebote


def vereinbarungen_liste(*, user) -> QuerySet[Kooperationsvereinbarung]:
    return (
        access.sichtbar(user, Kooperationsvereinbarung.objects.all())
        .annotate(offene_aufgaben=Count("aufgaben", filter=Q(aufgaben__erledigt_am__isnull=True)))
        .prefetch_related("parteien")
        .order_by("phase", "titel")
    )


def vereinbarung_fuer(*, user, pk: int) -> Kooperationsvereinbarung:
    return (
        access.sichtbar(user, Kooperationsvereinbarung.objects.all())
        .select_related("verantwortlich")
        .get(pk=pk)
    )


def treffen_fuer(*, user, pk: int) -> Kooperationstreffen:
    return (
        access.sichtbar(user, Kooperationstreffen.objects.all())
        .select_related("vereinbarung")
        .get(pk=pk)
    )


def nach_phasen(vereinbarungen) -> list[tuple[str, str, list]]:
    """The cooperations grouped by the phases of the partner guide, in order."""
    gruppen = {p.value: [] for p in Kooperationsphase}
    for v in vereinbarungen:
        gruppen[v.phase].append(v)
    return [(p.value, p.label, gruppen[p.value]) for p in Kooperationsphase]


def offene_aufgaben(vereinbarung) -> QuerySet[Phasenaufgabe]:
    return vereinbarung.aufgaben.filter(erledigt_am__isnull=True).order_by("phase", "pk")
