"""State transitions of Kooperationspläne. Each takes the acting user, checks
the access policy, validates, runs in one transaction and is audited."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.models import Leistungsberechtigter, Phase, Potenzialanalyse
from cases.services import fall_frist_aktualisieren, fall_phase_setzen, fallfrist_setzen
from kooperation import access
from kooperation.arbeitstage import jobcenter_arbeitstage_nach
from kooperation.audit import im_namen_von
from kooperation.errors import Fachfehler, KeinZugriff, Konflikt
from kooperation.models import Abstimmungsmodus, Abstimmungszeitpunkt, Fristart, Rechtsstand
from kooperation.services import speichern, wiedervorlage_erledigen
from partners import kapazitaet

from .fristen import vereinbarte_fristen_setzen
from .lesbarkeit import lesbarkeit_des_plans
from .models import (
    AbstimmungPosition,
    AbstimmungStatus,
    KeinPlanGrund,
    Kooperationsplan,
    Partnerplan,
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
        speichern(plan)
        speichern(PlanVersion(plan=plan, nummer=1))
        if potenzialanalyse is not None:
            wiedervorlage_erledigen(ursache=potenzialanalyse, art=Fristart.PLANENTWURF)
        fall_phase_setzen(leistungsberechtigter, Phase.PLANUNG)
        fall_frist_aktualisieren(leistungsberechtigter.pk)
    return plan


def _16a_eintraege(version: PlanVersion):
    return version.eintraege.exclude(leistung_16a="").select_related("angebot")


def _zugestimmte_eintrag_ids(version: PlanVersion) -> set[int]:
    """§ 16a items of ``version`` the Träger agreed to (changes confirmed)."""
    return set(
        AbstimmungPosition.objects.filter(eintrag__version=version)
        .filter(
            Q(status=AbstimmungStatus.ZUGESTIMMT)
            | Q(
                status=AbstimmungStatus.GEAENDERT, abstimmung__aenderung_bestaetigt_am__isnull=False
            )
        )
        .values_list("eintrag_id", flat=True)
    )


def abstimmung_offen(version: PlanVersion) -> bool:
    return version.abstimmungen.filter(status=AbstimmungStatus.OFFEN).exists()


def abstimmung_fehlt(version: PlanVersion) -> str | None:
    """Why ``version`` still lacks the Träger's consent, or None if it has it."""
    if not abstimmung_erforderlich(version):
        return None
    offen = _16a_eintraege(version).exclude(pk__in=_zugestimmte_eintrag_ids(version))
    if offen.exists():
        return (
            "Der kommunale Träger hat noch nicht allen Leistungen nach § 16a zugestimmt: "
            + ", ".join(e.get_leistung_16a_display() for e in offen)
            + "."
        )
    if (
        not _16a_eintraege(version).exists()
        and not version.abstimmungen.filter(
            Q(status=AbstimmungStatus.ZUGESTIMMT)
            | Q(status=AbstimmungStatus.GEAENDERT, aenderung_bestaetigt_am__isnull=False)
        ).exists()
    ):
        return "Der kommunale Träger hat diesem Plan noch nicht zugestimmt."
    return None


def abstimmung_vor_gespraech_faellig(version: PlanVersion) -> bool:
    """The draft should now go to the Träger: the Jobcenter coordinates before
    the conversation, consent is still missing and no request is open."""
    return (
        version.plan.leistungsberechtigter.jobcenter.abstimmungszeitpunkt
        == Abstimmungszeitpunkt.VOR_GESPRAECH
        and not abstimmung_offen(version)
        and abstimmung_fehlt(version) is not None
    )


def _benachrichtigen(empfaenger, betreff: str, text: str) -> None:
    """Mail to a member of staff, sent only once the transaction commits."""
    if empfaenger is None or not empfaenger.email:
        return
    transaction.on_commit(
        lambda: send_mail(
            betreff, text, settings.DEFAULT_FROM_EMAIL, [empfaenger.email], fail_silently=False
        )
    )


