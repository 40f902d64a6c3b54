"""The Träger-Abstimmung (§ 15 Abs. 2 Satz 1 SGB II; seed 000 Rz. 15–16): asking
the kommunaler Träger, its decisions, and the IFK's confirmation of changes."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from cases.services import naechste_frist_aktualisieren, wiedervorlage_setzen_fuer
from kooperation import datumsregeln
from kooperation.arbeitstage import jobcenter_arbeitstage_nach
from kooperation.audit import im_namen_von
from kooperation.errors import Fachfehler
from kooperation.models import Fristart, Nachrichtenart
from kooperation.postausgang import nachricht_aufgeben
from kooperation.rechtsregeln import Aktart
from kooperation.services import speichern, wiedervorlage_erledigen
from partners import kapazitaet

from ..dokumente.personenbezug import beschreibung, personenbezug
from ..lebenszyklus import UEBERGAENGE, Planlage, pruefen, stand_setzen
from ..models import (
    AbstimmungPosition,
    AbstimmungStatus,
    PlanEintrag,
    PlanStatus,
    PlanVersion,
    TraegerAbstimmung,
    VersionStatus,
)
from ..zustimmung import eintraege_16a, zugestimmte_eintrag_ids
from .entwurf import als_neue_version, entwurf_vorgelegt
from .rechtsakte import akt_festhalten


def personenbezug_meldung(eintrag, funde, *, aenderbar: bool = True) -> str:
    """The IFK's message for an item whose text identifies the person."""
    text = " ".join(eintrag.text.split())
    kurz = text if len(text) <= 60 else f"{text[:60]}…"
    meldung = (
        f"Der Eintrag „{kurz}“ ({eintrag.get_leistung_16a_display()}) enthält Angaben, "
        f"an denen der kommunale Träger die Person erkennen kann: {beschreibung(funde)}. "
    )
    if aenderbar:
        return meldung + "Bitte entfernen Sie sie aus dem Text und fragen Sie dann erneut an."
    return meldung + (
        "Die vereinbarte Version lässt sich nicht mehr ändern: Bitte schreiben Sie den Plan "
        "fort und entfernen Sie die Angaben dort."
    )


def grund_personenbezug_meldung(eintrag, funde) -> str:
    """The IFK's message for a Handlungsbedarf's description that identifies
    the person (the Träger reads it as the item's reason)."""
    hb = eintrag.handlungsbedarf
    return (
        f"Die Beschreibung des Handlungsbedarfs „{hb.get_bereich_display()}“ geht als Grund "
        f"des Eintrags ({eintrag.get_leistung_16a_display()}) an den kommunalen Träger und "
        f"enthält Angaben, an denen er die Person erkennen kann: {beschreibung(funde)}. Bitte "
        "entfernen Sie sie in der Potenzialanalyse oder lösen Sie den Eintrag vom "
        "Handlungsbedarf, und fragen Sie dann erneut an."
    )


def grund_personenbezug(eintrag, person) -> list:
    """What in the description of the item's Handlungsbedarf shows who the
    person is; the Träger's page shows it as the item's reason."""
    hb = eintrag.handlungsbedarf if eintrag.handlungsbedarf_id else None
    return personenbezug(hb.beschreibung, person) if hb and hb.beschreibung else []


def ohne_personenbezug(eintraege, person, *, aenderbar: bool = True) -> None:
    """Refuses when an item's text, or the reason sent with it (its
    Handlungsbedarf's description), would show the Träger who the person is
    (§ 35 SGB I: the Träger decides under a pseudonym). Nothing is sent then."""
    meldungen = []
    for eintrag in eintraege:
        if funde := personenbezug(eintrag.text, person):
            meldungen.append(personenbezug_meldung(eintrag, funde, aenderbar=aenderbar))
        if funde := grund_personenbezug(eintrag, person):
            meldungen.append(grund_personenbezug_meldung(eintrag, funde))
    if meldungen:
        raise Fachfehler({"eintraege": meldungen})


