"""Agreeing a plan with the person, its review and continuation (§ 15 Abs. 3
SGB II), and recording that no plan comes about (Rz. 20)."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction

from cases.models import Phase
from cases.services import fall_frist_aktualisieren, fall_phase_setzen, fallfrist_setzen
from kooperation import access
from kooperation.audit import im_namen_von
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import Abstimmungszeitpunkt, Fristart
from kooperation.services import speichern, wiedervorlage_erledigen

from ..dokumente.lesbarkeit import lesbarkeit_des_plans
from ..dokumente.pdf import PlanPdf
from ..models import (
    KeinPlanGrund,
    Kooperationsplan,
    PlanStatus,
    Planteil,
    PlanVersion,
    VersionStatus,
)
from ..tasks import pdf_rendern
from .abstimmung import abstimmung_anfragen, abstimmung_fehlt
from .entwurf import als_neue_version
from .fristen import vereinbarte_fristen_setzen


@transaction.atomic
def planversion_vereinbaren(
    *,
    acting_user,
    version: PlanVersion,
    vereinbart_am: datetime.date,
    vertreter_zustimmung_am: datetime.date | None = None,
) -> PlanVersion:
    """Agree the draft with the person. From now on the version is frozen.

    § 15 Abs. 3 SGB II: review together with the person at the latest after
    the months the plan's Rechtsstand sets (six). Minors: the consent of the
    gesetzlicher Vertreter is recorded (seed 000 Rz. 21)."""
    version = PlanVersion.objects.select_for_update().get(pk=version.pk)
    plan = version.plan
    person = plan.leistungsberechtigter
    if not access.darf_bearbeiten(acting_user, version):
        raise KeinZugriff()
    fehler: dict[str, str] = {}
    if version.status != VersionStatus.ENTWURF:
        raise Fachfehler("Diese Version ist schon vereinbart.")
    if not version.ziel.strip():
        fehler["ziel"] = "Bitte tragen Sie das Ziel ein („Der Plan“)."
    if not version.eintraege.filter(teil=Planteil.WEG).exists():
        fehler["weg"] = "Bitte tragen Sie mindestens einen nächsten Schritt ein („Der Weg“)."
    if person.ist_minderjaehrig(vereinbart_am) and vertreter_zustimmung_am is None:
        fehler["vertreter_zustimmung_am"] = (
            "Die Person ist minderjährig: Bitte tragen Sie ein, wann die gesetzliche "
            "Vertretung zugestimmt hat."
        )
    nach_gespraech = person.jobcenter.abstimmungszeitpunkt == Abstimmungszeitpunkt.NACH_GESPRAECH
    if not nach_gespraech and (grund := abstimmung_fehlt(version)):
        fehler["abstimmung"] = grund
    # Seed 001: everything on one page. Checked on the layout the PDF will have.
    seite = PlanPdf.fuer_version(version).pruefen()
    if not seite.passt:
        fehler.setdefault(seite.zu_kuerzen or "ziel", seite.meldung)
    if fehler:
        raise Fachfehler(fehler)
    with im_namen_von(acting_user, "Kooperationsplan vereinbart"):
        version.lesbarkeit_wstf = lesbarkeit_des_plans(version)
        version.status = VersionStatus.VEREINBART
        version.vereinbart_am = vereinbart_am
        version.vereinbart_von = acting_user
        version.vertreter_zustimmung_am = vertreter_zustimmung_am
        version.ueberpruefung_bis = vereinbart_am + relativedelta(
            months=plan.rechtsstand.ueberpruefung_spaetestens_monate
        )
        version.sperrversion += 1
        speichern(version)
        plan.status = PlanStatus.VEREINBART
        speichern(plan)
        # A continuation meets the review deadline of the version it replaces.
        for frueher in plan.versionen.filter(status=VersionStatus.VEREINBART).exclude(
            pk=version.pk
        ):
            wiedervorlage_erledigen(ursache=frueher, art=Fristart.UEBERPRUEFUNG)
        fallfrist_setzen(
            person=person,
            ursache=version,
            art=Fristart.UEBERPRUEFUNG,
            faellig_am=version.ueberpruefung_bis,
        )
        vereinbarte_fristen_setzen(version)
        fall_phase_setzen(person, Phase.VEREINBART)
        fall_frist_aktualisieren(person.pk)
        if nach_gespraech and abstimmung_fehlt(version):
            # Abstimmung after the conversation (Rz. 16): ask the Träger now.
            abstimmung_anfragen(
                acting_user=acting_user, version=version, angefragt_am=vereinbart_am
            )
    pdf_rendern.delay_on_commit(version.pk)
    return version


@transaction.atomic
def kein_plan_festhalten(
    *, acting_user, plan: Kooperationsplan, grund: str, erlaeuterung: str = ""
) -> Kooperationsplan:
    """Rz. 20: record why no plan comes about or makes sense."""
    if not access.darf_bearbeiten(acting_user, plan):
        raise KeinZugriff()
    if grund not in KeinPlanGrund.values:
        raise Fachfehler({"grund": "Bitte wählen Sie einen Grund aus der Liste."})
    if plan.status in (PlanStatus.VEREINBART, PlanStatus.UEBERPRUEFUNG):
        raise Fachfehler("Für diesen Plan gibt es schon eine vereinbarte Version.")
    person = plan.leistungsberechtigter
    with im_namen_von(acting_user, "Kein Plan festgehalten"):
        plan.status = PlanStatus.KEIN_PLAN
        plan.kein_plan_grund = grund
        plan.kein_plan_erlaeuterung = erlaeuterung
        speichern(plan)
        if plan.potenzialanalyse_id:
            wiedervorlage_erledigen(ursache=plan.potenzialanalyse, art=Fristart.PLANENTWURF)
        fall_phase_setzen(person, Phase.KEIN_PLAN)
        fall_frist_aktualisieren(person.pk)
    return plan


# --- Review and continuation (§ 15 Abs. 3 SGB II) ---------------------------


def _aktuelle_vereinbarte_version(plan: Kooperationsplan) -> PlanVersion:
    version = plan.versionen.filter(status=VersionStatus.VEREINBART).order_by("-nummer").first()
    if version is None:
        raise Fachfehler("Dieser Plan hat noch keine vereinbarte Version.")
    return version


@transaction.atomic
def ueberpruefung_beginnen(*, acting_user, plan: Kooperationsplan) -> Kooperationsplan:
    """§ 15 Abs. 3 SGB II: the plan is reviewed together with the person, at the
    latest after six months. The review deadline is met once the continued
    version is agreed."""
    plan = Kooperationsplan.objects.select_for_update().get(pk=plan.pk)
    if not access.darf_bearbeiten(acting_user, plan):
        raise KeinZugriff()
    if plan.status != PlanStatus.VEREINBART:
        raise Fachfehler("Eine Überprüfung beginnt nur bei einem vereinbarten Plan.")
    with im_namen_von(acting_user, "Überprüfung begonnen"):
        plan.status = PlanStatus.UEBERPRUEFUNG
        speichern(plan)
        fall_phase_setzen(plan.leistungsberechtigter, Phase.UEBERPRUEFUNG)
    return plan


@transaction.atomic
def plan_fortschreiben(*, acting_user, plan: Kooperationsplan) -> PlanVersion:
    """Continue the plan as a new draft version with the agreed content copied;
    the agreed version stays as it was."""
    plan = Kooperationsplan.objects.select_for_update().get(pk=plan.pk)
    if not access.darf_bearbeiten(acting_user, plan):
        raise KeinZugriff()
    if plan.status not in (PlanStatus.VEREINBART, PlanStatus.UEBERPRUEFUNG):
        raise Fachfehler("Fortschreiben lässt sich nur ein vereinbarter Plan.")
    alt = _aktuelle_vereinbarte_version(plan)
    with im_namen_von(acting_user, "Plan fortgeschrieben"):
        neu = als_neue_version(plan, alt)
        plan.status = PlanStatus.ENTWURF
        speichern(plan)
        fall_phase_setzen(plan.leistungsberechtigter, Phase.PLANUNG)
    return neu
