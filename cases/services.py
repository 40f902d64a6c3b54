"""Writes on Leistungsberechtigte and Potenzialanalysen. Each takes the acting
user, checks the access policy, validates, runs in one transaction and leaves
its audit trail (django-auditlog) attributed to that user."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from kooperation import access, datumsregeln
from kooperation.arbeitstage import jobcenter_arbeitstage_nach
from kooperation.audit import im_namen_von
from kooperation.errors import Fachfehler, KeinZugriff, Konflikt
from kooperation.katalog import Bedarfsbereich
from kooperation.models import Erinnerungsstufe, Fristart, Wiedervorlage, WiedervorlageStatus
from kooperation.services import speichern, wiedervorlage_setzen

from .models import (
    VERMERK_LAENGE,
    Datenweitergabe,
    Einwilligung,
    Einwilligungszweck,
    GesetzlicherVertreter,
    Handlungsbedarf,
    Leistungsberechtigter,
    Phase,
    Potenzialanalyse,
    PotenzialanalyseStatus,
    Vermerk,
)

# Master data: where a Jobcenter takes it from its Fachverfahren, only the
# API writes these fields; the browser shows them read-only.
STAMMDATEN = (
    "kundennummer",
    "vorname",
    "nachname",
    "geburtsdatum",
    "strasse",
    "plz",
    "ort",
    "telefon",
    "email",
    # The end of benefits or of the care: from here the retention period runs.
    "fall_beendet_am",
)
# What planning needs besides: language, interpreter, the Bedarfsgemeinschaft.
PLANUNGSDATEN = (
    "sprache",
    "dolmetscher_noetig",
    "haushalt",
    "bg_personen",
    "kinder_alter",
    "pflegeaufgaben",
)
VERTRETERFELDER = ("name", "beziehung", "telefon", "email", "anschrift")

DOPPELT = (
    "Diese Angaben passen zu einer Person, die schon erfasst ist (gleiche Kundennummer, "
    "oder gleicher Name und gleiches Geburtsdatum). Bitte prüfen Sie die Angaben; "
    "Ihre Teamleitung hilft, wenn Sie die Person nicht finden."
)

KUNDENNUMMER_VERGEBEN = (
    "Mit dieser Kundennummer kann kein neuer Fall angelegt werden. Bitte prüfen Sie die "
    "Nummer; ist die Person schon im Jobcenter erfasst, fragen Sie die Teamleitung."
)


@dataclass(frozen=True)
class Doppelt:
    """A person already recorded with the same Kundennummer or the same name
    and birth date; ``sichtbar`` is the one the user may open (else None)."""

    sichtbar: Leistungsberechtigter | None
    gleiche_kundennummer: bool


def doppelte_person(
    *, user, jobcenter, kundennummer: str, vorname: str, nachname: str, geburtsdatum, ohne=None
) -> Doppelt | None:
    """Look for the same person in the Jobcenter: the Kundennummer, or the
    name (case-insensitive) with the birth date. Another Jobcenter's people
    are never looked at."""
    gleich = Q(kundennummer__iexact=kundennummer.strip()) | Q(
        vorname__iexact=vorname.strip(),
        nachname__iexact=nachname.strip(),
        geburtsdatum=geburtsdatum,
    )
    kandidaten = Leistungsberechtigter.objects.filter(gleich, jobcenter=jobcenter)
    if ohne is not None:
        kandidaten = kandidaten.exclude(pk=ohne.pk)
    treffer = list(kandidaten.only("pk", "kundennummer")[:5])
    if not treffer:
        return None
    sichtbar = access.sichtbar(
        user, Leistungsberechtigter.objects.filter(pk__in=[t.pk for t in treffer])
    ).first()
    return Doppelt(
        sichtbar=sichtbar,
        gleiche_kundennummer=any(
            t.kundennummer.lower() == kundennummer.strip().lower() for t in treffer
        ),
    )


def _doppelt_pruefen(*, user, jobcenter, daten, ohne=None, trotzdem: bool) -> None:
    doppelt = doppelte_person(
        user=user,
        jobcenter=jobcenter,
        kundennummer=daten.get("kundennummer", ""),
        vorname=daten.get("vorname", ""),
        nachname=daten.get("nachname", ""),
        geburtsdatum=daten.get("geburtsdatum"),
        ohne=ohne,
    )
    # The same name and birthday may be two people: the user may confirm.
    # The same Kundennummer never is.
    if doppelt is None or (trotzdem and not doppelt.gleiche_kundennummer):
        return
    # A taken Kundennummer gets one answer whether or not the user may see
    # the case (the page links the case only where she may).
    fehler = Fachfehler(
        {"kundennummer": KUNDENNUMMER_VERGEBEN} if doppelt.gleiche_kundennummer else DOPPELT
    )
    fehler.doppelt = doppelt
    raise fehler


def _fallende_pruefen(fall_beendet_am) -> None:
    """A case ends on a day that has come: the retention period runs from it,
    and a day ahead would start it early."""
    if fall_beendet_am is None:
        return
    datumsregeln.pruefen(fall_beendet_am=fall_beendet_am)
    if fall_beendet_am > timezone.localdate():
        raise Fachfehler(
            {"fall_beendet_am": "Das Ende des Falls kann nicht in der Zukunft liegen."}
        )


def _vertreter_setzen(person: Leistungsberechtigter, vertreter: dict | None) -> None:
    """One gesetzliche Vertretung, kept in step with the form: an empty name
    removes it."""
    if vertreter is None:
        return
    vorhanden = person.vertreter.order_by("pk").first()
    if not (vertreter.get("name") or "").strip():
        if vorhanden is not None:
            vorhanden.delete()
        return
    v = vorhanden or GesetzlicherVertreter(leistungsberechtigter=person)
    for feld in VERTRETERFELDER:
        setattr(v, feld, (vertreter.get(feld) or "").strip())
    speichern(v)


@transaction.atomic
def leistungsberechtigter_anlegen(
    *,
    acting_user,
    team,
    zustaendig=None,
    vertreter: dict | None = None,
    trotzdem_anlegen: bool = False,
    ueber_schnittstelle: bool = False,
    **daten,
):
    """Record a person in the acting IFK's Jobcenter and own team, unless the
    same person is recorded already (Kundennummer, or name and birth date:
    the latter may be confirmed as a different person). Where the Jobcenter
    takes master data from its Fachverfahren, people come through the API.
    A Kundennummer already taken gets the same answer whether or not the
    user may see that case, so it does not tell that a case exists outside
    the user's scope."""
    datumsregeln.pruefen(geburtsdatum=daten.get("geburtsdatum"))
    _fallende_pruefen(daten.get("fall_beendet_am"))
    if not access.darf_leistungsberechtigte_anlegen(acting_user, team):
        raise KeinZugriff("Sie dürfen Fälle nur in Ihrem eigenen Team anlegen.")
    if team.jobcenter.stammdaten_aus_fachverfahren and not ueber_schnittstelle:
        raise Fachfehler(
            "Ihr Jobcenter übernimmt die Stammdaten aus dem Fachverfahren: neue Personen "
            "kommen von dort über die Schnittstelle."
        )
    _doppelt_pruefen(
        user=acting_user, jobcenter=team.jobcenter, daten=daten, trotzdem=trotzdem_anlegen
    )
    with im_namen_von(acting_user, "Fall angelegt"):
        person = Leistungsberechtigter(
            jobcenter=team.jobcenter, team=team, zustaendig=zustaendig or acting_user, **daten
        )
        speichern(person)
        _vertreter_setzen(person, vertreter)
    return person


