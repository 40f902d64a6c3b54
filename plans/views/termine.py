"""Appointments in the browser: inviting a person, recording the outcome, the
hearing after a missed appointment with its finding and the notice to the
benefits team, the IFK's week and the Teamleitung's view of the team's.

Thin: load through the policy (``zugriff``), check a form, call one service
(``services.termine``), render. Which steps a page offers follows from the
state of the invitation or hearing (``schritte``); the services enforce the
same rules and refuse anything else."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases.selectors import leistungsberechtigter_fuer
from cases.zeilen import url_je_id
from kooperation import access
from kooperation.audit import lesezugriff
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.rechtsregeln import Anhoerungsform
from kooperation.seiten import ausfuehren, zugriff

from ..dokumente.einladung import AnhoerungPdf, EinladungPdf, einladung_ics
from ..forms_termine import (
    AntwortFormular,
    EinladungFormular,
    ErgebnisFormular,
    FeststellungFormular,
    PersoenlichFormular,
)
from ..models.termin import Feststellung, Terminergebnis, Terminform
from ..selectors import (
    anhoerung_fuer,
    einladung_fuer,
    offene_anhoerungen,
    team_termine,
    termine_der_woche,
)
from ..services.termine import (
    anhoerung_antwort_festhalten,
    anhoerung_einleiten,
    anhoerung_feststellen,
    einladen,
    ergebnis_festhalten,
    persoenlich_angehoert,
)

# --- What the state allows ----------------------------------------------------

# Forms the Rechtsstand may demand a personal hearing in: the finding waits
# for it (the service refuses it before).
PERSOENLICH = (Anhoerungsform.SOLL_PERSOENLICH, Anhoerungsform.PERSOENLICH_ERFORDERLICH)


@dataclass(frozen=True)
class Schritte:
    """The steps a user may take now on one invitation and its hearing."""

    ergebnis: bool = False
    anhoerung: bool = False
    antwort: bool = False
    persoenlich: bool = False
    feststellung: bool = False


def schritte(user, einladung) -> Schritte:
    if not access.darf_bearbeiten(user, einladung):
        return Schritte()
    anhoerung = _anhoerung_von(einladung)
    offen = anhoerung is not None and anhoerung.feststellung == Feststellung.OFFEN
    return Schritte(
        ergebnis=einladung.ergebnis == Terminergebnis.OFFEN,
        anhoerung=einladung.ergebnis == Terminergebnis.NICHT_ERSCHIENEN
        and einladung.mit_rechtsfolgenbelehrung
        and anhoerung is None,
        antwort=offen and not anhoerung.antwort_am,
        persoenlich=offen
        and anhoerung.form != Anhoerungsform.SCHRIFTLICH
        and not anhoerung.persoenlich_am,
        feststellung=offen,
    )


def _anhoerung_von(einladung):
    # A missing reverse one-to-one row raises an AttributeError subclass.
    return getattr(einladung, "anhoerung", None)


# --- Inviting -----------------------------------------------------------------


@login_required
@zugriff(access.darf_fallliste_sehen, laden=leistungsberechtigter_fuer, bearbeiten=True)
def einladen_seite(request, person):
    """Invite the person to an appointment; the letter (with or without a
    Rechtsfolgenbelehrung, as the Rechtsstand says) follows through the outbox."""
    plaene = person.plaene.exclude(status="kein_plan").order_by("-begonnen_am")
    form = EinladungFormular(
        request.POST if request.method == "POST" else None,
        plaene=plaene,
        initial={"plan": plaene.first(), "dolmetschen": _dolmetschen(person)},
    )
    if request.method == "POST" and form.is_valid():
        daten = form.dienst_argumente()
        # ``form`` names the appointment's form here, not the page's form.
        einladung = ausfuehren(
            request,
            partial(einladen, form=daten.pop("form")),
            form=form,
            erfolg="Die Einladung ist angelegt. Der Brief wird erstellt.",
            person=person,
            **daten,
        )
        if einladung is not None:
            return redirect("plans:einladung", pk=einladung.pk)
    return render(
        request,
        "plans/termine/einladen.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


def _dolmetschen(person) -> str:
    return person.sprache if person.dolmetscher_noetig and person.sprache != "de" else ""


# --- The invitation and its outcome ---------------------------------------------


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen, laden=einladung_fuer)
def einladung(request, einladung):
    """One invitation: its details, letter and calendar file, its outcome."""
    lesezugriff(request.user, einladung, "Einladung angesehen")
    return _einladung_seite(request, einladung)


def _einladung_seite(request, einladung, ergebnis_form=None, status=200):
    erlaubt = schritte(request.user, einladung)
    if ergebnis_form is None and erlaubt.ergebnis:
        ergebnis_form = ErgebnisFormular(initial={"version": einladung.version})
    return render(
        request,
        "plans/termine/einladung.html",
        {
            "einladung": einladung,
            "person": einladung.leistungsberechtigter,
            "anhoerung": _anhoerung_von(einladung),
            "schritte": erlaubt,
            "form": ergebnis_form,
            "felder_je_ergebnis": ErgebnisFormular.FELDER_JE_ERGEBNIS,
            "vergangen": einladung.beginn <= timezone.now(),
        },
        status=status,
    )


@require_POST
@login_required
@zugriff(access.darf_fallliste_sehen, laden=einladung_fuer, bearbeiten=True)
def ergebnis(request, einladung):
    """Record how the appointment went (erschienen, nicht erschienen,
    abgesagt, arbeitsunfähig, verlegt); a miss files a Wiedervorlage for the
    hearing."""
    form = ErgebnisFormular(request.POST)
    if form.is_valid():
        ergebnis = ausfuehren(
            request,
            ergebnis_festhalten,
            form=form,
            einladung=einladung,
            **form.dienst_argumente(),
        )
        if ergebnis is not None:
            messages.success(
                request, f"Festgehalten: {ergebnis.get_ergebnis_display()}.{_folgt(ergebnis)}"
            )
            return redirect("plans:einladung", pk=einladung.pk)
    return _einladung_seite(request, einladung, ergebnis_form=form, status=400)


def _folgt(einladung) -> str:
    if einladung.ergebnis == Terminergebnis.NICHT_ERSCHIENEN:
        return " Eine Wiedervorlage erinnert Sie an die Anhörung."
    if einladung.ergebnis == Terminergebnis.VERLEGT:
        return " Der neue Termin ist angelegt."
    return ""


@require_POST
@login_required
@zugriff(access.darf_fallliste_sehen, laden=einladung_fuer, bearbeiten=True)
def anhoerung_beginnen(request, einladung):
    """Start the hearing after a missed appointment: the letter with the
    deadline goes out through the outbox."""
    anhoerung = ausfuehren(
        request,
        anhoerung_einleiten,
        erfolg="Die Anhörung ist eingeleitet. Der Brief wird erstellt.",
        einladung=einladung,
    )
    if anhoerung is None:
        return redirect("plans:einladung", pk=einladung.pk)
    return redirect("plans:anhoerung", pk=anhoerung.pk)


# --- The hearing ------------------------------------------------------------------


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen, laden=anhoerung_fuer)
def anhoerung(request, anhoerung):
    """The hearing: letter and deadline, the answer, a personal hearing where
    the Rechtsstand demands one, the finding and the notice it led to."""
    lesezugriff(request.user, anhoerung, "Anhörung angesehen")
    return _anhoerung_seite(request, anhoerung)


FORMULARE = {
    "antwort": (AntwortFormular, anhoerung_antwort_festhalten, "Die Antwort ist festgehalten."),
    "persoenlich": (
        PersoenlichFormular,
        persoenlich_angehoert,
        "Die persönliche Anhörung ist festgehalten.",
    ),
    "feststellung": (
        FeststellungFormular,
        anhoerung_feststellen,
        "Die Feststellung ist getroffen.",
    ),
}


def _anhoerung_seite(request, anhoerung, gesendet=None, status=200):
    erlaubt = schritte(request.user, anhoerung.einladung)
    formulare = {}
    for name, (klasse, _dienst, _erfolg) in FORMULARE.items():
        if name == (gesendet.prefix if gesendet is not None else None):
            formulare[name] = gesendet
        elif getattr(erlaubt, name):
            formulare[name] = klasse(prefix=name, initial={"version": anhoerung.version})
    mitteilung = getattr(anhoerung, "mitteilung", None) if not anhoerung.ist_offen else None
    return render(
        request,
        "plans/termine/anhoerung.html",
        {
            "anhoerung": anhoerung,
            "einladung": anhoerung.einladung,
            "person": anhoerung.einladung.leistungsberechtigter,
            "schritte": erlaubt,
            "formulare": formulare,
            "persoenlich_verlangt": anhoerung.form in PERSOENLICH,
            "mitteilung": mitteilung,
            "frist_vorbei": anhoerung.antwort_bis < timezone.localdate(),
        },
        status=status,
    )


@require_POST
@login_required
@zugriff(access.darf_fallliste_sehen, laden=anhoerung_fuer, bearbeiten=True)
def anhoerung_schritt(request, anhoerung, schritt):
    """One step of the hearing (answer, personal hearing, finding), each with
    its form and service."""
    klasse, dienst, erfolg = FORMULARE[schritt]
    if not getattr(schritte(request.user, anhoerung.einladung), schritt):
        messages.error(request, "Dieser Schritt ist in diesem Stand der Anhörung nicht möglich.")
        return redirect("plans:anhoerung", pk=anhoerung.pk)
    form = klasse(request.POST, prefix=schritt)
    if form.is_valid() and ausfuehren(
        request, dienst, form=form, erfolg=erfolg, anhoerung=anhoerung, **form.cleaned_data
    ):
        return redirect("plans:anhoerung", pk=anhoerung.pk)
    return _anhoerung_seite(request, anhoerung, gesendet=form, status=400)


# --- The week -------------------------------------------------------------------


def montag_der_woche(wert: str | None, heute: datetime.date) -> datetime.date:
    """The Monday of ``?woche=``: an ISO week (``2026-W50``) or any day of the
    week (``2026-12-07``); none: this week."""
    if not wert:
        return heute - datetime.timedelta(days=heute.weekday())
    try:
        if "W" in wert.upper():
            jahr, woche = wert.upper().split("-W")
            tag = datetime.date.fromisocalendar(int(jahr), int(woche), 1)
        else:
            tag = datetime.date.fromisoformat(wert)
    except ValueError:
        raise Fachfehler(
            {"woche": "Bitte geben Sie die Woche als 2026-W50 oder als Datum 2026-12-07 an."}
        ) from None
    if not 2005 <= tag.year <= heute.year + 3:
        raise Fachfehler({"woche": "Diese Woche liegt außerhalb des Kalenders."})
    return tag - datetime.timedelta(days=tag.weekday())


@dataclass
class Tag:
    datum: datetime.date
    heute: bool
    termine: list


def _tage(montag, termine, heute) -> list[Tag]:
    """Monday to Friday, and Saturday or Sunday only when something is on them;
    each day's entries as prepared rows (see ``_wochenzeilen``)."""
    tage = [Tag(montag + datetime.timedelta(days=i), False, []) for i in range(7)]
    for tag in tage:
        tag.heute = tag.datum == heute
    for beginn, zeile in _wochenzeilen(termine):
        tage[beginn.weekday()].termine.append(zeile)
    return [t for i, t in enumerate(tage) if i < 5 or t.termine]