@transaction.atomic
def abstimmung_anfragen(*, acting_user, version: PlanVersion, angefragt_am: datetime.date):
    """Ask the kommunaler Träger about the § 16a items of a version (§ 15 Abs. 2
    Satz 1 SGB II; seed 000 Rz. 15–16): the draft, where the Jobcenter
    coordinates before the conversation with the person, or the agreed
    version, where it coordinates after it.

    Items inside an open contingent (Rahmenabstimmung) are approved at once and
    take a place of the Angebot; only the rest goes out as a single-case
    request, answered within the Jobcenter's number of Arbeitstage. A place is
    never promised beyond the Angebot's capacity. An item whose text shows who
    the person is (name, birth date, Kundennummer …) refuses the request."""
    datumsregeln.pruefen(angefragt_am=angefragt_am)
    lage = Planlage.sperren(version.plan_id)
    version = PlanVersion.objects.select_for_update().get(pk=version.pk)
    uebergang = pruefen(
        "abstimmung_anfragen"
        if version.status == VersionStatus.ENTWURF
        else "abstimmung_nachholen",
        acting_user,
        lage,
    )
    if version.pk not in (
        lage.entwurf and lage.entwurf.pk,
        lage.vereinbarte and lage.vereinbarte.pk,
    ):
        raise Fachfehler("Zur Abstimmung geht der Entwurf oder die geltende Version.")
    plan = lage.plan
    person = plan.leistungsberechtigter
    jobcenter = person.jobcenter
    traeger = jobcenter.kommunale_traeger.first()
    schon_zugestimmt = zugestimmte_eintrag_ids(version)
    eintraege = [e for e in eintraege_16a(version) if e.pk not in schon_zugestimmt]
    ohne_personenbezug(eintraege, person, aenderbar=version.status == VersionStatus.ENTWURF)
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
        if version.status == VersionStatus.ENTWURF:
            entwurf_vorgelegt(plan, version, vorgelegt=True)
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
            stand_setzen(lage, uebergang, PlanStatus.ABSTIMMUNG)
        wiedervorlage_setzen_fuer(
            leistungsberechtigter=person,
            ursache=abstimmung,
            art=Fristart.ABSTIMMUNG,
            faellig_am=abstimmung.frist,
        )
        naechste_frist_aktualisieren(person.pk)
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
    lage, abstimmung = _anfrage_sperren(acting_user, position.abstimmung_id)
    # Lock only the position row: PostgreSQL refuses FOR UPDATE on the
    # nullable side of the outer join to the Angebot.
    position = (
        AbstimmungPosition.objects.select_for_update(of=("self",))
        .select_related("abstimmung", "eintrag__angebot")
        .get(pk=position.pk, abstimmung=abstimmung)
    )
    if position.status != AbstimmungStatus.OFFEN:
        raise Fachfehler("Diese Position ist schon entschieden.")
    with im_namen_von(acting_user, "Abstimmung entschieden"):
        _position_entscheiden(position, status, begruendung, aenderung)
        if not abstimmung.positionen.filter(status=AbstimmungStatus.OFFEN).exists():
            _abstimmung_abschliessen(acting_user, lage, abstimmung)
    return position


@transaction.atomic
def abstimmung_entscheiden(
    *, acting_user, abstimmung: TraegerAbstimmung, status: str, begruendung: str = ""
) -> TraegerAbstimmung:
    """One decision for every open item of the request (and for requests
    without § 16a items, where the Jobcenter coordinates every plan)."""
    lage, abstimmung = _anfrage_sperren(acting_user, abstimmung.pk)
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
            acting_user, lage, abstimmung, status_ohne_positionen=status, begruendung=begruendung
        )
    return abstimmung


def _anfrage_sperren(acting_user, abstimmung_id: int) -> tuple[Planlage, TraegerAbstimmung]:
    """Lock the plan, then the request (the order every step keeps), and
    check that the Träger's staff member may decide it now."""
    plan_id = (
        TraegerAbstimmung.objects.filter(pk=abstimmung_id)
        .values_list("version__plan_id", flat=True)
        .get()
    )
    lage = Planlage.sperren(plan_id)
    abstimmung = TraegerAbstimmung.objects.select_for_update().get(pk=abstimmung_id)
    pruefen("entscheiden", acting_user, lage, objekt=abstimmung)
    if abstimmung.status != AbstimmungStatus.OFFEN:
        raise Fachfehler("Diese Abstimmung ist schon entschieden.")
    return lage, abstimmung