@transaction.atomic
def leistungsberechtigter_aendern(
    *,
    acting_user,
    leistungsberechtigter: Leistungsberechtigter,
    sperrversion: int,
    vertreter: dict | None = None,
    ueber_schnittstelle: bool = False,
    **daten,
) -> Leistungsberechtigter:
    """Change a person's master data, contact and planning context (the
    responsible IFK). Master data taken from the Fachverfahren is changed
    only through the API; a stale form is refused (``sperrversion``)."""
    person = Leistungsberechtigter.objects.select_for_update().get(pk=leistungsberechtigter.pk)
    if not access.darf_bearbeiten(acting_user, person):
        raise KeinZugriff()
    if person.sperrversion != sperrversion:
        raise Konflikt("Die Person")
    unbekannt = set(daten) - set(STAMMDATEN) - set(PLANUNGSDATEN)
    if unbekannt:
        raise Fachfehler(f"Diese Felder gibt es nicht: {', '.join(sorted(unbekannt))}.")
    _fallende_pruefen(daten.get("fall_beendet_am"))
    geaenderte_stammdaten = [f for f in STAMMDATEN if f in daten and daten[f] != getattr(person, f)]
    if (
        geaenderte_stammdaten
        and person.jobcenter.stammdaten_aus_fachverfahren
        and not ueber_schnittstelle
    ):
        raise Fachfehler(
            {
                f: "Kommt aus dem Fachverfahren und wird nur dort geändert."
                for f in geaenderte_stammdaten
            }
        )
    if {"kundennummer", "vorname", "nachname", "geburtsdatum"} & set(geaenderte_stammdaten):
        neu = {f: daten.get(f, getattr(person, f)) for f in STAMMDATEN}
        _doppelt_pruefen(
            user=acting_user, jobcenter=person.jobcenter, daten=neu, ohne=person, trotzdem=False
        )
    with im_namen_von(acting_user, "Stammdaten geändert"):
        for feld, wert in daten.items():
            setattr(person, feld, wert)
        person.sperrversion += 1
        speichern(person)
        _vertreter_setzen(person, vertreter)
    return person


