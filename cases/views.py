"""The IFK's caseload, a person's page and the Teamleitung's overview. Thin:
parse input, ask the policy (through the selectors), render."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kooperation import access
from kooperation.audit import lesezugriff
from kooperation.selectors import wiedervorlagen_fuer

from .models import Leistungsberechtigter, Phase
from .selectors import leistungsberechtigte_fuer, leistungsberechtigter_fuer


def _fallliste_pruefen(user) -> None:
    if not access.darf_fallliste_sehen(user):
        raise PermissionDenied


def _mit_personen(user, wiedervorlagen):
    """Attach the person to each Wiedervorlage in one scoped query."""
    wiedervorlagen = list(wiedervorlagen)
    ids = {w.fall_id for w in wiedervorlagen if w.fall_id}
    personen = access.sichtbar(user, Leistungsberechtigter.objects.filter(pk__in=ids)).in_bulk()
    for w in wiedervorlagen:
        w.person = personen.get(w.fall_id)
    return wiedervorlagen


@require_GET
@login_required
def fallliste(request):
    _fallliste_pruefen(request.user)
    heute = timezone.localdate()
    bereich = request.GET.get("bereich", "eigene")
    if access.rolle_von(request.user) != access.Rolle.IFK:
        bereich = "team"
    phase = request.GET.get("phase", "")
    if phase not in Phase.values:
        phase = ""
    suche = request.GET.get("q", "")[:100]
    ueberfaellig = request.GET.get("ueberfaellig") == "1"
    faelle = leistungsberechtigte_fuer(
        user=request.user,
        suche=suche,
        phase=phase,
        nur_eigene=bereich == "eigene",
        ueberfaellig_am=heute if ueberfaellig else None,
    )
    seite = Paginator(faelle, settings.SEITENGROESSE).get_page(request.GET.get("seite"))
    wiedervorlagen = _mit_personen(
        request.user, wiedervorlagen_fuer(user=request.user, bis=heute + datetime.timedelta(7))[:20]
    )
    return render(
        request,
        "cases/fallliste.html",
        {
            "seite": seite,
            "phasen": Phase.choices,
            "filter": {
                "q": suche,
                "phase": phase,
                "bereich": bereich,
                "ueberfaellig": ueberfaellig,
            },
            "wiedervorlagen": wiedervorlagen,
            "heute": heute,
        },
    )


@require_GET
@login_required
def fall_detail(request, pk: int):
    _fallliste_pruefen(request.user)
    try:
        person = leistungsberechtigter_fuer(user=request.user, pk=pk)
    except Leistungsberechtigter.DoesNotExist:
        raise Http404("Diesen Fall gibt es nicht, oder er ist für Sie nicht sichtbar.") from None
    lesezugriff(request.user, person, "Fallakte angesehen")
    heute = timezone.localdate()
    return render(
        request,
        "cases/fall.html",
        {
            "person": person,
            "alter": person.alter_am(heute),
            "minderjaehrig": person.ist_minderjaehrig(heute),
            "vertreter": person.vertreter.all(),
            "potenzialanalysen": person.potenzialanalysen.prefetch_related("handlungsbedarfe"),
            "plaene": person.plaene.select_related("rechtsstand").prefetch_related("versionen"),
            "einwilligungen": person.einwilligungen.select_related("partner"),
            "wiedervorlagen": access.sichtbar(
                request.user, person.jobcenter.wiedervorlagen.filter(fall_id=person.pk)
            ).order_by("status", "faellig_am"),
            "darf_bearbeiten": access.darf_bearbeiten(request.user, person),
        },
    )


@require_GET
@login_required
def team(request):
    """The Teamleitung's page: the team's overdue and soon-due deadlines."""
    if not access.hat_recht(request.user, "team_leiten"):
        raise PermissionDenied
    heute = timezone.localdate()
    wiedervorlagen = _mit_personen(
        request.user,
        wiedervorlagen_fuer(user=request.user, bis=heute + datetime.timedelta(7), nur_eigene=False)[
            :100
        ],
    )
    return render(
        request,
        "cases/team.html",
        {
            "ueberfaellig": [w for w in wiedervorlagen if w.faellig_am < heute],
            "bald": [w for w in wiedervorlagen if w.faellig_am >= heute],
            "heute": heute,
        },
    )
