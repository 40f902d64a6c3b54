"""Cover and workload: an IFK's absence with the colleague who covers it, the
Teamleitung's workload per IFK and the handing on of cases. Thin: parse
input, ask the policy (through the selectors), call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kooperation import access
from kooperation.audit import listenzugriff
from kooperation.errors import KeinZugriff
from kooperation.seiten import ausfuehren, zugriff
from kooperation.selectors import team_ifks, vertretung_fuer, vertretungen_fuer
from kooperation.services import vertretung_beenden, vertretung_erfassen

from .forms import VertretungFormular, ZuweisenFormular
from .selectors import auslastung_fuer, team_faelle_von
from .services import faelle_zuweisen


@login_required
@zugriff(access.darf_fallliste_sehen)
def vertretung(request):
    """Absences with cover: the IFK records her own, the Teamleitung any of
    her team's; both see the running and coming ones and end them early."""
    heute = timezone.localdate()
    ifks = team_ifks(user=request.user)
    teamleitung = access.darf_team_leiten(request.user)
    eigene = None if teamleitung else request.user
    darf_erfassen = teamleitung or access.hat_recht(request.user, "faelle_bearbeiten")
    form = VertretungFormular(request.POST or None, ifks=ifks, eigene=eigene)
    if request.method == "POST":
        if not darf_erfassen:
            raise KeinZugriff()
        if form.is_valid():
            v = ausfuehren(request, vertretung_erfassen, form=form, **form.cleaned_data)
            if v is not None:
                messages.success(
                    request,
                    f"Erfasst: {v.vertreter} vertritt {v.abwesend} vom {v.von:%d.%m.%Y} "
                    f"bis {v.bis:%d.%m.%Y}.",
                )
                return redirect("cases:vertretung")
    eintraege = list(vertretungen_fuer(user=request.user, heute=heute))
    for v in eintraege:
        v.darf_beenden = access.darf_bearbeiten(request.user, v)
        v.laeuft = v.von <= heute
    return render(
        request,
        "cases/vertretung.html",
        {"form": form, "vertretungen": eintraege, "heute": heute, "darf_erfassen": darf_erfassen},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
@zugriff(access.darf_fallliste_sehen, laden=vertretung_fuer, bearbeiten=True)
def vertretung_beenden_seite(request, v):
    if ausfuehren(request, vertretung_beenden, vertretung=v) is not None:
        messages.success(
            request,
            f"Die Vertretung ist beendet: {v.abwesend} bearbeitet ihre Fälle wieder selbst.",
        )
    return redirect("cases:vertretung")


@require_GET
@login_required
@zugriff(access.darf_team_leiten)
def auslastung(request):
    """The team's workload per IFK: cases, open Wiedervorlagen, overdue ones."""
    heute = timezone.localdate()
    zeilen = auslastung_fuer(user=request.user, heute=heute)
    return render(
        request,
        "cases/auslastung.html",
        {
            "zeilen": zeilen,
            "heute": heute,
            "summe": {
                "faelle": sum(z.faelle for z in zeilen),
                "wiedervorlagen": sum(z.wiedervorlagen for z in zeilen),
                "ueberfaellig": sum(z.ueberfaellig for z in zeilen),
            },
        },
    )


@login_required
@zugriff(access.darf_team_leiten)
def zuweisen(request):
    """Hand one or many of an IFK's cases to another IFK of the team: choose,
    then confirm. ``?von=<id>`` (or ``von=ohne``: cases of nobody active in
    the team) names whose cases are listed."""
    von_wert = request.POST.get("von") or request.GET.get("von") or ""
    if not von_wert:
        return redirect("cases:auslastung")
    ifks = team_ifks(user=request.user)
    if von_wert == "ohne":
        von = None
    else:
        try:
            von = ifks.get(pk=int(von_wert))
        except (ValueError, ifks.model.DoesNotExist):
            raise Http404 from None
    faelle = team_faelle_von(user=request.user, ifk_id=von.pk if von else None)
    ziele = ifks.exclude(pk=von.pk) if von else ifks
    form = ZuweisenFormular(request.POST or None, faelle=faelle, ifks=ziele)
    if request.method == "POST" and form.is_valid():
        gewaehlt = list(form.cleaned_data["faelle"])
        ziel = form.cleaned_data["ziel"]
        if form.cleaned_data["bestaetigt"]:
            anzahl = ausfuehren(request, faelle_zuweisen, form=form, faelle=gewaehlt, ziel=ziel)
            if anzahl is not None:
                messages.success(
                    request,
                    f"{anzahl} {'Fall' if anzahl == 1 else 'Fälle'} an {ziel} zugewiesen; "
                    "die offenen Wiedervorlagen sind mitgegangen.",
                )
                return redirect("cases:auslastung")
        else:
            listenzugriff(request.user, gewaehlt, "Zuweisung von Fällen vorbereitet")
            return render(
                request,
                "cases/zuweisen_bestaetigen.html",
                {"form": form, "von": von, "gewaehlt": gewaehlt, "ziel": ziel},
            )
    zeilen = list(faelle)
    listenzugriff(request.user, zeilen, "Fälle zum Zuweisen angesehen")
    gewaehlte_ids = {str(w) for w in (request.POST.getlist("faelle") or [])}
    return render(
        request,
        "cases/zuweisen.html",
        {
            "form": form,
            "von": von,
            "von_wert": von_wert,
            "faelle": zeilen,
            "gewaehlt": gewaehlte_ids,
            "heute": timezone.localdate(),
            "zurueck": reverse("cases:auslastung"),
        },
        status=400 if form.is_bound else 200,
    )
