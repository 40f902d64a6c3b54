"""Retention (Löschkonzept, Art. 5 Abs. 1 lit. e and Art. 17 DSGVO, § 84 SGB X):
what has outlived its Jobcenter's retention period is deleted.

- A person whose case ended ``aufbewahrung_fall_jahre`` ago is deleted with
  everything about her: Potenzialanalysen, plans with their versions, items
  and stored PDFs, Träger requests, Schlichtung and Festsetzung, consents,
  sharings, representatives and deadlines. Agreed versions are frozen while
  the case lives; deleting them at the end of retention is the one
  exception, so the deletion bypasses the frozen querysets on purpose.
  Protected relations are deleted from the leaves up, so no PROTECT stops it.
- What the audit trail says about her (the content of every entry on one
  of those records) is blacked out (``kooperation.auditkette.schwaerzen``);
  the entries' frame and the hash chain stay verifiable. Lists that showed
  her (search results, API pages, the team page) keep the other people
  shown but no longer her id. One entry records
  the deletion with counts, without any of the deleted content.
- Sent e-mails to staff go after ``aufbewahrung_nachrichten_monate``;
  audit entries after the longest ``aufbewahrung_audit_jahre`` of all
  Jobcenters (the chain is one for the installation).

The dashboard looks back at most ``max(ZEITRAEUME)`` months, and its
„today“ figures count open cases only. A case is deleted at the earliest
two years after it ended (the setting's minimum), and only when none of its
dated records falls inside the dashboard's longest window; so no figure the
dashboard can show changes when a case is deleted, and no aggregate table is
needed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from cases.models import (
    Datenweitergabe,
    Einwilligung,
    GesetzlicherVertreter,
    Handlungsbedarf,
    Leistungsberechtigter,
    Potenzialanalyse,
)
from kooperation.audit import im_namen_von
from kooperation.auditkette import abgelaufene_loeschen, listen_mit_person, schwaerzen
from kooperation.models import AuditSiegel, Jobcenter, Nachricht, Wiedervorlage
from kooperation.models.jobcenter import AUFBEWAHRUNG_AUDIT_JAHRE

from ..kennzahlen.auswahl import ZEITRAEUME
from ..models import (
    AbstimmungPosition,
    Anhoerung,
    BescheidPunkt,
    Einladung,
    Kooperationsplan,
    Leistungsmitteilung,
    Partnerplan,
    Pflichtenfestsetzung,
    Pflichtverletzung,
    PlanEintrag,
    PlanVersion,
    Rechtsakt,
    Schlichtung,
    TraegerAbstimmung,
    Ueberpruefung,
    UeberpruefungSchritt,
)

GRUND = "Löschfrist abgelaufen"


def _jahre_zurueck(tag, jahre: int):
    """The same day ``jahre`` years earlier (a date or a datetime)."""
    try:
        return tag.replace(year=tag.year - jahre)
    except ValueError:  # 29 February
        return tag.replace(year=tag.year - jahre, day=28)


def _fenster_anfang(heute: datetime.date) -> datetime.date:
    """First day of the dashboard's longest window."""
    monate = max(ZEITRAEUME)
    jahr, monat = divmod(heute.year * 12 + heute.month - 1 - (monate - 1), 12)
    return datetime.date(jahr, monat + 1, 1)


def abgelaufene_personen(*, jobcenter: Jobcenter, heute: datetime.date):
    """People of the Jobcenter whose case ended at least
    ``aufbewahrung_fall_jahre`` ago, and none of whose records the dashboard
    can still count."""
    grenze = _jahre_zurueck(heute, jobcenter.aufbewahrung_fall_jahre)
    fenster = _fenster_anfang(heute)
    person = OuterRef("pk")
    im_fenster = (
        Exists(
            Potenzialanalyse.objects.filter(
                leistungsberechtigter=person, abgeschlossen_am__gte=fenster
            )
        )
        | Exists(
            PlanVersion.objects.filter(
                plan__leistungsberechtigter=person, vereinbart_am__gte=fenster
            )
        )
        | Exists(
            TraegerAbstimmung.objects.filter(
                version__plan__leistungsberechtigter=person, angefragt_am__gte=fenster
            )
        )
    )
    return (
        Leistungsberechtigter.objects.filter(jobcenter=jobcenter, fall_beendet_am__lte=grenze)
        .exclude(im_fenster)
        .order_by("pk")
    )


