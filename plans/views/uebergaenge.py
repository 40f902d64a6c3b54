"""The steps of the plan's lifecycle in the browser. Which steps a page offers
comes from the table (``plans.lebenszyklus``); here is only how each is
offered: a form where the step needs input, a button where it does not.

One view serves every step: it loads the plan through the access policy,
asks the table whether the step is open for the user (403 for a role or
person that may not take it; back to the plan page with the reason when the
plan's state or a guard does not allow it), shows or checks the form, and
calls the step's service."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kooperation import access
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.forms import fachfehler_ins_formular
from kooperation.seiten import ausfuehren, zugriff

from .. import lebenszyklus
from ..forms import (
    AngebotFormset,
    AufforderungFormular,
    FestsetzungFormular,
    KeinPlanFormular,
    PflichtenFormset,
    SchlichtungBeendenFormular,
    SchlichtungFormular,
    UeberpruefungFormular,
    VereinbarenFormular,
)
from ..lebenszyklus import Planlage
from ..selectors import abstimmung_fuer, plan_fuer
from ..services.abstimmung import abstimmung_aenderung_bestaetigen, abstimmung_anfragen
from ..services.nichteinigung import (
    aufforderung_erlassen,
    pflichten_festsetzen,
    schlichtung_beenden,
    schlichtung_beginnen,
)
from ..services.ueberpruefung import ueberpruefung_festhalten
from ..services.vereinbarung import (
    kein_plan_festhalten,
    kein_plan_zuruecknehmen,
    plan_fortschreiben,
    planversion_vereinbaren,
    ueberpruefung_beginnen,
)


@dataclass(frozen=True)
class Seite:
    """How the browser offers one step of the table."""

    # URL name; it takes the plan's id (``bearbeiten``: the draft's).
    url: str
    # primaer / sekundaer (a button) or link; ``stil_je_stand`` may differ.
    stil: str = "link"
    stil_je_stand: tuple[tuple[str, str], ...] = ()
    # A form to fill first (GET shows it); None: a button that posts.
    formular: type | None = None
    # The form needs the plan (e.g. to offer the person's representatives).
    mit_plan: bool = False
    titel: str = ""
    erfolg: str = ""
    # Lists of items filled in beside the form (formsets): (prefix, class,
    # what one item is called); each goes to the service as a list of dicts.
    punkte: tuple[tuple[str, type, str], ...] = ()
    # The service and its arguments from the plan's situation and the form.
    dienst: Callable | None = None
    argumente: Callable[[Planlage, dict], dict] = lambda lage, daten: {"plan": lage.plan, **daten}
    # The form's page (default: the plain form of ``plans/aktion.html``) and
    # the text of its submit button (default: the title).
    vorlage: str = "plans/aktion.html"
    knopf: str = ""
    # Where to go after the step (default: the plan page), from its result.
    weiter: Callable[[object], str | None] = lambda ergebnis: None

    def stil_fuer(self, stand: str) -> str:
        return dict(self.stil_je_stand).get(stand, self.stil)


SEITEN: dict[str, Seite] = {
    "bearbeiten": Seite("plans:bearbeiten", stil="sekundaer"),
    "abstimmung_anfragen": Seite(
        "plans:abstimmung_anfragen",
        stil="sekundaer",
        erfolg="Der Entwurf ist beim kommunalen Träger zur Abstimmung.",
        dienst=abstimmung_anfragen,
        argumente=lambda lage, daten: {
            "version": lage.entwurf,
            "angefragt_am": timezone.localdate(),
        },
    ),
    "abstimmung_nachholen": Seite(
        "plans:abstimmung_nachholen",
        stil="sekundaer",
        erfolg="Die vereinbarte Version ist beim kommunalen Träger zur Abstimmung.",
        dienst=abstimmung_anfragen,
        argumente=lambda lage, daten: {
            "version": lage.vereinbarte,
            "angefragt_am": timezone.localdate(),
        },
    ),
    "vereinbaren": Seite(
        "plans:vereinbaren",
        stil="primaer",
        formular=VereinbarenFormular,
        mit_plan=True,
        titel="Plan mit der Person vereinbaren",
        erfolg="Der Plan ist vereinbart. Die Person bekommt ihn in Textform.",
        dienst=planversion_vereinbaren,
        argumente=lambda lage, daten: {"version": lage.entwurf, **daten},
    ),
    "ueberpruefung": Seite(
        "plans:ueberpruefung",
        stil="sekundaer",
        erfolg="Die Überprüfung hat begonnen.",
        dienst=ueberpruefung_beginnen,
    ),
    "ueberpruefung_festhalten": Seite(
        "plans:ueberpruefung_festhalten",
        stil="primaer",
        formular=UeberpruefungFormular,
        mit_plan=True,
        titel="Überprüfung festhalten",
        knopf="Überprüfung speichern",
        vorlage="plans/ueberpruefung.html",
        erfolg="Die Überprüfung ist festgehalten.",
        dienst=ueberpruefung_festhalten,
        argumente=lambda lage, daten: {"plan": lage.plan, **daten["argumente"]},
        weiter=lambda ergebnis: (
            reverse("plans:bearbeiten", args=[ergebnis.neue_version.pk])
            if ergebnis.neue_version
            else None
        ),
    ),
    "fortschreiben": Seite(
        "plans:fortschreiben",
        stil="sekundaer",
        stil_je_stand=(("ueberpruefung", "primaer"),),
        dienst=plan_fortschreiben,
    ),
    "schlichtung": Seite(
        "plans:schlichtung",
        formular=SchlichtungFormular,
        titel="Schlichtung beginnen (§ 15a SGB II)",
        erfolg="Die Schlichtung hat begonnen.",
        dienst=schlichtung_beginnen,
    ),
    "aufforderung": Seite(
        "plans:aufforderung",
        formular=AufforderungFormular,
        titel="Aufforderung mit Rechtsfolgenbelehrung (§ 15 Abs. 5 und 6 SGB II)",
        erfolg="Die Aufforderung ist erlassen.",
        dienst=aufforderung_erlassen,
    ),
    "pflichten_festsetzen": Seite(
        "plans:pflichten_festsetzen",
        formular=FestsetzungFormular,
        punkte=(
            ("pflichten", PflichtenFormset, "Pflicht"),
            ("angebote", AngebotFormset, "Angebot des Jobcenters"),
        ),
        vorlage="plans/festsetzung.html",
        titel="Pflichten per Verwaltungsakt festsetzen",
        erfolg="Die Pflichten sind per Verwaltungsakt festgesetzt.",
        dienst=pflichten_festsetzen,
    ),
    "schlichtung_beenden": Seite(
        "plans:schlichtung_beenden",
        stil="primaer",
        formular=SchlichtungBeendenFormular,
        titel="Schlichtung beenden",
        erfolg="Die Schlichtung ist beendet.",
        dienst=schlichtung_beenden,
        argumente=lambda lage, daten: {"schlichtung": lage.laufende_schlichtung, **daten},
    ),
    "kein_plan_zuruecknehmen": Seite(
        "plans:kein_plan_zuruecknehmen",
        stil="sekundaer",
        erfolg="„Kein Plan“ ist zurückgenommen.",
        dienst=kein_plan_zuruecknehmen,
    ),
    "kein_plan": Seite(
        "plans:kein_plan",
        formular=KeinPlanFormular,
        titel="Kein Plan: Grund festhalten",
        erfolg="Festgehalten: kein Kooperationsplan.",
        dienst=kein_plan_festhalten,
    ),
}

# Steps offered elsewhere: the Träger's changes are confirmed in the list of
# requests on the plan page, the Träger decides in its own portal.
ANDERSWO = {"aenderung_bestaetigen", "entscheiden"}


@dataclass(frozen=True)
class Aktion:
    """One open step as the plan page shows it."""

    name: str
    titel: str
    adresse: str
    stil: str
    # True: a button that posts at once; False: a link (to the step's form).
    sofort: bool


def hinweise(user, lage: Planlage) -> list[str]:
    """Why a step the user will take here is not offered yet, where the
    table says the reason helps (e.g. agreeing waits for the Träger)."""
    return [
        f"{p.uebergang.titel}: {p.grund}"
        for p in lebenszyklus.alle(user, lage)
        if p.zugriff and p.grund and p.zeigen
    ]


def aktionen(user, lage: Planlage) -> list[Aktion]:
    """The open steps of the table as buttons and links, in the table's order."""
    ergebnis = []
    for pruefung in lebenszyklus.offene(user, lage):
        name = pruefung.uebergang.name
        if name in ANDERSWO:
            continue
        seite = SEITEN[name]
        kennung = lage.entwurf.pk if name == "bearbeiten" else lage.plan.pk
        ergebnis.append(
            Aktion(
                name=name,
                titel=pruefung.uebergang.titel,
                adresse=reverse(seite.url, args=[kennung]),
                stil=seite.stil_fuer(lage.plan.status),
                sofort=seite.formular is None and name != "bearbeiten",
            )
        )
    return ergebnis


