"""The core of the one access policy.

Every view, API endpoint, admin page and task asks it two questions: "may this
user do this to this object?" (``darf_sehen``, ``darf_bearbeiten``, and the
same answers as ``user.has_perm("<app>.bearbeiten_<model>", obj)`` through
``rules``) and "which objects of this kind may this user see?" (``sichtbar``).

- Roles are groups of named permissions (``Jobcenter.Meta.permissions``),
  created by ``rollen.rollen_einrichten``; ``hat_recht`` reads them.
- The rule types say what kind of data a model holds (``Sozialdaten``,
  ``Abstimmungsdaten``, ``Traegerdaten``, ``Konfiguration``, ``Fristdaten``,
  ``Postdaten``, ``Kontodaten``, ``Systemdaten``)
  and so who sees and changes its rows.
- Each app names the rule of each of its models in ``<app>/access.py`` and
  registers them from its ``AppConfig.ready`` (``regeln_eintragen``), so this
  ground floor names no model of the apps above it. A model without a rule is
  refused (``UnbekanntesModell``): fail closed.
- Pages ask role predicates (``darf_fallliste_sehen`` …) before anything else.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass

import rules
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

from .errors import UnbekanntesModell

logger = logging.getLogger(__name__)

PERMISSION_APP = "kooperation"


class Rolle(models.TextChoices):
    """The roles of design.md; each is a group with the permissions below."""

    IFK = "ifk", "Integrationsfachkraft"
    TEAMLEITUNG = "teamleitung", "Teamleitung"
    TRAEGER = "traeger", "Kommunaler Träger"
    GESCHAEFTSFUEHRUNG = "geschaeftsfuehrung", "Geschäftsführung"
    ADMINISTRATION = "administration", "Administration"
    API_CLIENT = "api", "Fachverfahren (Schnittstelle)"


# Capabilities per role. Administration additionally gets Django's model
# permissions for the configuration models (see ``rollen_einrichten``).
ROLLEN_RECHTE: dict[Rolle, tuple[str, ...]] = {
    Rolle.IFK: ("faelle_bearbeiten", "team_faelle_lesen"),
    Rolle.TEAMLEITUNG: ("team_faelle_lesen", "team_leiten", "kennzahlen_sehen"),
    Rolle.TRAEGER: ("abstimmungen_entscheiden",),
    Rolle.GESCHAEFTSFUEHRUNG: ("kennzahlen_sehen",),
    Rolle.ADMINISTRATION: ("jobcenter_verwalten",),
    Rolle.API_CLIENT: ("jobcenter_faelle_lesen",),
}


def rollen_gruppenname(rolle: Rolle) -> str:
    return str(rolle.label)


def _rollen_und_rechte(user) -> tuple[Rolle | None, frozenset[str]]:
    """The user's role and capabilities, read in one query per request from
    the groups and their permissions (the data that defines the roles), and
    cached on the user object."""
    if not hasattr(user, "_zugriff_cache"):
        namen = {str(r.label): r for r in Rolle}
        rolle = None
        rechte: set[str] = set()
        zeilen = user.groups.values_list(
            "name", "permissions__content_type__app_label", "permissions__codename"
        )
        for gruppe, app, codename in zeilen:
            if rolle is None and gruppe in namen:
                rolle = namen[gruppe]
            if app == PERMISSION_APP and codename:
                rechte.add(codename)
        user._zugriff_cache = (rolle, frozenset(rechte))
    return user._zugriff_cache


def rolle_von(user) -> Rolle | None:
    """The user's role, from its group."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return _rollen_und_rechte(user)[0]


