"""No agreement: the path depends on the plan's Rechtsstand (Schlichtung under
§ 15a SGB II in 2023; obligations by Verwaltungsakt from 2026, reported)."""

from __future__ import annotations

import datetime

from django.db import transaction

from cases.services import naechste_frist_aktualisieren, wiedervorlage_setzen_fuer
from kooperation import access, datumsregeln
from kooperation.audit import im_namen_von
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import Fristart
from kooperation.services import speichern, wiedervorlage_erledigen

from ..lebenszyklus import Planlage, pruefen, stand_setzen
from ..models import (
    Kooperationsplan,
    Pflichtenfestsetzung,
    PlanStatus,
    Schlichtung,
    SchlichtungErgebnis,
)
from .entwurf import als_neue_version


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
    datumsregeln.pruefen(begonnen_am=begonnen_am)
    lage = Planlage.sperren(plan.pk)
    uebergang = pruefen("schlichtung", acting_user, lage)
    plan = lage.plan
    rs = plan.rechtsstand
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
    duration; with an agreement the plan goes back to drafting (a Schlichtung
    begun during the review continues the agreed version as a new draft)."""
    datumsregeln.pruefen(beendet_am=beendet_am)
    lage = Planlage.sperren(schlichtung.plan_id)
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
        schlichtung.beendet_am = beendet_am
        schlichtung.ergebnis = ergebnis
        speichern(schlichtung)
        wiedervorlage_erledigen(ursache=schlichtung, art=Fristart.SCHLICHTUNG)
        if ergebnis == SchlichtungErgebnis.EINIGUNG:
            if lage.entwurf is None:
                als_neue_version(plan, lage.vereinbarte)
            stand_setzen(lage, uebergang, PlanStatus.ENTWURF)
        naechste_frist_aktualisieren(person.pk)
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
    datumsregeln.pruefen(erlassen_am=erlassen_am)
    lage = Planlage.sperren(plan.pk)
    uebergang = pruefen("pflichten_festsetzen", acting_user, lage)
    plan = lage.plan
    rs = plan.rechtsstand
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
        stand_setzen(lage, uebergang, PlanStatus.FESTGESETZT)
        if plan.potenzialanalyse_id:
            wiedervorlage_erledigen(ursache=plan.potenzialanalyse, art=Fristart.PLANENTWURF)
        naechste_frist_aktualisieren(person.pk)
    return bescheid