@login_required
@zugriff(access.darf_fallliste_sehen, laden=plan_fuer)
def uebergang(request, plan, name: str):
    """Show the step's form (GET) or take the step (POST)."""
    seite = SEITEN.get(name)
    if seite is None or seite.dienst is None:
        raise Http404
    lage = Planlage(plan)
    pruefung = lebenszyklus.pruefung(name, request.user, lage)
    if not pruefung.zugriff:
        raise KeinZugriff()
    if pruefung.grund:
        messages.error(request, pruefung.grund)
        return redirect("plans:plan", pk=plan.pk)
    if seite.formular is None:
        if request.method != "POST":
            return redirect("plans:plan", pk=plan.pk)
        ergebnis = ausfuehren(
            request, seite.dienst, erfolg=seite.erfolg, **seite.argumente(lage, {})
        )
        if name == "fortschreiben" and ergebnis is not None:
            messages.success(
                request, f"Version {ergebnis.nummer} ist angelegt. Bitte überarbeiten."
            )
            return redirect("plans:bearbeiten", pk=ergebnis.pk)
        return redirect("plans:plan", pk=plan.pk)
    daten = request.POST if request.method == "POST" else None
    mehr = daten.get("mehr") if daten is not None else None
    form = seite.formular(
        None if mehr else daten,
        initial=daten.dict() if mehr else None,
        **({"plan": plan} if seite.mit_plan else {}),
    )
    if mehr:
        # „Weitere Zeile“: the same page with the entries so far, nothing checked.
        listen = {
            prefix: (klasse.aus_eingaben(daten, prefix=prefix, mehr=prefix == mehr), name)
            for prefix, klasse, name in seite.punkte
        }
    else:
        listen = {
            prefix: (klasse(daten, prefix=prefix), name) for prefix, klasse, name in seite.punkte
        }
    if daten is not None and not mehr and form.is_valid():
        for liste, _ in listen.values():
            liste.erlassen_am = form.cleaned_data.get("erlassen_am")
        if all([liste.is_valid() for liste, _ in listen.values()]):
            eingaben = dict(form.cleaned_data)
            if hasattr(form, "dienst_argumente"):
                eingaben = {"argumente": form.dienst_argumente()}
            argumente = {p: liste.punkte() for p, (liste, _) in listen.items()}
            if ergebnis := _ausfuehren_mit_punkten(
                request,
                seite,
                form,
                listen,
                **seite.argumente(lage, {**eingaben, **argumente}),
            ):
                return redirect(seite.weiter(ergebnis) or reverse("plans:plan", args=[plan.pk]))
    fehler = bool(form.errors) or any(
        liste.is_bound and liste.total_error_count() for liste, _ in listen.values()
    )
    return render(
        request,
        seite.vorlage,
        {
            "plan": plan,
            "person": plan.leistungsberechtigter,
            "form": form,
            "listen": [(p, liste, name) for p, (liste, name) in listen.items()],
            "titel": seite.titel,
            "fehler": fehler,
            "knopf": seite.knopf or seite.titel,
            "lage": lage,
        },
        status=400 if fehler else 200,
    )