def hat_recht(user, recht: str) -> bool:
    """A capability of the user's role. Capabilities come from groups only:
    they are what makes a role, not something given to one person."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return recht in _rollen_und_rechte(user)[1]


# --- The rule types: what kind of data a model holds -------------------------

NICHTS = Q(pk__in=[])


def _p(pfad: str, feld: str) -> str:
    return f"{pfad}__{feld}" if pfad else feld


def _folgen(obj, pfad: str):
    """The object at ``pfad`` (``a__b``) from ``obj``; works on unsaved rows."""
    for teil in filter(None, pfad.split("__")):
        obj = getattr(obj, teil)
    return obj


def _aktiv_im_jobcenter(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "jobcenter_id", None) is not None
    )


class Regel(ABC):
    """What kind of data a model holds, and so who sees and who changes its
    rows. Each app names the rule of each of its models (``<app>/access.py``);
    the paths lead from the model to what the rule needs."""

    @abstractmethod
    def sichtbar_q(self, user) -> Q:
        """The rows of the model this user may see."""

    @abstractmethod
    def darf_bearbeiten(self, user, obj) -> bool:
        """Whether this user may change this row."""

    def mehrfach(self, user) -> bool:
        """Whether the scope follows a many-valued path for this user, so the
        same row could come back more than once (``sichtbar`` adds DISTINCT)."""
        return False

    def personenpfad(self) -> str | None:
        """The path from a row to the Leistungsberechtigter it is about ("" for
        the person itself), or None when the rows hold no personal data: what a
        read has to name in the audit trail."""
        return None


@dataclass(frozen=True)
class Sozialdaten(Regel):
    """Social data of one Leistungsberechtigter (§ 67 SGB X): read by the
    responsible IFK, the team and the Fachverfahren of the Jobcenter, changed
    only by the responsible IFK. ``leistungsberechtigter`` is the path to the
    person ("" for the Leistungsberechtigter itself)."""

    leistungsberechtigter: str

    def sichtbar_q(self, user) -> Q:
        return faelle_q(user, self.leistungsberechtigter)

    def personenpfad(self) -> str | None:
        return self.leistungsberechtigter

    def darf_bearbeiten(self, user, obj) -> bool:
        person = _folgen(obj, self.leistungsberechtigter)
        return (
            hat_recht(user, "faelle_bearbeiten")
            and person.jobcenter_id == user.jobcenter_id
            and person.zustaendig_id == user.pk
        )


@dataclass(frozen=True)
class Abstimmungsdaten(Regel):
    """A request to a kommunaler Träger: its staff see the requests addressed
    to it (and decide them), the Jobcenter's staff those of cases they may see."""

    traeger: str
    leistungsberechtigter: str

    def sichtbar_q(self, user) -> Q:
        if hat_recht(user, "abstimmungen_entscheiden"):
            return Q(**{_p(self.leistungsberechtigter, "jobcenter_id"): user.jobcenter_id}) & Q(
                **{_p(self.traeger, "mitarbeitende"): user.pk}
            )
        return faelle_q(user, self.leistungsberechtigter)

    def darf_bearbeiten(self, user, obj) -> bool:
        return hat_recht(user, "abstimmungen_entscheiden") and darf_sehen(user, obj)

    def mehrfach(self, user) -> bool:
        return hat_recht(user, "abstimmungen_entscheiden")

    def personenpfad(self) -> str | None:
        return self.leistungsberechtigter


@dataclass(frozen=True)
class Traegerdaten(Regel):
    """What a kommunaler Träger decides for its own Angebote (its contingents):
    read by the whole Jobcenter, the Träger's staff reading only their own;
    changed only by the staff of that Träger."""

    traeger: str
    jobcenter: str

    def sichtbar_q(self, user) -> Q:
        q = Q(**{_p(self.jobcenter, "id"): user.jobcenter_id})
        if hat_recht(user, "abstimmungen_entscheiden"):
            q &= Q(**{_p(self.traeger, "mitarbeitende"): user.pk})
        return q

    def bearbeitbar_q(self, user) -> Q:
        """The rows (or, along the same paths, the Angebote) this user may
        change: those of a Träger the user works for."""
        if not hat_recht(user, "abstimmungen_entscheiden"):
            return NICHTS
        return Q(
            **{
                _p(self.jobcenter, "id"): user.jobcenter_id,
                _p(self.traeger, "mitarbeitende"): user.pk,
            }
        )

    def darf_bearbeiten(self, user, obj) -> bool:
        traeger = _folgen(obj, self.traeger)
        return (
            traeger is not None
            and hat_recht(user, "abstimmungen_entscheiden")
            and traeger.jobcenter_id == user.jobcenter_id
            and traeger.mitarbeitende.filter(pk=user.pk).exists()
        )

    def mehrfach(self, user) -> bool:
        return hat_recht(user, "abstimmungen_entscheiden")


