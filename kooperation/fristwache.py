"""The deadline watch: no Frist is missed silently.

Every deadline is a ``Wiedervorlage`` whose due date was computed and stored
when its cause was recorded. The watch (a periodic Celery task, and
``manage.py fristwache``) finds the open ones that are due soon, due today,
overdue or overdue long enough to escalate, with one range query on a partial
index that holds only deadlines not yet escalated, so a run costs what is due,
not what is stored. For each it files ``Erinnerung`` rows (unique per
deadline, stage, due date and recipient: running twice, or on two workers at
once, files nothing twice) and advances ``Wiedervorlage.erinnerungsstufe``;
afterwards one e-mail per recipient gathers their new reminders and goes
into the outbox (``kooperation.postausgang``), which sends it.

Stages, with the Jobcenter's settings per kind (``FristEinstellung``, else
``FRIST_VORGABEN``), counted in its Arbeitstage (Bundesland and closing days):

- vorab: due within the lead time (``vorlauf_arbeitstage``) from today;
- faellig: due today, or before the next working day (a deadline on Saturday
  is announced on Friday);
- ueberfaellig: the due date has passed;
- eskalation: more than ``eskalation_arbeitstage`` working days have passed
  since the due date; the Teamleitung of the deadline's team is told.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .access import Rolle, rollen_gruppenname
from .arbeitstage import arbeitstage_nach, ist_arbeitstag
from .models import (
    ERINNERUNGSSTUFEN_OFFEN,
    FRIST_VORGABE_SONST,
    FRIST_VORGABEN,
    Erinnerung,
    Erinnerungsstufe,
    Fristart,
    FristEinstellung,
    Jobcenter,
    Nachrichtenart,
    Schliesstag,
    User,
    Wiedervorlage,
    WiedervorlageStatus,
)
from .postausgang import nachricht_aufgeben

logger = logging.getLogger(__name__)

# Work other apps do on every run of the watch, after it (name -> function
# returning how much it did): e.g. figures that count days, for the new day.
NACH_DER_FRISTWACHE: dict[str, Callable[[], int]] = {}


def nach_fristwache_eintragen(name: str, arbeit: Callable[[], int]) -> None:
    """Add an app's work to the watch (called from its ``AppConfig.ready``)."""
    NACH_DER_FRISTWACHE[name] = arbeit


# Key of the PostgreSQL advisory lock that keeps two runs from overlapping.
SPERRSCHLUESSEL = 0x4B50_4652  # "KPFR"

RANG = {stufe: i for i, stufe in enumerate(Erinnerungsstufe.values)}
STUFEN_AN_ZUSTAENDIGE = (
    Erinnerungsstufe.VORAB,
    Erinnerungsstufe.FAELLIG,
    Erinnerungsstufe.UEBERFAELLIG,
)


@dataclass(frozen=True)
class Grenzen:
    """The last due dates that fall into each stage, for one Jobcenter and kind."""

    vorab_bis: datetime.date | None
    faellig_bis: datetime.date
    ueberfaellig_bis: datetime.date
    eskalation_bis: datetime.date

    def stufe(self, faellig_am: datetime.date) -> str:
        if faellig_am <= self.eskalation_bis:
            return Erinnerungsstufe.ESKALATION
        if faellig_am <= self.ueberfaellig_bis:
            return Erinnerungsstufe.UEBERFAELLIG
        if faellig_am <= self.faellig_bis:
            return Erinnerungsstufe.FAELLIG
        if self.vorab_bis is not None and faellig_am <= self.vorab_bis:
            return Erinnerungsstufe.VORAB
        return Erinnerungsstufe.KEINE


def _arbeitstag_rueckwaerts(
    heute: datetime.date, anzahl: int, bundesland: str, geschlossen: frozenset
) -> datetime.date:
    """The ``anzahl``-th working day counting back from ``heute`` (inclusive)."""
    tag = heute
    gezaehlt = 0
    while True:
        if ist_arbeitstag(tag, bundesland, geschlossen):
            gezaehlt += 1
            if gezaehlt == anzahl:
                return tag
        tag -= datetime.timedelta(days=1)


def grenzen_berechnen(
    heute: datetime.date,
    bundesland: str,
    geschlossen: frozenset,
    vorlauf: int,
    eskalation: int,
) -> Grenzen:
    naechster_arbeitstag = arbeitstage_nach(heute, 1, bundesland, geschlossen)
    # Escalate once more than ``eskalation`` working days lie after the due
    # date up to today: the due date lies before the (eskalation+1)-th working
    # day counting back from today.
    eskalation_ab = _arbeitstag_rueckwaerts(heute, eskalation + 1, bundesland, geschlossen)
    return Grenzen(
        vorab_bis=arbeitstage_nach(heute, vorlauf, bundesland, geschlossen) if vorlauf else None,
        faellig_bis=naechster_arbeitstag - datetime.timedelta(days=1),
        ueberfaellig_bis=heute - datetime.timedelta(days=1),
        eskalation_bis=eskalation_ab - datetime.timedelta(days=1),
    )


