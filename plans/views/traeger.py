"""The kommunaler Träger's portal: the inbox of open requests, one request
with the minimum it needs to decide, bulk approval and contingents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kooperation import access
from kooperation.audit import lesezugriff, listenzugriff
from kooperation.errors import Fachfehler
from kooperation.seiten import ausfuehren, zugriff
from partners.access import angebote_fuer_rahmenabstimmungen
from partners.kapazitaet import freie_plaetze_am
from partners.models import Rahmenabstimmung
from partners.services import rahmenabstimmung_erteilen, rahmenabstimmung_zurueckziehen

from ..forms import (
    KontingentFormular,
    PositionEntscheidungFormular,
)
from ..selectors import (
    abstimmung_fuer,
    abstimmungen_entschieden_fuer,
    abstimmungen_offen_fuer,
)
from ..services.abstimmung import (
    abstimmung_entscheiden,
    abstimmungsposition_entscheiden,
)


@require_GET
@login_required
@zugriff(access.darf_abstimmungen_entscheiden)
def eingang(request):
    """The inbox: open requests addressed to the user's Träger, by deadline."""
    heute = timezone.localdate()
    abstimmungen = _wie_der_traeger_sie_sieht(
        abstimmungen_offen_fuer(user=request.user)[:200], heute
    )
    listenzugriff(request.user, abstimmungen, "Offene Abstimmungen angesehen")
    return render(request, "plans/eingang.html", {"abstimmungen": abstimmungen, "heute": heute})


def _wie_der_traeger_sie_sieht(abstimmungen, heute) -> list:
    """Each request with the pseudonymous case number, age group and household:
    what the Träger may know of the person, nothing more."""
    zeilen = list(abstimmungen)
    for a in zeilen:
        person = a.version.plan.leistungsberechtigter
        a.fallnummer = person.pseudonym
        a.altersgruppe = person.altersgruppe(heute)
        a.haushalt = person.get_haushalt_display()
    return zeilen


ENTSCHIEDEN_SEITENGROESSE = 50


@require_GET
@login_required
@zugriff(access.darf_abstimmungen_entscheiden)
def entschieden(request):
    """The Träger's own record: the requests it has decided, newest first."""
    heute = timezone.localdate()
    seite = Paginator(
        abstimmungen_entschieden_fuer(user=request.user), ENTSCHIEDEN_SEITENGROESSE
    ).get_page(request.GET.get("seite"))
    seite.object_list = _wie_der_traeger_sie_sieht(seite.object_list, heute)
    listenzugriff(request.user, seite.object_list, "Entschiedene Abstimmungen angesehen")
    return render(request, "plans/entschieden.html", {"seite": seite, "heute": heute})


@login_required
@zugriff(access.darf_abstimmungen_entscheiden, laden=abstimmung_fuer)
def traeger_anfrage(request, abstimmung):
    """One request with only what the Träger needs to decide: the § 16a items,
    their reason, the pseudonymous case number, age group and household."""
    person = abstimmung.version.plan.leistungsberechtigter
    heute = timezone.localdate()
    positionen = list(
        abstimmung.positionen.select_related(
            "eintrag__angebot", "eintrag__handlungsbedarf", "rahmenabstimmung"
        )
    )
    formulare = {}
    for p in positionen:
        daten = (
            request.POST
            if request.method == "POST" and request.POST.get("position") == str(p.pk)
            else None
        )
        formulare[p.pk] = PositionEntscheidungFormular(daten, prefix=f"p{p.pk}")
    if request.method == "POST":
        position = next((p for p in positionen if str(p.pk) == request.POST.get("position")), None)
        if position is None:
            raise Http404
        form = formulare[position.pk]
        if form.is_valid() and ausfuehren(
            request,
            abstimmungsposition_entscheiden,
            form=form,
            erfolg="Ihre Entscheidung ist gespeichert.",
            position=position,
            **form.cleaned_data,
        ):
            return redirect("plans:traeger_anfrage", pk=abstimmung.pk)
    lesezugriff(request.user, abstimmung, "Abstimmung angesehen")
    angebote = [p.eintrag.angebot for p in positionen if p.eintrag.angebot_id]
    frei = freie_plaetze_am(angebote, abstimmung.angefragt_am)
    return render(
        request,
        "plans/traeger_anfrage.html",
        {
            "abstimmung": abstimmung,
            "fallnummer": person.pseudonym,
            "altersgruppe": person.altersgruppe(heute),
            "haushalt": person.get_haushalt_display(),
            "positionen": [
                (p, formulare[p.pk], frei.get(p.eintrag.angebot_id)) for p in positionen
            ],
            "heute": heute,
        },
        status=400 if any(f.errors for f in formulare.values()) else 200,
    )