@dataclass(frozen=True)
class Konfiguration(Regel):
    """Jobcenter-wide data without personal data: read by everyone of the
    Jobcenter, changed by its Administration. ``verwaltung``: the
    Administration edits it in the Django admin (and gets the model's
    permissions there)."""

    jobcenter: str
    verwaltung: bool = True

    def sichtbar_q(self, user) -> Q:
        return Q(**{self.jobcenter if self.jobcenter != "id" else "pk": user.jobcenter_id})

    def darf_bearbeiten(self, user, obj) -> bool:
        return hat_recht(user, "jobcenter_verwalten") and darf_sehen(user, obj)


@dataclass(frozen=True)
class Fristdaten(Regel):
    """Wiedervorlagen: seen and met by who is responsible, and by the lead of
    the team; ``wiedervorlage`` is the path to it (for reminders)."""

    wiedervorlage: str = ""

    def sichtbar_q(self, user) -> Q:
        w = self.wiedervorlage
        im_jobcenter = Q(**{_p(w, "jobcenter_id"): user.jobcenter_id})
        erlaubt = im_jobcenter & Q(**{_p(w, "zustaendig_id"): user.pk})
        if hat_recht(user, "team_leiten") and user.team_id:
            erlaubt |= im_jobcenter & Q(**{_p(w, "team_id"): user.team_id})
        return erlaubt

    def darf_bearbeiten(self, user, obj) -> bool:
        wv = _folgen(obj, self.wiedervorlage)
        return wv.jobcenter_id == user.jobcenter_id and (
            wv.zustaendig_id == user.pk
            or (hat_recht(user, "team_leiten") and wv.team_id == user.team_id)
        )

    def personenpfad(self) -> str | None:
        return _p(self.wiedervorlage, "leistungsberechtigter_id")


@dataclass(frozen=True)
class Postdaten(Regel):
    """An e-mail of the outbox: for its recipient's eyes; written and sent by
    the system, changed by nobody."""

    empfaenger: str = "empfaenger"

    def sichtbar_q(self, user) -> Q:
        return Q(**{_p(self.empfaenger, "id"): user.pk, "jobcenter_id": user.jobcenter_id})

    def darf_bearbeiten(self, user, obj) -> bool:
        return False


@dataclass(frozen=True)
class Kontodaten(Regel):
    """What belongs to one staff account (API tokens, role requests): read by
    the Administration of the account's Jobcenter and by the account holder;
    changed only through the account services (four eyes, revocation), never
    row by row. ``konto`` is the path to the account."""

    konto: str

    def sichtbar_q(self, user) -> Q:
        eigenes = Q(**{_p(self.konto, "id"): user.pk})
        if hat_recht(user, "jobcenter_verwalten"):
            return eigenes | Q(
                **{
                    _p(self.konto, "jobcenter_id"): user.jobcenter_id,
                    _p(self.konto, "is_superuser"): False,
                }
            )
        return eigenes

    def darf_bearbeiten(self, user, obj) -> bool:
        return False


@dataclass(frozen=True)
class Systemdaten(Regel):
    """Rows the system keeps for itself (the audit trail's seals): nobody
    reads or changes them through pages or the API; ``manage.py
    audit_pruefen`` reads them."""

    def sichtbar_q(self, user) -> Q:
        return NICHTS

    def darf_bearbeiten(self, user, obj) -> bool:
        return False


