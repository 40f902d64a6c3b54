"""The partner register, the Angebote, the Kooperationsvereinbarungen and
their phases. Everyone in the Jobcenter reads them; the Administration
changes them (here: contact changes, phase, minutes; the rest in the admin,
which calls the same services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kooperation import access
from kooperation.errors import KeinZugriff
from kooperation.katalog import Bedarfsbereich
from kooperation.seiten import ausfuehren, zugriff

from . import selectors
from .access import darf_partner_sehen
from .forms import AnsprechpartnerWechselFormular, PhaseFormular, ProtokollFormular
from .laufzeit import fruehestes_ende
from .models import Partnerart
from .services import ansprechpartner_wechseln, kooperationsphase_setzen, protokoll_ablegen

MITARBEITENDE = darf_partner_sehen


@require_GET
@login_required
@zugriff(MITARBEITENDE)
def partnerliste(request):
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
@zugriff(MITARBEITENDE, laden=selectors.partner_fuer)
def partner(request, p):
    darf = access.darf_bearbeiten(request.user, p)
    form = AnsprechpartnerWechselFormular(initial={"ab": timezone.localdate()})
    if request.method == "POST":
        if not darf:
            raise KeinZugriff()
        form = AnsprechpartnerWechselFormular(request.POST)
        neu = form.is_valid() and ausfuehren(
            request, ansprechpartner_wechseln, form=form, partner=p, **form.cleaned_data
        )
        if neu:
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
@zugriff(MITARBEITENDE, laden=selectors.angebot_fuer)
def angebot(request, a):
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
            "bereiche": [Bedarfsbereich(b).label for b in a.bereiche],
            "ansprechpartner": ansprechpartner,
            "heute": heute,
        },
    )


@require_GET
@login_required
@zugriff(MITARBEITENDE)
def vereinbarungen(request):
    liste = selectors.vereinbarungen_liste(user=request.user)
    return render(
        request,
        "partners/vereinbarungen.html",
        {"phasen": selectors.nach_phasen(liste), "heute": timezone.localdate()},
    )


@login_required
@zugriff(MITARBEITENDE, laden=selectors.vereinbarung_fuer)
def vereinbarung(request, v):
    darf = access.darf_bearbeiten(request.user, v)
    form = PhaseFormular(initial={"phase": v.phase})
    if request.method == "POST":
        if not darf:
            raise KeinZugriff()
        form = PhaseFormular(request.POST)
        if form.is_valid() and ausfuehren(
            request, kooperationsphase_setzen, form=form, vereinbarung=v, **form.cleaned_data
        ):
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
@zugriff(MITARBEITENDE, laden=selectors.treffen_fuer)
def protokoll(request, treffen):
    form = ProtokollFormular(request.POST)
    if form.is_valid():
        ausfuehren(
            request,
            protokoll_ablegen,
            erfolg=f"Das Protokoll zum {treffen} ist abgelegt.",
            treffen=treffen,
            **form.cleaned_data,
        )
    else:
        messages.error(request, "Bitte geben Sie das Protokoll ein.")
    return redirect("partners:vereinbarung", pk=treffen.vereinbarung_id)
