"""A plan at a glance, its versions side by side, and starting a plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases.selectors import leistungsberechtigter_fuer
from kooperation import access, recht
from kooperation.audit import lesezugriff
from kooperation.seiten import ausfuehren, zugriff
from partners.models import Partner

from .. import lebenszyklus
from ..forms import (
    KeinPlanFormular,
    PartnerplanFormular,
    PflichtverletzungFormular,
)
from ..lebenszyklus import Planlage
from ..models import PlanStatus, Planteil, TraegerAbstimmung
from ..selectors import (
    eintraege_nach_teil,
    plan_fuer,
    version_fuer,
)
from ..services.entwurf import (
    kooperationsplan_anlegen,
)
from ..services.partner import partnerplan_verweisen
from ..services.rechtsakte import pflichtverletzung_beurteilen, pflichtverletzung_festhalten
from ..services.vereinbarung import kein_plan_ohne_plan_festhalten
from .uebergaenge import aktionen, hinweise


@require_POST
@login_required
@zugriff(access.darf_fallliste_sehen, laden=leistungsberechtigter_fuer)
def plan_beginnen(request, person):
    """Start the plan from the person's latest completed Potenzialanalyse."""
    pa = (
        person.potenzialanalysen.filter(status="abgeschlossen")
        .order_by("-abgeschlossen_am")
        .first()
    )
    plan = ausfuehren(
        request,
        kooperationsplan_anlegen,
        leistungsberechtigter=person,
        begonnen_am=timezone.localdate(),
        potenzialanalyse=pa,
    )
    if plan is None:
        return redirect("cases:fall", pk=person.pk)
    return redirect("plans:bearbeiten", pk=plan.versionen.get().pk)


@login_required
@zugriff(access.darf_fallliste_sehen, laden=leistungsberechtigter_fuer, bearbeiten=True)
def kein_plan_person(request, person):
    """„Kein Plan“ from the person's page, before any plan was begun."""
    form = KeinPlanFormular(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        plan = ausfuehren(
            request,
            kein_plan_ohne_plan_festhalten,
            form=form,
            erfolg="Festgehalten: kein Kooperationsplan. Heute können Sie es noch zurücknehmen.",
            leistungsberechtigter=person,
            **form.cleaned_data,
        )
        if plan is not None:
            return redirect("plans:plan", pk=plan.pk)
    return render(
        request,
        "plans/kein_plan_person.html",
        {"person": person, "form": form, "titel": "Kein Plan: Grund festhalten"},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen, laden=plan_fuer)
def plan(request, plan):
    """A plan at a glance: its state, what can happen next, its versions."""
    lesezugriff(request.user, plan, "Kooperationsplan angesehen")
    lage = Planlage(plan)
    bestaetigen = lebenszyklus.pruefung("aenderung_bestaetigen", request.user, lage).offen
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "person": plan.leistungsberechtigter,
            "versionen": lage.versionen,
            "aktionen": aktionen(request.user, lage),
            "hinweise": hinweise(request.user, lage),
            "darf": access.darf_bearbeiten(request.user, plan),
            "abstimmungen": TraegerAbstimmung.objects.filter(version__plan=plan).select_related(
                "version"
            ),
            "zu_bestaetigen": {a.pk for a in lage.zu_bestaetigen} if bestaetigen else set(),
            "schlichtungen": plan.schlichtungen.all(),
            "festsetzungen": plan.festsetzungen.prefetch_related("punkte"),
            "rechtsakte": plan.rechtsakte.select_related("rechtsstand"),
            "verstoesse": plan.pflichtverletzungen.all(),
            "ueberpruefungen": plan.ueberpruefungen.select_related("version").prefetch_related(
                "schritte__eintrag"
            ),
            "rechtsstand_heute": recht.am(lage.am),
            "S": PlanStatus,
        },
    )


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen, laden=version_fuer)
def version(request, version):
    """One version as it reads (agreed versions are shown, never edited)."""
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
@zugriff(access.darf_fallliste_sehen, laden=plan_fuer)
def vergleich(request, plan):
    """Two versions side by side, changed parts marked."""
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
@zugriff(access.darf_fallliste_sehen, laden=plan_fuer, bearbeiten=True)
def partnerplan(request, plan):
    """Reference a partner's own plan from the Kooperationsplan."""
    partner = access.sichtbar(request.user, Partner.objects.all()).order_by("name")
    form = PartnerplanFormular(partner=partner, initial={"stand": timezone.localdate()})
    if request.method == "POST":
        form = PartnerplanFormular(request.POST, partner=partner)
        if form.is_valid() and ausfuehren(
            request,
            partnerplan_verweisen,
            form=form,
            erfolg="Der Plan des Partners ist verwiesen.",
            plan=plan,
            **form.cleaned_data,
        ):
            return redirect("plans:plan", pk=plan.pk)
    return render(
        request,
        "plans/partnerplan.html",
        {"plan": plan, "person": plan.leistungsberechtigter, "form": form},
    )


@login_required
@zugriff(access.darf_fallliste_sehen, laden=plan_fuer, bearbeiten=True)
def pflichtverletzung(request, plan):
    """Record a breach for the benefits team. „Folge prüfen“ shows first
    which Rechtsstand the breach follows (by the day it was committed) and the
    consequence that Rechtsstand names; nothing is saved until „Festhalten“."""
    form = PflichtverletzungFormular(request.POST if request.method == "POST" else None)
    beurteilung = None
    if request.method == "POST" and form.is_valid():
        daten = form.cleaned_data
        if "pruefen" in request.POST:
            beurteilung = ausfuehren(
                request,
                pflichtverletzung_beurteilen,
                form=form,
                plan=plan,
                art=daten["art"],
                tat_am=daten["tat_am"],
                festgestellt_am=daten["festgestellt_am"],
                wichtiger_grund=daten["wichtiger_grund"],
            )
        else:
            verstoss = ausfuehren(
                request, pflichtverletzung_festhalten, form=form, plan=plan, **daten
            )
            if verstoss is not None:
                messages.success(
                    request,
                    f"Die Pflichtverletzung ist festgehalten. Folge: {verstoss.folge}",
                )
                return redirect("plans:plan", pk=plan.pk)
    return render(
        request,
        "plans/pflichtverletzung.html",
        {
            "plan": plan,
            "person": plan.leistungsberechtigter,
            "form": form,
            "beurteilung": beurteilung,
            "rechtsstand_heute": recht.am(timezone.localdate()),
        },
        status=400 if form.errors else 200,
    )