def naechste_frist_aktualisieren(leistungsberechtigter_id: int) -> None:
    """Keep the person's next deadline (for the caseload's sort) in step with
    the open Wiedervorlagen. One indexed aggregate, no loop."""
    naechste = (
        Wiedervorlage.objects.offen()
        .filter(leistungsberechtigter_id=leistungsberechtigter_id)
        .aggregate(m=Min("faellig_am"))["m"]
    )
    person = Leistungsberechtigter.objects.select_for_update().get(pk=leistungsberechtigter_id)
    if person.naechste_frist != naechste:
        person.naechste_frist = naechste
        person.save(update_fields=["naechste_frist", "geaendert_am"])


def wiedervorlage_setzen_fuer(
    *, leistungsberechtigter: Leistungsberechtigter, ursache, art: Fristart, faellig_am
):
    """File (or move) a deadline of the person's case, for the responsible IFK
    and the case's team. Callers update ``naechste_frist`` once afterwards
    with ``naechste_frist_aktualisieren``."""
    return wiedervorlage_setzen(
        ursache=ursache,
        art=art,
        faellig_am=faellig_am,
        jobcenter=leistungsberechtigter.jobcenter,
        zustaendig=leistungsberechtigter.zustaendig,
        team=leistungsberechtigter.team,
        leistungsberechtigter_id=leistungsberechtigter.pk,
    )


# How far ahead a Wiedervorlage may be moved by hand: a plausibility window
# (a typo such as 2099 is caught), not a legal period.
VERSCHIEBEN_HOECHSTENS_TAGE = 365
GRUND_LAENGE = 500


# A Wiedervorlage moves from today to at most a year ahead; the form uses the
# same window as its field's validator.
VERSCHIEBEN = datumsregeln.Datumsfenster(
    "Zeitraum zum Verschieben",
    lambda heute: heute,
    lambda heute: heute + datetime.timedelta(days=VERSCHIEBEN_HOECHSTENS_TAGE),
)


def verschiebedatum_pruefen(faellig_am: datetime.date) -> str | None:
    """The message if ``faellig_am`` lies outside today .. a year ahead."""
    return None if VERSCHIEBEN.enthaelt(faellig_am) else VERSCHIEBEN.meldung()


def _wiedervorlage_sperren(acting_user, wiedervorlage: Wiedervorlage) -> Wiedervorlage:
    wv = Wiedervorlage.objects.select_for_update().get(pk=wiedervorlage.pk)
    if not access.darf_bearbeiten(acting_user, wv):
        raise KeinZugriff("Diese Wiedervorlage bearbeiten Sie nicht.")
    if wv.status != WiedervorlageStatus.OFFEN:
        raise Fachfehler("Diese Wiedervorlage ist schon erledigt.")
    return wv


