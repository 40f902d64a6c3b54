"""Recording the review of an agreed plan with the person (§ 15 Abs. 3 SGB II):
how each step stands, a note, the next steps, and what follows: a
Fortschreibung (a new version to agree) or the plan confirmed as it is, with
the day of its next review."""

from __future__ import annotations

import datetime

from django.db import transaction

from cases.services import naechste_frist_aktualisieren, wiedervorlage_setzen_fuer
from kooperation import datumsregeln, recht
from kooperation.audit import im_namen_von
from kooperation.errors import Fachfehler
from kooperation.models import Fristart
from kooperation.rechtsregeln import Aktart
from kooperation.services import speichern, wiedervorlage_erledigen

from ..lebenszyklus import Planlage, pruefen, stand_setzen
from ..models import (
    Kooperationsplan,
    PlanStatus,
    PlanVersion,
    SchrittStand,
    Ueberpruefung,
    UeberpruefungErgebnis,
    UeberpruefungSchritt,
)
from ..models.ueberpruefung import NOTIZ_LAENGE
from .entwurf import als_neue_version
from .rechtsakte import akt_festhalten, tag_pruefen

SCHRITT_NOTIZ_LAENGE = 500


def naechste_ueberpruefung_spaetestens(ueberprueft_am: datetime.date) -> datetime.date:
    """A plan confirmed at a review is reviewed again at the latest after the
    months the Rechtsstand of the review's day sets (§ 15 Abs. 3 SGB II: six)."""
    return recht.ueberpruefung_spaetestens(ueberprueft_am).datum


def ueberpruefungsfristen_erledigen(plan: Kooperationsplan) -> None:
    """Close every open review deadline of the plan: its agreed versions' and
    those earlier reviews set. A new review, a new agreement or a Bescheid
    takes their place."""
    for version in plan.versionen.filter(status="vereinbart"):
        wiedervorlage_erledigen(ursache=version, art=Fristart.UEBERPRUEFUNG)
    for frueher in plan.ueberpruefungen.filter(ergebnis=UeberpruefungErgebnis.BESTAETIGT):
        wiedervorlage_erledigen(ursache=frueher, art=Fristart.UEBERPRUEFUNG)


def _schritte_pruefen(version: PlanVersion, schritte: dict, fehler: dict) -> list:
    """Every item of the reviewed version needs its state; nothing else."""
    eintraege = list(version.eintraege.order_by("teil", "reihenfolge", "pk"))
    bekannt = {e.pk for e in eintraege}
    fremd = [pk for pk in schritte if pk not in bekannt]
    if fremd:
        fehler["schritte"] = "Diese Schritte gehören nicht zur überprüften Version."
    ergebnis = []
    for eintrag in eintraege:
        stand, notiz = schritte.get(eintrag.pk, ("", ""))
        if stand not in SchrittStand.values:
            fehler[f"schritt_{eintrag.pk}"] = (
                f"Bitte wählen Sie, wie der Schritt „{eintrag.text[:60]}“ steht."
            )
        elif len(notiz or "") > SCHRITT_NOTIZ_LAENGE:
            fehler[f"schritt_{eintrag.pk}_notiz"] = (
                f"Die Notiz ist zu lang: höchstens {SCHRITT_NOTIZ_LAENGE} Zeichen."
            )
        ergebnis.append((eintrag, stand, (notiz or "").strip()))
    return ergebnis


