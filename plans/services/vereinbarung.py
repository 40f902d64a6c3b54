"""Agreeing a plan with the person, its review and continuation (§ 15 Abs. 3
SGB II), and recording that no plan comes about (Rz. 20)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from cases.services import naechste_frist_aktualisieren, wiedervorlage_setzen_fuer
from kooperation import access, datumsregeln, recht
from kooperation.audit import im_namen_von
from kooperation.celery import nach_commit
from kooperation.errors import Fachfehler, KeinZugriff, Konflikt
from kooperation.models import Abstimmungszeitpunkt, Fristart
from kooperation.rechtsregeln import Aktart
from kooperation.services import speichern, wiedervorlage_erledigen

from .. import lebenszyklus
from ..dokumente.lesbarkeit import lesbarkeit_des_plans
from ..dokumente.pdf import PlanPdf
from ..lebenszyklus import Planlage, pruefen, stand_setzen
from ..models import (
    Einladung,
    KeinPlanGrund,
    Kooperationsplan,
    PlanStatus,
    Planteil,
    PlanVersion,
    Schlichtung,
    SchlichtungErgebnis,
    Terminergebnis,
    VersionStatus,
)
from ..tasks import pdf_rendern
from ..zustimmung import abstimmung_fehlt
from .abstimmung import abstimmung_anfragen
from .entwurf import als_neue_version, entwurf_vorgelegt, kooperationsplan_anlegen
from .fristen import (
    vereinbarte_fristen_setzen,
    wiedervorlage_nach,
    wiedervorlagen_nach_nichteinigung_erledigen,
)
from .nichteinigung import bescheide_beenden
from .rechtsakte import akt_festhalten, tag_pruefen
from .termine import zugesagten_termin_einladen
from .ueberpruefung import ueberpruefungsfristen_erledigen


def _vertreter_pruefen(person, vertreter, zustimmung_am, fehler: dict):
    """A minor's plan needs a gesetzlicher Vertreter on file and the consent
    of that person, on a day that has already come (seed 000 Rz. 21)."""
    erfasst = list(person.vertreter.all())
    if not erfasst:
        fehler["vertreter"] = (
            "Die Person ist minderjährig, und in der Fallakte ist keine gesetzliche Vertretung "
            "erfasst. Bitte erfassen Sie sie zuerst."
        )
        return None
    if vertreter is None and len(erfasst) == 1:
        vertreter = erfasst[0]
    if vertreter is None:
        fehler["vertreter"] = "Bitte wählen Sie, welche gesetzliche Vertretung zugestimmt hat."
    elif vertreter.pk not in {v.pk for v in erfasst}:
        fehler["vertreter"] = "Diese gesetzliche Vertretung gehört zu einer anderen Person."
    if zustimmung_am is None:
        fehler["vertreter_zustimmung_am"] = (
            "Die Person ist minderjährig: Bitte tragen Sie ein, wann die gesetzliche "
            "Vertretung zugestimmt hat."
        )
    elif zustimmung_am > lebenszyklus.heute():
        fehler["vertreter_zustimmung_am"] = (
            "Das Datum der Zustimmung liegt in der Zukunft. Bitte prüfen Sie es."
        )
    return vertreter


@transaction.atomic
def planversion_vereinbaren(
    *,
    acting_user,
    version: PlanVersion,
    vereinbart_am: datetime.date,
    vertreter_zustimmung_am: datetime.date | None = None,
    vertreter=None,
) -> PlanVersion:
    """Agree the draft with the person. From now on the version is frozen.

    § 15 Abs. 3 SGB II: review together with the person at the latest after
    the months the plan's Rechtsstand sets (six). Minors: the consent of the
    gesetzlicher Vertreter is recorded (seed 000 Rz. 21). Seed 001: everything
    on one page, checked on the layout the PDF will have.

    The layout and the readability take a while: they are computed before any
    row is locked, and then confirmed against the locked draft (its
    ``sperrversion``), so nobody waits on the plan while a page is laid out."""
    datumsregeln.pruefen(
        vereinbart_am=vereinbart_am, vertreter_zustimmung_am=vertreter_zustimmung_am
    )
    gelesen = (
        PlanVersion.objects.select_related("plan__leistungsberechtigter__jobcenter")
        .filter(pk=version.pk)
        .first()
    )
    if gelesen is None or not access.darf_bearbeiten(acting_user, gelesen):
        raise KeinZugriff()
    seite = wstf = None
    if gelesen.status == VersionStatus.ENTWURF:
        seite = PlanPdf.fuer_version(gelesen).pruefen()
        wstf = lesbarkeit_des_plans(gelesen)

    tag_pruefen(vereinbart_am, "vereinbart_am")
    lage = Planlage.sperren(gelesen.plan_id, am=vereinbart_am)
    version = PlanVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.ENTWURF:
        raise Fachfehler("Diese Version ist schon vereinbart.")
    uebergang = pruefen("vereinbaren", acting_user, lage)
    if version.sperrversion != gelesen.sperrversion:
        raise Konflikt("Der Planentwurf")
    plan = lage.plan
    person = plan.leistungsberechtigter
    fehler: dict[str, str] = {}
    if not version.ziel.strip():
        fehler["ziel"] = "Bitte tragen Sie das Ziel ein („Der Plan“)."
    if not version.eintraege.filter(teil=Planteil.WEG).exists():
        fehler["weg"] = "Bitte tragen Sie mindestens einen nächsten Schritt ein („Der Weg“)."
    if person.ist_minderjaehrig(vereinbart_am):
        vertreter = _vertreter_pruefen(person, vertreter, vertreter_zustimmung_am, fehler)
        if vertreter_zustimmung_am is not None and vertreter_zustimmung_am > vereinbart_am:
            fehler.setdefault(
                "vertreter_zustimmung_am",
                "Die Zustimmung muss spätestens am Tag der Vereinbarung vorliegen.",
            )
    else:
        vertreter = None
    if not seite.passt:
        fehler.setdefault(seite.zu_kuerzen or "ziel", seite.meldung)
    if fehler:
        raise Fachfehler(fehler)
    with im_namen_von(acting_user, "Kooperationsplan vereinbart"):
        if lage.laufende_schlichtung is not None:
            _schlichtung_endet_mit_einigung(lage.laufende_schlichtung, vereinbart_am, acting_user)
        akt_festhalten(
            plan=plan,
            art=Aktart.VEREINBARUNG,
            am=vereinbart_am,
            acting_user=acting_user,
            feld="vereinbart_am",
        )
        version.lesbarkeit_wstf = wstf
        version.status = VersionStatus.VEREINBART
        version.vereinbart_am = vereinbart_am
        version.vereinbart_von = acting_user
        version.vertreter_zustimmung_am = vertreter_zustimmung_am if vertreter else None
        version.vertreter = vertreter
        version.ueberpruefung_bis = recht.ueberpruefung_spaetestens(vereinbart_am).datum
        version.sperrversion += 1
        speichern(version)
        stand_setzen(lage, uebergang, PlanStatus.VEREINBART)
        # A plan agreed was presented as a draft, at the latest that day: the
        # draft deadline ends however the draft came about.
        entwurf_vorgelegt(plan, version, vorgelegt=True, am=vereinbart_am)
        wiedervorlagen_nach_nichteinigung_erledigen(plan)
        bescheide_beenden(plan, vereinbart_am)
        # A continuation meets the review deadline of the version it replaces.
        # (and those of reviews that confirmed it meanwhile).
        ueberpruefungsfristen_erledigen(plan)
        wiedervorlage_setzen_fuer(
            leistungsberechtigter=person,
            ursache=version,
            art=Fristart.UEBERPRUEFUNG,
            faellig_am=version.ueberpruefung_bis,
        )
        vereinbarte_fristen_setzen(version)
        termine_einladen(acting_user=acting_user, version=version)
        naechste_frist_aktualisieren(person.pk)
        nach_gespraech = (
            person.jobcenter.abstimmungszeitpunkt == Abstimmungszeitpunkt.NACH_GESPRAECH
        )
        if nach_gespraech and abstimmung_fehlt(version):
            # Abstimmung after the conversation (Rz. 16): ask the Träger now.
            abstimmung_anfragen(
                acting_user=acting_user, version=version, angefragt_am=vereinbart_am
            )
    nach_commit(pdf_rendern, version.pk)
    return version


def termine_einladen(*, acting_user, version: PlanVersion) -> list[Einladung]:
    """The appointments of an agreed version become invitations, each with its
    letter (§ 59 SGB II with § 309 SGB III: day, place and purpose named).
    An item becomes at most one invitation (the invitation names its item,
    unique in the database); an appointment already past, or one the person
    is already invited to at that time (a Fortschreibung keeps the date), is
    left alone. An appointment that cannot become an invitation stops the
    agreement with the reason, so nothing is agreed half."""
    person = version.plan.leistungsberechtigter
    eingeladen = []
    for eintrag in version.eintraege.filter(
        teil=Planteil.TERMIN, termin__gte=timezone.now(), einladung__isnull=True
    ).order_by("termin", "pk"):
        schon = (
            Einladung.objects.filter(leistungsberechtigter=person, beginn=eintrag.termin)
            .exclude(ergebnis=Terminergebnis.VERLEGT)
            .exists()
        )
        if schon:
            continue
        eingeladen.append(
            zugesagten_termin_einladen(
                acting_user=acting_user,
                plan=version.plan,
                beginn=eintrag.termin,
                zweck=eintrag.text,
                feld="termin",
                quelle_eintrag=eintrag,
            )
        )
    return eingeladen


def _schlichtung_endet_mit_einigung(schlichtung: Schlichtung, am: datetime.date, user) -> None:
    """Agreeing the plan ends a running Schlichtung by agreement (§ 15a
    Abs. 4 SGB II), under the rules of its beginning, and meets its deadline."""
    akt_festhalten(
        plan=schlichtung.plan,
        art=Aktart.SCHLICHTUNG_ENDE,
        am=am,
        acting_user=user,
        feld="vereinbart_am",
        begonnen_am=schlichtung.begonnen_am,
    )
    schlichtung.beendet_am = am
    schlichtung.ergebnis = SchlichtungErgebnis.EINIGUNG
    speichern(schlichtung)
    wiedervorlage_erledigen(ursache=schlichtung, art=Fristart.SCHLICHTUNG)


@transaction.atomic
def kein_plan_festhalten(
    *, acting_user, plan: Kooperationsplan, grund: str, erlaeuterung: str = ""
) -> Kooperationsplan:
    """Rz. 20: record why no plan comes about or makes sense."""
    lage = Planlage.sperren(plan.pk)
    uebergang = pruefen("kein_plan", acting_user, lage)
    if grund not in KeinPlanGrund.values:
        raise Fachfehler({"grund": "Bitte wählen Sie einen Grund aus der Liste."})
    plan = lage.plan
    with im_namen_von(acting_user, "Kein Plan festgehalten"):
        plan.kein_plan_grund = grund
        plan.kein_plan_erlaeuterung = erlaeuterung
        # Kept so the IFK can take it back the same day (a slip of the hand).
        plan.kein_plan_am = lage.am
        plan.kein_plan_vorher = plan.status
        schlichtung = lage.laufende_schlichtung
        if schlichtung is not None:
            # No plan comes about: the Schlichtung ends without agreement.
            akt_festhalten(
                plan=plan,
                art=Aktart.SCHLICHTUNG_ENDE,
                am=lage.am,
                acting_user=acting_user,
                feld="grund",
                begonnen_am=schlichtung.begonnen_am,
            )
            schlichtung.beendet_am = lage.am
            schlichtung.ergebnis = SchlichtungErgebnis.KEINE_EINIGUNG
            speichern(schlichtung)
            wiedervorlage_erledigen(ursache=schlichtung, art=Fristart.SCHLICHTUNG)
        stand_setzen(lage, uebergang, PlanStatus.KEIN_PLAN)
        wiedervorlagen_nach_nichteinigung_erledigen(plan)
        wiedervorlage_nach(
            leistungsberechtigter=plan.leistungsberechtigter,
            ursache=plan,
            art=Fristart.NACH_KEIN_PLAN,
            ab=lage.am,
            grund=plan.kein_plan_grund,
        )
        if plan.potenzialanalyse_id:
            wiedervorlage_erledigen(ursache=plan.potenzialanalyse, art=Fristart.PLANENTWURF)
        naechste_frist_aktualisieren(plan.leistungsberechtigter_id)
    return plan


@transaction.atomic
def kein_plan_ohne_plan_festhalten(
    *, acting_user, leistungsberechtigter, grund: str, erlaeuterung: str = ""
) -> Kooperationsplan:
    """Rz. 20, from the person's page: no plan makes sense, recorded before any
    plan was begun (a plan is begun today, from her latest completed
    Potenzialanalyse, and closed at once with the reason)."""
    if grund not in KeinPlanGrund.values:
        raise Fachfehler({"grund": "Bitte wählen Sie einen Grund aus der Liste."})
    if leistungsberechtigter.plaene.exclude(status=PlanStatus.KEIN_PLAN).exists():
        raise Fachfehler(
            "Für diese Person gibt es schon einen Kooperationsplan: Bitte halten Sie "
            "„Kein Plan“ dort fest."
        )
    pa = (
        leistungsberechtigter.potenzialanalysen.filter(status="abgeschlossen")
        .order_by("-abgeschlossen_am")
        .first()
    )
    plan = kooperationsplan_anlegen(
        acting_user=acting_user,
        leistungsberechtigter=leistungsberechtigter,
        begonnen_am=lebenszyklus.heute(),
        potenzialanalyse=pa,
    )
    return kein_plan_festhalten(
        acting_user=acting_user, plan=plan, grund=grund, erlaeuterung=erlaeuterung
    )


@transaction.atomic
def kein_plan_zuruecknehmen(*, acting_user, plan: Kooperationsplan) -> Kooperationsplan:
    """Take back „Kein Plan“ on the day it was recorded: the plan returns to
    the state it had, its deadlines as they were (the Wiedervorlage after „kein
    Plan“ ends; the draft deadline of the Potenzialanalyse is filed again
    while no draft was presented)."""
    lage = Planlage.sperren(plan.pk)
    uebergang = pruefen("kein_plan_zuruecknehmen", acting_user, lage)
    plan = lage.plan
    with im_namen_von(acting_user, "„Kein Plan“ zurückgenommen"):
        vorher = plan.kein_plan_vorher or PlanStatus.ENTWURF
        plan.kein_plan_grund = ""
        plan.kein_plan_erlaeuterung = ""
        plan.kein_plan_am = None
        plan.kein_plan_vorher = ""
        # Saved with the state it returns to (a plan without a reason is not
        # „kein Plan“).
        stand_setzen(lage, uebergang, vorher)
        wiedervorlage_erledigen(ursache=plan, art=Fristart.NACH_KEIN_PLAN)
        pa = plan.potenzialanalyse
        if pa is not None and pa.entwurf_frist and plan.entwurf_vorgelegt_am is None:
            wiedervorlage_setzen_fuer(
                leistungsberechtigter=plan.leistungsberechtigter,
                ursache=pa,
                art=Fristart.PLANENTWURF,
                faellig_am=pa.entwurf_frist,
            )
        naechste_frist_aktualisieren(plan.leistungsberechtigter_id)
    return plan


# --- Review and continuation (§ 15 Abs. 3 SGB II) ---------------------------


@transaction.atomic
def ueberpruefung_beginnen(*, acting_user, plan: Kooperationsplan) -> Kooperationsplan:
    """§ 15 Abs. 3 SGB II: the plan is reviewed together with the person, at the
    latest after six months. The review deadline is met once the continued
    version is agreed."""
    lage = Planlage.sperren(plan.pk)
    uebergang = pruefen("ueberpruefung", acting_user, lage)
    with im_namen_von(acting_user, "Überprüfung begonnen"):
        stand_setzen(lage, uebergang, PlanStatus.UEBERPRUEFUNG)
    return lage.plan


@transaction.atomic
def plan_fortschreiben(*, acting_user, plan: Kooperationsplan) -> PlanVersion:
    """Continue the plan as a new draft version with the agreed content copied;
    the agreed version stays as it was."""
    lage = Planlage.sperren(plan.pk)
    uebergang = pruefen("fortschreiben", acting_user, lage)
    with im_namen_von(acting_user, "Plan fortgeschrieben"):
        akt_festhalten(
            plan=lage.plan, art=Aktart.FORTSCHREIBUNG, am=lage.am, acting_user=acting_user
        )
        neu = als_neue_version(lage.plan, lage.vereinbarte)
        stand_setzen(lage, uebergang, PlanStatus.ENTWURF)
    return neu