_NICHT_KOPIERT = {"id", "version", "erstellt_am", "geaendert_am"}


def _als_neue_version(plan: Kooperationsplan, alt: PlanVersion) -> PlanVersion:
    """The next draft version of ``plan`` with the content of ``alt`` (which
    itself stays as it was)."""
    neu = PlanVersion(
        plan=plan,
        nummer=plan.versionen.order_by("-nummer").first().nummer + 1,
        ziel=alt.ziel,
        kontakt=alt.kontakt,
        sonstiges=alt.sonstiges,
    )
    speichern(neu)
    for e in alt.eintraege.all():
        felder = {
            f.attname: getattr(e, f.attname)
            for f in PlanEintrag._meta.concrete_fields
            if f.name not in _NICHT_KOPIERT
        }
        speichern(PlanEintrag(version=neu, **felder))
    return neu


@transaction.atomic
def abstimmung_anfragen(*, acting_user, version: PlanVersion, angefragt_am: datetime.date):
    """Ask the kommunaler Träger about the § 16a items of a version (§ 15 Abs. 2
    Satz 1 SGB II; seed 000 Rz. 15–16).

    Items inside an open contingent (Rahmenabstimmung) are approved at once and
    take a place of the Angebot; only the rest goes out as a single-case
    request, answered within the Jobcenter's number of Arbeitstage. A place is
    never promised beyond the Angebot's capacity."""
    version = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    plan = version.plan
    person = plan.leistungsberechtigter
    jobcenter = person.jobcenter
    if not access.darf_bearbeiten(acting_user, version):
        raise KeinZugriff()
    if version.status == VersionStatus.ENTWURF:
        if plan.status != PlanStatus.ENTWURF:
            raise Fachfehler("Der Plan ist gerade nicht im Entwurf.")
    elif not (
        jobcenter.abstimmungszeitpunkt == Abstimmungszeitpunkt.NACH_GESPRAECH
        and version.status == VersionStatus.VEREINBART
    ):
        raise Fachfehler("Nur ein Entwurf kann zur Abstimmung gehen.")
    if jobcenter.abstimmung_entfaellt:
        raise Fachfehler("In diesem Jobcenter entfällt die Abstimmung mit dem Träger.")
    if abstimmung_offen(version):
        raise Fachfehler("Für diese Version läuft schon eine Abstimmung.")
    traeger = jobcenter.kommunale_traeger.first()
    if traeger is None:
        raise Fachfehler("Für dieses Jobcenter ist kein kommunaler Träger erfasst.")
    schon_zugestimmt = _zugestimmte_eintrag_ids(version)
    eintraege = [e for e in _16a_eintraege(version) if e.pk not in schon_zugestimmt]
    if not eintraege and not abstimmung_erforderlich(version):
        raise Fachfehler("Dieser Plan braucht keine Abstimmung mit dem Träger.")
    with im_namen_von(acting_user, "Abstimmung mit dem kommunalen Träger angefragt"):
        abstimmung = TraegerAbstimmung(
            version=version,
            traeger=traeger,
            angefragt_am=angefragt_am,
            frist=jobcenter_arbeitstage_nach(
                jobcenter, angefragt_am, jobcenter.abstimmung_frist_arbeitstage
            ),
        )
        speichern(abstimmung)
        offen = 0
        for eintrag in eintraege:
            position = AbstimmungPosition(abstimmung=abstimmung, eintrag=eintrag)
            rahmen = (
                kapazitaet.kontingent_nutzen(eintrag.angebot, angefragt_am)
                if eintrag.angebot_id
                else None
            )
            if rahmen is not None:
                if kapazitaet.platz_belegen(eintrag.angebot, angefragt_am):
                    position.status = AbstimmungStatus.ZUGESTIMMT
                    position.rahmenabstimmung = rahmen
                    position.platz_zeitraum = kapazitaet.zeitraum_von(
                        eintrag.angebot, angefragt_am
                    )[0]
                    position.begruendung = f"Im Rahmen des Kontingents ({rahmen})."
                else:
                    kapazitaet.kontingent_zurueckgeben(rahmen)
            if position.status == AbstimmungStatus.OFFEN:
                offen += 1
            speichern(position)
        if eintraege and offen == 0:
            # Everything inside contingents: no single-case request, no time lost.
            abstimmung.status = AbstimmungStatus.ZUGESTIMMT
            abstimmung.im_kontingent = True
            abstimmung.entschieden_am = timezone.now()
            speichern(abstimmung)
            return abstimmung
        if version.status == VersionStatus.ENTWURF:
            plan.status = PlanStatus.ABSTIMMUNG
            speichern(plan)
            fall_phase_setzen(person, Phase.ABSTIMMUNG)
        fallfrist_setzen(
            person=person,
            ursache=abstimmung,
            art=Fristart.ABSTIMMUNG,
            faellig_am=abstimmung.frist,
        )
        fall_frist_aktualisieren(person.pk)
    return abstimmung


