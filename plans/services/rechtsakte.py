"""Recording which Rechtsstand a legal act on a plan followed, and why.

Every service that performs a legal act calls ``akt_festhalten`` inside its
transaction with the act's own day: the act is refused with the engine's
reason (naming the field of the day) where the Rechtsstand it follows does not
provide it, and otherwise recorded with that Rechtsstand and the sentence
saying why (``kooperation.recht.fuer_akt``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from cases.models import Leistungsberechtigter
from cases.services import naechste_frist_aktualisieren
from kooperation import access, recht
from kooperation.audit import im_namen_von, lesezugriff
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import Rechtsstand
from kooperation.rechtsregeln import Verstossart
from kooperation.services import speichern

from .. import lebenszyklus
from ..lebenszyklus import Planlage
from ..models import Kooperationsplan, Pflichtverletzung, Rechtsakt

# Acts are recorded on the day they happen or later, never in advance; and
# not before the first Rechtsstand this software knows.
FRUEHESTENS = datetime.date(2023, 7, 1)


def tag_pruefen(tag: datetime.date | None, feld: str, *, frueher_als: str = "") -> None:
    """A day of an act: given, not in the future, not before the first
    Rechtsstand. Raises ``Fachfehler`` naming ``feld``."""
    if tag is None:
        raise Fachfehler({feld: "Bitte geben Sie das Datum an."})
    if tag > lebenszyklus.heute():
        raise Fachfehler({feld: "Das Datum liegt in der Zukunft. Bitte prüfen Sie es."})
    if tag < FRUEHESTENS:
        raise Fachfehler(
            {
                feld: f"Das Datum liegt vor dem {FRUEHESTENS:%d.%m.%Y}: dafür gilt kein erfasster "
                "Rechtsstand."
            }
        )


def akt_festhalten(
    *,
    plan: Kooperationsplan,
    art: str,
    am: datetime.date,
    acting_user,
    feld: str = "am",
    begonnen_am: datetime.date | None = None,
    tat_am: datetime.date | None = None,
    anlass: str | None = None,
) -> Rechtsakt:
    """Check that the act is possible on its day under the Rechtsstand it
    follows and record it; ``Fachfehler`` on ``feld`` with the reason if not."""
    if am < plan.begonnen_am:
        raise Fachfehler(
            {feld: f"Das Datum liegt vor dem Beginn des Plans ({plan.begonnen_am:%d.%m.%Y})."}
        )
    pruefung = recht.akt_moeglich(art, am, begonnen_am=begonnen_am, tat_am=tat_am, anlass=anlass)
    if not pruefung:
        raise Fachfehler({feld: pruefung.begruendung})
    wahl = recht.fuer_akt(art, am, begonnen_am=begonnen_am, tat_am=tat_am)
    akt = Rechtsakt(
        plan=plan,
        art=art,
        am=am,
        rechtsstand=Rechtsstand.objects.zu(wahl.rechtsstand),
        stichtag=wahl.stichtag,
        begruendung=wahl.begruendung,
        uebergangsregel=wahl.uebergangsregel_angewandt,
        erfasst_von=acting_user,
    )
    speichern(akt)
    return akt


@dataclass(frozen=True)
class Beurteilung:
    """How a breach is judged before it is recorded: the Rechtsstand its act
    follows and why, and the consequence that Rechtsstand's values name (the
    reduction itself is decided by the benefits team; no amount here)."""

    rechtsstand: str
    warum: str
    uebergangsregel: bool
    folge: str
    berichtet: bool
    fruehere_zaehlen: int


def _verstoss_pruefen(*, art: str, tat_am, festgestellt_am, beschreibung: str | None) -> None:
    fehler = {}
    if art not in Verstossart.values:
        fehler["art"] = "Bitte wählen Sie die Art des Verstoßes."
    if beschreibung is not None and not beschreibung.strip():
        fehler["beschreibung"] = "Bitte beschreiben Sie, was passiert ist."
    if fehler:
        raise Fachfehler(fehler)
    tag_pruefen(tat_am, "tat_am")
    tag_pruefen(festgestellt_am, "festgestellt_am")
    if tat_am > festgestellt_am:
        raise Fachfehler({"tat_am": "Der Verstoß kann nicht nach seiner Feststellung liegen."})


def _beurteilen(
    plan: Kooperationsplan | None,
    *,
    person=None,
    art: str,
    tat_am: datetime.date,
    festgestellt_am: datetime.date,
    wichtiger_grund: str,
) -> Beurteilung:
    person = plan.leistungsberechtigter if plan is not None else person
    fruehere = [
        recht.FruehererVerstoss(v.art, v.tat_am, zaehlt=v.zaehlt)
        for v in Pflichtverletzung.objects.filter(leistungsberechtigter=person, tat_am__lt=tat_am)
    ]
    wahl = recht.fuer_akt(Verstossart(art).aktart, festgestellt_am, tat_am=tat_am)
    if wichtiger_grund.strip():
        return Beurteilung(
            rechtsstand=wahl.rechtsstand.bezeichnung,
            warum=wahl.begruendung,
            uebergangsregel=wahl.uebergangsregel_angewandt,
            folge=f"Wichtiger Grund liegt vor: {wichtiger_grund.strip()} – keine Minderung.",
            berichtet=False,
            fruehere_zaehlen=sum(1 for v in fruehere if v.zaehlt),
        )
    schlichtung = (
        plan.schlichtungen.filter(begonnen_am__lte=tat_am)
        .exclude(beendet_am__lt=tat_am)
        .order_by("-begonnen_am")
        .first()
        if plan is not None
        else None
    )
    folge = recht.folge_fuer_verstoss(
        art,
        tat_am,
        fruehere=fruehere,
        festgestellt_am=festgestellt_am,
        laufende_schlichtung_seit=schlichtung.begonnen_am if schlichtung else None,
    )
    text = folge.begruendung
    if folge.berichtet:
        text += " (Werte berichtet, nicht am Gesetzestext geprüft)"
    return Beurteilung(
        rechtsstand=wahl.rechtsstand.bezeichnung,
        warum=wahl.begruendung,
        uebergangsregel=wahl.uebergangsregel_angewandt,
        folge=text,
        berichtet=folge.berichtet,
        fruehere_zaehlen=len(folge.mitgezaehlt),
    )


def pflichtverletzung_beurteilen(
    *,
    acting_user,
    plan: Kooperationsplan,
    art: str,
    tat_am: datetime.date | None,
    festgestellt_am: datetime.date | None = None,
    wichtiger_grund: str = "",
) -> Beurteilung:
    """Which Rechtsstand a breach would follow and the consequence it names,
    before it is recorded (nothing is saved). The breach is judged by the law
    at the time it was committed (the Rechtsstand's transition rule); the
    person's earlier breaches count as that law says. The read of the earlier
    breaches is audited."""
    if not access.darf_bearbeiten(acting_user, plan):
        raise KeinZugriff()
    festgestellt_am = festgestellt_am or lebenszyklus.heute()
    _verstoss_pruefen(art=art, tat_am=tat_am, festgestellt_am=festgestellt_am, beschreibung=None)
    if festgestellt_am < plan.begonnen_am:
        raise Fachfehler(
            {
                "festgestellt_am": "Das Datum liegt vor dem Beginn des Plans "
                f"({plan.begonnen_am:%d.%m.%Y})."
            }
        )
    lesezugriff(acting_user, plan, "Folge einer Pflichtverletzung geprüft")
    return _beurteilen(
        plan,
        art=art,
        tat_am=tat_am,
        festgestellt_am=festgestellt_am,
        wichtiger_grund=wichtiger_grund,
    )


@transaction.atomic
def pflichtverletzung_festhalten(
    *,
    acting_user,
    plan: Kooperationsplan | None = None,
    leistungsberechtigter=None,
    art: str,
    tat_am: datetime.date,
    festgestellt_am: datetime.date | None = None,
    beschreibung: str,
    wichtiger_grund: str = "",
) -> Pflichtverletzung:
    """Record a breach. It is judged by the law at the time it was committed
    (the Rechtsstand's transition rule), whenever it is recorded; earlier
    breaches of the person count as that law says.

    A breach belongs to the person; ``plan`` is named where there is one (it
    then also records the act on the plan). Without a plan (a missed first
    appointment before any plan) ``leistungsberechtigter`` names the person."""
    if plan is not None:
        plan = Planlage.sperren(plan.pk).plan
        person = plan.leistungsberechtigter
        pruefobjekt = plan
    elif leistungsberechtigter is not None:
        person = Leistungsberechtigter.objects.select_for_update().get(pk=leistungsberechtigter.pk)
        pruefobjekt = person
    else:
        raise Fachfehler({"leistungsberechtigter": "Bitte nennen Sie die Person."})
    if not access.darf_bearbeiten(acting_user, pruefobjekt):
        raise KeinZugriff()
    festgestellt_am = festgestellt_am or lebenszyklus.heute()
    _verstoss_pruefen(
        art=art, tat_am=tat_am, festgestellt_am=festgestellt_am, beschreibung=beschreibung
    )
    beurteilung = _beurteilen(
        plan,
        person=person,
        art=art,
        tat_am=tat_am,
        festgestellt_am=festgestellt_am,
        wichtiger_grund=wichtiger_grund,
    )
    with im_namen_von(acting_user, "Pflichtverletzung festgehalten"):
        verstoss = Pflichtverletzung(
            leistungsberechtigter=person,
            plan=plan,
            art=art,
            tat_am=tat_am,
            festgestellt_am=festgestellt_am,
            beschreibung=beschreibung.strip(),
            wichtiger_grund=wichtiger_grund.strip(),
            folge=beurteilung.folge,
            erstellt_von=acting_user,
        )
        speichern(verstoss)
        if plan is not None:
            akt_festhalten(
                plan=plan,
                art=Verstossart(art).aktart,
                am=festgestellt_am,
                acting_user=acting_user,
                feld="festgestellt_am",
                tat_am=tat_am,
            )
        naechste_frist_aktualisieren(person.pk)
    return verstoss
