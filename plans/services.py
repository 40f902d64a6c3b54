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
from kooperation.errors import Fachfehler, KeinZugriff, Konflikt
from kooperation.models import Abstimmungsmodus, Fristart, Rechtsstand
from kooperation.services import wiedervorlage_erledigen, wiedervorlage_setzen

from .lesbarkeit import lesbarkeit_des_plans
from .models import (
    AbstimmungStatus,
    KeinPlanGrund,
    Kooperationsplan,
    Pflichtenfestsetzung,
    PlanEintrag,
    PlanStatus,
    Planteil,
    PlanVersion,
    Schlichtung,
    SchlichtungErgebnis,
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
        # A continuation meets the review deadline of the version it replaces.
        for frueher in plan.versionen.filter(status=VersionStatus.VEREINBART).exclude(
            pk=version.pk
        ):
            wiedervorlage_erledigen(ursache=frueher, art=Fristart.UEBERPRUEFUNG)
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


# --- Editing a draft ---------------------------------------------------------


def _entwurf_zum_bearbeiten(acting_user, version: PlanVersion, sperrversion: int) -> PlanVersion:
    """Lock the draft row, check access, state and the optimistic lock."""
    version = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    if not access.darf_bearbeiten(acting_user, version):
        raise KeinZugriff()
    if version.status != VersionStatus.ENTWURF:
        raise Fachfehler(
            "Diese Version ist vereinbart und kann nicht mehr geändert werden. Änderungen gehen "
            "nur über eine Fortschreibung."
        )
    if version.plan.status not in (PlanStatus.ENTWURF, PlanStatus.NICHTEINIGUNG):
        raise Fachfehler(
            f"Der Plan ist im Stand „{version.plan.get_status_display()}“ und kann gerade nicht "
            "bearbeitet werden."
        )
    if version.sperrversion != sperrversion:
        raise Konflikt("Der Planentwurf")
    return version


@transaction.atomic
def planversion_speichern(
    *,
    acting_user,
    version: PlanVersion,
    sperrversion: int,
    ziel: str,
    kontakt: str,
    sonstiges: str = "",
) -> PlanVersion:
    """Save "Der Plan", "Bei Fragen und Notfällen" and "Was sonst noch wichtig ist"
    of a draft. A second writer with an outdated ``sperrversion`` is refused and
    nothing of the first writer's text is lost (optimistic locking)."""
    version = _entwurf_zum_bearbeiten(acting_user, version, sperrversion)
    with im_namen_von(acting_user, "Planentwurf bearbeitet"):
        version.ziel = ziel.strip()
        version.kontakt = kontakt.strip()
        version.sonstiges = sonstiges.strip()
        version.sperrversion += 1
        _speichern(version)
    return version


@transaction.atomic
def planeintrag_speichern(
    *,
    acting_user,
    version: PlanVersion,
    sperrversion: int,
    eintrag: PlanEintrag | None = None,
    teil: str,
    text: str,
    handlungsbedarf=None,
    angebot=None,
    leistung_16a: str = "",
    haeufigkeit: str = "",
    nachweis: str = "",
    termin=None,
) -> PlanEintrag:
    """Add an item to a draft, or change one. An item may answer a finding of
    the Potenzialanalyse or stand without one (seed 000 Rz. 19)."""
    version = _entwurf_zum_bearbeiten(acting_user, version, sperrversion)
    person = version.plan.leistungsberechtigter
    fehler: dict[str, str] = {}
    if handlungsbedarf is not None and (
        handlungsbedarf.potenzialanalyse.leistungsberechtigter_id != person.pk
    ):
        fehler["handlungsbedarf"] = "Dieser Handlungsbedarf gehört zu einer anderen Person."
    if angebot is not None and (angebot.jobcenter_id != person.jobcenter_id or not angebot.aktiv):
        fehler["angebot"] = "Dieses Angebot steht in Ihrem Jobcenter nicht zur Verfügung."
    if fehler:
        raise Fachfehler(fehler)
    if eintrag is None:
        eintrag = PlanEintrag(
            version=version,
            reihenfolge=version.eintraege.filter(teil=teil).count(),
        )
    elif eintrag.version_id != version.pk:
        raise Fachfehler("Dieser Eintrag gehört zu einer anderen Version.")
    with im_namen_von(acting_user, "Planentwurf bearbeitet"):
        eintrag.teil = teil
        eintrag.text = text.strip()
        eintrag.handlungsbedarf = handlungsbedarf
        eintrag.angebot = angebot
        eintrag.leistung_16a = leistung_16a
        eintrag.haeufigkeit = haeufigkeit.strip()
        eintrag.nachweis = nachweis.strip()
        eintrag.termin = termin
        _speichern(eintrag)
        version.sperrversion += 1
        version.save(update_fields=["sperrversion", "geaendert_am"])
    return eintrag


@transaction.atomic
def planeintrag_entfernen(*, acting_user, eintrag: PlanEintrag, sperrversion: int) -> None:
    version = _entwurf_zum_bearbeiten(acting_user, eintrag.version, sperrversion)
    with im_namen_von(acting_user, "Planentwurf bearbeitet"):
        eintrag.delete()
        version.sperrversion += 1
        version.save(update_fields=["sperrversion", "geaendert_am"])


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
        _speichern(plan)
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
        neu = PlanVersion(
            plan=plan,
            nummer=alt.nummer + 1,
            ziel=alt.ziel,
            kontakt=alt.kontakt,
            sonstiges=alt.sonstiges,
        )
        _speichern(neu)
        for e in alt.eintraege.all():
            _speichern(
                PlanEintrag(
                    version=neu,
                    teil=e.teil,
                    reihenfolge=e.reihenfolge,
                    text=e.text,
                    handlungsbedarf_id=e.handlungsbedarf_id,
                    angebot_id=e.angebot_id,
                    leistung_16a=e.leistung_16a,
                    haeufigkeit=e.haeufigkeit,
                    nachweis=e.nachweis,
                    termin=e.termin,
                )
            )
        plan.status = PlanStatus.ENTWURF
        _speichern(plan)
        fall_phase_setzen(plan.leistungsberechtigter, Phase.PLANUNG)
    return neu


# --- No agreement: the path depends on the plan's Rechtsstand --------------


@transaction.atomic
def schlichtung_beginnen(
    *,
    acting_user,
    plan: Kooperationsplan,
    beantragt_von: str,
    begonnen_am: datetime.date,
    schlichter: str,
) -> Schlichtung:
    """§ 15a SGB II (Rechtsstand 2023): on request of either side, with a person
    not involved so far; it ends at the latest after the Rechtsstand's maximum
    (four weeks). Not available where the plan's Rechtsstand has no Schlichtung."""
    plan = (
        Kooperationsplan.objects.select_for_update().select_related("rechtsstand").get(pk=plan.pk)
    )
    if not access.darf_bearbeiten(acting_user, plan):
        raise KeinZugriff()
    rs = plan.rechtsstand
    if not rs.schlichtung_vorgesehen:
        raise Fachfehler(
            f"Für diesen Plan gilt „{rs.bezeichnung}“: eine Schlichtung ist dort nicht vorgesehen."
        )
    if plan.status not in (PlanStatus.ENTWURF, PlanStatus.UEBERPRUEFUNG):
        raise Fachfehler(
            "Eine Schlichtung beginnt, wenn ein Plan nicht zustande kommt oder "
            "nicht fortgeschrieben werden kann."
        )
    fehler = {}
    if beantragt_von not in ("person", "jobcenter"):
        fehler["beantragt_von"] = "Bitte wählen Sie, wer die Schlichtung beantragt."
    if not schlichter.strip():
        fehler["schlichter"] = "Bitte nennen Sie die schlichtende Person."
    if fehler:
        raise Fachfehler(fehler)
    person = plan.leistungsberechtigter
    with im_namen_von(acting_user, "Schlichtung begonnen"):
        schlichtung = Schlichtung(
            plan=plan,
            beantragt_von=beantragt_von,
            begonnen_am=begonnen_am,
            ende_spaetestens=begonnen_am
            + datetime.timedelta(weeks=rs.schlichtung_hoechstdauer_wochen),
            schlichter=schlichter.strip(),
        )
        _speichern(schlichtung)
        plan.status = PlanStatus.NICHTEINIGUNG
        _speichern(plan)
        wiedervorlage_setzen(
            ursache=schlichtung,
            art=Fristart.SCHLICHTUNG,
            faellig_am=schlichtung.ende_spaetestens,
            jobcenter=person.jobcenter,
            zustaendig=person.zustaendig,
            team=person.team,
            fall_id=person.pk,
        )
        fall_phase_setzen(person, Phase.NICHTEINIGUNG)
        fall_frist_aktualisieren(person.pk)
    return schlichtung


@transaction.atomic
def schlichtung_beenden(
    *, acting_user, schlichtung: Schlichtung, beendet_am: datetime.date, ergebnis: str
) -> Schlichtung:
    """The Schlichtung ends by agreement or at the latest after its maximum
    duration; with an agreement the plan goes back to drafting."""
    schlichtung = Schlichtung.objects.select_for_update().get(pk=schlichtung.pk)
    plan = schlichtung.plan
    if not access.darf_bearbeiten(acting_user, plan):
        raise KeinZugriff()
    if schlichtung.beendet_am is not None:
        raise Fachfehler("Diese Schlichtung ist schon beendet.")
    fehler = {}
    if ergebnis not in SchlichtungErgebnis.values:
        fehler["ergebnis"] = "Bitte wählen Sie das Ergebnis der Schlichtung."
    if beendet_am < schlichtung.begonnen_am:
        fehler["beendet_am"] = "Das Ende kann nicht vor dem Beginn liegen."
    if fehler:
        raise Fachfehler(fehler)
    person = plan.leistungsberechtigter
    with im_namen_von(acting_user, "Schlichtung beendet"):
        schlichtung.beendet_am = beendet_am
        schlichtung.ergebnis = ergebnis
        _speichern(schlichtung)
        wiedervorlage_erledigen(ursache=schlichtung, art=Fristart.SCHLICHTUNG)
        if ergebnis == SchlichtungErgebnis.EINIGUNG:
            plan.status = PlanStatus.ENTWURF
            _speichern(plan)
            fall_phase_setzen(person, Phase.PLANUNG)
        fall_frist_aktualisieren(person.pk)
    return schlichtung


@transaction.atomic
def pflichten_festsetzen(
    *,
    acting_user,
    plan: Kooperationsplan,
    erlassen_am: datetime.date,
    pflichten: str,
    begruendung: str,
) -> Pflichtenfestsetzung:
    """Rechtsstand 2026 (reported): when no plan is agreed, the obligations are
    set by Verwaltungsakt with a Rechtsfolgenbelehrung, as a document of its own
    (the plan itself never carries a Rechtsfolgenbelehrung)."""
    plan = (
        Kooperationsplan.objects.select_for_update().select_related("rechtsstand").get(pk=plan.pk)
    )
    if not access.darf_bearbeiten(acting_user, plan):
        raise KeinZugriff()
    rs = plan.rechtsstand
    if not rs.verwaltungsakt_bei_nichteinigung:
        raise Fachfehler(
            f"Für diesen Plan gilt „{rs.bezeichnung}“: Pflichten werden dort nicht per "
            "Verwaltungsakt festgesetzt."
        )
    if plan.status not in (PlanStatus.ENTWURF, PlanStatus.UEBERPRUEFUNG):
        raise Fachfehler("Pflichten werden festgesetzt, wenn ein Plan nicht zustande kommt.")
    fehler = {}
    if not pflichten.strip():
        fehler["pflichten"] = "Bitte tragen Sie die Pflichten ein."
    if not begruendung.strip():
        fehler["begruendung"] = "Bitte begründen Sie, warum keine Einigung zustande kam."
    if fehler:
        raise Fachfehler(fehler)
    person = plan.leistungsberechtigter
    with im_namen_von(acting_user, "Pflichten per Verwaltungsakt festgesetzt"):
        bescheid = Pflichtenfestsetzung(
            plan=plan,
            erlassen_am=erlassen_am,
            pflichten=pflichten.strip(),
            begruendung=begruendung.strip(),
            rechtsfolgenbelehrung=rs.rechtsfolgenbelehrung,
            erstellt_von=acting_user,
        )
        _speichern(bescheid)
        plan.status = PlanStatus.FESTGESETZT
        _speichern(plan)
        if plan.potenzialanalyse_id:
            wiedervorlage_erledigen(ursache=plan.potenzialanalyse, art=Fristart.PLANENTWURF)
        fall_phase_setzen(person, Phase.NICHTEINIGUNG)
        fall_frist_aktualisieren(person.pk)
    return bescheid


def planversion_pdf_ablegen(*, version_id: int) -> PlanVersion | None:
    """Render the agreed version once and store the PDF with its SHA-256
    (design.md: served unchanged ever after). Idempotent: a version that has
    its PDF, is not agreed or is gone is left alone."""
    with transaction.atomic():
        version = (
            PlanVersion.objects.select_for_update(of=("self",))
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