# --- The rules of every model, contributed by each app ------------------------

REGELN: dict[str, Regel] = {}


def regeln_eintragen(regeln: dict[str, Regel]) -> None:
    """Add an app's rules (called from its ``AppConfig.ready``), and the same
    answers as ``user.has_perm("<app>.sehen_<model>", obj)`` through ``rules``."""
    for label, regel in regeln.items():
        if REGELN.get(label, regel) != regel:
            raise ImproperlyConfigured(f"Zwei Zugriffsregeln für {label}.")
        REGELN[label] = regel
        app, model = label.split(".")
        rules.set_perm(f"{app}.sehen_{model}", _sieht)
        rules.set_perm(f"{app}.bearbeiten_{model}", _bearbeitet)


def regel_fuer(model) -> Regel:
    try:
        return REGELN[model._meta.label_lower]
    except KeyError:
        logger.error("Zugriffsregeln: keine Regel für %s, Zugriff verweigert", model._meta.label)
        raise UnbekanntesModell(model) from None


def verwaltete_modelle() -> list[str]:
    """Labels of the models the Administration edits in the Django admin."""
    return sorted(
        label
        for label, regel in REGELN.items()
        if isinstance(regel, Konfiguration) and regel.verwaltung
    )


# --- The two questions --------------------------------------------------------


def team_faelle_q(user, pfad: str = "") -> Q:
    """The cases of the user's own team, if the role may read them."""
    if (
        not _aktiv_im_jobcenter(user)
        or not user.team_id
        or not hat_recht(user, "team_faelle_lesen")
    ):
        return NICHTS
    return Q(**{_p(pfad, "jobcenter_id"): user.jobcenter_id, _p(pfad, "team_id"): user.team_id})


def eigene_faelle_q(user, pfad: str = "") -> Q:
    """The cases the user is responsible for, if the role works on cases."""
    if not _aktiv_im_jobcenter(user) or not hat_recht(user, "faelle_bearbeiten"):
        return NICHTS
    return Q(**{_p(pfad, "jobcenter_id"): user.jobcenter_id, _p(pfad, "zustaendig_id"): user.pk})


def faelle_q(user, pfad: str) -> Q:
    """Cases this user may read, as a filter relative to ``pfad``: the whole
    Jobcenter for the API client role, else the own team and the own cases."""
    if not _aktiv_im_jobcenter(user):
        return NICHTS
    if hat_recht(user, "jobcenter_faelle_lesen"):
        return Q(**{_p(pfad, "jobcenter_id"): user.jobcenter_id})
    return team_faelle_q(user, pfad) | eigene_faelle_q(user, pfad)


def sichtbar_q(user, model) -> Q:
    """Filter for the rows of ``model`` this user may see."""
    regel = regel_fuer(model)
    if not _aktiv_im_jobcenter(user):
        return NICHTS
    return regel.sichtbar_q(user)


def sichtbar(user, queryset: models.QuerySet) -> models.QuerySet:
    """Scope ``queryset`` to what ``user`` may see."""
    qs = queryset.filter(sichtbar_q(user, queryset.model))
    if regel_fuer(queryset.model).mehrfach(user):
        qs = qs.distinct()
    return qs