def einstellungen_fuer(jobcenter) -> dict[str, tuple[int, int]]:
    """Lead time and escalation delay per kind for a Jobcenter (defaults filled in)."""
    werte = {art: FRIST_VORGABEN.get(art, FRIST_VORGABE_SONST) for art in Fristart.values}
    for e in FristEinstellung.objects.filter(jobcenter=jobcenter):
        werte[e.art] = (e.vorlauf_arbeitstage, e.eskalation_arbeitstage)
    return werte


def _alle_grenzen(heute: datetime.date) -> dict[tuple[int, str], Grenzen]:
    """Boundaries for every Jobcenter and kind: a few small queries, no rows."""
    eigene = defaultdict(dict)
    for jc_id, art, vorlauf, eskalation in FristEinstellung.objects.values_list(
        "jobcenter_id", "art", "vorlauf_arbeitstage", "eskalation_arbeitstage"
    ):
        eigene[jc_id][art] = (vorlauf, eskalation)
    geschlossen = defaultdict(set)
    for jc_id, datum in Schliesstag.objects.filter(
        datum__gte=heute - datetime.timedelta(days=200),
        datum__lte=heute + datetime.timedelta(days=200),
    ).values_list("jobcenter_id", "datum"):
        geschlossen[jc_id].add(datum)
    grenzen: dict[tuple[int, str], Grenzen] = {}
    cache: dict[tuple, Grenzen] = {}
    for jc_id, bundesland in Jobcenter.objects.values_list("pk", "bundesland"):
        tage = frozenset(geschlossen[jc_id])
        for art in Fristart.values:
            vorlauf, eskalation = eigene[jc_id].get(
                art, FRIST_VORGABEN.get(art, FRIST_VORGABE_SONST)
            )
            schluessel = (bundesland, tage, vorlauf, eskalation)
            if schluessel not in cache:
                cache[schluessel] = grenzen_berechnen(heute, bundesland, tage, vorlauf, eskalation)
            grenzen[(jc_id, art)] = cache[schluessel]
    return grenzen


@dataclass
class Ergebnis:
    """What one run did, for the log, the task result and ``manage.py fristwache``."""

    datum: datetime.date
    uebersprungen: bool = False
    im_blick: int = 0
    erinnerungen: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    empfaenger: set[int] = field(default_factory=set)
    ohne_empfaenger: list[int] = field(default_factory=list)
    mails: int = 0

    def als_dict(self) -> dict:
        return {
            "datum": self.datum.isoformat(),
            "uebersprungen": self.uebersprungen,
            "im_blick": self.im_blick,
            "erinnerungen": {s: self.erinnerungen.get(s, 0) for s in RANG if s},
            "empfaenger": len(self.empfaenger),
            "ohne_empfaenger": self.ohne_empfaenger,
            "mails": self.mails,
        }


class _Teamleitungen:
    """Active Teamleitung users by team and by Jobcenter, loaded once per run."""

    def __init__(self) -> None:
        self.je_team: dict[int, list[int]] = defaultdict(list)
        self.je_jobcenter: dict[int, list[int]] = defaultdict(list)
        for pk, team_id, jc_id in User.objects.filter(
            is_active=True, groups__name=rollen_gruppenname(Rolle.TEAMLEITUNG)
        ).values_list("pk", "team_id", "jobcenter_id"):
            if team_id:
                self.je_team[team_id].append(pk)
            if jc_id:
                self.je_jobcenter[jc_id].append(pk)

    def fuer(self, team_id: int | None, jc_id: int) -> list[int]:
        # A deadline without a team (or a team without a lead) still reaches
        # a Teamleitung of its Jobcenter: nothing is missed silently.
        return (self.je_team.get(team_id) if team_id else None) or self.je_jobcenter.get(jc_id, [])


def _empfaenger(stufe, zustaendig_id, team_id, jc_id, teamleitungen) -> list[int]:
    if stufe == Erinnerungsstufe.ESKALATION:
        return teamleitungen.fuer(team_id, jc_id)
    return [zustaendig_id] if zustaendig_id else teamleitungen.fuer(team_id, jc_id)


SCAN_SPALTEN = (
    "pk",
    "jobcenter_id",
    "art",
    "faellig_am",
    "erinnerungsstufe",
    "zustaendig_id",
    "team_id",
)


