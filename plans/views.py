"""The kommunaler Träger's inbox, the Geschäftsführung's figures, the IFK's
plan workflow, and the plan as PDF with its plain-language check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases.selectors import leistungsberechtigter_fuer
from kooperation import access
from kooperation.audit import lesezugriff
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.forms import fachfehler_ins_formular
from partners.kapazitaet import freie_plaetze_am
from partners.models import Angebot, Partner, Rahmenabstimmung
from partners.services import rahmenabstimmung_erteilen

from .forms import (
    EintragFormular,
    FestsetzungFormular,
    KeinPlanFormular,
    KontingentFormular,
    PartnerplanFormular,
    PlanversionFormular,
    PositionEntscheidungFormular,
    SchlichtungBeendenFormular,
    SchlichtungFormular,
    VereinbarenFormular,
)
from .lesbarkeit import FLESCH_AMSTAD_ZIEL, HINWEIS, WSTF_ZIEL, bewerten
from .models import PlanStatus, Planteil, PlanVersion, TraegerAbstimmung, VersionStatus
from .pdf import TEILE, PlanPdf, inhalt_aus_formular
from .selectors import (
    abstimmung_fuer_traeger,
    abstimmungen_je_angebot,
    abstimmungen_offen_fuer,
    eintraege_nach_teil,
    handlungsbedarfe_der_person,
    offene_handlungsbedarfe,
    plan_fuer,
    version_fuer,
)
from .services import (
    abstimmung_aenderung_bestaetigen,
    abstimmung_anfragen,
    abstimmung_entscheiden,
    abstimmung_vor_gespraech_faellig,
    abstimmungsposition_entscheiden,
    kein_plan_festhalten,
    kooperationsplan_anlegen,
    partnerplan_verweisen,
    pflichten_festsetzen,
    plan_fortschreiben,
    planeintrag_entfernen,
    planeintrag_speichern,
    planversion_speichern,
    planversion_vereinbaren,
    schlichtung_beenden,
    schlichtung_beginnen,
    ueberpruefung_beginnen,
)


@require_GET
@login_required
def eingang(request):
    if not access.darf_abstimmungen_entscheiden(request.user):
        raise PermissionDenied
    heute = timezone.localdate()
    abstimmungen = list(abstimmungen_offen_fuer(user=request.user)[:200])
    for a in abstimmungen:
        person = a.version.plan.leistungsberechtigter
        a.fallnummer = person.pseudonym
        a.altersgruppe = person.altersgruppe(heute)
        a.haushalt = person.get_haushalt_display()
    return render(request, "plans/eingang.html", {"abstimmungen": abstimmungen, "heute": heute})


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


def _angebote_mit_kapazitaet(user):
    """Active Angebote with their free places now, for the IFK while planning."""
    angebote = access.sichtbar(user, Angebot.objects.filter(aktiv=True)).order_by("titel")
    frei = freie_plaetze_am(angebote, timezone.localdate())
    return angebote, frei


def _kapazitaet_anzeigen(form, frei) -> None:
    form.fields["angebot"].label_from_instance = lambda a: (
        f"{a.titel}{' (§ 16a)' if a.leistung_16a else ''} – noch {frei.get(a.pk, a.plaetze)} "
        f"von {a.plaetze} Plätzen je {a.get_zeitraum_display()}"
    )


def _editor_kontext(request, version, form=None, eintrag_form=None, bearbeite=None):
    person = version.plan.leistungsberechtigter
    angebote, frei = _angebote_mit_kapazitaet(request.user)
    hb = handlungsbedarfe_der_person(version)
    neue_formulare = {
        teil: EintragFormular(
            initial={"teil": teil, "sperrversion": version.sperrversion},
            handlungsbedarfe=hb,
            angebote=angebote,
            prefix=f"neu-{teil}",
        )
        for teil in Planteil.values
    }
    if eintrag_form is not None and bearbeite is None:
        neue_formulare[eintrag_form.data.get(f"{eintrag_form.prefix}-teil")] = eintrag_form
    for f in [*neue_formulare.values(), *([eintrag_form] if eintrag_form else [])]:
        _kapazitaet_anzeigen(f, frei)
    teile = eintraege_nach_teil(version)
    return {
        "version": version,
        "plan": version.plan,
        "person": person,
        "form": form
        or PlanversionFormular(
            initial={
                "sperrversion": version.sperrversion,
                "ziel": version.ziel,
                "kontakt": version.kontakt or _kontakt_vorschlag(request.user, person),
                "sonstiges": version.sonstiges,
            }
        ),
        "teile": [
            (wert, label, teile[wert], neue_formulare.get(wert)) for wert, label in Planteil.choices
        ],
        "offene_bedarfe": offene_handlungsbedarfe(version),
        "bearbeite": bearbeite,
        "eintrag_form": eintrag_form,
        "viele_schritte": len(teile[Planteil.WEG]) > 5,
    }


def _kontakt_vorschlag(user, person) -> str:
    jc = person.jobcenter
    teile = [str(person.zustaendig or user)]
    if jc.telefon:
        teile.append(f"Telefon {jc.telefon}")
    if jc.oeffnungszeiten:
        teile.append(jc.oeffnungszeiten)
    return ", ".join(teile)


@login_required
def bearbeiten(request, pk: int):
    """The editor of a draft: the five parts of the one-page plan."""
    _fall_pruefen(request.user)
    version = _oder_404(version_fuer, user=request.user, pk=pk)
    if version.status != VersionStatus.ENTWURF or not access.darf_bearbeiten(request.user, version):
        return redirect("plans:version", pk=version.pk)
    form = None
    if request.method == "POST":
        form = PlanversionFormular(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            if _ausfuehren(
                request,
                form,
                planversion_speichern,
                "Der Entwurf ist gespeichert.",
                version=version,
                sperrversion=d["sperrversion"],
                ziel=d["ziel"],
                kontakt=d["kontakt"],
                sonstiges=d["sonstiges"],
            ):
                return redirect("plans:bearbeiten", pk=version.pk)
        version.refresh_from_db()
    else:
        lesezugriff(request.user, version, "Planentwurf geöffnet")
    return render(request, "plans/bearbeiten.html", _editor_kontext(request, version, form))


@require_POST
@login_required
def eintrag_speichern(request, pk: int, eintrag_pk: int | None = None):
    """Add an item to a draft (``eintrag_pk`` None) or change one."""
    _fall_pruefen(request.user)
    version = _oder_404(version_fuer, user=request.user, pk=pk)
    eintrag = None
    if eintrag_pk is not None:
        eintrag = get_object_or_404(version.eintraege, pk=eintrag_pk)
    prefix = f"e-{eintrag_pk}" if eintrag else f"neu-{request.POST.get('teil_praefix', '')}"
    form = EintragFormular(
        request.POST,
        prefix=prefix,
        handlungsbedarfe=handlungsbedarfe_der_person(version),
        angebote=access.sichtbar(request.user, Angebot.objects.filter(aktiv=True)),
    )
    if form.is_valid():
        d = form.cleaned_data
        if _ausfuehren(
            request,
            form,
            planeintrag_speichern,
            "Der Eintrag ist gespeichert." if eintrag else "Der Eintrag ist hinzugefügt.",
            version=version,
            sperrversion=d["sperrversion"],
            eintrag=eintrag,
            teil=d["teil"],
            text=d["text"],
            handlungsbedarf=d["handlungsbedarf"],
            angebot=d["angebot"],
            leistung_16a=d["leistung_16a"],
            haeufigkeit=d["haeufigkeit"],
            nachweis=d["nachweis"],
            termin=d["termin"],
        ):
            return redirect(f"{reverse('plans:bearbeiten', args=[version.pk])}#teil-{d['teil']}")
    version.refresh_from_db()
    kontext = _editor_kontext(request, version, eintrag_form=form, bearbeite=eintrag)
    return render(request, "plans/bearbeiten.html", kontext, status=400)


@login_required
def eintrag_bearbeiten(request, pk: int, eintrag_pk: int):
    _fall_pruefen(request.user)
    version = _oder_404(version_fuer, user=request.user, pk=pk)
    if not access.darf_bearbeiten(request.user, version) or version.ist_vereinbart:
        raise PermissionDenied
    eintrag = get_object_or_404(version.eintraege, pk=eintrag_pk)
    form = EintragFormular(
        prefix=f"e-{eintrag.pk}",
        initial={
            "sperrversion": version.sperrversion,
            "teil": eintrag.teil,
            "text": eintrag.text,
            "handlungsbedarf": eintrag.handlungsbedarf_id,
            "angebot": eintrag.angebot_id,
            "leistung_16a": eintrag.leistung_16a,
            "haeufigkeit": eintrag.haeufigkeit,
            "nachweis": eintrag.nachweis,
            "termin": timezone.localtime(eintrag.termin) if eintrag.termin else None,
        },
        handlungsbedarfe=handlungsbedarfe_der_person(version),
        angebote=access.sichtbar(request.user, Angebot.objects.filter(aktiv=True)),
    )
    return render(
        request,
        "plans/bearbeiten.html",
        _editor_kontext(request, version, eintrag_form=form, bearbeite=eintrag),
    )


@require_POST
@login_required
def eintrag_entfernen(request, pk: int, eintrag_pk: int):
    _fall_pruefen(request.user)
    version = _oder_404(version_fuer, user=request.user, pk=pk)
    eintrag = get_object_or_404(version.eintraege, pk=eintrag_pk)
    try:
        planeintrag_entfernen(
            acting_user=request.user,
            eintrag=eintrag,
            sperrversion=int(request.POST.get("sperrversion", "0") or 0),
        )
        messages.success(request, "Der Eintrag ist entfernt.")
    except KeinZugriff:
        raise PermissionDenied from None
    except Fachfehler as fehler:
        for meldung in fehler.messages:
            messages.error(request, meldung)
    return redirect("plans:bearbeiten", pk=version.pk)


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
    _fall_pruefen(request.user)
    plan = _oder_404(plan_fuer, user=request.user, pk=pk)
    if not access.darf_bearbeiten(request.user, plan):
        raise PermissionDenied
    form = formular(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if _ausfuehren(request, form, dienst, erfolg, **argumente(plan, form.cleaned_data)):
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
    _fall_pruefen(request.user)
    plan = _oder_404(plan_fuer, user=request.user, pk=pk)
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
    _fall_pruefen(request.user)
    plan = _oder_404(plan_fuer, user=request.user, pk=pk)
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
    _fall_pruefen(request.user)
    plan = _oder_404(plan_fuer, user=request.user, pk=pk)
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
    except KeinZugriff:
        raise PermissionDenied from None
    except (Fachfehler, PlanVersion.DoesNotExist) as fehler:
        for meldung in getattr(fehler, "messages", ["Dafür fehlt ein Entwurf."]):
            messages.error(request, meldung)
    return redirect("plans:plan", pk=plan.pk)


# --- The kommunaler Träger's portal -----------------------------------------


def _traeger_pruefen(user) -> None:
    if not access.darf_abstimmungen_entscheiden(user):
        raise PermissionDenied


@login_required
def traeger_anfrage(request, pk: int):
    """One request with only what the Träger needs to decide: the § 16a items,
    their reason, the pseudonymous case number, age group and household."""
    _traeger_pruefen(request.user)
    abstimmung = _oder_404(abstimmung_fuer_traeger, user=request.user, pk=pk)
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
        if form.is_valid() and _ausfuehren(
            request,
            form,
            abstimmungsposition_entscheiden,
            "Ihre Entscheidung ist gespeichert.",
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
def traeger_sammelzustimmung(request):
    """Approve several requests at once (all their open items)."""
    _traeger_pruefen(request.user)
    ids = [int(i) for i in request.POST.getlist("abstimmung") if i.isdigit()]
    if not ids:
        messages.error(request, "Bitte wählen Sie mindestens eine Anfrage aus.")
        return redirect("plans:eingang")
    erledigt, fehler = 0, []
    for abstimmung in abstimmungen_offen_fuer(user=request.user).filter(pk__in=ids):
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
        messages.success(request, f"{erledigt} Anfrage(n) zugestimmt.")
    for f in fehler:
        messages.error(request, f)
    return redirect("plans:eingang")


@require_POST
@login_required
def aenderung_bestaetigen(request, pk: int):
    """The IFK accepts the Träger's changes."""
    _fall_pruefen(request.user)
    try:
        abstimmung = access.sichtbar(request.user, TraegerAbstimmung.objects.all()).get(pk=pk)
    except TraegerAbstimmung.DoesNotExist:
        raise Http404 from None
    try:
        abstimmung_aenderung_bestaetigen(acting_user=request.user, abstimmung=abstimmung)
        messages.success(request, "Die Änderungen des Trägers sind bestätigt.")
    except KeinZugriff:
        raise PermissionDenied from None
    except Fachfehler as e:
        for m in e.messages:
            messages.error(request, m)
    return redirect("plans:plan", pk=abstimmung.version.plan_id)