def _abstimmung_abschliessen(
    acting_user,
    lage: Planlage,
    abstimmung: TraegerAbstimmung,
    status_ohne_positionen: str = "",
    begruendung: str = "",
) -> None:
    """Close the request and draw the consequences (a rejection after the
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
    uebergang = UEBERGAENGE["entscheiden"]
    version = abstimmung.version
    plan = lage.plan
    person = plan.leistungsberechtigter
    jobcenter = person.jobcenter
    ifk = person.zustaendig
    if plan.status == PlanStatus.ABSTIMMUNG:
        stand_setzen(lage, uebergang, PlanStatus.ENTWURF)
    if gesamt == AbstimmungStatus.GEAENDERT:
        wiedervorlage_setzen_fuer(
            leistungsberechtigter=person,
            ursache=abstimmung,
            art=Fristart.AENDERUNG_BESTAETIGEN,
            faellig_am=jobcenter_arbeitstage_nach(
                jobcenter, timezone.localdate(), jobcenter.abstimmung_frist_arbeitstage
            ),
        )
    if gesamt == AbstimmungStatus.ABGELEHNT and version.status == VersionStatus.VEREINBART:
        # The person already agreed: back into negotiation, as a new version
        # (unless the plan is being continued already).
        if lage.entwurf is None:
            als_neue_version(plan, version)
        stand_setzen(lage, uebergang, PlanStatus.ENTWURF)
        wiedervorlage_setzen_fuer(
            leistungsberechtigter=person,
            ursache=abstimmung,
            art=Fristart.NACHVERHANDLUNG,
            faellig_am=jobcenter_arbeitstage_nach(
                jobcenter, timezone.localdate(), jobcenter.entwurf_frist_arbeitstage
            ),
        )
    naechste_frist_aktualisieren(person.pk)
    # The IFK hears of every decision (her start page shows the outbox's
    # notices of the last days); the text names the case number, no name.
    zeilen = [
        f"- {p.eintrag.get_leistung_16a_display() or 'Eintrag'}: {p.get_status_display()}"
        + (f" – {p.aenderung or p.begruendung}" if p.status != "zugestimmt" else "")
        for p in positionen
    ]
    was_tun = {
        AbstimmungStatus.GEAENDERT: "Bitte übernehmen Sie die Änderungen im Plan "
        "(„Änderungen des Trägers übernehmen“).",
        AbstimmungStatus.ABGELEHNT: "Bitte ändern oder entfernen Sie die abgelehnten Einträge.",
    }.get(gesamt, "Sie können mit dem Plan weiterarbeiten.")
    nachricht_aufgeben(
        empfaenger=ifk,
        art=Nachrichtenart.TRAEGER,
        betreff=(
            f"Kommunaler Träger: {abstimmung.get_status_display()} (Fall {person.kundennummer})"
        ),
        text=f"Der kommunale Träger hat über den Kooperationsplan entschieden: "
        f"{abstimmung.get_status_display()}.\n"
        + ("\n".join(zeilen) + "\n" if zeilen else f"{abstimmung.begruendung}\n")
        + f"\n{was_tun}\nBitte öffnen Sie den Plan in der Anwendung.",
    )


def _entsprechung(entwurf: PlanVersion, eintrag: PlanEintrag) -> PlanEintrag | None:
    """The draft's copy of an item of the version it was made from (copies keep
    part, § 16a service, Angebot and text)."""
    return (
        entwurf.eintraege.filter(
            teil=eintrag.teil,
            leistung_16a=eintrag.leistung_16a,
            angebot_id=eintrag.angebot_id,
            text=eintrag.text,
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def abstimmung_aenderung_bestaetigen(
    *, acting_user, abstimmung: TraegerAbstimmung
) -> TraegerAbstimmung:
    """The IFK takes over the Träger's changes ("mit Änderungen zugestimmt",
    seed 000 Rz. 16): each changed item gets the Träger's text. In a draft
    the item itself changes; an agreed version stays as the person received
    it (design: agreed versions are immutable), so the changes go into the
    plan's draft, a new version (Fortschreibung) if there is none, which the
    person then agrees to. ``abstimmung.neue_version`` names that version."""
    lage = Planlage.sperren(abstimmung.version.plan_id)
    abstimmung = TraegerAbstimmung.objects.select_for_update().get(pk=abstimmung.pk)
    uebergang = pruefen("aenderung_bestaetigen", acting_user, lage)
    if abstimmung.status != AbstimmungStatus.GEAENDERT or abstimmung.aenderung_bestaetigt_am:
        raise Fachfehler("Hier gibt es keine Änderung zu bestätigen.")
    version = PlanVersion.objects.select_for_update().get(pk=abstimmung.version_id)
    geaendert = list(
        abstimmung.positionen.filter(status=AbstimmungStatus.GEAENDERT).select_related("eintrag")
    )
    abstimmung.neue_version = None
    with im_namen_von(acting_user, "Änderung des Trägers übernommen"):
        abstimmung.aenderung_bestaetigt_am = timezone.now()
        speichern(abstimmung)
        ziel = version
        if version.status == VersionStatus.VEREINBART and geaendert:
            ziel = lage.entwurf
            if ziel is None:
                ziel = als_neue_version(lage.plan, version)
                akt_festhalten(
                    plan=lage.plan,
                    art=Aktart.FORTSCHREIBUNG,
                    am=lage.am,
                    acting_user=acting_user,
                )
                stand_setzen(lage, uebergang, PlanStatus.ENTWURF)
            abstimmung.neue_version = ziel
        for position in geaendert:
            eintrag = position.eintrag
            if ziel.pk != version.pk:
                eintrag = _entsprechung(ziel, eintrag)
                if eintrag is None:
                    # Removed from the draft meanwhile: nothing to change.
                    continue
            eintrag.text = position.aenderung
            speichern(eintrag)
        if geaendert and ziel.status == VersionStatus.ENTWURF:
            # An editor open on the old text must not save over the new one.
            ziel.sperrversion += 1
            ziel.save(update_fields=["sperrversion", "geaendert_am"])
        wiedervorlage_erledigen(ursache=abstimmung, art=Fristart.AENDERUNG_BESTAETIGEN)
        naechste_frist_aktualisieren(abstimmung.version.plan.leistungsberechtigter_id)
    return abstimmung