def _stufe_faellig_q(g: Grenzen) -> Q:
    """Rows below the stage their due date calls for, under boundaries ``g``."""
    q = (
        Q(faellig_am__lte=g.eskalation_bis)
        | Q(faellig_am__lte=g.ueberfaellig_bis, erinnerungsstufe__in=["", "vorab", "faellig"])
        | Q(faellig_am__lte=g.faellig_bis, erinnerungsstufe__in=["", "vorab"])
    )
    if g.vorab_bis is not None:
        q |= Q(faellig_am__lte=g.vorab_bis, erinnerungsstufe="")
    return q


def scan_queryset(grenzen: dict[tuple[int, str], Grenzen]):
    """Open deadlines that must move to a further stage today: one range
    query on the partial index ``wv_fristwache`` (open, not yet escalated),
    the stage conditions checked on its included columns, so on PostgreSQL
    neither the table nor the rows already at their stage are read.

    Jobcenters with the same boundaries for a kind share one condition."""
    gruppen: dict[tuple[Grenzen, str], list[int]] = defaultdict(list)
    for (jc_id, art), g in grenzen.items():
        gruppen[(g, art)].append(jc_id)
    bedingung = Q(pk__in=[])
    for (g, art), jobcenter in gruppen.items():
        bedingung |= Q(art=art, jobcenter_id__in=sorted(jobcenter)) & _stufe_faellig_q(g)
    bis = max(g.vorab_bis or g.faellig_bis for g in grenzen.values())
    return (
        Wiedervorlage.objects.filter(
            status=WiedervorlageStatus.OFFEN,
            erinnerungsstufe__in=ERINNERUNGSSTUFEN_OFFEN,
            faellig_am__lte=bis,
        )
        .filter(bedingung)
        .order_by()
        .values_list(*SCAN_SPALTEN)
    )


def _ziel(zeile, grenzen) -> str | None:
    """The stage a scanned row should reach now, or None if nothing is to do."""
    _, jc_id, art, faellig_am, stufe, _, _ = zeile
    g = grenzen.get((jc_id, art))
    if g is None:  # a Jobcenter created after the boundaries were computed
        return None
    ziel = g.stufe(faellig_am)
    return ziel if RANG[ziel] > RANG[stufe] else None


def _block_bearbeiten(ids: list[int], grenzen, teamleitungen, ergebnis: Ergebnis) -> None:
    """File the reminders of one block in one transaction, rows locked, so a
    deadline moved meanwhile is judged by its new date."""
    with transaction.atomic():
        zeilen = (
            Wiedervorlage.objects.select_for_update()
            .filter(pk__in=ids, status=WiedervorlageStatus.OFFEN)
            .order_by("pk")
            .values_list(*SCAN_SPALTEN)
        )
        neue: list[Erinnerung] = []
        aufstieg: dict[str, list[int]] = defaultdict(list)
        empfaenger_block: set[int] = set()
        for zeile in zeilen:
            ziel = _ziel(zeile, grenzen)
            if ziel is None:
                continue
            pk, jc_id, _, faellig_am, stufe, zustaendig_id, team_id = zeile
            stufen = [ziel]
            if ziel == Erinnerungsstufe.ESKALATION and RANG[stufe] < RANG["ueberfaellig"]:
                # Escalated straight away (e.g. the watch was down): the person
                # responsible hears of it too.
                stufen.insert(0, Erinnerungsstufe.UEBERFAELLIG)
            erreicht = True
            for s in stufen:
                an = _empfaenger(s, zustaendig_id, team_id, jc_id, teamleitungen)
                if not an:
                    erreicht = False
                    continue
                for empfaenger_id in an:
                    neue.append(
                        Erinnerung(
                            wiedervorlage_id=pk,
                            stufe=s,
                            faellig_am=faellig_am,
                            empfaenger_id=empfaenger_id,
                        )
                    )
                    empfaenger_block.add(empfaenger_id)
                ergebnis.erinnerungen[s] += 1
            if erreicht:
                aufstieg[ziel].append(pk)
            else:
                # Left at its stage: retried and reported on every run.
                ergebnis.ohne_empfaenger.append(pk)
                logger.error("Frist %s: niemand zu erinnern (keine Teamleitung im Jobcenter)", pk)
        Erinnerung.objects.bulk_create(neue, ignore_conflicts=True)
        for stufe, pks in aufstieg.items():
            # A technical progress marker, not personal data: a bulk update
            # without audit entry is right here.
            Wiedervorlage.objects.filter(pk__in=pks).update(erinnerungsstufe=stufe)
        ergebnis.empfaenger |= empfaenger_block