@require_GET
@login_required
def abstimmung_statistik(request):
    """Per Angebot: requests, approvals, rejections and answer times."""
    if not access.darf_kennzahlen_sehen(request.user):
        raise PermissionDenied
    return render(
        request,
        "plans/abstimmung_statistik.html",
        {"zeilen": abstimmungen_je_angebot(user=request.user), "heute": timezone.localdate()},
    )


@login_required
def kontingente(request):
    """The Träger's advance approvals (contingents) per Angebot and period."""
    _traeger_pruefen(request.user)
    angebote = Angebot.objects.filter(
        traeger__mitarbeitende=request.user, jobcenter_id=request.user.jobcenter_id
    ).exclude(leistung_16a="")
    form = KontingentFormular(request.POST if request.method == "POST" else None, angebote=angebote)
    if request.method == "POST" and form.is_valid():
        if _ausfuehren(
            request,
            form,
            rahmenabstimmung_erteilen,
            "Das Kontingent ist erteilt.",
            **form.cleaned_data,
        ):
            return redirect("plans:kontingente")
    return render(
        request,
        "plans/kontingente.html",
        {
            "form": form,
            "kontingente": Rahmenabstimmung.objects.filter(angebot__in=angebote)
            .select_related("angebot")
            .order_by("-beginn", "angebot__titel"),
        },
        status=400 if form.errors else 200,
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


# --- The plan as PDF and the plain-language check (issue 5) ---------------------


def _dateiname(version) -> str:
    return f"kooperationsplan-{version.plan_id}-v{version.nummer}.pdf"


@require_GET
@login_required
def plan_pdf_vorschau(request, pk: int):
    """The draft as PDF, marked "Entwurf", rendered on demand."""
    version = _oder_404(version_fuer, user=request.user, pk=pk)
    if version.ist_vereinbart:
        return redirect("plans:pdf", pk=version.pk)
    ergebnis = PlanPdf.fuer_version(version).render()
    lesezugriff(request.user, version, "Planentwurf als PDF angesehen")
    antwort = HttpResponse(ergebnis.pdf, content_type="application/pdf")
    antwort["Content-Disposition"] = f'inline; filename="entwurf-{_dateiname(version)}"'
    antwort["Cache-Control"] = "no-store"
    return antwort


@require_GET
@login_required
def plan_pdf(request, pk: int):
    """The stored PDF of an agreed version, byte for byte as rendered then."""
    version = _oder_404(version_fuer, user=request.user, pk=pk)
    if not version.ist_vereinbart or not version.pdf:
        raise Http404("Das PDF dieses Plans ist noch nicht erstellt.")
    lesezugriff(request.user, version, "Vereinbarten Plan als PDF abgerufen")
    antwort = FileResponse(
        version.pdf.open("rb"), content_type="application/pdf", filename=_dateiname(version)
    )
    antwort["Cache-Control"] = "private, no-store"
    antwort["X-Content-SHA256"] = version.pdf_sha256
    return antwort


@require_POST
@login_required
def plan_pruefung(request, pk: int):
    """htmx: does the editor's unsaved draft fit on one page, and how plain is
    its language? Returns ``plans/_pruefung.html``."""
    version = _oder_404(version_fuer, user=request.user, pk=pk)
    if not access.darf_bearbeiten(request.user, version):
        raise PermissionDenied
    inhalt = inhalt_aus_formular(version, request.POST)
    seite = PlanPdf(inhalt).pruefen()
    bewertungen = [
        bewerten(teil, TEILE[teil], text) for teil, text in inhalt.texte().items() if text.strip()
    ]
    return render(
        request,
        "plans/_pruefung.html",
        {
            "seite": seite,
            "bewertungen": bewertungen,
            "wstf_ziel": WSTF_ZIEL,
            "flesch_ziel": FLESCH_AMSTAD_ZIEL,
            "hinweis": HINWEIS,
        },
    )