def darf_sehen(user, obj) -> bool:
    if obj is None or obj.pk is None:
        return False
    return sichtbar(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def personen_zu(model, objekte) -> list[int]:
    """The ids of the Leistungsberechtigte that ``objekte`` (rows of ``model``)
    are about (empty for rows without personal data). Read from the rows
    where the path is one step, else in one query."""
    pfad = regel_fuer(model).personenpfad()
    if pfad is None or not objekte:
        return []
    if pfad == "":
        werte = [o.pk for o in objekte]
    elif "__" not in pfad:
        feld = model._meta.get_field(pfad)
        werte = [getattr(o, feld.attname) for o in objekte]
    else:
        werte = model._default_manager.filter(pk__in=[o.pk for o in objekte]).values_list(
            pfad, flat=True
        )
    return sorted({w for w in werte if w is not None})


def darf_bearbeiten(user, obj) -> bool:
    """May ``user`` change ``obj`` (or, for an unsaved row, make it)? The rule
    of the object's model answers; nobody outside a Jobcenter changes anything."""
    if obj is None or not _aktiv_im_jobcenter(user):
        return False
    return regel_fuer(type(obj)).darf_bearbeiten(user, obj)


def darf_leistungsberechtigte_anlegen(user, team) -> bool:
    """A case worker records cases in her own team of her own Jobcenter: a
    case in another team would be hers to edit but outside the team that
    reads and covers it."""
    return (
        _aktiv_im_jobcenter(user)
        and hat_recht(user, "faelle_bearbeiten")
        and team is not None
        and team.jobcenter_id == user.jobcenter_id
        and team.pk == user.team_id
    )


def darf_kennzahlen_sehen(user) -> bool:
    return _aktiv_im_jobcenter(user) and hat_recht(user, "kennzahlen_sehen")


def darf_fallliste_sehen(user) -> bool:
    """The caseload pages are for the Jobcenter's case workers and their leads."""
    return _aktiv_im_jobcenter(user) and (
        hat_recht(user, "faelle_bearbeiten") or hat_recht(user, "team_faelle_lesen")
    )


def darf_faelle_lesen(user) -> bool:
    """Case data through the API: case workers, their leads and the Fachverfahren
    (which rows each of them sees is ``sichtbar``'s answer)."""
    return _aktiv_im_jobcenter(user) and any(
        hat_recht(user, recht)
        for recht in ("faelle_bearbeiten", "team_faelle_lesen", "jobcenter_faelle_lesen")
    )


def darf_abstimmungen_entscheiden(user) -> bool:
    return _aktiv_im_jobcenter(user) and hat_recht(user, "abstimmungen_entscheiden")


def darf_bedarfsanalyse_sehen(user) -> bool:
    """The Bedarfsanalyse (counts per need, no names) is for the Jobcenter's
    own staff: case workers, leads, management, administration; not for the
    Träger's portal or API tokens of a Fachverfahren."""
    return _aktiv_im_jobcenter(user) and any(
        hat_recht(user, recht)
        for recht in (
            "faelle_bearbeiten",
            "team_faelle_lesen",
            "kennzahlen_sehen",
            "jobcenter_verwalten",
        )
    )


def darf_team_leiten(user) -> bool:
    """The Teamleitung's own page: the team's deadlines."""
    return _aktiv_im_jobcenter(user) and hat_recht(user, "team_leiten")


def darf_verwalten(user) -> bool:
    return _aktiv_im_jobcenter(user) and hat_recht(user, "jobcenter_verwalten")


# --- The same answers as ``user.has_perm(..., obj)`` (rules backend) ---------


@rules.predicate
def _sieht(user, obj) -> bool:
    return darf_sehen(user, obj)


@rules.predicate
def _bearbeitet(user, obj) -> bool:
    return darf_bearbeiten(user, obj)


# --- The ground floor's own models ---------------------------------------------

regeln_eintragen(
    {
        "kooperation.wiedervorlage": Fristdaten(),
        "kooperation.erinnerung": Fristdaten(wiedervorlage="wiedervorlage"),
        "kooperation.fristeinstellung": Konfiguration(jobcenter="jobcenter"),
        "kooperation.jobcenter": Konfiguration(jobcenter="id"),
        "kooperation.team": Konfiguration(jobcenter="jobcenter"),
        "kooperation.schliesstag": Konfiguration(jobcenter="jobcenter"),
        "kooperation.user": Konfiguration(jobcenter="jobcenter"),
        "kooperation.nachricht": Postdaten(),
        "kooperation.apitoken": Kontodaten(konto="user"),
        "kooperation.rollenantrag": Kontodaten(konto="konto"),
        "kooperation.auditsiegel": Systemdaten(),
    }
)
