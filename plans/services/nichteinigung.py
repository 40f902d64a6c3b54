"""No agreement, or agreements not kept: the path depends on the Rechtsstand
each act follows on its own day (Schlichtung under § 15a SGB II and the
Aufforderung of § 15 Abs. 5 and 6 under the Bürgergeld; obligations by
Bescheid under the Neue Grundsicherung, reported), never on the day the plan
was begun."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction

from cases.services import naechste_frist_aktualisieren, wiedervorlage_setzen_fuer
from kooperation import access, recht
from kooperation.audit import im_namen_von
from kooperation.celery import nach_commit
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import Fristart, User
from kooperation.rechtsregeln import Aktart
from kooperation.services import speichern, wiedervorlage_erledigen

from .. import lebenszyklus
from ..lebenszyklus import Planlage, pruefen, stand_setzen
from ..models import (
    BescheidPunkt,
    Kooperationsplan,
    Pflichtenfestsetzung,
    PlanStatus,
    Punktart,
    Schlichtung,
    SchlichtungErgebnis,
    punkt_fehler,
)
from ..tasks import pdf_bescheid_rendern
from .entwurf import als_neue_version
from .fristen import wiedervorlage_nach, wiedervorlagen_nach_nichteinigung_erledigen
from .rechtsakte import akt_festhalten, tag_pruefen
from .termine import zugesagten_termin_einladen
from .ueberpruefung import ueberpruefungsfristen_erledigen


def _schlichter_beteiligt(schlichter: str, person, acting_user) -> str | None:
    """Why the named Schlichter is involved in the case or bound by the
    case's line, if they are: the responsible IFK, the user starting the
    Schlichtung, a member of the case's team or its Teamleitung."""
    name = " ".join(schlichter.split()).casefold()
    kandidaten = [
        u
        for u in User.objects.filter(jobcenter_id=person.jobcenter_id, is_active=True)
        if name in {" ".join(u.get_full_name().split()).casefold(), u.username.casefold()}
    ]
    for user in kandidaten:
        if user.pk == person.zustaendig_id:
            return f"{user} ist für diesen Fall zuständig."
        if user.pk == acting_user.pk:
            return f"{user} bearbeitet diesen Fall."
        if user.team_id == person.team_id:
            if access.hat_recht(user, "team_leiten"):
                return f"{user} leitet das Team dieses Falls."
            return f"{user} gehört zum Team dieses Falls."
    return None


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
    (four weeks). Only where the Rechtsstand of ``begonnen_am`` provides it."""
    tag_pruefen(begonnen_am, "begonnen_am")
    lage = Planlage.sperren(plan.pk, am=begonnen_am)
    uebergang = pruefen("schlichtung", acting_user, lage)
    plan = lage.plan
    fehler = {}
    if beantragt_von not in ("person", "jobcenter"):
        fehler["beantragt_von"] = "Bitte wählen Sie, wer die Schlichtung beantragt."
    if not schlichter.strip():
        fehler["schlichter"] = "Bitte nennen Sie die schlichtende Person."
    elif grund := _schlichter_beteiligt(schlichter, plan.leistungsberechtigter, acting_user):
        regel = recht.fuer_akt(Aktart.SCHLICHTUNG_BEGINN, begonnen_am).rechtsstand.schlichtung
        if regel is not None and regel.schlichter_unbeteiligt:
            fehler["schlichter"] = (
                f"{grund} Schlichten darf nur, wer bisher unbeteiligt und nicht "
                "weisungsgebunden ist (§ 15a SGB II)."
            )
    if fehler:
        raise Fachfehler(fehler)
    person = plan.leistungsberechtigter
    with im_namen_von(acting_user, "Schlichtung begonnen"):
        akt_festhalten(
            plan=plan,
            art=Aktart.SCHLICHTUNG_BEGINN,
            am=begonnen_am,
            acting_user=acting_user,
            feld="begonnen_am",
        )
        schlichtung = Schlichtung(
            plan=plan,
            beantragt_von=beantragt_von,
            begonnen_am=begonnen_am,
            ende_spaetestens=recht.schlichtung_endet_spaetestens(begonnen_am).datum,
            schlichter=schlichter.strip(),
        )
        speichern(schlichtung)
        stand_setzen(lage, uebergang, PlanStatus.NICHTEINIGUNG)
        wiedervorlage_setzen_fuer(
            leistungsberechtigter=person,
            ursache=schlichtung,
            art=Fristart.SCHLICHTUNG,
            faellig_am=schlichtung.ende_spaetestens,
        )
        naechste_frist_aktualisieren(person.pk)
    return schlichtung


@transaction.atomic
def schlichtung_beenden(
    *, acting_user, schlichtung: Schlichtung, beendet_am: datetime.date, ergebnis: str
) -> Schlichtung:
    """The Schlichtung ends by agreement or at the latest after its maximum
    duration, under the rules of the day it began (a Schlichtung begun before
    the Neue Grundsicherung runs to its end under § 15a); with an agreement the
    plan goes back to drafting (a Schlichtung begun during the review continues
    the agreed version as a new draft)."""
    tag_pruefen(beendet_am, "beendet_am")
    lage = Planlage.sperren(schlichtung.plan_id, am=beendet_am)
    schlichtung = Schlichtung.objects.select_for_update().get(pk=schlichtung.pk)
    if schlichtung.beendet_am is not None:
        if not access.darf_bearbeiten(acting_user, lage.plan):
            raise KeinZugriff()
        raise Fachfehler("Diese Schlichtung ist schon beendet.")
    uebergang = pruefen("schlichtung_beenden", acting_user, lage)
    plan = lage.plan
    fehler = {}
    if ergebnis not in SchlichtungErgebnis.values:
        fehler["ergebnis"] = "Bitte wählen Sie das Ergebnis der Schlichtung."
    if beendet_am < schlichtung.begonnen_am:
        fehler["beendet_am"] = "Das Ende kann nicht vor dem Beginn liegen."
    if fehler:
        raise Fachfehler(fehler)
    person = plan.leistungsberechtigter
    with im_namen_von(acting_user, "Schlichtung beendet"):
        akt_festhalten(
            plan=plan,
            art=Aktart.SCHLICHTUNG_ENDE,
            am=beendet_am,
            acting_user=acting_user,
            feld="beendet_am",
            begonnen_am=schlichtung.begonnen_am,
        )
        schlichtung.beendet_am = beendet_am
        schlichtung.ergebnis = ergebnis
        speichern(schlichtung)
        wiedervorlage_erledigen(ursache=schlichtung, art=Fristart.SCHLICHTUNG)
        if ergebnis == SchlichtungErgebnis.EINIGUNG:
            if lage.entwurf is None:
                als_neue_version(plan, lage.vereinbarte)
            stand_setzen(lage, uebergang, PlanStatus.ENTWURF)
        else:
            wiedervorlage_nach(
                leistungsberechtigter=person,
                ursache=schlichtung,
                art=Fristart.NACH_SCHLICHTUNG,
                ab=beendet_am,
            )
        naechste_frist_aktualisieren(person.pk)
    return schlichtung


def _pflichten_verlangen(
    *,
    schritt: str,
    art: Aktart,
    acting_user,
    plan: Kooperationsplan,
    erlassen_am: datetime.date,
    pflichten: str,
    begruendung: str,
    grund: str,
    davor=None,
    zusatz: dict | None = None,
    punkte: list[BescheidPunkt] = (),
) -> tuple:
    """An Aufforderung or a Bescheid: checked against the Rechtsstand of
    ``erlassen_am``, recorded with it, its Rechtsfolgenbelehrung generated
    from that Rechtsstand's parameters."""
    tag_pruefen(erlassen_am, "erlassen_am")
    lage = Planlage.sperren(plan.pk, am=erlassen_am)
    uebergang = pruefen(schritt, acting_user, lage)
    plan = lage.plan
    fehler = {}
    if not pflichten.strip():
        fehler["pflichten"] = "Bitte tragen Sie die Pflichten ein."
    if not begruendung.strip():
        fehler["begruendung"] = "Bitte begründen Sie, warum die Pflichten verlangt werden."
    if fehler:
        raise Fachfehler(fehler)
    anlass = lebenszyklus.anlass(lage)
    with im_namen_von(acting_user, grund):
        akt_festhalten(
            plan=plan,
            art=art,
            am=erlassen_am,
            acting_user=acting_user,
            feld="erlassen_am",
            anlass=anlass,
        )
        belehrung = recht.rechtsfolgenbelehrung(art, erlassen_am)
        if davor is not None:
            davor(plan)
        bescheid = Pflichtenfestsetzung(
            **(zusatz or {}),
            plan=plan,
            art=art,
            anlass=anlass,
            erlassen_am=erlassen_am,
            pflichten=pflichten.strip(),
            begruendung=begruendung.strip(),
            rechtsfolgenbelehrung=belehrung.text if belehrung else "",
            erstellt_von=acting_user,
        )
        speichern(bescheid)
        for punkt in punkte:
            punkt.festsetzung = bescheid
            speichern(punkt)
        wiedervorlagen_nach_nichteinigung_erledigen(plan)
        naechste_frist_aktualisieren(plan.leistungsberechtigter_id)
    # The letter is rendered after commit; a lost task is made up by the sweep.
    nach_commit(pdf_bescheid_rendern, bescheid.pk)
    return bescheid, lage, uebergang


