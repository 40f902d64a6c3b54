"""The audit trail (§ 35 SGB I, §§ 67 ff. SGB X): who read or changed which
personal data, when, and why.

django-auditlog records every write of a registered model with the values
before and after, and reads that we report through ``lesezugriff``. We chose
it over django-pghistory because it also logs reads and runs on SQLite, the
embedded default; its limit is that ``QuerySet.update()`` bypasses it, so
services change audited rows with ``save()`` only.

The reason ("why") travels in a context variable and lands in each entry's
``additional_data``; the acting user in auditlog's own context (set by its
middleware for browser requests, by ``im_namen_von`` in services and tasks).
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from auditlog.context import auditlog_value, set_actor
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from . import access
from .netz import client_adresse

_grund: ContextVar[str | None] = ContextVar("audit_grund", default=None)
# Where the current request came from; reset at the end of every request.
_anfrage: ContextVar[dict | None] = ContextVar("audit_anfrage", default=None)


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware, which also keeps the request's address for
    entries written by services under ``im_namen_von``. The address is the
    one our trusted proxy reports (``kooperation.netz``), never
    ``X-Forwarded-For`` as a client sent it."""

    @staticmethod
    def _get_remote_addr(request):
        return client_adresse(request)

    @staticmethod
    def _get_remote_port(request):
        return None

    def __call__(self, request):
        token = _anfrage.set(
            {
                "remote_addr": self._get_remote_addr(request),
                "remote_port": self._get_remote_port(request),
                "request": request,
            }
        )
        try:
            antwort = super().__call__(request)
            betreiber_protokollieren(request, antwort)
            return antwort
        finally:
            _anfrage.reset(token)


def betreiber_protokollieren(request, antwort) -> None:
    """Operators (superusers) act across Jobcenters: every request of theirs
    is an audit entry (method, path, the names of the parameters, the
    answer's status), beside the entries of what they changed."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_superuser:
        return
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=user,
        remote_addr=client_adresse(request),
        changes={"anfrage": ["", f"{request.method} {request.path}"]},
        additional_data={
            "grund": "Aktion eines Betreibers",
            "methode": request.method,
            "pfad": request.path,
            "parameter": sorted(set(request.GET) | set(request.POST) - {"csrfmiddlewaretoken"}),
            "status": antwort.status_code,
        },
    )


def in_anfrage() -> tuple[bool, object | None]:
    """Whether we are inside a request, and who is signed in there."""
    anfrage = _anfrage.get()
    if anfrage is None:
        return False, None
    user = getattr(anfrage["request"], "user", None)
    return True, (user if user is not None and user.is_authenticated else None)


def aktueller_grund() -> str | None:
    return _grund.get()


def _handelnder():
    """Who acts now: the actor of auditlog's context (a request's user, or
    the user of ``im_namen_von``)."""
    kontext = auditlog_value.get(None) or {}
    actor = kontext.get("actor")
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor
    return in_anfrage()[1]


def vertretung_daten(user, model, objekte) -> list[dict]:
    """Whom ``user`` acts for with these rows: the absent IFKs responsible
    for them whom ``user`` covers today (empty when she acts for herself).
    Every entry of a substitute names both her (the actor) and them."""
    if user is None:
        return []
    abwesende = access.vertretene(user)
    if not abwesende:
        return []
    return [
        {"id": pk, "name": abwesende[pk]}
        for pk in access.zustaendige_zu(model, list(objekte))
        if pk in abwesende
    ]


class Auditiert:
    """Mixin for audited models: adds the current reason and the Jobcenter to
    every log entry, so the trail can be read per Jobcenter."""

    def get_additional_data(self) -> dict:
        daten: dict = {}
        grund = aktueller_grund()
        if grund:
            daten["grund"] = grund
        jobcenter_id = self.audit_jobcenter_id()
        if jobcenter_id is not None:
            daten["jobcenter_id"] = jobcenter_id
        if self.pk is not None and access.REGELN.get(self._meta.label_lower) is not None:
            fuer = vertretung_daten(_handelnder(), type(self), [self])
            if fuer:
                daten["in_vertretung_fuer"] = fuer
        return daten

    def audit_jobcenter_id(self) -> int | None:
        return getattr(self, "jobcenter_id", None)


@contextlib.contextmanager
def im_namen_von(user, grund: str | None = None):
    """Attribute every audit entry inside the block to ``user`` with ``grund``.

    auditlog's context is not re-entrant: leaving a block neither restores
    the outer block's value nor clears its own, so we restore the outer one
    ourselves (an enclosing request or service keeps its actor)."""
    grund_token = _grund.set(grund) if grund else None
    vorher = auditlog_value.get(None)
    anfrage = _anfrage.get() or {}
    try:
        with set_actor(user, anfrage.get("remote_addr"), anfrage.get("remote_port")):
            yield
    finally:
        if vorher is not None:
            auditlog_value.set(vorher)
        if grund_token is not None:
            _grund.reset(grund_token)


def lesezugriff(user, obj, grund: str) -> None:
    """Record that ``user`` read ``obj`` for ``grund`` (an ACCESS entry)."""
    # One transaction for the entry and its seal (kooperation.auditkette): no
    # moment with an unsealed entry, and one commit instead of two.
    with transaction.atomic(savepoint=False), im_namen_von(user, grund):
        accessed.send(sender=type(obj), instance=obj)


def listenzugriff(user, objekte, grund: str) -> LogEntry | None:
    """Record that ``user`` was shown a list (a page of the API, search
    results, a team's deadlines): one ACCESS entry naming the people shown
    by their ids, not one per row or field, even where a page shows rows of
    several kinds. The names stay out of the trail, so it keeps no copy of
    the data it protects. Rows without personal data leave no entry."""
    je_modell: dict[type, list] = {}
    for obj in objekte:
        je_modell.setdefault(type(obj), []).append(obj)
    personen: set[int] = set()
    for model, zeilen in je_modell.items():
        personen.update(access.personen_zu(model, zeilen))
    if not personen:
        return None
    daten = {
        "grund": grund,
        "personen": sorted(personen),
        "eintraege": sum(len(zeilen) for zeilen in je_modell.values()),
    }
    if getattr(user, "jobcenter_id", None) is not None:
        daten["jobcenter_id"] = user.jobcenter_id
    fuer: dict[int, dict] = {}
    for model, zeilen in je_modell.items():
        for eintrag in vertretung_daten(user, model, zeilen):
            fuer[eintrag["id"]] = eintrag
    if fuer:
        daten["in_vertretung_fuer"] = [fuer[pk] for pk in sorted(fuer)]
    anfrage = _anfrage.get() or {}
    # The entry and its seal in one transaction, as in ``lesezugriff``.
    with transaction.atomic(savepoint=False), im_namen_von(user, grund):
        return LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(next(iter(je_modell))),
            object_pk="",
            object_repr=f"Liste mit {len(personen)} Person(en)",
            action=LogEntry.Action.ACCESS,
            actor=user,
            remote_addr=anfrage.get("remote_addr"),
            additional_data=daten,
        )


def eintraege_zu(obj):
    """The audit entries of one object, newest first."""
    return LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")
