"""Reads of cases, already scoped by the access policy."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from kooperation import access

from .models import Leistungsberechtigter


def leistungsberechtigte_fuer(
    *,
    user,
    suche: str = "",
    phase: str = "",
    nur_eigene: bool = False,
    nur_team: bool = False,
    ueberfaellig_am=None,
    frist_bis=None,
) -> QuerySet[Leistungsberechtigter]:
    """The caseload: people the user may see, by next deadline (none last).

    Only the columns the list shows are loaded; one query per page."""
    # "Meine Fälle" and "Fälle im Team" ask the policy for exactly that part of
    # the user's scope: one plain condition lets the database read the page in
    # (IFK | team, next deadline) index order instead of sorting the scope.
    if nur_eigene:
        bereich = access.eigene_faelle_q(user)
    elif nur_team:
        bereich = access.team_faelle_q(user)
    else:
        bereich = access.sichtbar_q(user, Leistungsberechtigter)
    qs = Leistungsberechtigter.objects.filter(bereich).select_related("team", "zustaendig")
    if phase:
        qs = qs.filter(phase=phase)
    if ueberfaellig_am is not None:
        qs = qs.filter(naechste_frist__lt=ueberfaellig_am)
    if frist_bis is not None:
        qs = qs.filter(naechste_frist__lte=frist_bis)
    suche = suche.strip()
    if suche:
        bedingung = Q()
        for wort in suche.split()[:4]:
            bedingung &= (
                Q(nachname__istartswith=wort)
                | Q(vorname__istartswith=wort)
                | Q(kundennummer__iexact=wort)
            )
        qs = qs.filter(bedingung)
    return qs.order_by(F("naechste_frist").asc(nulls_last=True), "nachname", "vorname", "pk").only(
        "pk",
        "vorname",
        "nachname",
        "kundennummer",
        "phase",
        "naechste_frist",
        "geburtsdatum",
        "team__name",
        "zustaendig__first_name",
        "zustaendig__last_name",
        "zustaendig__username",
    )


def leistungsberechtigter_fuer(*, user, pk: int) -> Leistungsberechtigter:
    """One person, if the user may see them; DoesNotExist otherwise (a 404
    that does not tell whether the person exists)."""
    return (
        access.sichtbar(user, Leistungsberechtigter.objects.all())
        .select_related("team", "zustaendig", "jobcenter")
        .get(pk=pk)
    )