@transaction.atomic
def aufforderung_erlassen(
    *,
    acting_user,
    plan: Kooperationsplan,
    erlassen_am: datetime.date,
    pflichten: str,
    begruendung: str,
) -> Pflichtenfestsetzung:
    """§ 15 Abs. 5 und 6 SGB II (Bürgergeld): when no plan comes about or its
    agreements are not kept, the person is asked in writing to do specific
    things, with a Rechtsfolgenbelehrung. The plan stays where it is."""
    aufforderung, lage, uebergang = _pflichten_verlangen(
        schritt="aufforderung",
        art=Aktart.AUFFORDERUNG,
        acting_user=acting_user,
        plan=plan,
        erlassen_am=erlassen_am,
        pflichten=pflichten,
        begruendung=begruendung,
        grund="Aufforderung mit Rechtsfolgenbelehrung erlassen",
    )
    stand_setzen(lage, uebergang, lage.plan.status)
    return aufforderung


def _bescheid_daten(
    plan: Kooperationsplan,
    erlassen_am: datetime.date,
    *,
    gueltig_bis: datetime.date | None,
    ueberpruefen_am: datetime.date | None,
    zur_post_am: datetime.date | None,
    uebergeben_am: datetime.date | None,
) -> dict:
    """Validity, review, Bekanntgabe (§ 37 SGB X, the Zugangsfiktion of the
    Rechtsstand of the day of posting), Widerspruch period and the
    Rechtsbehelfsbelehrung of a Bescheid. Field errors for implausible days."""
    fehler = {}
    if zur_post_am is None and uebergeben_am is None:
        # Handed over in the conversation in which it was issued.
        uebergeben_am = erlassen_am
    for feld, tag in (("zur_post_am", zur_post_am), ("uebergeben_am", uebergeben_am)):
        if tag is not None and tag < erlassen_am:
            fehler[feld] = "Der Bescheid kann erst nach seinem Erlass hinausgehen."
        elif tag is not None and tag > erlassen_am + datetime.timedelta(days=30):
            fehler[feld] = "Das Datum liegt mehr als 30 Tage nach dem Erlass. Bitte prüfen Sie es."
    monate = recht.fuer_akt(
        Aktart.VERWALTUNGSAKT, erlassen_am
    ).rechtsstand.ueberpruefung_spaetestens_monate
    gueltig_bis = gueltig_bis or erlassen_am + relativedelta(months=monate)
    if gueltig_bis <= erlassen_am:
        fehler["gueltig_bis"] = "Der Bescheid muss über den Tag des Erlasses hinaus gelten."
    elif gueltig_bis > erlassen_am + relativedelta(months=24):
        fehler["gueltig_bis"] = "Ein Bescheid gilt höchstens 24 Monate. Bitte prüfen Sie das Datum."
    ueberpruefen_am = ueberpruefen_am or gueltig_bis
    if "gueltig_bis" not in fehler and not erlassen_am < ueberpruefen_am <= gueltig_bis:
        fehler["ueberpruefen_am"] = (
            "Die Überprüfung liegt nach dem Erlass und spätestens am letzten Tag der Geltung."
        )
    if fehler:
        raise Fachfehler(fehler)
    jobcenter = plan.leistungsberechtigter.jobcenter
    bekannt = recht.bekanntgabe(
        zur_post_am=zur_post_am,
        uebergeben_am=None if zur_post_am else uebergeben_am,
        bundesland=jobcenter.bundesland,
    )
    frist = recht.widerspruchsfrist_ende(
        bekanntgabe_am=bekannt.datum, bundesland=jobcenter.bundesland
    )
    try:
        rechtsbehelf = recht.rechtsbehelfsbelehrung(
            erlassen_am, stelle=jobcenter.name, anschrift=jobcenter.anschrift or ""
        )
    except Fachfehler as e:
        raise Fachfehler(
            "Für Ihr Jobcenter ist keine Anschrift erfasst: die Rechtsbehelfsbelehrung muss "
            "sagen, wo Widerspruch einzulegen ist. Bitte lassen Sie die Anschrift eintragen."
        ) from e
    return {
        "gueltig_bis": gueltig_bis,
        "ueberpruefen_am": ueberpruefen_am,
        "zur_post_am": zur_post_am,
        "uebergeben_am": None if zur_post_am else uebergeben_am,
        "bekanntgabe_am": bekannt.datum,
        "bekanntgabe_begruendung": bekannt.begruendung
        + (" (berichtet, nicht am Gesetzestext geprüft)" if bekannt.berichtet else ""),
        "widerspruch_bis": frist.datum,
        "rechtsbehelfsbelehrung": rechtsbehelf.text,
    }