@transaction.atomic
def ueberpruefung_festhalten(
    *,
    acting_user,
    plan: Kooperationsplan,
    ueberprueft_am: datetime.date,
    ergebnis: str,
    schritte: dict[int, tuple[str, str]],
    notiz: str = "",
    naechste_schritte: str = "",
    naechste_ueberpruefung_am: datetime.date | None = None,
) -> Ueberpruefung:
    """§ 15 Abs. 3 SGB II: the agreed plan is reviewed together with the person
    at the latest after six months. Records the review of the version in force
    (``schritte``: item id → (state, note) for every item) and closes the
    review deadline. Then either the plan is continued as a new draft
    (Fortschreibung, a legal act of the review's day), or it stays in force
    and is reviewed again by ``naechste_ueberpruefung_am``: after the review
    day and at the latest after the months of the Rechtsstand of that day
    (the latest such day when none is given)."""
    datumsregeln.pruefen(
        ueberprueft_am=ueberprueft_am, naechste_ueberpruefung_am=naechste_ueberpruefung_am
    )
    tag_pruefen(ueberprueft_am, "ueberprueft_am")
    lage = Planlage.sperren(plan.pk, am=ueberprueft_am)
    uebergang = pruefen("ueberpruefung_festhalten", acting_user, lage)
    plan = lage.plan
    version = lage.vereinbarte
    fehler: dict[str, str] = {}
    if ueberprueft_am < version.vereinbart_am:
        fehler["ueberprueft_am"] = (
            f"Die Überprüfung liegt vor der Vereinbarung ({version.vereinbart_am:%d.%m.%Y}). "
            "Bitte prüfen Sie das Datum."
        )
    if ergebnis not in UeberpruefungErgebnis.values:
        fehler["ergebnis"] = "Bitte wählen Sie, wie es weitergeht."
    for feld, text in (("notiz", notiz), ("naechste_schritte", naechste_schritte)):
        if len(text) > NOTIZ_LAENGE:
            fehler[feld] = f"Der Text ist zu lang: höchstens {NOTIZ_LAENGE} Zeichen."
    geprueft = _schritte_pruefen(version, schritte, fehler)
    if ergebnis == UeberpruefungErgebnis.BESTAETIGT and "ueberprueft_am" not in fehler:
        spaetestens = naechste_ueberpruefung_spaetestens(ueberprueft_am)
        if naechste_ueberpruefung_am is None:
            naechste_ueberpruefung_am = spaetestens
        elif not ueberprueft_am < naechste_ueberpruefung_am <= spaetestens:
            fehler["naechste_ueberpruefung_am"] = (
                f"Die nächste Überprüfung muss nach dem {ueberprueft_am:%d.%m.%Y} und "
                f"spätestens am {spaetestens:%d.%m.%Y} liegen (§ 15 Abs. 3 SGB II)."
            )
    elif ergebnis == UeberpruefungErgebnis.FORTSCHREIBUNG and naechste_ueberpruefung_am:
        fehler["naechste_ueberpruefung_am"] = (
            "Bei einer Fortschreibung ergibt sich die nächste Überprüfung aus der neuen "
            "Vereinbarung: bitte lassen Sie das Feld leer."
        )
    if fehler:
        raise Fachfehler(fehler)
    with im_namen_von(acting_user, "Überprüfung festgehalten"):
        ueberpruefung = Ueberpruefung(
            plan=plan,
            version=version,
            am=ueberprueft_am,
            notiz=notiz.strip(),
            naechste_schritte=naechste_schritte.strip(),
            ergebnis=ergebnis,
            naechste_ueberpruefung_am=(
                naechste_ueberpruefung_am if ergebnis == UeberpruefungErgebnis.BESTAETIGT else None
            ),
            erstellt_von=acting_user,
        )
        speichern(ueberpruefung)
        for eintrag, stand, schritt_notiz in geprueft:
            speichern(
                UeberpruefungSchritt(
                    ueberpruefung=ueberpruefung, eintrag=eintrag, stand=stand, notiz=schritt_notiz
                )
            )
        # The review took place: its deadline is met.
        ueberpruefungsfristen_erledigen(plan)
        if ergebnis == UeberpruefungErgebnis.FORTSCHREIBUNG:
            akt_festhalten(
                plan=plan,
                art=Aktart.FORTSCHREIBUNG,
                am=ueberprueft_am,
                acting_user=acting_user,
                feld="ueberprueft_am",
            )
            ueberpruefung.neue_version = als_neue_version(plan, version)
            stand_setzen(lage, uebergang, PlanStatus.ENTWURF)
        else:
            ueberpruefung.neue_version = None
            wiedervorlage_setzen_fuer(
                leistungsberechtigter=plan.leistungsberechtigter,
                ursache=ueberpruefung,
                art=Fristart.UEBERPRUEFUNG,
                faellig_am=ueberpruefung.naechste_ueberpruefung_am,
            )
            stand_setzen(lage, uebergang, PlanStatus.VEREINBART)
        naechste_frist_aktualisieren(plan.leistungsberechtigter_id)
    return ueberpruefung