@dataclass
class Loeschbericht:
    personen: int = 0
    datensaetze: dict[str, int] = field(default_factory=dict)
    dateien: int = 0
    geschwaerzt: int = 0
    nachrichten: int = 0
    audit_geloescht: int = 0

    def als_dict(self) -> dict:
        return {
            "personen": self.personen,
            "datensaetze": dict(sorted(self.datensaetze.items())),
            "dateien": self.dateien,
            "geschwaerzt": self.geschwaerzt,
            "nachrichten": self.nachrichten,
            "audit_geloescht": self.audit_geloescht,
        }


def _roh_loeschen(qs) -> int:
    """Delete past the frozen-version guard (``NachVereinbarungGesperrt``):
    the end of retention is the one time agreed versions may go."""
    anzahl, _ = models.QuerySet.delete(qs)
    return anzahl


def person_loeschen(*, person_id: int, grund: str = GRUND, acting_user=None) -> Loeschbericht:
    """Delete one person with every record about her, black out what the
    audit trail says about those records, and record the deletion without
    the deleted content. Idempotent: a person already gone is a no-op.
    Stored PDFs are removed after the commit (a rolled-back deletion keeps
    them)."""
    bericht = Loeschbericht()
    with transaction.atomic():
        person = (
            Leistungsberechtigter.objects.select_for_update()
            .select_related("jobcenter")
            .filter(pk=person_id)
            .first()
        )
        if person is None:
            return bericht
        plaene = Kooperationsplan.objects.filter(leistungsberechtigter=person)
        versionen = PlanVersion.objects.filter(plan__in=plaene)
        abstimmungen = TraegerAbstimmung.objects.filter(version__in=versionen)
        analysen = Potenzialanalyse.objects.filter(leistungsberechtigter=person)
        # Leaves first: every PROTECT points at something deleted later.
        reihenfolge = [
            AbstimmungPosition.objects.filter(abstimmung__in=abstimmungen),
            abstimmungen,
            Schlichtung.objects.filter(plan__in=plaene),
            BescheidPunkt.objects.filter(festsetzung__plan__in=plaene),
            Pflichtenfestsetzung.objects.filter(plan__in=plaene),
            Leistungsmitteilung.objects.filter(leistungsberechtigter=person),
            Anhoerung.objects.filter(einladung__leistungsberechtigter=person),
            Einladung.objects.filter(leistungsberechtigter=person),
            Rechtsakt.objects.filter(plan__in=plaene),
            Pflichtverletzung.objects.filter(leistungsberechtigter=person),
            UeberpruefungSchritt.objects.filter(ueberpruefung__plan__in=plaene),
            Ueberpruefung.objects.filter(plan__in=plaene),
            PlanEintrag.objects.filter(version__in=versionen),
            Partnerplan.objects.filter(plan__in=plaene),
            versionen,
            plaene,
            Handlungsbedarf.objects.filter(potenzialanalyse__in=analysen),
            analysen,
            Datenweitergabe.objects.filter(leistungsberechtigter=person),
            Einwilligung.objects.filter(leistungsberechtigter=person),
            GesetzlicherVertreter.objects.filter(leistungsberechtigter=person),
            Wiedervorlage.objects.filter(leistungsberechtigter_id=person.pk),
            Leistungsberechtigter.objects.filter(pk=person.pk),
        ]
        # What the audit trail holds about these records, gathered before
        # they go.
        eintraege = Q(pk__in=[])
        for qs in reihenfolge:
            pks = [str(pk) for pk in qs.values_list("pk", flat=True)]
            if pks:
                ct = ContentType.objects.get_for_model(qs.model)
                eintraege |= Q(content_type=ct, object_pk__in=pks)
        eintrag_ids = list(LogEntry.objects.filter(eintraege).values_list("pk", flat=True))
        # Lists she appeared in name her by id (``kooperation.audit.listenzugriff``).
        listen_ids = listen_mit_person(person.pk, jobcenter_id=person.jobcenter_id)
        # The stored PDFs: the agreed versions', the Bescheide's and the
        # appointment letters (all on the default storage).
        dateien = [
            *versionen.exclude(pdf="").values_list("pdf", flat=True),
            *Pflichtenfestsetzung.objects.filter(plan__in=plaene)
            .exclude(pdf="")
            .values_list("pdf", flat=True),
            *Einladung.objects.filter(leistungsberechtigter=person)
            .exclude(brief_pdf="")
            .values_list("brief_pdf", flat=True),
            *Anhoerung.objects.filter(einladung__leistungsberechtigter=person)
            .exclude(brief_pdf="")
            .values_list("brief_pdf", flat=True),
        ]
        speicher = PlanVersion._meta.get_field("pdf").storage

        with disable_auditlog():
            for qs in reihenfolge:
                name = qs.model._meta.verbose_name_plural
                anzahl = _roh_loeschen(qs)
                if anzahl:
                    bericht.datensaetze[str(name)] = bericht.datensaetze.get(str(name), 0) + anzahl
        bericht.personen = 1
        bericht.dateien = len(dateien)
        bericht.geschwaerzt = schwaerzen(
            eintrag_ids=eintrag_ids,
            grund=grund,
            acting_user=None,
            person_id=person.pk,
            listen_ids=listen_ids,
        )
        jobcenter = person.jobcenter
        with im_namen_von(acting_user, grund):
            LogEntry.objects.log_create(
                jobcenter,
                force_log=True,
                action=LogEntry.Action.DELETE,
                changes={"personen": [0, 1]},
                additional_data={
                    "grund": grund,
                    "jobcenter_id": jobcenter.pk,
                    "geloescht": bericht.als_dict(),
                },
            )

        def dateien_entfernen():
            for name in dateien:
                speicher.delete(name)

        transaction.on_commit(dateien_entfernen)
    return bericht