def _punkte_pruefen(
    *,
    pflichten: list[dict],
    angebote: list[dict] | tuple,
    erlassen_am: datetime.date,
    gueltig_bis: datetime.date,
) -> list[BescheidPunkt]:
    """The Bescheid's items, checked (``punkt_fehler``): at least one
    obligation; field errors named ``pflichten-<n>-<feld>`` or
    ``angebote-<n>-<feld>``."""
    fehler: dict[str, str] = {}
    punkte = []
    if not pflichten:
        fehler["pflichten"] = "Bitte tragen Sie mindestens eine Pflicht ein."
    for art, name, eintraege in (
        (Punktart.PFLICHT, "pflichten", pflichten),
        (Punktart.ANGEBOT, "angebote", angebote),
    ):
        for n, eintrag in enumerate(eintraege):
            werte = {
                "was": (eintrag.get("was") or "").strip(),
                "wie_oft": (eintrag.get("wie_oft") or "").strip(),
                "nachweis": (eintrag.get("nachweis") or "").strip(),
                "bis": eintrag.get("bis"),
                "termin": eintrag.get("termin"),
            }
            for feld, meldung in punkt_fehler(
                art=art, erlassen_am=erlassen_am, gueltig_bis=gueltig_bis, **werte
            ).items():
                fehler[f"{name}-{n}-{feld}"] = meldung
            punkte.append(BescheidPunkt(art=art, nummer=n + 1, **werte))
    if fehler:
        raise Fachfehler(fehler)
    return punkte