_FORMEN = dict(Terminform.choices)
_ERGEBNISSE = dict(Terminergebnis.choices)


def _wochenzeilen(termine):
    """(local start, row) per appointment, the row's link, time, name and
    labels worked out once here: per-row ``{% url %}``, time filters and
    display methods were most of the week view's time (as on the start page,
    see ``cases.zeilen``)."""
    einladung_url = url_je_id("plans:einladung")
    for t in termine:
        beginn = timezone.localtime(t.beginn)
        person = t.leistungsberechtigter
        yield (
            beginn,
            {
                "url": einladung_url(t.pk),
                "zeit": f"{beginn:%H:%M}",
                "name": f"{person.nachname}, {person.vorname}",
                "form": _FORMEN.get(t.form, t.form),
                "ort": t.ort,
                "ergebnis": "" if t.ergebnis == Terminergebnis.OFFEN else _ERGEBNISSE[t.ergebnis],
                "ergebnis_faellig": t.ergebnis_faellig,
                "anhoerung_offen": t.anhoerung_offen,
            },
        )


def _wochenkontext(montag, heute) -> dict:
    jahr, woche, _ = montag.isocalendar()
    vor, nach = montag - datetime.timedelta(days=7), montag + datetime.timedelta(days=7)
    return {
        "montag": montag,
        "sonntag": montag + datetime.timedelta(days=6),
        "kalenderwoche": woche,
        "jahr": jahr,
        "vorige": f"{vor.isocalendar()[0]}-W{vor.isocalendar()[1]:02d}",
        "naechste": f"{nach.isocalendar()[0]}-W{nach.isocalendar()[1]:02d}",
        "diese_woche": montag <= heute < montag + datetime.timedelta(days=7),
    }


