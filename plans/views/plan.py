"""A plan at a glance, its versions side by side, and starting a plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases.selectors import leistungsberechtigter_fuer
from kooperation import access
from kooperation.audit import lesezugriff
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.forms import fachfehler_ins_formular
from partners.models import Partner

from ..forms import (
    PartnerplanFormular,
)
from ..models import PlanStatus, Planteil, TraegerAbstimmung, VersionStatus
from ..selectors import (
    eintraege_nach_teil,
    plan_fuer,
    version_fuer,
)
from ..services.abstimmung import (
    abstimmung_vor_gespraech_faellig,
)
from ..services.entwurf import (
    kooperationsplan_anlegen,
)
from ..services.partner import partnerplan_verweisen

# --- The IFK's plan workflow -------------------------------------------------


def _fall_pruefen(user) -> None:
    if not access.darf_fallliste_sehen(user):
        raise PermissionDenied


def _oder_404(selektor, **kwargs):
    try:
        return selektor(**kwargs)
    except ObjectDoesNotExist:
        raise Http404("Nicht gefunden, oder für Sie nicht sichtbar.") from None


def _ausfuehren(request, form, dienst, erfolg: str, **kwargs):
    """Call one service; a Fachfehler lands in the form, no access is a 403.
    Returns the service's result, or None when it refused."""
    try:
        ergebnis = dienst(acting_user=request.user, **kwargs)
    except KeinZugriff:
        raise PermissionDenied from None
    except Fachfehler as fehler:
        fachfehler_ins_formular(form, fehler)
        return None
    if erfolg:
        messages.success(request, erfolg)
    return ergebnis


@require_POST
@login_required
def plan_beginnen(request, pk: int):
    """Start the plan from the person's latest completed Potenzialanalyse."""
    _fall_pruefen(request.user)
    person = _oder_404(leistungsberechtigter_fuer, user=request.user, pk=pk)
    pa = (
        person.potenzialanalysen.filter(status="abgeschlossen")
        .order_by("-abgeschlossen_am")
        .first()
    )
    try:
        plan = kooperationsplan_anlegen(
            acting_user=request.user,
            leistungsberechtigter=person,
            begonnen_am=timezone.localdate(),
            potenzialanalyse=pa,
        )
    except KeinZugriff:
        raise PermissionDenied from None
    except Fachfehler as fehler:
        for meldung in fehler.messages:
            messages.error(request, meldung)
        return redirect("cases:fall", pk=person.pk)
    return redirect("plans:bearbeiten", pk=plan.versionen.get().pk)


@require_GET
@login_required
def plan(request, pk: int):
    """A plan at a glance: its state, what can happen next, its versions."""
    _fall_pruefen(request.user)
    plan = _oder_404(plan_fuer, user=request.user, pk=pk)
    lesezugriff(request.user, plan, "Kooperationsplan angesehen")
    versionen = list(plan.versionen.order_by("-nummer"))
    entwurf = next((v for v in versionen if v.status == VersionStatus.ENTWURF), None)
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "person": plan.leistungsberechtigter,
            "versionen": versionen,
            "entwurf": entwurf,
            "darf": access.darf_bearbeiten(request.user, plan),
            "abstimmung_noetig": entwurf is not None and abstimmung_vor_gespraech_faellig(entwurf),
            "abstimmungen": TraegerAbstimmung.objects.filter(version__plan=plan).select_related(
                "version"
            ),
            "schlichtungen": plan.schlichtungen.all(),
            "festsetzungen": plan.festsetzungen.all(),
            "S": PlanStatus,
        },
    )


@require_GET
@login_required
def version(request, pk: int):
    """One version as it reads (agreed versions are shown, never edited)."""
    _fall_pruefen(request.user)
    version = _oder_404(version_fuer, user=request.user, pk=pk)
    lesezugriff(request.user, version, "Planversion angesehen")
    return render(
        request,
        "plans/version.html",
        {
            "version": version,
            "plan": version.plan,
            "person": version.plan.leistungsberechtigter,
            "teile": [(w, label, eintraege_nach_teil(version)[w]) for w, label in Planteil.choices],
        },
    )


@require_GET
@login_required
def vergleich(request, pk: int):
    """Two versions side by side, changed parts marked."""
    _fall_pruefen(request.user)
    plan = _oder_404(plan_fuer, user=request.user, pk=pk)
    versionen = {v.nummer: v for v in plan.versionen.all()}
    if len(versionen) < 2:
        messages.info(request, "Dieser Plan hat erst eine Version.")
        return redirect("plans:plan", pk=plan.pk)
    nummern = sorted(versionen)
    try:
        a = int(request.GET.get("a", nummern[-2]))
        b = int(request.GET.get("b", nummern[-1]))
    except ValueError:
        raise Http404 from None
    if a not in versionen or b not in versionen:
        raise Http404("Diese Version gibt es nicht.")
    links, rechts = versionen[a], versionen[b]
    lesezugriff(request.user, plan, f"Versionen {a} und {b} verglichen")
    ta, tb = eintraege_nach_teil(links), eintraege_nach_teil(rechts)
    zeilen = [("Der Plan: Mein Ziel", [links.ziel], [rechts.ziel])]
    for wert, label in Planteil.choices:
        zeilen.append((label, [e.text for e in ta[wert]], [e.text for e in tb[wert]]))
    zeilen.append(("Bei Fragen und Notfällen", [links.kontakt], [rechts.kontakt]))
    zeilen.append(("Was sonst noch wichtig ist", [links.sonstiges], [rechts.sonstiges]))
    return render(
        request,
        "plans/vergleich.html",
        {
            "plan": plan,
            "person": plan.leistungsberechtigter,
            "links": links,
            "rechts": rechts,
            "zeilen": [(t, li, re, li != re) for t, li, re in zeilen],
            "nummern": nummern,
        },
    )


@login_required
def partnerplan(request, pk: int):
    """Reference a partner's own plan from the Kooperationsplan."""
    _fall_pruefen(request.user)
    plan = _oder_404(plan_fuer, user=request.user, pk=pk)
    if not access.darf_bearbeiten(request.user, plan):
        raise PermissionDenied
    partner = access.sichtbar(request.user, Partner.objects.all()).order_by("name")
    form = PartnerplanFormular(partner=partner, initial={"stand": timezone.localdate()})
    if request.method == "POST":
        form = PartnerplanFormular(request.POST, partner=partner)
        if form.is_valid():
            try:
                partnerplan_verweisen(acting_user=request.user, plan=plan, **form.cleaned_data)
            except KeinZugriff:
                raise PermissionDenied from None
            except Fachfehler as fehler:
                fachfehler_ins_formular(form, fehler)
            else:
                messages.success(request, "Der Plan des Partners ist verwiesen.")
                return redirect("plans:plan", pk=plan.pk)
    return render(
        request,
        "plans/partnerplan.html",
        {"plan": plan, "person": plan.leistungsberechtigter, "form": form},
    )