@transaction.atomic
def wiedervorlage_erledigt_melden(*, acting_user, wiedervorlage: Wiedervorlage) -> Wiedervorlage:
    """The responsible IFK (or the team's lead) marks a Wiedervorlage done;
    the person's next deadline follows."""
    wv = _wiedervorlage_sperren(acting_user, wiedervorlage)
    if not wv.von_hand_erledigbar:
        raise Fachfehler(
            f"„{wv.get_art_display()}“ ist erledigt, wenn der Schritt im Fall erfasst ist; "
            "bitte öffnen Sie dafür den Fall."
        )
    with im_namen_von(acting_user, "Wiedervorlage als erledigt markiert"):
        wv.status = WiedervorlageStatus.ERLEDIGT
        wv.erledigt_am = timezone.now()
        speichern(wv)
        if wv.leistungsberechtigter_id:
            naechste_frist_aktualisieren(wv.leistungsberechtigter_id)
    return wv


@transaction.atomic
def wiedervorlage_verschieben(
    *, acting_user, wiedervorlage: Wiedervorlage, faellig_am: datetime.date, grund: str
) -> Wiedervorlage:
    """Move a Wiedervorlage to a new date, for a reason that goes into the
    audit trail with the old and the new date. The new date lies between
    today and a year ahead; the deadline watch reminds it afresh."""
    grund = (grund or "").strip()
    fehler = {}
    datumsfehler = verschiebedatum_pruefen(faellig_am)
    if datumsfehler:
        fehler["faellig_am"] = datumsfehler
    if not grund:
        fehler["grund"] = "Bitte angeben, warum die Wiedervorlage verschoben wird."
    elif len(grund) > GRUND_LAENGE:
        fehler["grund"] = f"Höchstens {GRUND_LAENGE} Zeichen."
    if fehler:
        raise Fachfehler(fehler)
    wv = _wiedervorlage_sperren(acting_user, wiedervorlage)
    if wv.faellig_am == faellig_am:
        raise Fachfehler({"faellig_am": "Die Wiedervorlage ist schon an diesem Tag fällig."})
    with im_namen_von(acting_user, f"Wiedervorlage verschoben: {grund}"):
        wv.faellig_am = faellig_am
        wv.erinnerungsstufe = Erinnerungsstufe.KEINE
        speichern(wv)
        if wv.leistungsberechtigter_id:
            naechste_frist_aktualisieren(wv.leistungsberechtigter_id)
    return wv


def leistungsberechtigter_phase_setzen(
    leistungsberechtigter: Leistungsberechtigter, phase: Phase
) -> None:
    """Where the person stands in the process (the caseload's filter)."""
    if leistungsberechtigter.phase != phase:
        leistungsberechtigter.phase = phase
        leistungsberechtigter.save(update_fields=["phase", "geaendert_am"])


@transaction.atomic
def potenzialanalyse_beginnen(
    *, acting_user, leistungsberechtigter: Leistungsberechtigter, begonnen_am: datetime.date
) -> Potenzialanalyse:
    """§ 15 Abs. 1 SGB II: the analysis is made "unverzüglich" with the person."""
    datumsregeln.pruefen(begonnen_am=begonnen_am)
    if not access.darf_bearbeiten(acting_user, leistungsberechtigter):
        raise KeinZugriff()
    with im_namen_von(acting_user, "Potenzialanalyse begonnen"):
        if leistungsberechtigter.potenzialanalysen.filter(status="in_arbeit").exists():
            raise Fachfehler("Für diese Person läuft schon eine Potenzialanalyse.")
        pa = Potenzialanalyse(leistungsberechtigter=leistungsberechtigter, begonnen_am=begonnen_am)
        speichern(pa)
        leistungsberechtigter_phase_setzen(leistungsberechtigter, Phase.POTENZIALANALYSE)
    return pa


def _handlungsbedarfe_setzen(pa: Potenzialanalyse, handlungsbedarfe: dict[str, str]) -> None:
    """Make the analysis' findings exactly ``handlungsbedarfe`` (area -> note)."""
    for hb in pa.handlungsbedarfe.exclude(bereich__in=list(handlungsbedarfe)):
        hb.delete()
    for bereich, beschreibung in handlungsbedarfe.items():
        hb, _ = Handlungsbedarf.objects.get_or_create(potenzialanalyse=pa, bereich=bereich)
        if hb.beschreibung != beschreibung:
            hb.beschreibung = beschreibung
            speichern(hb)