def _markieren(termine, jetzt) -> None:
    """Flags for each entry: an outcome due (the time is past, none recorded)
    and a hearing still open."""
    for t in termine:
        t.ergebnis_faellig = t.ergebnis == Terminergebnis.OFFEN and t.beginn <= jetzt
        a = _anhoerung_von(t)
        t.anhoerung_offen = a is not None and a.feststellung == Feststellung.OFFEN


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen)
def woche(request):
    """The IFK's week: her own appointments, Monday to Friday."""
    if not access.hat_recht(request.user, "faelle_bearbeiten"):
        raise KeinZugriff("Der Wochenkalender ist für Integrationsfachkräfte.")
    heute = timezone.localdate()
    montag = montag_der_woche(request.GET.get("woche"), heute)
    termine = termine_der_woche(request.user, montag)
    _markieren(termine, timezone.now())
    return render(
        request,
        "plans/termine/woche.html",
        {**_wochenkontext(montag, heute), "tage": _tage(montag, termine, heute)},
    )


@require_GET
@login_required
@zugriff(access.darf_team_leiten)
def team_woche(request):
    """The Teamleitung's view: the team's appointments of one week, per IFK,
    and the hearings still open."""
    heute = timezone.localdate()
    montag = montag_der_woche(request.GET.get("woche"), heute)
    termine = team_termine(request.user, montag)
    _markieren(termine, timezone.now())
    anhoerungen = offene_anhoerungen(request.user)
    return render(
        request,
        "plans/termine/team.html",
        {
            **_wochenkontext(montag, heute),
            "termine": termine,
            "anhoerungen": anhoerungen,
            "heute": heute,
        },
    )