def bescheide_beenden(plan: Kooperationsplan, am: datetime.date) -> None:
    """A newly agreed plan (or a new Bescheid) ends the obligations of the
    Bescheide in force from that day, and with them their review deadline."""
    for bescheid in plan.festsetzungen.filter(art=Aktart.VERWALTUNGSAKT, beendet_am__isnull=True):
        bescheid.beendet_am = am
        bescheid.save()
        wiedervorlage_erledigen(ursache=bescheid, art=Fristart.UEBERPRUEFUNG)


@transaction.atomic
def pflichten_festsetzen(
    *,
    acting_user,
    plan: Kooperationsplan,
    erlassen_am: datetime.date,
    pflichten: list[dict],
    begruendung: str,
    angebote: list[dict] | tuple = (),
    gueltig_bis: datetime.date | None = None,
    ueberpruefen_am: datetime.date | None = None,
    zur_post_am: datetime.date | None = None,
    uebergeben_am: datetime.date | None = None,
) -> Pflichtenfestsetzung:
    """Neue Grundsicherung (reported): when no plan comes about, or the
    agreements of an agreed plan (or an earlier Bescheid) are not kept, the
    obligations are set by Bescheid with a Rechtsfolgenbelehrung and a
    Rechtsbehelfsbelehrung, as a document of its own (the plan itself never
    carries one). It holds until ``gueltig_bis`` or until a plan is agreed
    again; it is reviewed by ``ueberpruefen_am`` instead of the agreed
    version's review.

    ``pflichten`` and ``angebote`` are the Bescheid's items, each a dict with
    ``was``, ``wie_oft``, ``bis``, ``nachweis`` and ``termin`` (an obligation
    needs what, how often and how it is proven; an offer what it is; an item
    with a ``termin`` is an appointment at the Jobcenter and becomes an
    invitation with its letter). Errors name the item's field as
    ``pflichten-<n>-<feld>`` (the form's field names)."""
    tag_pruefen(erlassen_am, "erlassen_am")
    daten = _bescheid_daten(
        plan,
        erlassen_am,
        gueltig_bis=gueltig_bis,
        ueberpruefen_am=ueberpruefen_am,
        zur_post_am=zur_post_am,
        uebergeben_am=uebergeben_am,
    )
    punkte = _punkte_pruefen(
        pflichten=pflichten,
        angebote=angebote,
        erlassen_am=erlassen_am,
        gueltig_bis=daten["gueltig_bis"],
    )
    bescheid, lage, uebergang = _pflichten_verlangen(
        schritt="pflichten_festsetzen",
        art=Aktart.VERWALTUNGSAKT,
        acting_user=acting_user,
        plan=plan,
        erlassen_am=erlassen_am,
        pflichten="\n".join(p.als_satz() for p in punkte if p.art == Punktart.PFLICHT),
        begruendung=begruendung,
        grund="Pflichten per Verwaltungsakt festgesetzt",
        davor=lambda plan: bescheide_beenden(plan, erlassen_am),
        zusatz={
            **daten,
            "angebote": "\n".join(p.als_satz() for p in punkte if p.art == Punktart.ANGEBOT),
        },
        punkte=punkte,
    )
    plan = lage.plan
    person = plan.leistungsberechtigter
    with im_namen_von(acting_user, "Pflichten per Verwaltungsakt festgesetzt"):
        stand_setzen(lage, uebergang, PlanStatus.FESTGESETZT)
        # The Bescheid's review replaces the agreed version's.
        ueberpruefungsfristen_erledigen(plan)
        wiedervorlage_setzen_fuer(
            leistungsberechtigter=person,
            ursache=bescheid,
            art=Fristart.UEBERPRUEFUNG,
            faellig_am=bescheid.ueberpruefen_am,
        )
        if plan.potenzialanalyse_id:
            wiedervorlage_erledigen(ursache=plan.potenzialanalyse, art=Fristart.PLANENTWURF)
        _termine_einladen(acting_user, plan, punkte)
        naechste_frist_aktualisieren(plan.leistungsberechtigter_id)
    return bescheid


def _termine_einladen(acting_user, plan: Kooperationsplan, punkte: list[BescheidPunkt]) -> None:
    """The Bescheid's appointments become invitations in the same
    transaction: one that cannot be one stops the Bescheid, naming its item."""
    for art, name in ((Punktart.PFLICHT, "pflichten"), (Punktart.ANGEBOT, "angebote")):
        for n, punkt in enumerate(p for p in punkte if p.art == art):
            if punkt.termin is not None:
                zugesagten_termin_einladen(
                    acting_user=acting_user,
                    plan=plan,
                    beginn=punkt.termin,
                    zweck=punkt.was,
                    feld=f"{name}-{n}-termin",
                    quelle_punkt=punkt,
                )