BEFUNDFELDER = (
    "staerken",
    "qualifikationen",
    "berufserfahrung",
    "sprachniveau",
    "reha_bedarf",
    "reha_hinweis",
)


def _potenzialanalyse_sperren(acting_user, potenzialanalyse, sperrversion) -> Potenzialanalyse:
    """The analysis, locked for this transaction, if the user may edit it and
    has read its current version (``None``: no version to compare)."""
    pa = Potenzialanalyse.objects.select_for_update().get(pk=potenzialanalyse.pk)
    if not access.darf_bearbeiten(acting_user, pa):
        raise KeinZugriff()
    if sperrversion is not None and pa.sperrversion != sperrversion:
        raise Konflikt("Die Potenzialanalyse")
    return pa


@transaction.atomic
def potenzialanalyse_speichern(
    *,
    acting_user,
    potenzialanalyse: Potenzialanalyse,
    sperrversion: int,
    handlungsbedarfe: dict[str, str],
    **befunde,
) -> Potenzialanalyse:
    """Save the findings of an analysis still in progress. A second writer
    with an outdated ``sperrversion`` is refused (optimistic locking)."""
    pa = _potenzialanalyse_sperren(acting_user, potenzialanalyse, sperrversion)
    if pa.status != PotenzialanalyseStatus.IN_ARBEIT:
        raise Fachfehler(
            "Die Potenzialanalyse ist abgeschlossen und kann nicht mehr geändert werden."
        )
    unbekannt = set(handlungsbedarfe) - set(Bedarfsbereich.values)
    if unbekannt:
        raise Fachfehler(
            {"handlungsbedarfe": "Unbekannter Handlungsbedarf: " + ", ".join(sorted(unbekannt))}
        )
    with im_namen_von(acting_user, "Potenzialanalyse bearbeitet"):
        for feld in BEFUNDFELDER:
            if feld in befunde:
                setattr(pa, feld, befunde[feld])
        pa.sperrversion += 1
        speichern(pa)
        _handlungsbedarfe_setzen(pa, handlungsbedarfe)
    return pa


@transaction.atomic
def potenzialanalyse_abschliessen(
    *,
    acting_user,
    potenzialanalyse: Potenzialanalyse,
    abgeschlossen_am: datetime.date,
    reha_bedarf: str,
    handlungsbedarfe: dict[str, str] | None = None,
    sperrversion: int | None = None,
    **befunde,
) -> Potenzialanalyse:
    """Complete the analysis and store the draft deadline for the plan.

    The plan follows "unverzüglich" (§ 15 Abs. 2 SGB II); the commentary
    (seed 000 Rz. 17) accepts a draft within 2 Arbeitswochen, which the
    Jobcenter sets (default 10 Arbeitstage). The deadline is computed now,
    with the Jobcenter's Bundesland and closing days, and stored."""
    datumsregeln.pruefen(abgeschlossen_am=abgeschlossen_am)
    pa = _potenzialanalyse_sperren(acting_user, potenzialanalyse, sperrversion)
    person = pa.leistungsberechtigter
    if pa.status != PotenzialanalyseStatus.IN_ARBEIT:
        raise Fachfehler("Die Potenzialanalyse ist schon abgeschlossen.")
    fehler = {}
    if reha_bedarf not in ("ja", "nein", "unklar"):
        fehler["reha_bedarf"] = "Bitte prüfen Sie den Reha-Bedarf: ja, nein oder unklar."
    if abgeschlossen_am < pa.begonnen_am:
        fehler["abgeschlossen_am"] = "Der Abschluss kann nicht vor dem Beginn liegen."
    unbekannt = set(handlungsbedarfe or {}) - set(Bedarfsbereich.values)
    if unbekannt:
        fehler["handlungsbedarfe"] = "Unbekannter Handlungsbedarf: " + ", ".join(sorted(unbekannt))
    if fehler:
        raise Fachfehler(fehler)
    with im_namen_von(acting_user, "Potenzialanalyse abgeschlossen"):
        for feld, wert in befunde.items():
            setattr(pa, feld, wert)
        jobcenter = person.jobcenter
        pa.status = PotenzialanalyseStatus.ABGESCHLOSSEN
        pa.abgeschlossen_am = abgeschlossen_am
        pa.reha_bedarf = reha_bedarf
        pa.entwurf_frist = jobcenter_arbeitstage_nach(
            jobcenter, abgeschlossen_am, jobcenter.entwurf_frist_arbeitstage
        )
        pa.sperrversion += 1
        speichern(pa)
        if handlungsbedarfe is not None:
            _handlungsbedarfe_setzen(pa, handlungsbedarfe)
        wiedervorlage_setzen_fuer(
            leistungsberechtigter=person,
            ursache=pa,
            art=Fristart.PLANENTWURF,
            faellig_am=pa.entwurf_frist,
        )
        leistungsberechtigter_phase_setzen(person, Phase.PLANUNG)
        naechste_frist_aktualisieren(person.pk)
    return pa


