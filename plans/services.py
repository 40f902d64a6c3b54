"""State transitions of Kooperationspläne. Each takes the acting user, checks
the access policy, validates, runs in one transaction and is audited."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases.models import Leistungsberechtigter, Phase, Potenzialanalyse
from cases.services import fall_frist_aktualisieren, fall_phase_setzen
from kooperation import access
from kooperation.arbeitstage import jobcenter_arbeitstage_nach
from kooperation.audit import im_namen_von
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import Abstimmungsmodus, Fristart, Rechtsstand
from kooperation.services import wiedervorlage_erledigen, wiedervorlage_setzen

from .lesbarkeit import lesbarkeit_des_plans
from .models import (
    AbstimmungStatus,
    KeinPlanGrund,
    Kooperationsplan,
    PlanStatus,
    Planteil,
    PlanVersion,
    TraegerAbstimmung,
    VersionStatus,
)
from .pdf import PlanPdf


def _speichern(obj) -> None:
    obj.full_clean()
    obj.save()


def abstimmung_erforderlich(version: PlanVersion) -> bool:
    """§ 15 Abs. 2 Satz 1 SGB II asks for it in every case; practice asks only
    when § 16a services are in the plan (Rz. 15). The Jobcenter decides; with
    a zugelassener kommunaler Träger (§ 6a) the step falls away."""
    jobcenter = version.plan.leistungsberechtigter.jobcenter
    if jobcenter.abstimmung_entfaellt:
        return False
    if jobcenter.abstimmungsmodus == Abstimmungsmodus.ALLE:
        return True
    return version.eintraege.exclude(leistung_16a="").exists()


@transaction.atomic
def kooperationsplan_anlegen(
    *,
    acting_user,
    leistungsberechtigter: Leistungsberechtigter,
    begonnen_am: datetime.date,
    potenzialanalyse: Potenzialanalyse | None = None,
) -> Kooperationsplan:
    """Start a plan with its first draft version. The plan follows the
    Rechtsstand of the day it is started (domain.md)."""
    if not access.darf_bearbeiten(acting_user, leistungsberechtigter):
        raise KeinZugriff()
    try:
        rechtsstand = Rechtsstand.objects.am(begonnen_am)
    except Rechtsstand.DoesNotExist as e:
        raise Fachfehler({"begonnen_am": str(e)}) from e
    with im_namen_von(acting_user, "Kooperationsplan begonnen"):
        plan = Kooperationsplan(
            leistungsberechtigter=leistungsberechtigter,
            potenzialanalyse=potenzialanalyse,
            rechtsstand=rechtsstand,
            begonnen_am=begonnen_am,
            erstellt_von=acting_user,
        )
        _speichern(plan)
        _speichern(PlanVersion(plan=plan, nummer=1))
        if potenzialanalyse is not None:
            wiedervorlage_erledigen(ursache=potenzialanalyse, art=Fristart.PLANENTWURF)
        fall_phase_setzen(leistungsberechtigter, Phase.PLANUNG)
        fall_frist_aktualisieren(leistungsberechtigter.pk)
    return plan


@transaction.atomic
def abstimmung_anfragen(*, acting_user, version: PlanVersion, angefragt_am: datetime.date):
    """Send the draft to the kommunaler Träger, with an answer deadline in
    Arbeitstage set by the Jobcenter."""
    plan = version.plan
    person = plan.leistungsberechtigter
    if not access.darf_bearbeiten(acting_user, version):
        raise KeinZugriff()
    if version.status != VersionStatus.ENTWURF:
        raise Fachfehler("Nur ein Entwurf kann zur Abstimmung gehen.")
    traeger = person.jobcenter.kommunale_traeger.first()
    if traeger is None:
        raise Fachfehler("Für dieses Jobcenter ist kein kommunaler Träger erfasst.")
    jobcenter = person.jobcenter
    with im_namen_von(acting_user, "Abstimmung mit dem kommunalen Träger angefragt"):
        abstimmung = TraegerAbstimmung(
            version=version,
            traeger=traeger,
            angefragt_am=angefragt_am,
            frist=jobcenter_arbeitstage_nach(
                jobcenter, angefragt_am, jobcenter.abstimmung_frist_arbeitstage
            ),
        )
        _speichern(abstimmung)
        plan.status = PlanStatus.ABSTIMMUNG
        _speichern(plan)
        wiedervorlage_setzen(
            ursache=abstimmung,
            art=Fristart.ABSTIMMUNG,
            faellig_am=abstimmung.frist,
            jobcenter=jobcenter,
            zustaendig=person.zustaendig,
            team=person.team,
            fall_id=person.pk,
        )
        fall_phase_setzen(person, Phase.ABSTIMMUNG)
        fall_frist_aktualisieren(person.pk)
    return abstimmung


@transaction.atomic
def abstimmung_entscheiden(
    *, acting_user, abstimmung: TraegerAbstimmung, status: str, begruendung: str = ""
) -> TraegerAbstimmung:
    """The kommunaler Träger answers: approve, approve with changes, reject."""
    abstimmung = TraegerAbstimmung.objects.select_for_update().get(pk=abstimmung.pk)
    if not access.darf_bearbeiten(acting_user, abstimmung):
        raise KeinZugriff()
    if abstimmung.status != AbstimmungStatus.OFFEN:
        raise Fachfehler("Diese Abstimmung ist schon entschieden.")
    if status not in (
        AbstimmungStatus.ZUGESTIMMT,
        AbstimmungStatus.GEAENDERT,
        AbstimmungStatus.ABGELEHNT,
    ):
        raise Fachfehler({"status": "Bitte wählen Sie eine Entscheidung."})
    if status != AbstimmungStatus.ZUGESTIMMT and not begruendung.strip():
        raise Fachfehler({"begruendung": "Bitte begründen Sie die Entscheidung."})
    plan = abstimmung.version.plan
    person = plan.leistungsberechtigter
    with im_namen_von(acting_user, "Abstimmung entschieden"):
        abstimmung.status = status
        abstimmung.begruendung = begruendung
        abstimmung.entschieden_am = timezone.now()
        abstimmung.entschieden_von = acting_user
        _speichern(abstimmung)
        wiedervorlage_erledigen(ursache=abstimmung, art=Fristart.ABSTIMMUNG)
        plan.status = PlanStatus.ENTWURF
        _speichern(plan)
        fall_phase_setzen(person, Phase.PLANUNG)
        fall_frist_aktualisieren(person.pk)
    return abstimmung


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
    if (
        abstimmung_erforderlich(version)
        and not version.abstimmungen.filter(
            status__in=[AbstimmungStatus.ZUGESTIMMT, AbstimmungStatus.GEAENDERT]
        ).exists()
    ):
        fehler["abstimmung"] = "Der kommunale Träger hat diesem Plan noch nicht zugestimmt."
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
        _speichern(version)
        plan.status = PlanStatus.VEREINBART
        _speichern(plan)
        wiedervorlage_setzen(
            ursache=version,
            art=Fristart.UEBERPRUEFUNG,
            faellig_am=version.ueberpruefung_bis,
            jobcenter=person.jobcenter,
            zustaendig=person.zustaendig,
            team=person.team,
            fall_id=person.pk,
        )
        fall_phase_setzen(person, Phase.VEREINBART)
        fall_frist_aktualisieren(person.pk)
    from .tasks import pdf_rendern

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
        _speichern(plan)
        if plan.potenzialanalyse_id:
            wiedervorlage_erledigen(ursache=plan.potenzialanalyse, art=Fristart.PLANENTWURF)
        fall_phase_setzen(person, Phase.KEIN_PLAN)
        fall_frist_aktualisieren(person.pk)
    return plan


def planversion_pdf_ablegen(*, version_id: int) -> PlanVersion | None:
    """Render the agreed version once and store the PDF with its SHA-256
    (design.md: served unchanged ever after). Idempotent: a version that has
    its PDF, is not agreed or is gone is left alone."""
    with transaction.atomic():
        version = (
            PlanVersion.objects.select_for_update()
            .select_related("plan__leistungsberechtigter__jobcenter", "vereinbart_von")
            .filter(pk=version_id)
            .first()
        )
        if version is None or not version.ist_vereinbart or version.pdf:
            return version
        ergebnis = PlanPdf.fuer_version(version).render()
        with im_namen_von(version.vereinbart_von, "PDF des vereinbarten Plans abgelegt"):
            version.pdf.save(
                f"kooperationsplan-{version.plan_id}-v{version.nummer}.pdf",
                ContentFile(ergebnis.pdf),
                save=False,
            )
            version.pdf_sha256 = ergebnis.sha256
            version.save(update_fields=["pdf", "pdf_sha256", "geaendert_am"])
    return version
