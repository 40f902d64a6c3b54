"""The steps of the plan's lifecycle in the browser: a form where a step needs
input, a button where it does not."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kooperation import access
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.seiten import ausfuehren, zugriff

from ..forms import (
    FestsetzungFormular,
    KeinPlanFormular,
    SchlichtungBeendenFormular,
    SchlichtungFormular,
    VereinbarenFormular,
)
from ..models import PlanVersion, TraegerAbstimmung, VersionStatus
from ..selectors import (
    plan_fuer,
)
from ..services.abstimmung import (
    abstimmung_aenderung_bestaetigen,
    abstimmung_anfragen,
)
from ..services.nichteinigung import pflichten_festsetzen, schlichtung_beenden, schlichtung_beginnen
from ..services.vereinbarung import (
    kein_plan_festhalten,
    plan_fortschreiben,
    planversion_vereinbaren,
    ueberpruefung_beginnen,
)


def _plan(request, pk):
    return zugriff(access.darf_fallliste_sehen, laden=plan_fuer)(lambda r, plan: plan)(
        request, pk=pk
    )


def _aktion(
    request,
    pk: int,
    formular,
    dienst,
    vorlage: str,
    erfolg: str,
    titel: str,
    argumente,
    objekt=None,
):
    """A form-backed transition of a plan (GET shows the form, POST runs the service)."""
    plan = _plan(request, pk)
    if not access.darf_bearbeiten(request.user, plan):
        raise KeinZugriff()
    form = formular(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if ausfuehren(
            request, dienst, form=form, erfolg=erfolg, **argumente(plan, form.cleaned_data)
        ):
            return redirect("plans:plan", pk=plan.pk)
    return render(
        request,
        vorlage,
        {
            "plan": plan,
            "person": plan.leistungsberechtigter,
            "form": form,
            "titel": titel,
            "objekt": objekt,
        },
        status=400 if form.errors else 200,
    )


@login_required
def vereinbaren(request, pk: int):
    plan = _plan(request, pk)
    entwurf = plan.versionen.filter(status=VersionStatus.ENTWURF).first()
    if entwurf is None:
        raise Http404("Dieser Plan hat keinen Entwurf.")
    return _aktion(
        request,
        pk,
        VereinbarenFormular,
        planversion_vereinbaren,
        "plans/aktion.html",
        "Der Plan ist vereinbart. Die Person bekommt ihn in Textform.",
        "Plan mit der Person vereinbaren",
        lambda p, d: {
            "version": entwurf,
            "vereinbart_am": d["vereinbart_am"],
            "vertreter_zustimmung_am": d["vertreter_zustimmung_am"],
        },
        objekt=entwurf,
    )


@login_required
def kein_plan(request, pk: int):
    return _aktion(
        request,
        pk,
        KeinPlanFormular,
        kein_plan_festhalten,
        "plans/aktion.html",
        "Festgehalten: kein Kooperationsplan.",
        "Kein Plan: Grund festhalten",
        lambda p, d: {"plan": p, "grund": d["grund"], "erlaeuterung": d["erlaeuterung"]},
    )


@login_required
def schlichtung(request, pk: int):
    return _aktion(
        request,
        pk,
        SchlichtungFormular,
        schlichtung_beginnen,
        "plans/aktion.html",
        "Die Schlichtung hat begonnen.",
        "Schlichtung beginnen (§ 15a SGB II)",
        lambda p, d: {"plan": p, **d},
    )


@login_required
def schlichtung_ende(request, pk: int):
    plan = _plan(request, pk)
    laufend = plan.schlichtungen.filter(beendet_am=None).first()
    if laufend is None:
        raise Http404("Es läuft keine Schlichtung.")
    return _aktion(
        request,
        pk,
        SchlichtungBeendenFormular,
        schlichtung_beenden,
        "plans/aktion.html",
        "Die Schlichtung ist beendet.",
        "Schlichtung beenden",
        lambda p, d: {"schlichtung": laufend, **d},
        objekt=laufend,
    )


@login_required
def festsetzen(request, pk: int):
    return _aktion(
        request,
        pk,
        FestsetzungFormular,
        pflichten_festsetzen,
        "plans/aktion.html",
        "Die Pflichten sind per Verwaltungsakt festgesetzt.",
        "Pflichten per Verwaltungsakt festsetzen",
        lambda p, d: {"plan": p, **d},
    )


@require_POST
@login_required
def schritt(request, pk: int, aktion: str):
    """Transitions without a form: Abstimmung, Überprüfung, Fortschreibung."""
    plan = _plan(request, pk)
    try:
        if aktion == "abstimmung":
            entwurf = plan.versionen.get(status=VersionStatus.ENTWURF)
            abstimmung_anfragen(
                acting_user=request.user, version=entwurf, angefragt_am=timezone.localdate()
            )
            messages.success(request, "Der Entwurf ist beim kommunalen Träger zur Abstimmung.")
        elif aktion == "ueberpruefung":
            ueberpruefung_beginnen(acting_user=request.user, plan=plan)
            messages.success(request, "Die Überprüfung hat begonnen.")
        elif aktion == "fortschreiben":
            neu = plan_fortschreiben(acting_user=request.user, plan=plan)
            messages.success(request, f"Version {neu.nummer} ist angelegt. Bitte überarbeiten.")
            return redirect("plans:bearbeiten", pk=neu.pk)
        else:
            raise Http404
    except (Fachfehler, PlanVersion.DoesNotExist) as fehler:
        for meldung in getattr(fehler, "messages", ["Dafür fehlt ein Entwurf."]):
            messages.error(request, meldung)
    return redirect("plans:plan", pk=plan.pk)


@require_POST
@login_required
def aenderung_bestaetigen(request, pk: int):
    """The IFK accepts the Träger's changes."""
    if not access.darf_fallliste_sehen(request.user):
        raise KeinZugriff()
    try:
        abstimmung = access.sichtbar(request.user, TraegerAbstimmung.objects.all()).get(pk=pk)
    except TraegerAbstimmung.DoesNotExist:
        raise Http404 from None
    ausfuehren(
        request,
        abstimmung_aenderung_bestaetigen,
        erfolg="Die Änderungen des Trägers sind bestätigt.",
        abstimmung=abstimmung,
    )
    return redirect("plans:plan", pk=abstimmung.version.plan_id)
