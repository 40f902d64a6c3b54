"""The dashboard's figures kept ready (``KennzahlenStand``): the page, the CSV
export and the PDF report read one row instead of aggregating every plan
version of the Jobcenter on each request.

Freshness. A change to anything the figures count (a plan agreed, a Träger's
decision, a Wiedervorlage done, a person's phase, an Angebot's places, ...)
inserts a ``KennzahlenAenderung`` for its Jobcenter in the change's own
transaction (signals below), and after commit asks for a recomputation
(``plans.tasks.kennzahlen_auffrischen``, at most one per Jobcenter every
``ABSTAND``). The figures are not recomputed in the change's transaction:
one computation takes seconds at 300,000 versions, and every agreement would
wait for it; the insert costs a few milliseconds and locks nothing another
writer or reader waits for. Until the task has run, the page shows the last
figures with the time they were computed and says that new ones are on their
way. The deadline watch recomputes each kept selection once its figures are
an hour old or of an earlier day (the figures count days, so they change
with the date, and it catches changes made without signals, such as bulk
updates), however often it runs; the outbox's sweep recomputes what has
been marked stale for longer than ``ABSTAND``, should a task have been lost.

A selection (Jobcenter, team or the whole Jobcenter, period) is computed on
the spot the first time it is asked for on a day; selections nobody has
read for ``BEHALTEN`` are dropped.

The figures are stored before small counts are suppressed; suppression runs
on every read, in one place (``schutz``), as before."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.db.models.signals import post_save, pre_delete
from django.utils import timezone
from django.utils.functional import Promise

from cases.models import Leistungsberechtigter, Potenzialanalyse
from kooperation.models import Jobcenter, Schliesstag, Wiedervorlage
from partners.models import Angebot, Belegung, Rahmenabstimmung

from ..models import (
    AbstimmungPosition,
    KennzahlenAenderung,
    KennzahlenStand,
    Kooperationsplan,
    PlanVersion,
    Schlichtung,
    TraegerAbstimmung,
)
from .auswahl import Auswahl, erster_tag
from .schutz import kleine_zahlen_sperren
from .zahlen import kennzahlen_roh

logger = logging.getLogger(__name__)

#: At most one recomputation per Jobcenter is asked for in this many seconds;
#: changes in between keep their mark and are seen by the next one (the page
#: asks again when it sees a mark, the sweep and the watch recompute). One
#: recomputation costs PostgreSQL seconds per kept selection at 300,000
#: versions; in a busy hour every interval has changes, so this interval is
#: what the figures cost: every 30 s took half a core of the database under
#: the load test; every 5 minutes costs a tenth of that. The page says when its
#: figures were computed.
ABSTAND = 300
#: The watch recomputes a selection computed longer ago than this.
NEU_NACH = datetime.timedelta(hours=1)
#: A selection nobody has read for this long is no longer kept.
BEHALTEN = datetime.timedelta(days=30)
#: ``gelesen_am`` is written at most this often (not a write per page view).
GELESEN_GENAUIGKEIT = datetime.timedelta(hours=1)


# --- Stored form ----------------------------------------------------------------
# JSON keeps neither dates, decimals, tuples nor dictionaries with number keys
# (teams); they are tagged so that the figures read back equal those computed.


def kodieren(wert):
    if wert is None or isinstance(wert, (bool, int, float, str)):
        return wert
    if isinstance(wert, Promise):
        return str(wert)
    if isinstance(wert, Decimal):
        return {"~": "dezimal", "w": str(wert)}
    if isinstance(wert, datetime.date) and not isinstance(wert, datetime.datetime):
        return {"~": "tag", "w": wert.isoformat()}
    if isinstance(wert, tuple):
        return {"~": "tupel", "w": [kodieren(x) for x in wert]}
    if isinstance(wert, list):
        return [kodieren(x) for x in wert]
    if isinstance(wert, dict):
        if all(isinstance(k, str) and k != "~" for k in wert):
            return {k: kodieren(v) for k, v in wert.items()}
        return {"~": "abbildung", "w": [[kodieren(k), kodieren(v)] for k, v in wert.items()]}
    raise TypeError(f"Kennzahl nicht speicherbar: {type(wert).__name__}")


def dekodieren(wert):
    if isinstance(wert, list):
        return [dekodieren(x) for x in wert]
    if not isinstance(wert, dict):
        return wert
    art = wert.get("~")
    if art == "dezimal":
        return Decimal(wert["w"])
    if art == "tag":
        return datetime.date.fromisoformat(wert["w"])
    if art == "tupel":
        return tuple(dekodieren(x) for x in wert["w"])
    if art == "abbildung":
        return {dekodieren(k): dekodieren(v) for k, v in wert["w"]}
    return {k: dekodieren(v) for k, v in wert.items()}


# --- Reading ---------------------------------------------------------------------


@dataclass(frozen=True)
class Kennzahlen:
    """What page, CSV and PDF show: the figures (small counts suppressed), as
    of when, and whether newer ones are being computed."""

    zahlen: dict
    berechnet_am: datetime.datetime
    veraltet: bool


def _filter(a: Auswahl) -> dict:
    return {
        "jobcenter_id": a.jobcenter.pk,
        "team_id": a.team.pk if a.team else None,
        "monate": a.monate,
    }


def kennzahlen_fuer(a: Auswahl) -> Kennzahlen:
    """The figures of the selection: the kept row when it is of today, else
    computed now (and kept)."""
    jetzt = timezone.now()
    stand = KennzahlenStand.objects.filter(**_filter(a)).first()
    if stand is None or stand.stichtag != a.heute:
        roh = kennzahlen_roh(a)
        stand = _ablegen(a, roh, jetzt)
    else:
        roh = dekodieren(stand.zahlen)
        if stand.gelesen_am < jetzt - GELESEN_GENAUIGKEIT:
            KennzahlenStand.objects.filter(pk=stand.pk).update(gelesen_am=jetzt)
    neueste = KennzahlenAenderung.objects.filter(jobcenter_id=a.jobcenter.pk).aggregate(
        am=Max("am")
    )["am"]
    if neueste is not None and not settings.CELERY_TASK_ALWAYS_EAGER:
        # Marked, but perhaps its task was lost: ask again (at most once per
        # ``ABSTAND``). Without a broker the task would run inside this
        # request; there the embedded schedule's sweep recomputes.
        auffrischen_anstossen(a.jobcenter.pk)
    # What the user is told: whether something changed after these figures
    # were computed (a change that was still uncommitted then counts as
    # seen; its mark still makes the task recompute).
    veraltet = neueste is not None and neueste >= stand.berechnet_am
    return Kennzahlen(kleine_zahlen_sperren(roh), stand.berechnet_am, veraltet)


def _ablegen(a: Auswahl, roh: dict, berechnet_am: datetime.datetime) -> KennzahlenStand:
    werte = {
        "stichtag": a.heute,
        "berechnet_am": berechnet_am,
        "gelesen_am": timezone.now(),
        "zahlen": kodieren(roh),
    }
    try:
        with transaction.atomic():
            stand, _ = KennzahlenStand.objects.update_or_create(**_filter(a), defaults=werte)
    except IntegrityError:
        # Another request stored the same selection a moment ago.
        KennzahlenStand.objects.filter(**_filter(a)).update(**werte)
        stand = KennzahlenStand.objects.get(**_filter(a))
    return stand


# --- Recomputing -----------------------------------------------------------------


def auswahl_fuer_stand(stand: KennzahlenStand, heute: datetime.date) -> Auswahl:
    return Auswahl(
        jobcenter=stand.jobcenter,
        team=stand.team,
        teams=[stand.team] if stand.team else [],
        monate=stand.monate,
        von=erster_tag(heute, stand.monate),
        heute=heute,
    )


def auffrischen(jobcenter_id: int) -> int:
    """Recompute the kept selections of a Jobcenter when something changed.
    Only the marks seen before computing are removed, in the transaction that
    stores the new figures: a change committed meanwhile keeps its mark, and
    a computation cut off (a worker killed) leaves every mark in place.
    Returns the selections computed."""
    marken = list(
        KennzahlenAenderung.objects.filter(jobcenter_id=jobcenter_id).values_list("pk", flat=True)
    )
    if not marken:
        return 0
    heute = timezone.localdate()
    KennzahlenStand.objects.filter(
        jobcenter_id=jobcenter_id, gelesen_am__lt=timezone.now() - BEHALTEN
    ).delete()
    neu = []
    for stand in KennzahlenStand.objects.filter(jobcenter_id=jobcenter_id).select_related(
        "jobcenter", "team"
    ):
        berechnet_am = timezone.now()
        roh = kennzahlen_roh(auswahl_fuer_stand(stand, heute))
        neu.append((stand.pk, kodieren(roh), berechnet_am))
    with transaction.atomic():
        for pk, zahlen, berechnet_am in neu:
            KennzahlenStand.objects.filter(pk=pk).update(
                zahlen=zahlen, stichtag=heute, berechnet_am=berechnet_am
            )
        KennzahlenAenderung.objects.filter(pk__in=marken).delete()
    return len(neu)


def ueberholte_auffrischen() -> int:
    """The deadline watch's part: every kept selection computed for an earlier
    day or more than ``NEU_NACH`` ago (the figures count days, and bulk
    updates send no signal). Marks stay for the task: a selection computed
    minutes ago is left alone however often the watch runs. Returns the
    selections computed."""
    heute = timezone.localdate()
    jetzt = timezone.now()
    KennzahlenStand.objects.filter(gelesen_am__lt=jetzt - BEHALTEN).delete()
    ueberholt = KennzahlenStand.objects.filter(
        Q(berechnet_am__lt=jetzt - NEU_NACH) | ~Q(stichtag=heute)
    ).select_related("jobcenter", "team")
    anzahl = 0
    for stand in ueberholt:
        # As of when computing began: a change committed meanwhile may be missing.
        berechnet_am = timezone.now()
        roh = kennzahlen_roh(auswahl_fuer_stand(stand, heute))
        KennzahlenStand.objects.filter(pk=stand.pk).update(
            zahlen=kodieren(roh), stichtag=heute, berechnet_am=berechnet_am
        )
        anzahl += 1
    return anzahl


def veraltete_auffrischen() -> int:
    """The outbox sweep's part: Jobcenters with a mark older than ``ABSTAND``,
    whose task was lost (the broker was away) or never asked for (a change
    within ``ABSTAND`` of the last request, with no change after it)."""
    ids = (
        KennzahlenAenderung.objects.filter(
            am__lt=timezone.now() - datetime.timedelta(seconds=ABSTAND)
        )
        .values_list("jobcenter_id", flat=True)
        .distinct()
    )
    return sum(auffrischen(jc) for jc in sorted(set(ids)))


# The task that recomputes: ``plans.tasks`` imports this module, so the app
# registers its task here when it is ready instead of an import in a function.
_auftrag = None


def auftrag_eintragen(aufgabe) -> None:
    global _auftrag
    _auftrag = aufgabe


def auffrischen_anstossen(jobcenter_id: int) -> None:
    """Ask for a recomputation now, unless one was asked for in the last
    ``ABSTAND`` seconds. Losing it is harmless (the page asks again, the sweep
    and the watch recompute), so a broker that is away only costs a log line.

    Not with a countdown: a task held back sits unacknowledged in the
    worker's memory, and when Redis goes away the worker (Celery and kombu
    5.7) stops with an unrecoverable error instead of reconnecting, which
    would leave every PDF and mail after the outage undone."""
    if _auftrag is None or not cache.add(
        f"kennzahlen-auffrischen-{jobcenter_id}", 1, timeout=ABSTAND
    ):
        return
    try:
        _auftrag.apply_async((jobcenter_id,))
    except Exception:
        logger.warning("Neuberechnung der Kennzahlen nicht beauftragt (Jobcenter %s)", jobcenter_id)


# --- Marking stale ---------------------------------------------------------------

#: What the figures count, and the way from each to its Jobcenter.
ZU_JOBCENTER = {
    Jobcenter: "pk",
    Schliesstag: "jobcenter_id",
    Leistungsberechtigter: "jobcenter_id",
    Wiedervorlage: "jobcenter_id",
    Angebot: "jobcenter_id",
    Belegung: "angebot__jobcenter_id",
    Rahmenabstimmung: "angebot__jobcenter_id",
    Potenzialanalyse: "leistungsberechtigter__jobcenter_id",
    Kooperationsplan: "leistungsberechtigter__jobcenter_id",
    Schlichtung: "plan__leistungsberechtigter__jobcenter_id",
    PlanVersion: "plan__leistungsberechtigter__jobcenter_id",
    TraegerAbstimmung: "version__plan__leistungsberechtigter__jobcenter_id",
    AbstimmungPosition: "abstimmung__version__plan__leistungsberechtigter__jobcenter_id",
}


def _jobcenter_id(instance) -> int | None:
    pfad = ZU_JOBCENTER[type(instance)]
    if "__" not in pfad:
        return getattr(instance, pfad)
    erstes, rest = pfad.split("__", 1)
    eltern = type(instance)._meta.get_field(erstes).related_model
    return (
        eltern.objects.filter(pk=getattr(instance, f"{erstes}_id"))
        .values_list(rest, flat=True)
        .first()
    )


def veraltet_markieren(jobcenter_id: int) -> None:
    """Mark a Jobcenter's figures stale in the current transaction; after it
    commits, ask for their recomputation."""
    KennzahlenAenderung.objects.create(jobcenter_id=jobcenter_id)
    transaction.on_commit(lambda: auffrischen_anstossen(jobcenter_id))


#: Fields no figure reads: a save of only these changes nothing counted (the
#: stored PDF, edit locks, the person's responsible IFK and next deadline).
NICHT_GEZAEHLT = frozenset(
    {"pdf", "pdf_sha256", "geaendert_am", "sperrversion", "zustaendig", "naechste_frist"}
)


def _geaendert(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields and set(update_fields) <= NICHT_GEZAEHLT):
        return
    # A draft version counts nowhere until it is agreed (then it is saved again).
    if sender is PlanVersion and instance.vereinbart_am is None and "created" in kwargs:
        return
    jobcenter_id = _jobcenter_id(instance)
    if jobcenter_id is not None:
        veraltet_markieren(jobcenter_id)


def signale_verbinden() -> None:
    for model in ZU_JOBCENTER:
        post_save.connect(_geaendert, sender=model, dispatch_uid=f"kennzahlen_{model.__name__}")
        pre_delete.connect(
            _geaendert, sender=model, dispatch_uid=f"kennzahlen_weg_{model.__name__}"
        )