@transaction.atomic
def potenzialanalyse_abschluss_korrigieren(
    *,
    acting_user,
    potenzialanalyse: Potenzialanalyse,
    abgeschlossen_am: datetime.date,
    sperrversion: int | None = None,
) -> Potenzialanalyse:
    """Correct the completion date of a completed analysis: the stored draft
    deadline and its Wiedervorlage move with it (computed again with the
    Jobcenter's working days; a reminder already sent for the old date does
    not count for the new one). A deadline already met stays closed."""
    datumsregeln.pruefen(abgeschlossen_am=abgeschlossen_am)
    pa = _potenzialanalyse_sperren(acting_user, potenzialanalyse, sperrversion)
    person = pa.leistungsberechtigter
    if pa.status != PotenzialanalyseStatus.ABGESCHLOSSEN:
        raise Fachfehler("Nur eine abgeschlossene Potenzialanalyse hat ein Abschlussdatum.")
    if abgeschlossen_am < pa.begonnen_am:
        raise Fachfehler({"abgeschlossen_am": "Der Abschluss kann nicht vor dem Beginn liegen."})
    jobcenter = person.jobcenter
    with im_namen_von(acting_user, "Abschlussdatum der Potenzialanalyse korrigiert"):
        pa.abgeschlossen_am = abgeschlossen_am
        pa.entwurf_frist = jobcenter_arbeitstage_nach(
            jobcenter, abgeschlossen_am, jobcenter.entwurf_frist_arbeitstage
        )
        pa.sperrversion += 1
        speichern(pa)
        if (
            Wiedervorlage.objects.offen()
            .filter(
                ursache_typ__model="potenzialanalyse",
                ursache_typ__app_label="cases",
                ursache_id=pa.pk,
                art=Fristart.PLANENTWURF,
            )
            .exists()
        ):
            wiedervorlage_setzen_fuer(
                leistungsberechtigter=person,
                ursache=pa,
                art=Fristart.PLANENTWURF,
                faellig_am=pa.entwurf_frist,
            )
            naechste_frist_aktualisieren(person.pk)
    return pa


# --- Consent and sharing with partners (seeds 002, 003) ----------------------


def gueltige_einwilligung(
    *, leistungsberechtigter, partner, zweck: str, am: datetime.date
) -> Einwilligung | None:
    """The written consent that covers sharing with ``partner`` for ``zweck``
    on ``am``: given on or before that day and not withdrawn by then."""
    return (
        Einwilligung.objects.filter(
            leistungsberechtigter=leistungsberechtigter,
            partner=partner,
            zweck=zweck,
            schriftlich=True,
            erteilt_am__lte=am,
        )
        .filter(Q(widerrufen_am__isnull=True) | Q(widerrufen_am__gt=am))
        .order_by("-erteilt_am")
        .first()
    )


@transaction.atomic
def einwilligung_erfassen(
    *,
    acting_user,
    leistungsberechtigter: Leistungsberechtigter,
    partner,
    zweck: str,
    erteilt_am: datetime.date,
    schriftlich: bool = True,
) -> Einwilligung:
    """Record the person's consent for one partner and one purpose."""
    datumsregeln.pruefen(erteilt_am=erteilt_am)
    if not access.darf_bearbeiten(acting_user, leistungsberechtigter):
        raise KeinZugriff()
    if partner.jobcenter_id != leistungsberechtigter.jobcenter_id:
        raise Fachfehler({"partner": "Dieser Partner gehört zu einem anderen Jobcenter."})
    with im_namen_von(acting_user, "Einwilligung erfasst"):
        einwilligung = Einwilligung(
            leistungsberechtigter=leistungsberechtigter,
            partner=partner,
            zweck=zweck,
            erteilt_am=erteilt_am,
            schriftlich=schriftlich,
        )
        speichern(einwilligung)
    return einwilligung