def _position_entscheiden(position, status: str, begruendung: str, aenderung: str) -> None:
    fehler = {}
    if status not in (
        AbstimmungStatus.ZUGESTIMMT,
        AbstimmungStatus.GEAENDERT,
        AbstimmungStatus.ABGELEHNT,
    ):
        fehler["status"] = "Bitte wählen Sie eine Entscheidung."
    if status == AbstimmungStatus.ABGELEHNT and not begruendung.strip():
        fehler["begruendung"] = "Bitte begründen Sie die Ablehnung."
    if status == AbstimmungStatus.GEAENDERT and not aenderung.strip():
        fehler["aenderung"] = "Bitte beschreiben Sie, was Sie ändern."
    if fehler:
        raise Fachfehler(fehler)
    eintrag = position.eintrag
    abstimmung = position.abstimmung
    if status != AbstimmungStatus.ABGELEHNT and eintrag.angebot_id:
        if not kapazitaet.platz_belegen(eintrag.angebot, abstimmung.angefragt_am):
            raise Fachfehler(
                {
                    "status": f"„{eintrag.angebot}“ hat im Zeitraum keinen freien Platz mehr. "
                    "Eine Zustimmung über die Kapazität hinaus ist nicht möglich."
                }
            )
        position.platz_zeitraum = kapazitaet.zeitraum_von(eintrag.angebot, abstimmung.angefragt_am)[
            0
        ]
    position.status = status
    position.begruendung = begruendung.strip()
    position.aenderung = aenderung.strip()
    speichern(position)


@transaction.atomic
def abstimmungsposition_entscheiden(
    *,
    acting_user,
    position: AbstimmungPosition,
    status: str,
    begruendung: str = "",
    aenderung: str = "",
) -> AbstimmungPosition:
    """The Träger approves, approves with changes or rejects one § 16a item."""
    # Lock only the position row: PostgreSQL refuses FOR UPDATE on the
    # nullable side of the outer join to the Angebot.
    position = (
        AbstimmungPosition.objects.select_for_update(of=("self",))
        .select_related("abstimmung", "eintrag__angebot")
        .get(pk=position.pk)
    )
    abstimmung = TraegerAbstimmung.objects.select_for_update().get(pk=position.abstimmung_id)
    if not access.darf_bearbeiten(acting_user, abstimmung):
        raise KeinZugriff()
    if abstimmung.status != AbstimmungStatus.OFFEN or position.status != AbstimmungStatus.OFFEN:
        raise Fachfehler("Diese Position ist schon entschieden.")
    with im_namen_von(acting_user, "Abstimmung entschieden"):
        _position_entscheiden(position, status, begruendung, aenderung)
        if not abstimmung.positionen.filter(status=AbstimmungStatus.OFFEN).exists():
            _abstimmung_abschliessen(acting_user, abstimmung)
    return position