def nachrichten_loeschen(*, jobcenter: Jobcenter, jetzt: datetime.datetime) -> int:
    """Sent e-mails older than the Jobcenter's period (they may name people)."""
    grenze = jetzt - datetime.timedelta(
        days=round(30.44 * jobcenter.aufbewahrung_nachrichten_monate)
    )
    with disable_auditlog():
        anzahl, _ = Nachricht.objects.filter(
            jobcenter=jobcenter, gesendet_am__isnull=False, gesendet_am__lt=grenze
        ).delete()
    return anzahl


def audit_abgelaufen_loeschen(*, jetzt: datetime.datetime) -> int:
    """Audit entries older than the longest period any Jobcenter chose."""
    jahre = (
        Jobcenter.objects.aggregate(j=Max("aufbewahrung_audit_jahre"))["j"]
        or AUFBEWAHRUNG_AUDIT_JAHRE
    )
    grenze = _jahre_zurueck(jetzt, jahre)
    alt = LogEntry.objects.filter(timestamp__lt=grenze).values("pk")
    bis = AuditSiegel.objects.filter(eintrag_id__in=alt).aggregate(n=Max("nummer"))["n"]
    if bis is None:
        return 0
    return abgelaufene_loeschen(bis_nummer=bis, grund=f"{GRUND}: Audit-Protokoll")


def loeschlauf(*, heute: datetime.date | None = None) -> Loeschbericht:
    """The daily retention run over every Jobcenter; one transaction per
    person, so a failure leaves the others done and the next run retries."""
    heute = heute or timezone.localdate()
    jetzt = timezone.now()
    gesamt = Loeschbericht()
    for jobcenter in Jobcenter.objects.order_by("pk"):
        ids = list(
            abgelaufene_personen(jobcenter=jobcenter, heute=heute).values_list("pk", flat=True)
        )
        for person_id in ids:
            b = person_loeschen(person_id=person_id)
            gesamt.personen += b.personen
            gesamt.dateien += b.dateien
            gesamt.geschwaerzt += b.geschwaerzt
            for k, n in b.datensaetze.items():
                gesamt.datensaetze[k] = gesamt.datensaetze.get(k, 0) + n
        gesamt.nachrichten += nachrichten_loeschen(jobcenter=jobcenter, jetzt=jetzt)
    gesamt.audit_geloescht = audit_abgelaufen_loeschen(jetzt=jetzt)
    return gesamt