@transaction.atomic
def einwilligung_widerrufen(
    *, acting_user, einwilligung: Einwilligung, am: datetime.date
) -> Einwilligung:
    """Withdrawal stops every further sharing under this consent at once
    (Art. 7 Abs. 3 DSGVO); what was shared before stays recorded."""
    datumsregeln.pruefen(am=am)
    einwilligung = Einwilligung.objects.select_for_update().get(pk=einwilligung.pk)
    if not access.darf_bearbeiten(acting_user, einwilligung):
        raise KeinZugriff()
    if einwilligung.widerrufen_am:
        raise Fachfehler(
            f"Die Einwilligung ist schon seit {einwilligung.widerrufen_am:%d.%m.%Y} widerrufen."
        )
    if am < einwilligung.erteilt_am:
        raise Fachfehler({"am": "Der Widerruf kann nicht vor der Erteilung liegen."})
    with im_namen_von(acting_user, "Einwilligung widerrufen"):
        einwilligung.widerrufen_am = am
        speichern(einwilligung)
    return einwilligung


@transaction.atomic
def daten_weitergeben(
    *,
    acting_user,
    leistungsberechtigter: Leistungsberechtigter,
    partner,
    zweck: str,
    inhalt: str,
    am: datetime.date,
) -> Datenweitergabe:
    """Hand a case to a partner (Überleitung, joint first conversation,
    exchange about a threatened drop-out). Only with the person's written
    consent for exactly this partner and purpose, not withdrawn (§ 67b SGB X;
    seed 003 no. 10: "nur mit schriftlicher Zustimmung"). Refused otherwise;
    every sharing is recorded and audited."""
    datumsregeln.pruefen(am=am)
    if not access.darf_bearbeiten(acting_user, leistungsberechtigter):
        raise KeinZugriff()
    if zweck not in Einwilligungszweck.values:
        raise Fachfehler({"zweck": "Unbekannter Zweck der Weitergabe."})
    if not inhalt.strip():
        raise Fachfehler({"inhalt": "Bitte geben Sie an, welche Daten Sie weitergeben."})
    # Lock the consents so a withdrawal recorded at the same moment wins.
    list(
        Einwilligung.objects.select_for_update().filter(
            leistungsberechtigter=leistungsberechtigter, partner=partner
        )
    )
    einwilligung = gueltige_einwilligung(
        leistungsberechtigter=leistungsberechtigter, partner=partner, zweck=zweck, am=am
    )
    if einwilligung is None:
        zweck_text = Einwilligungszweck(zweck).label
        raise Fachfehler(
            {
                "partner": (
                    f"Weitergabe abgelehnt: Es liegt keine gültige schriftliche Einwilligung "
                    f"von {leistungsberechtigter} für „{zweck_text}“ an {partner} vor. "
                    "Bitte holen Sie zuerst die Einwilligung ein und erfassen Sie sie."
                )
            }
        )
    grund = f"Datenweitergabe an Partner: {Einwilligungszweck(zweck).label}"
    with im_namen_von(acting_user, grund):
        weitergabe = Datenweitergabe(
            leistungsberechtigter=leistungsberechtigter,
            partner=partner,
            zweck=zweck,
            einwilligung=einwilligung,
            am=am,
            durch=acting_user,
            inhalt=inhalt,
        )
        speichern(weitergabe)
    return weitergabe


# A note is written close to the contact it records; older dates are typos.
VERMERK_RUECKWIRKEND_TAGE = 365


VERMERK = datumsregeln.Datumsfenster(
    "Zeitraum für Vermerke",
    lambda heute: heute - datetime.timedelta(days=VERMERK_RUECKWIRKEND_TAGE),
    lambda heute: heute,
)


def vermerkdatum_pruefen(am: datetime.date) -> str | None:
    """The message if ``am`` is in the future or more than a year back."""
    return None if VERMERK.enthaelt(am) else VERMERK.meldung()