@transaction.atomic
def abstimmung_entscheiden(
    *, acting_user, abstimmung: TraegerAbstimmung, status: str, begruendung: str = ""
) -> TraegerAbstimmung:
    """One decision for every open item of the request (and for requests
    without § 16a items, where the Jobcenter coordinates every plan)."""
    abstimmung = TraegerAbstimmung.objects.select_for_update().get(pk=abstimmung.pk)
    if not access.darf_bearbeiten(acting_user, abstimmung):
        raise KeinZugriff()
    if abstimmung.status != AbstimmungStatus.OFFEN:
        raise Fachfehler("Diese Abstimmung ist schon entschieden.")
    with im_namen_von(acting_user, "Abstimmung entschieden"):
        for position in abstimmung.positionen.filter(status=AbstimmungStatus.OFFEN).select_related(
            "eintrag__angebot"
        ):
            _position_entscheiden(
                position,
                status,
                begruendung,
                begruendung if status == AbstimmungStatus.GEAENDERT else "",
            )
        if not abstimmung.positionen.exists():
            if status not in AbstimmungStatus.values or status == AbstimmungStatus.OFFEN:
                raise Fachfehler({"status": "Bitte wählen Sie eine Entscheidung."})
            if status != AbstimmungStatus.ZUGESTIMMT and not begruendung.strip():
                raise Fachfehler({"begruendung": "Bitte begründen Sie die Entscheidung."})
        _abstimmung_abschliessen(
            acting_user, abstimmung, status_ohne_positionen=status, begruendung=begruendung
        )
    return abstimmung


def _abstimmung_abschliessen(
    acting_user,
    abstimmung: TraegerAbstimmung,
    status_ohne_positionen: str = "",
    begruendung: str = "",
) -> None:
    """Close the request and draw the consequences (issue: a rejection after the
    person agreed puts the plan back into negotiation with a deadline; changes
    need the IFK's confirmation)."""
    positionen = list(abstimmung.positionen.all())
    stati = {p.status for p in positionen} or {status_ohne_positionen}
    if AbstimmungStatus.ABGELEHNT in stati:
        gesamt = AbstimmungStatus.ABGELEHNT
    elif AbstimmungStatus.GEAENDERT in stati:
        gesamt = AbstimmungStatus.GEAENDERT
    else:
        gesamt = AbstimmungStatus.ZUGESTIMMT
    gruende = [p.begruendung or p.aenderung for p in positionen if p.status != "zugestimmt"]
    abstimmung.status = gesamt
    abstimmung.begruendung = "; ".join(g for g in gruende if g) or begruendung.strip()
    abstimmung.entschieden_am = timezone.now()
    abstimmung.entschieden_von = acting_user
    speichern(abstimmung)
    wiedervorlage_erledigen(ursache=abstimmung, art=Fristart.ABSTIMMUNG)
    version = abstimmung.version
    plan = version.plan
    person = plan.leistungsberechtigter
    jobcenter = person.jobcenter
    ifk = person.zustaendig
    if plan.status == PlanStatus.ABSTIMMUNG:
        plan.status = PlanStatus.ENTWURF
        speichern(plan)
        fall_phase_setzen(person, Phase.PLANUNG)
    if gesamt == AbstimmungStatus.GEAENDERT:
        fallfrist_setzen(
            person=person,
            ursache=abstimmung,
            art=Fristart.AENDERUNG_BESTAETIGEN,
            faellig_am=jobcenter_arbeitstage_nach(
                jobcenter, timezone.localdate(), jobcenter.abstimmung_frist_arbeitstage
            ),
        )
    if gesamt == AbstimmungStatus.ABGELEHNT and version.status == VersionStatus.VEREINBART:
        # The person already agreed: back into negotiation, as a new version.
        _als_neue_version(plan, version)
        plan.status = PlanStatus.ENTWURF
        speichern(plan)
        fall_phase_setzen(person, Phase.PLANUNG)
        fallfrist_setzen(
            person=person,
            ursache=abstimmung,
            art=Fristart.NACHVERHANDLUNG,
            faellig_am=jobcenter_arbeitstage_nach(
                jobcenter, timezone.localdate(), jobcenter.entwurf_frist_arbeitstage
            ),
        )
    fall_frist_aktualisieren(person.pk)
    if gesamt != AbstimmungStatus.ZUGESTIMMT:
        _benachrichtigen(
            ifk,
            f"Kommunaler Träger: {abstimmung.get_status_display()} (Fall {person.kundennummer})",
            f"Der kommunale Träger hat über den Kooperationsplan entschieden: "
            f"{abstimmung.get_status_display()}.\n{abstimmung.begruendung}\n\n"
            "Bitte öffnen Sie den Plan in der Anwendung.",
        )