_PUNKTFELD = re.compile(r"^(?P<liste>[a-z_]+)-(?P<n>\d+)-(?P<feld>[a-z_]+)$")


def _ausfuehren_mit_punkten(request, seite: Seite, form, listen, **argumente):
    """Call the step's service; its errors land next to the field they name,
    an item's (``pflichten-<n>-<feld>``) in that item's row, a list's below
    the list."""
    if not listen:
        return ausfuehren(request, seite.dienst, form=form, erfolg=seite.erfolg, **argumente)
    try:
        ergebnis = seite.dienst(acting_user=request.user, **argumente)
    except Fachfehler as fehler:
        rest = {}
        for feld, meldungen in getattr(
            fehler, "message_dict", {"__all__": fehler.messages}
        ).items():
            treffer = _PUNKTFELD.match(feld)
            if treffer and treffer["liste"] in listen:
                zeilen = listen[treffer["liste"]][0].formulare_der_punkte()
                n = int(treffer["n"])
                if n < len(zeilen) and treffer["feld"] in zeilen[n].fields:
                    for meldung in meldungen:
                        zeilen[n].add_error(treffer["feld"], meldung)
                    continue
            if feld in listen:
                listen[feld][0].non_form_errors().extend(meldungen)
                continue
            rest[feld] = meldungen
        if rest:
            fachfehler_ins_formular(form, Fachfehler(rest))
        return None
    if seite.erfolg:
        messages.success(request, seite.erfolg)
    return ergebnis


@require_POST
@login_required
@zugriff(access.darf_fallliste_sehen, laden=abstimmung_fuer)
def aenderung_bestaetigen(request, abstimmung):
    """The IFK takes over the Träger's changes to one request: back to the
    draft that now holds them, else to the plan."""
    ergebnis = ausfuehren(
        request,
        abstimmung_aenderung_bestaetigen,
        erfolg="Die Änderungen des Trägers sind übernommen.",
        abstimmung=abstimmung,
    )
    if ergebnis is not None and ergebnis.neue_version is not None:
        messages.info(
            request,
            f"Die vereinbarte Version bleibt, wie die Person sie bekommen hat. Die Änderungen "
            f"stehen in Version {ergebnis.neue_version.nummer}: Bitte vereinbaren Sie sie mit "
            "der Person.",
        )
        return redirect("plans:bearbeiten", pk=ergebnis.neue_version.pk)
    if ergebnis is not None and not abstimmung.version.ist_vereinbart:
        return redirect("plans:bearbeiten", pk=abstimmung.version_id)
    return redirect("plans:plan", pk=abstimmung.version.plan_id)