@transaction.atomic
def vermerk_schreiben(
    *,
    acting_user,
    leistungsberechtigter: Leistungsberechtigter,
    art: str,
    am: datetime.date,
    text: str,
    berichtigt: Vermerk | None = None,
) -> Vermerk:
    """Add a note to the case (the responsible IFK). Notes are never changed:
    ``berichtigt`` names the note this one corrects, of the same person."""
    vermerk = Vermerk(
        leistungsberechtigter=leistungsberechtigter,
        art=art,
        am=am,
        text=(text or "").strip(),
        verfasst_von=acting_user,
        berichtigt=berichtigt,
    )
    if not access.darf_bearbeiten(acting_user, vermerk):
        raise KeinZugriff("Vermerke schreibt die zuständige Integrationsfachkraft.")
    fehler = {}
    datumsfehler = vermerkdatum_pruefen(am)
    if datumsfehler:
        fehler["am"] = datumsfehler
    if not vermerk.text:
        fehler["text"] = "Bitte den Vermerk schreiben."
    elif len(vermerk.text) > VERMERK_LAENGE:
        fehler["text"] = f"Höchstens {VERMERK_LAENGE} Zeichen."
    if berichtigt is not None and berichtigt.leistungsberechtigter_id != leistungsberechtigter.pk:
        fehler["berichtigt"] = "Der berichtigte Vermerk gehört zu einer anderen Person."
    if fehler:
        raise Fachfehler(fehler)
    with im_namen_von(acting_user, "Vermerk geschrieben"):
        speichern(vermerk)
    return vermerk


# --- The Teamleitung hands cases to another IFK ---------------------------------

# How many cases one confirmation moves: a whole caseload, not a whole team.
ZUWEISEN_HOECHSTENS = 500


@transaction.atomic
def faelle_zuweisen(*, acting_user, faelle, ziel) -> int:
    """The lead of a team hands cases of the team to another IFK of the same
    team (a colleague leaves, workloads are evened out). The open
    Wiedervorlagen of each case that lay with the former IFK follow the case;
    closed ones stay as they were, as the record of who met them. Every case
    and deadline changes by ``save()``: each move is an audit entry."""
    ids = sorted({p.pk for p in faelle})
    if not ids:
        raise Fachfehler({"faelle": "Bitte wählen Sie mindestens einen Fall aus."})
    if len(ids) > ZUWEISEN_HOECHSTENS:
        raise Fachfehler({"faelle": f"Höchstens {ZUWEISEN_HOECHSTENS} Fälle auf einmal zuweisen."})
    if not access.darf_team_leiten(acting_user):
        raise KeinZugriff("Fälle weist die Teamleitung zu.")
    if ziel is None or not (
        ziel.is_active
        and ziel.jobcenter_id == acting_user.jobcenter_id
        and ziel.team_id is not None
        and ziel.team_id == acting_user.team_id
        and access.hat_recht(ziel, "faelle_bearbeiten")
    ):
        raise Fachfehler(
            {"ziel": "Zuweisen können Sie nur an eine Integrationsfachkraft Ihres Teams."}
        )
    personen = list(
        Leistungsberechtigter.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    )
    if len(personen) != len(ids) or not all(
        access.darf_faelle_zuweisen(acting_user, p) for p in personen
    ):
        raise KeinZugriff("Sie können nur Fälle Ihres Teams zuweisen.")
    bisher = {p.pk: p.zustaendig_id for p in personen}
    offene = list(
        Wiedervorlage.objects.select_for_update()
        .offen()
        .filter(jobcenter_id=acting_user.jobcenter_id, leistungsberechtigter_id__in=ids)
        .order_by("pk")
    )
    geaendert = 0
    with im_namen_von(acting_user, f"Fall an {ziel} zugewiesen"):
        for person in personen:
            if person.zustaendig_id == ziel.pk:
                continue
            person.zustaendig = ziel
            person.sperrversion += 1
            person.save(update_fields=["zustaendig", "sperrversion", "geaendert_am"])
            geaendert += 1
        for wv in offene:
            # A deadline of someone else (the lead's own, say) stays with them.
            if wv.zustaendig_id in (None, bisher[wv.leistungsberechtigter_id]) and (
                wv.zustaendig_id != ziel.pk
            ):
                wv.zustaendig = ziel
                wv.save(update_fields=["zustaendig", "geaendert_am"])
    return geaendert