@require_POST
@login_required
@zugriff(access.darf_abstimmungen_entscheiden)
def traeger_sammelzustimmung(request):
    """Approve several requests at once (all their open items), after the Träger
    has seen the selection once more and confirmed it: one click on a wrong
    checkbox must not approve a request unseen."""
    ids = [int(i) for i in request.POST.getlist("abstimmung") if i.isdigit()]
    if not ids:
        messages.error(request, "Bitte wählen Sie mindestens eine Anfrage aus.")
        return redirect("plans:eingang")
    auswahl = abstimmungen_offen_fuer(user=request.user).filter(pk__in=ids)
    if request.POST.get("bestaetigt") != "ja":
        abstimmungen = _wie_der_traeger_sie_sieht(auswahl, timezone.localdate())
        if not abstimmungen:
            messages.error(request, "Die ausgewählten Anfragen sind nicht mehr offen.")
            return redirect("plans:eingang")
        listenzugriff(request.user, abstimmungen, "Sammelzustimmung vorbereitet")
        return render(request, "plans/sammelzustimmung.html", {"abstimmungen": abstimmungen})
    erledigt, fehler = 0, []
    for abstimmung in auswahl:
        try:
            abstimmung_entscheiden(
                acting_user=request.user, abstimmung=abstimmung, status="zugestimmt"
            )
            erledigt += 1
        except Fachfehler as e:
            fehler.append(
                f"{abstimmung.version.plan.leistungsberechtigter.pseudonym}: "
                + " ".join(e.messages)
            )
    if erledigt:
        messages.success(
            request,
            "Sie haben einer Anfrage zugestimmt."
            if erledigt == 1
            else f"Sie haben {erledigt} Anfragen zugestimmt.",
        )
    for f in fehler:
        messages.error(request, f)
    return redirect("plans:eingang")


@login_required
@zugriff(access.darf_abstimmungen_entscheiden)
def kontingente(request):
    """The Träger's advance approvals (contingents) per Angebot and period."""
    angebote = angebote_fuer_rahmenabstimmungen(request.user)
    form = KontingentFormular(request.POST if request.method == "POST" else None, angebote=angebote)
    if request.method == "POST" and form.is_valid():
        if ausfuehren(
            request,
            rahmenabstimmung_erteilen,
            form=form,
            erfolg="Das Kontingent ist erteilt.",
            **form.cleaned_data,
        ):
            return redirect("plans:kontingente")
    return render(
        request,
        "plans/kontingente.html",
        {
            "form": form,
            "kontingente": access.sichtbar(request.user, Rahmenabstimmung.objects.all())
            .select_related("angebot")
            .order_by("-beginn", "angebot__titel"),
            "heute": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def _kontingent_fuer(*, user, pk: int) -> Rahmenabstimmung:
    return access.sichtbar(user, Rahmenabstimmung.objects.select_related("angebot")).get(pk=pk)


@login_required
@zugriff(access.darf_abstimmungen_entscheiden, laden=_kontingent_fuer, bearbeiten=True)
def kontingent_zurueckziehen(request, rahmen):
    """Withdraw the rest of a contingent, after a confirmation that says what
    it means for the cases inside and those to come."""
    if request.method == "POST" and ausfuehren(
        request,
        rahmenabstimmung_zurueckziehen,
        erfolg="Das Kontingent ist zurückgezogen. Neue Fälle kommen wieder als Einzelanfrage.",
        rahmen=rahmen,
    ):
        return redirect("plans:kontingente")
    if request.method == "POST":
        return redirect("plans:kontingente")
    return render(request, "plans/kontingent_zurueckziehen.html", {"rahmen": rahmen})