@transaction.atomic
def abstimmung_aenderung_bestaetigen(
    *, acting_user, abstimmung: TraegerAbstimmung
) -> TraegerAbstimmung:
    """The IFK confirms the Träger's changes ("mit Änderungen zugestimmt")."""
    abstimmung = TraegerAbstimmung.objects.select_for_update().get(pk=abstimmung.pk)
    if not access.darf_bearbeiten(acting_user, abstimmung.version):
        raise KeinZugriff()
    if abstimmung.status != AbstimmungStatus.GEAENDERT or abstimmung.aenderung_bestaetigt_am:
        raise Fachfehler("Hier gibt es keine Änderung zu bestätigen.")
    with im_namen_von(acting_user, "Änderung des Trägers bestätigt"):
        abstimmung.aenderung_bestaetigt_am = timezone.now()
        speichern(abstimmung)
        wiedervorlage_erledigen(ursache=abstimmung, art=Fristart.AENDERUNG_BESTAETIGEN)
        fall_frist_aktualisieren(abstimmung.version.plan.leistungsberechtigter_id)
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
        speichern(plan)
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
        speichern(version)
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
        speichern(eintrag)
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
        neu = _als_neue_version(plan, alt)
        plan.status = PlanStatus.ENTWURF
        speichern(plan)
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
        speichern(schlichtung)
        plan.status = PlanStatus.NICHTEINIGUNG
        speichern(plan)
        fallfrist_setzen(
            person=person,
            ursache=schlichtung,
            art=Fristart.SCHLICHTUNG,
            faellig_am=schlichtung.ende_spaetestens,
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
        speichern(schlichtung)
        wiedervorlage_erledigen(ursache=schlichtung, art=Fristart.SCHLICHTUNG)
        if ergebnis == SchlichtungErgebnis.EINIGUNG:
            plan.status = PlanStatus.ENTWURF
            speichern(plan)
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
        speichern(bescheid)
        plan.status = PlanStatus.FESTGESETZT
        speichern(plan)
        if plan.potenzialanalyse_id:
            wiedervorlage_erledigen(ursache=plan.potenzialanalyse, art=Fristart.PLANENTWURF)
        fall_phase_setzen(person, Phase.NICHTEINIGUNG)
        fall_frist_aktualisieren(person.pk)
    return bescheid


@transaction.atomic
def partnerplan_verweisen(
    *,
    acting_user,
    plan,
    partner,
    titel: str,
    stand,
    aktenzeichen: str = "",
    notiz: str = "",
):
    """Reference a partner's own case-level plan (e.g. the Integrationsplan of
    an Integrationsmanager, seed 003) from the Kooperationsplan, so the two
    fit together (seed 004: case-level cooperation)."""
    if not access.darf_bearbeiten(acting_user, plan):
        raise KeinZugriff()
    if partner.jobcenter_id != plan.leistungsberechtigter.jobcenter_id:
        raise Fachfehler({"partner": "Dieser Partner gehört zu einem anderen Jobcenter."})
    with im_namen_von(acting_user, "Plan eines Partners verwiesen"):
        verweis = Partnerplan(
            plan=plan,
            partner=partner,
            titel=titel,
            stand=stand,
            aktenzeichen=aktenzeichen,
            notiz=notiz,
        )
        speichern(verweis)
    return verweis


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
