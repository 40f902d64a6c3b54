"""Starting a plan and editing its draft version: the five parts of the
one-page plan (seed 001), guarded by optimistic locking."""

from __future__ import annotations

import datetime

from django.db import transaction

from cases.models import Leistungsberechtigter, Phase, Potenzialanalyse
from cases.services import leistungsberechtigter_phase_setzen, naechste_frist_aktualisieren
from kooperation import access, datumsregeln
from kooperation.audit import im_namen_von
from kooperation.errors import Fachfehler, KeinZugriff, Konflikt
from kooperation.models import Fristart, Rechtsstand
from kooperation.services import speichern, wiedervorlage_erledigen

from ..lebenszyklus import Planlage, pruefen
from ..models import (
    Kooperationsplan,
    PlanEintrag,
    PlanVersion,
    VersionStatus,
)


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
    datumsregeln.pruefen(begonnen_am=begonnen_am)
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
        leistungsberechtigter_phase_setzen(leistungsberechtigter, Phase.PLANUNG)
        naechste_frist_aktualisieren(leistungsberechtigter.pk)
    return plan


_NICHT_KOPIERT = {"id", "version", "erstellt_am", "geaendert_am"}


def als_neue_version(plan: Kooperationsplan, alt: PlanVersion) -> PlanVersion:
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


# --- Editing a draft ---------------------------------------------------------


def _entwurf_zum_bearbeiten(acting_user, version: PlanVersion, sperrversion: int) -> PlanVersion:
    """Lock the plan and the draft, check the step and the optimistic lock."""
    lage = Planlage.sperren(version.plan_id)
    version = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    if version.status != VersionStatus.ENTWURF:
        if not access.darf_bearbeiten(acting_user, version):
            raise KeinZugriff()
        raise Fachfehler(
            "Diese Version ist vereinbart und kann nicht mehr geändert werden. Änderungen gehen "
            "nur über eine Fortschreibung."
        )
    pruefen("bearbeiten", acting_user, lage)
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
    datumsregeln.pruefen(termin=termin)
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