class _Sperre:
    """PostgreSQL advisory lock for the whole run (session level, released at
    the end; a killed worker's connection drops and releases it). Elsewhere
    the unique constraint alone keeps runs from filing anything twice."""

    def __enter__(self) -> bool:
        self.aktiv = connection.vendor == "postgresql"
        if not self.aktiv:
            return True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [SPERRSCHLUESSEL])
            self.gehalten = cursor.fetchone()[0]
        return self.gehalten

    def __exit__(self, *exc) -> None:
        if self.aktiv and self.gehalten:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [SPERRSCHLUESSEL])


def fristwache_ausfuehren(*, heute: datetime.date | None = None) -> Ergebnis:
    """Run the watch once for ``heute`` (default: today in the server's zone).

    Idempotent: a second run on the same day files nothing (stage already
    reached; unique constraint on ``Erinnerung`` as the last line). Blocks are
    committed one by one, so a worker killed mid-run keeps what it filed and
    the retried run continues with the rest."""
    heute = heute or timezone.localdate()
    ergebnis = Ergebnis(datum=heute)
    with _Sperre() as gehalten:
        if not gehalten:
            ergebnis.uebersprungen = True
            return ergebnis
        grenzen = _alle_grenzen(heute)
        if not grenzen:
            return ergebnis
        faellig = [z[0] for z in scan_queryset(grenzen) if _ziel(z, grenzen)]
        ergebnis.im_blick = len(faellig)
        if faellig:
            teamleitungen = _Teamleitungen()
            block = getattr(settings, "FRISTWACHE_BLOCKGROESSE", 1000)
            for ab in range(0, len(faellig), block):
                _block_bearbeiten(faellig[ab : ab + block], grenzen, teamleitungen, ergebnis)
        ergebnis.mails = erinnerungen_zusammenfassen()
    logger.info("Fristwache: %s", ergebnis.als_dict())
    return ergebnis


MAIL_BETREFF = {
    Erinnerungsstufe.VORAB: "Frist bald fällig",
    Erinnerungsstufe.FAELLIG: "Frist heute fällig",
    Erinnerungsstufe.UEBERFAELLIG: "Frist überfällig",
    Erinnerungsstufe.ESKALATION: "Überfällige Frist in Ihrem Team",
}


def erinnerungen_zusammenfassen() -> int:
    """One e-mail per person with the reminders no e-mail carries yet, written
    into the outbox; returns how many. Read from the database (a small partial
    index), not from this run's memory: reminders a run filed before it died
    go out now. A person without an address sees them on the start page."""
    empfaenger = (
        Erinnerung.objects.filter(
            nachricht__isnull=True, empfaenger__email__gt="", empfaenger__is_active=True
        )
        .values_list("empfaenger_id", flat=True)
        .distinct()
        .order_by("empfaenger_id")
    )
    return sum(_erinnerungen_einer_person(empfaenger_id) for empfaenger_id in empfaenger)


def _erinnerungen_einer_person(empfaenger_id: int) -> int:
    """Gather one person's reminders into one e-mail of the outbox. The rows
    are locked with SKIP LOCKED, so two runs never put the same reminder into
    two e-mails; they point to their e-mail in the same transaction. The mail
    names the kind, the date and the case number only: no names or social
    data travel by e-mail."""
    with transaction.atomic():
        offene = list(
            Erinnerung.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(empfaenger_id=empfaenger_id, nachricht__isnull=True)
            .select_related("wiedervorlage")
            .order_by("wiedervorlage__faellig_am", "pk")
        )
        empfaenger = User.objects.filter(pk=empfaenger_id, is_active=True).first()
        if not offene or empfaenger is None or not empfaenger.email:
            return 0
        zeilen = []
        for e in offene:
            wv = e.wiedervorlage
            fall = f", Fall {wv.leistungsberechtigter_id}" if wv.leistungsberechtigter_id else ""
            zeilen.append(
                f"- {MAIL_BETREFF[e.stufe]}: {wv.get_art_display()}, "
                f"fällig am {e.faellig_am:%d.%m.%Y}{fall}"
            )
        hoechste = max(offene, key=lambda e: RANG[e.stufe]).stufe
        nachricht = nachricht_aufgeben(
            empfaenger=empfaenger,
            art=Nachrichtenart.FRISTEN,
            betreff=f"Kooperationsplan: {MAIL_BETREFF[hoechste]} ({len(offene)})",
            text=(
                f"Guten Tag {empfaenger},\n\n"
                "die Fristenüberwachung meldet:\n\n"
                + "\n".join(zeilen)
                + "\n\nBitte öffnen Sie Ihre Startseite im Kooperationsplan."
                "\n\nDiese Nachricht wurde automatisch erstellt.\n"
            ),
        )
        Erinnerung.objects.filter(pk__in=[e.pk for e in offene]).update(nachricht=nachricht)
    return 1