# --- Letters and calendar files -------------------------------------------------


def _brief(request, objekt, dateiname: str, grund: str) -> FileResponse:
    """A stored letter, byte for byte, with its hash; the read is audited."""
    if not objekt.brief_pdf:
        raise Http404("Der Brief ist noch nicht erstellt.")
    lesezugriff(request.user, objekt, grund)
    antwort = FileResponse(
        objekt.brief_pdf.open("rb"), content_type="application/pdf", filename=dateiname
    )
    antwort["Cache-Control"] = "private, no-store"
    antwort["X-Content-SHA256"] = objekt.brief_sha256
    return antwort


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen, laden=einladung_fuer)
def einladung_brief(request, einladung):
    return _brief(
        request,
        einladung,
        f"einladung-{einladung.beginn:%Y-%m-%d}-{einladung.pk}.pdf",
        "Einladungsbrief abgerufen",
    )


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen, laden=anhoerung_fuer)
def anhoerung_brief(request, anhoerung):
    return _brief(
        request,
        anhoerung,
        f"anhoerung-{anhoerung.versandt_am:%Y-%m-%d}-{anhoerung.pk}.pdf",
        "Anhörungsbrief abgerufen",
    )


def _brief_als_webseite(request, objekt, brief, *, grund: str, seite: str, zurueck: str):
    """A letter as an accessible web page: the PDF's own template and context,
    so it says what the letter says, in a readable column with a way back to
    ``seite`` and, once filed, to the stored PDF. The read is audited."""
    lesezugriff(request.user, objekt, grund)
    antwort = render(
        request,
        brief.template_name,
        {
            **brief.get_context_data(),
            "druckansicht": True,
            "csp_nonce": str(request.csp_nonce),
            "zurueck_url": reverse(f"plans:{seite}", args=[objekt.pk]),
            "zurueck_text": zurueck,
            "pdf_url": reverse(f"plans:{seite}_brief", args=[objekt.pk])
            if objekt.brief_pdf
            else "",
        },
    )
    antwort["Cache-Control"] = "private, no-store"
    return antwort


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen, laden=einladung_fuer)
@csp_update({"style-src": [NONCE]})
def einladung_ansicht(request, einladung):
    return _brief_als_webseite(
        request,
        einladung,
        EinladungPdf(einladung),
        grund="Einladungsbrief als Webseite gelesen",
        seite="einladung",
        zurueck="Zurück zur Einladung",
    )


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen, laden=anhoerung_fuer)
@csp_update({"style-src": [NONCE]})
def anhoerung_ansicht(request, anhoerung):
    return _brief_als_webseite(
        request,
        anhoerung,
        AnhoerungPdf(anhoerung),
        grund="Anhörungsbrief als Webseite gelesen",
        seite="anhoerung",
        zurueck="Zurück zur Anhörung",
    )


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen, laden=einladung_fuer)
def einladung_kalender(request, einladung):
    """The appointment as an iCalendar file, for the person's calendar or the
    IFK's own (``?fuer=person`` / ``ifk``)."""
    fuer = request.GET.get("fuer", "person")
    if fuer not in ("person", "ifk"):
        raise Http404("Kalenderdateien gibt es für die Person und für Sie.")
    lesezugriff(request.user, einladung, "Kalenderdatei der Einladung abgerufen")
    antwort = HttpResponse(einladung_ics(einladung, fuer=fuer), content_type="text/calendar")
    antwort["Content-Disposition"] = (
        f'attachment; filename="termin-{einladung.beginn:%Y-%m-%d}-{fuer}.ics"'
    )
    antwort["Cache-Control"] = "private, no-store"
    return antwort
