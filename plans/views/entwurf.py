"""The editor of a draft: the five parts of the one-page plan, its items, and
the htmx check whether it fits on one page and reads plainly."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from kooperation import access
from kooperation.audit import lesezugriff
from kooperation.errors import KeinZugriff
from kooperation.seiten import ausfuehren, zugriff
from partners.kapazitaet import freie_plaetze_am
from partners.models import Angebot

from ..dokumente.inhalt import TEILE, inhalt_aus_formular
from ..dokumente.lesbarkeit import (
    FLESCH_AMSTAD_ZIEL,
    HINWEIS,
    WSTF_ZIEL,
    bewerten,
)
from ..dokumente.pdf import PlanPdf
from ..dokumente.personenbezug import beschreibung, personenbezug
from ..forms import (
    EintragFormular,
    PlanversionFormular,
)
from ..models import Planteil, VersionStatus
from ..selectors import (
    eintraege_nach_teil,
    handlungsbedarfe_der_person,
    offene_handlungsbedarfe,
    version_fuer,
)
from ..services.abstimmung import grund_personenbezug
from ..services.entwurf import (
    planeintrag_entfernen,
    planeintrag_speichern,
    planversion_speichern,
)
from ..zustimmung import letzte_entscheidungen

PERSONENBEZUG_HINWEIS = (
    "Dieser Eintrag geht ohne Namen an den kommunalen Träger, sein Text aber so, wie er hier "
    "steht. Bitte entfernen Sie, woran der Träger die Person erkennen kann; sonst wird die "
    "Abstimmung nicht angefragt."
)


def _angebote_mit_kapazitaet(user):
    """Active Angebote with their free places now, for the IFK while planning."""
    angebote = access.sichtbar(user, Angebot.objects.filter(aktiv=True)).order_by("titel")
    frei = freie_plaetze_am(angebote, timezone.localdate())
    return angebote, frei


AUSGEBUCHT = (
    "Das Angebot „{titel}“ hat im laufenden Zeitraum keinen freien Platz. Der Eintrag bleibt; "
    "eine Zustimmung des Trägers über die Kapazität hinaus ist aber nicht möglich. Bitte "
    "prüfen Sie ein anderes Angebot oder einen späteren Beginn."
)


def _kapazitaet_anzeigen(form, frei) -> None:
    def beschriftung(a) -> str:
        rest = frei.get(a.pk, a.plaetze)
        text = (
            f"{a.titel}{' (§ 16a)' if a.leistung_16a else ''} – noch {rest} "
            f"von {a.plaetze} Plätzen je {a.get_zeitraum_display()}"
        )
        return f"{text} – ausgebucht" if rest <= 0 else text

    form.fields["angebot"].label_from_instance = beschriftung


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
    entscheidungen = letzte_entscheidungen(version)
    for e in teile[Planteil.UNTERSTUETZUNG]:
        e.ausgebucht = bool(e.angebot_id) and frei.get(e.angebot_id, 1) <= 0
        # What the Träger would read about the person, shown before it is asked.
        e.personenbezug = beschreibung(personenbezug(e.text, person)) if e.leistung_16a else ""
        e.grund_personenbezug = (
            beschreibung(grund_personenbezug(e, person)) if e.leistung_16a else ""
        )
        # What the Träger decided on it: changes to take over, a rejection.
        e.entscheidung = entscheidungen.get(e.pk)
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
        "personenbezug_hinweis": PERSONENBEZUG_HINWEIS,
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
@zugriff(access.darf_fallliste_sehen, laden=version_fuer)
def bearbeiten(request, version):
    """The editor of a draft: the five parts of the one-page plan."""
    if version.status != VersionStatus.ENTWURF or not access.darf_bearbeiten(request.user, version):
        return redirect("plans:version", pk=version.pk)
    form = None
    if request.method == "POST":
        form = PlanversionFormular(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            if ausfuehren(
                request,
                planversion_speichern,
                form=form,
                erfolg="Der Entwurf ist gespeichert.",
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
@zugriff(access.darf_fallliste_sehen, laden=version_fuer)
def eintrag_speichern(request, version, eintrag_pk: int | None = None):
    """Add an item to a draft (``eintrag_pk`` None) or change one."""
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
        if gespeichert := ausfuehren(
            request,
            planeintrag_speichern,
            form=form,
            erfolg="Der Eintrag ist gespeichert." if eintrag else "Der Eintrag ist hinzugefügt.",
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
            funde = gespeichert.leistung_16a and personenbezug(
                gespeichert.text, version.plan.leistungsberechtigter
            )
            if funde:
                # A hint, not a refusal: the draft may still change before the
                # Träger is asked, and only that request is refused.
                hinweis = f"{PERSONENBEZUG_HINWEIS} Gefunden: {beschreibung(funde)}."
                messages.warning(request, hinweis)
            if gespeichert.angebot_id:
                frei = freie_plaetze_am([gespeichert.angebot], timezone.localdate())
                if frei.get(gespeichert.angebot_id, gespeichert.angebot.plaetze) <= 0:
                    messages.warning(request, AUSGEBUCHT.format(titel=gespeichert.angebot.titel))
            return redirect(f"{reverse('plans:bearbeiten', args=[version.pk])}#teil-{d['teil']}")
    version.refresh_from_db()
    kontext = _editor_kontext(request, version, eintrag_form=form, bearbeite=eintrag)
    return render(request, "plans/bearbeiten.html", kontext, status=400)


@login_required
@zugriff(access.darf_fallliste_sehen, laden=version_fuer)
def eintrag_bearbeiten(request, version, eintrag_pk: int):
    if not access.darf_bearbeiten(request.user, version) or version.ist_vereinbart:
        raise KeinZugriff()
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


@require_http_methods(["GET", "POST"])
@login_required
@zugriff(access.darf_fallliste_sehen, laden=version_fuer)
def eintrag_entfernen(request, version, eintrag_pk: int):
    """GET asks whether the item is really to go (a page of its own, so it
    works without JavaScript); POST removes it."""
    eintrag = get_object_or_404(version.eintraege, pk=eintrag_pk)
    if request.method == "GET":
        if not access.darf_bearbeiten(request.user, version) or version.ist_vereinbart:
            raise KeinZugriff()
        return render(
            request,
            "plans/eintrag_entfernen.html",
            {
                "version": version,
                "plan": version.plan,
                "person": version.plan.leistungsberechtigter,
                "eintrag": eintrag,
            },
        )
    sperrversion = request.POST.get("sperrversion", "")
    ausfuehren(
        request,
        planeintrag_entfernen,
        erfolg="Der Eintrag ist entfernt.",
        eintrag=eintrag,
        # A missing or garbled value is stale by definition: the service refuses it.
        sperrversion=int(sperrversion) if sperrversion.isdigit() else -1,
    )
    return redirect("plans:bearbeiten", pk=version.pk)


@require_POST
@login_required
@zugriff(laden=version_fuer)
def plan_pruefung(request, version):
    """htmx: does the editor's unsaved draft fit on one page, and how plain is
    its language? Returns ``plans/_pruefung.html``."""
    if not access.darf_bearbeiten(request.user, version):
        raise KeinZugriff()
    inhalt = inhalt_aus_formular(version, request.POST)
    seite = PlanPdf(inhalt).pruefen()
    bewertungen = [
        bewerten(teil, TEILE[teil], text) for teil, text in inhalt.texte().items() if text.strip()
    ]
    # The editor's status region is announced by screen readers whenever its
    # content is touched, so it is only rewritten when the message changed:
    # the editor sends the state it shows, and an unchanged state leaves it be.
    stand = "passt" if seite.passt else f"kuerzen-{seite.zu_kuerzen or 'plan'}"
    return render(
        request,
        "plans/_pruefung.html",
        {
            "seite": seite,
            "stand": stand,
            "meldung_neu": request.POST.get("pruefung_stand") != stand,
            "bewertungen": bewertungen,
            "wstf_ziel": WSTF_ZIEL,
            "flesch_ziel": FLESCH_AMSTAD_ZIEL,
            "hinweis": HINWEIS,
        },
    )
