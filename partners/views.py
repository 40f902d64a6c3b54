"""The partner register, the Angebote, the Kooperationsvereinbarungen and
their phases. Everyone in the Jobcenter reads them; the Administration
changes them (here: contact changes, phase, minutes; the rest in the admin,
which calls the same services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kooperation import access
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.forms import fachfehler_ins_formular
from kooperation.katalog import Handlungsbedarf

from . import selectors
from .forms import AnsprechpartnerWechselFormular, PhaseFormular, ProtokollFormular
from .laufzeit import fruehestes_ende
from .models import Angebot, Kooperationstreffen, Kooperationsvereinbarung, Partner, Partnerart
from .services import ansprechpartner_wechseln, phase_setzen, protokoll_ablegen


def _mitarbeitende_pruefen(user) -> None:
    """Partner data is for the Jobcenter's own staff (Konfiguration)."""
    if not access.darf_bedarfsanalyse_sehen(user):
        raise PermissionDenied


@require_GET
@login_required
def partnerliste(request):
    _mitarbeitende_pruefen(request.user)
    heute = timezone.localdate()
    art = request.GET.get("art", "")
    if art not in Partnerart.values:
        art = ""
    partner = list(selectors.partner_liste(user=request.user, tag=heute, art=art))
    for p in partner:
        p.angebote_frei = selectors.mit_freien_plaetzen(p.angebote.all(), heute)
    return render(
        request,
        "partners/partnerliste.html",
        {"partner": partner, "arten": Partnerart.choices, "art": art, "heute": heute},
    )


@login_required
def partner(request, pk: int):
    _mitarbeitende_pruefen(request.user)
    try:
        p = selectors.partner_fuer(user=request.user, pk=pk)
    except Partner.DoesNotExist:
        raise Http404("Diesen Partner gibt es nicht.") from None
    darf = access.darf_bearbeiten(request.user, p)
    form = AnsprechpartnerWechselFormular(initial={"ab": timezone.localdate()})
    if request.method == "POST":
        if not darf:
            raise PermissionDenied
        form = AnsprechpartnerWechselFormular(request.POST)
        if form.is_valid():
            try:
                neu = ansprechpartner_wechseln(
                    acting_user=request.user, partner=p, **form.cleaned_data
                )
            except KeinZugriff:
                raise PermissionDenied from None
            except Fachfehler as fehler:
                fachfehler_ins_formular(form, fehler)
            else:
                messages.success(
                    request,
                    f"{neu.name} ist ab {neu.gueltig_ab:%d.%m.%Y} die zentrale Ansprechperson. "
                    "Die Integrationsfachkräfte, die mit dem Partner arbeiten, wurden "
                    "benachrichtigt.",
                )
                return redirect("partners:partner", pk=p.pk)
    heute = timezone.localdate()
    return render(
        request,
        "partners/partner.html",
        {
            "partner": p,
            "ansprechpartner": p.ansprechpartner.order_by("-gueltig_ab"),
            "angebote": selectors.mit_freien_plaetzen(p.angebote.order_by("titel"), heute),
            "vereinbarungen": p.vereinbarungen.order_by("titel"),
            "darf_bearbeiten": darf,
            "form": form,
        },
    )


@require_GET
@login_required
def angebot(request, pk: int):
    _mitarbeitende_pruefen(request.user)
    try:
        a = selectors.angebot_fuer(user=request.user, pk=pk)
    except Angebot.DoesNotExist:
        raise Http404("Dieses Angebot gibt es nicht.") from None
    heute = timezone.localdate()
    a.frei = selectors.mit_freien_plaetzen([a], heute)[0].frei
    ansprechpartner = []
    if a.partner_id:
        ansprechpartner = (
            selectors.partner_liste(user=request.user, tag=heute).get(pk=a.partner_id).zentrale
        )
    return render(
        request,
        "partners/angebot.html",
        {
            "angebot": a,
            "bereiche": [Handlungsbedarf(b).label for b in a.bereiche],
            "ansprechpartner": ansprechpartner,
            "heute": heute,
        },
    )


@require_GET
@login_required
def vereinbarungen(request):
    _mitarbeitende_pruefen(request.user)
    liste = selectors.vereinbarungen_liste(user=request.user)
    return render(
        request,
        "partners/vereinbarungen.html",
        {"phasen": selectors.nach_phasen(liste), "heute": timezone.localdate()},
    )


@login_required
def vereinbarung(request, pk: int):
    _mitarbeitende_pruefen(request.user)
    try:
        v = selectors.vereinbarung_fuer(user=request.user, pk=pk)
    except Kooperationsvereinbarung.DoesNotExist:
        raise Http404("Diese Vereinbarung gibt es nicht.") from None
    darf = access.darf_bearbeiten(request.user, v)
    form = PhaseFormular(initial={"phase": v.phase})
    if request.method == "POST":
        if not darf:
            raise PermissionDenied
        form = PhaseFormular(request.POST)
        if form.is_valid():
            try:
                phase_setzen(acting_user=request.user, vereinbarung=v, **form.cleaned_data)
            except Fachfehler as fehler:
                fachfehler_ins_formular(form, fehler)
            else:
                messages.success(
                    request, f"Die Kooperation ist jetzt in Phase {v.get_phase_display()}."
                )
                return redirect("partners:vereinbarung", pk=v.pk)
    heute = timezone.localdate()
    return render(
        request,
        "partners/vereinbarung.html",
        {
            "v": v,
            "parteien": v.vertragsparteien.select_related("partner"),
            "dokumente": v.dokumente.all(),
            "treffen": v.treffen.all(),
            "aufgaben": v.aufgaben.all(),
            "fruehestes_ende": fruehestes_ende(v, heute),
            "heute": heute,
            "darf_bearbeiten": darf,
            "form": form,
        },
    )


@require_POST
@login_required
def protokoll(request, pk: int):
    _mitarbeitende_pruefen(request.user)
    treffen = Kooperationstreffen.objects.filter(
        pk=pk,
        vereinbarung__in=access.sichtbar(request.user, Kooperationsvereinbarung.objects.all()),
    ).first()
    if treffen is None:
        raise Http404
    form = ProtokollFormular(request.POST)
    if form.is_valid():
        try:
            protokoll_ablegen(acting_user=request.user, treffen=treffen, **form.cleaned_data)
        except KeinZugriff:
            raise PermissionDenied from None
        messages.success(request, f"Das Protokoll zum {treffen} ist abgelegt.")
    else:
        messages.error(request, "Bitte geben Sie das Protokoll ein.")
    return redirect("partners:vereinbarung", pk=treffen.vereinbarung_id)
