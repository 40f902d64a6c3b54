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

from .. import lebenszyklus
from ..lebenszyklus import Planlage, pruefen
from ..models import (
    Kooperationsplan,
    PlanEintrag,
    PlanStatus,
    Planteil,
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
    """Start a plan with its first draft version. ``rechtsstand`` records the
    law of the day it was begun; each later act follows the law of its own day
    (``plans.services.rechtsakte``)."""
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
        # An empty plan is no draft: the draft deadline stays open until a
        # draft with a goal and a step is saved (``entwurf_vorgelegt``).
        # Earlier "kein Plan" cases of the person have been looked at again.
        for frueher in Kooperationsplan.objects.filter(
            leistungsberechtigter=leistungsberechtigter, status=PlanStatus.KEIN_PLAN
        ):
            wiedervorlage_erledigen(ursache=frueher, art=Fristart.NACH_KEIN_PLAN)
        leistungsberechtigter_phase_setzen(leistungsberechtigter, Phase.PLANUNG)
        naechste_frist_aktualisieren(leistungsberechtigter.pk)
    return plan


def entwurf_vorgelegt(
    plan: Kooperationsplan,
    version: PlanVersion,
    *,
    vorgelegt: bool = False,
    am: datetime.date | None = None,
) -> None:
    """The draft deadline is met the first time a draft with a goal and at
    least one step is saved, or a draft goes to the Träger (``vorgelegt``);
    not by starting an empty plan. ``am``: the day (default today)."""
    if plan.entwurf_vorgelegt_am is not None:
        return
    if not vorgelegt and not (
        version.ziel.strip() and version.eintraege.filter(teil=Planteil.WEG).exists()
    ):
        return
    plan.entwurf_vorgelegt_am = am or lebenszyklus.heute()
    plan.save(update_fields=["entwurf_vorgelegt_am", "geaendert_am"])
    if plan.potenzialanalyse_id:
        wiedervorlage_erledigen(ursache=plan.potenzialanalyse, art=Fristart.PLANENTWURF)
    naechste_frist_aktualisieren(plan.leistungsberechtigter_id)


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
        entwurf_vorgelegt(version.plan, version)
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
        entwurf_vorgelegt(version.plan, version)
    return eintrag


@transaction.atomic
def planeintrag_entfernen(*, acting_user, eintrag: PlanEintrag, sperrversion: int) -> None:
    version = _entwurf_zum_bearbeiten(acting_user, eintrag.version, sperrversion)
    with im_namen_von(acting_user, "Planentwurf bearbeitet"):
        eintrag.delete()
        version.sperrversion += 1
        version.save(update_fields=["sperrversion", "geaendert_am"])
