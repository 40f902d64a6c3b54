"""Deadlines that an agreed plan sets: its appointments and the proofs of
the Eigenbemühungen (seed 001 "Verabredungen"; § 15 Abs. 2 Nr. 2 SGB II: the
plan names the Eigenbemühungen and how they are shown).

Filed as Wiedervorlagen when the version is agreed, so the deadline watch
reminds the IFK before the date and escalates when nobody recorded that the
appointment took place or the proof came in."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from cases.services import naechste_frist_aktualisieren, wiedervorlage_setzen_fuer
from kooperation import access
from kooperation.audit import im_namen_von
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import WIEDERVORLAGE_NACH_TAGEN, Fristart, FristEinstellung
from kooperation.services import wiedervorlage_erledigen

from ..models import (
    WIEDERVORLAGE_NACH_KEIN_PLAN,
    KeinPlanWiedervorlage,
    PlanEintrag,
    Planteil,
    PlanVersion,
    Schlichtung,
    VersionStatus,
)


def _fristen_des_eintrags(eintrag: PlanEintrag) -> list[tuple[str, object]]:
    fristen = []
    if eintrag.termin is not None:
        fristen.append((Fristart.TERMIN, timezone.localdate(eintrag.termin)))
    if eintrag.teil == Planteil.EIGENBEMUEHUNG and eintrag.nachweis_bis is not None:
        fristen.append((Fristart.NACHWEIS, eintrag.nachweis_bis))
    return fristen


def vereinbarte_fristen_setzen(version: PlanVersion) -> int:
    """File a TERMIN deadline for every item with an appointment and a
    NACHWEIS deadline for every Eigenbemühung with a proof date; close those of
    the versions this one replaces (their items live on in this version).

    Runs inside ``planversion_vereinbaren``'s transaction; returns how many
    deadlines were filed."""
    person = version.plan.leistungsberechtigter
    frueher = PlanEintrag.objects.filter(
        version__plan_id=version.plan_id, version__status=VersionStatus.VEREINBART
    ).exclude(version=version)
    for eintrag in frueher:
        for art, _ in _fristen_des_eintrags(eintrag):
            wiedervorlage_erledigen(ursache=eintrag, art=art)
    anzahl = 0
    for eintrag in version.eintraege.all():
        for art, faellig_am in _fristen_des_eintrags(eintrag):
            wiedervorlage_setzen_fuer(
                leistungsberechtigter=person,
                ursache=eintrag,
                art=art,
                faellig_am=faellig_am,
            )
            anzahl += 1
    return anzahl


@transaction.atomic
def planfrist_erledigen(*, acting_user, eintrag: PlanEintrag, art: str) -> None:
    """The appointment took place or the proof came in: close its deadline."""
    if not access.darf_bearbeiten(acting_user, eintrag):
        raise KeinZugriff()
    if art not in (Fristart.TERMIN, Fristart.NACHWEIS):
        raise Fachfehler({"art": "Nur Termine und Nachweise werden hier erledigt."})
    with im_namen_von(acting_user, "Frist aus dem Kooperationsplan erledigt"):
        if wiedervorlage_erledigen(ursache=eintrag, art=art) is None:
            raise Fachfehler("Für diesen Eintrag ist keine offene Frist dieser Art erfasst.")
        naechste_frist_aktualisieren(eintrag.version.plan.leistungsberechtigter_id)


def wiedervorlage_nach(*, leistungsberechtigter, ursache, art: str, ab, grund: str = "") -> None:
    """Bring the case up again after a Schlichtung without agreement or after
    "kein Plan". The days, the first that is set: the Jobcenter's for this
    reason of "kein Plan" (``KeinPlanWiedervorlage``), the Jobcenter's for the
    occasion (``FristEinstellung.nach_tagen``), the default for the reason,
    the default for the occasion."""
    jobcenter_id = leistungsberechtigter.jobcenter_id
    tage = None
    if grund:
        tage = (
            KeinPlanWiedervorlage.objects.filter(jobcenter_id=jobcenter_id, grund=grund)
            .values_list("nach_tagen", flat=True)
            .first()
        )
    if tage is None:
        tage = (
            FristEinstellung.objects.filter(
                jobcenter_id=jobcenter_id, art=art, nach_tagen__isnull=False
            )
            .values_list("nach_tagen", flat=True)
            .first()
        )
    if tage is None:
        tage = WIEDERVORLAGE_NACH_KEIN_PLAN.get(grund) or WIEDERVORLAGE_NACH_TAGEN[art]
    wiedervorlage_setzen_fuer(
        leistungsberechtigter=leistungsberechtigter,
        ursache=ursache,
        art=art,
        faellig_am=ab + datetime.timedelta(days=tage),
    )


def wiedervorlagen_nach_nichteinigung_erledigen(plan) -> None:
    """The case moved on (a plan agreed, obligations demanded, a new plan
    begun): the look-again deadlines of this plan and of its Schlichtungen
    are met."""
    wiedervorlage_erledigen(ursache=plan, art=Fristart.NACH_KEIN_PLAN)
    for schlichtung in Schlichtung.objects.filter(plan=plan):
        wiedervorlage_erledigen(ursache=schlichtung, art=Fristart.NACH_SCHLICHTUNG)
