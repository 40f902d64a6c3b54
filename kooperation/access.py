"""The one access policy.

Every view, API endpoint, admin page and task asks this module two questions:
"may this user do this to this object?" (``darf_sehen``, ``darf_bearbeiten``
and the ``rules`` permissions registered at the bottom) and "which objects of
this kind may this user see?" (``sichtbar``). Roles are groups of named
permissions (``Jobcenter.Meta.permissions``), created by ``rollen_einrichten``.

Models are named by their label, not imported, so the policy can sit below
the apps it governs (dependencies point ``plans → cases → partners →
kooperation``). A model the policy does not know is refused: fail closed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import rules
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

# Configuration models the Administration edits in the Django admin.
KONFIGURATION_MODELLE = (
    "kooperation.jobcenter",
    "kooperation.schliesstag",
    "kooperation.fristeinstellung",
    "kooperation.team",
    "kooperation.user",
    "partners.kommunalertraeger",
    "partners.partner",
    "partners.ansprechpartner",
    "partners.angebot",
    "partners.kooperationsvereinbarung",
    "partners.vertragspartei",
    "partners.vereinbarungsdokument",
    "partners.kooperationstreffen",
    "partners.phasenaufgabe",
)


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


# --- What kind of data each model holds -------------------------------------


@dataclass(frozen=True)
class Falldaten:
    """Personal data of one Leistungsberechtigter; ``fall`` is the path to it."""

    fall: str


@dataclass(frozen=True)
class Abstimmungsdaten:
    """A request to a kommunaler Träger; ``traeger`` is the path to it."""

    traeger: str
    fall: str


@dataclass(frozen=True)
class Konfiguration:
    """Jobcenter-wide data without personal data; ``jobcenter`` is the path."""

    jobcenter: str


@dataclass(frozen=True)
class Fristdaten:
    """Wiedervorlagen: seen by who is responsible, and the team's lead;
    ``wiedervorlage`` is the path to it (for reminders)."""

    wiedervorlage: str = ""


REGELN: dict[str, Falldaten | Abstimmungsdaten | Konfiguration | Fristdaten] = {
    "cases.leistungsberechtigter": Falldaten(fall=""),
    "cases.gesetzlichervertreter": Falldaten(fall="leistungsberechtigter"),
    "cases.einwilligung": Falldaten(fall="leistungsberechtigter"),
    "cases.potenzialanalyse": Falldaten(fall="leistungsberechtigter"),
    "cases.handlungsbedarf": Falldaten(fall="potenzialanalyse__leistungsberechtigter"),
    "plans.kooperationsplan": Falldaten(fall="leistungsberechtigter"),
    "plans.planversion": Falldaten(fall="plan__leistungsberechtigter"),
    "plans.planeintrag": Falldaten(fall="version__plan__leistungsberechtigter"),
    "plans.schlichtung": Falldaten(fall="plan__leistungsberechtigter"),
    "plans.pflichtenfestsetzung": Falldaten(fall="plan__leistungsberechtigter"),
    "cases.datenweitergabe": Falldaten(fall="leistungsberechtigter"),
    "plans.partnerplan": Falldaten(fall="plan__leistungsberechtigter"),
    "plans.traegerabstimmung": Abstimmungsdaten(
        traeger="traeger", fall="version__plan__leistungsberechtigter"
    ),
    "plans.abstimmungposition": Abstimmungsdaten(
        traeger="abstimmung__traeger", fall="eintrag__version__plan__leistungsberechtigter"
    ),
    "kooperation.wiedervorlage": Fristdaten(),
    "kooperation.erinnerung": Fristdaten(wiedervorlage="wiedervorlage"),
    "kooperation.fristeinstellung": Konfiguration(jobcenter="jobcenter"),
    "kooperation.jobcenter": Konfiguration(jobcenter="id"),
    "kooperation.team": Konfiguration(jobcenter="jobcenter"),
    "kooperation.schliesstag": Konfiguration(jobcenter="jobcenter"),
    "kooperation.user": Konfiguration(jobcenter="jobcenter"),
    "partners.kommunalertraeger": Konfiguration(jobcenter="jobcenter"),
    "partners.partner": Konfiguration(jobcenter="jobcenter"),
    "partners.ansprechpartner": Konfiguration(jobcenter="partner__jobcenter"),
    "partners.angebot": Konfiguration(jobcenter="jobcenter"),
    "partners.kooperationsvereinbarung": Konfiguration(jobcenter="jobcenter"),
    "partners.vertragspartei": Konfiguration(jobcenter="vereinbarung__jobcenter"),
    "partners.vereinbarungsdokument": Konfiguration(jobcenter="vereinbarung__jobcenter"),
    "partners.kooperationstreffen": Konfiguration(jobcenter="vereinbarung__jobcenter"),
    "partners.phasenaufgabe": Konfiguration(jobcenter="vereinbarung__jobcenter"),
    "partners.belegung": Konfiguration(jobcenter="angebot__jobcenter"),
    "partners.rahmenabstimmung": Konfiguration(jobcenter="angebot__jobcenter"),
}

NICHTS = Q(pk__in=[])


def _p(pfad: str, feld: str) -> str:
    return f"{pfad}__{feld}" if pfad else feld


def _regel(model) -> Falldaten | Abstimmungsdaten | Konfiguration | Fristdaten:
    try:
        return REGELN[model._meta.label_lower]
    except KeyError:
        logger.error("Zugriffsregeln: keine Regel für %s, Zugriff verweigert", model._meta.label)
        raise UnbekanntesModell(model) from None


def _aktiv_im_jobcenter(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "jobcenter_id", None) is not None
    )


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
    regel = _regel(model)
    if not _aktiv_im_jobcenter(user):
        return NICHTS
    if isinstance(regel, Falldaten):
        return faelle_q(user, regel.fall)
    if isinstance(regel, Abstimmungsdaten):
        q = Q(**{_p(regel.fall, "jobcenter_id"): user.jobcenter_id})
        if hat_recht(user, "abstimmungen_entscheiden"):
            return q & Q(**{_p(regel.traeger, "mitarbeitende"): user.pk})
        # The Jobcenter's own staff see the requests of cases they may see.
        return faelle_q(user, regel.fall)
    if isinstance(regel, Fristdaten):
        w = regel.wiedervorlage
        im_jobcenter = Q(**{_p(w, "jobcenter_id"): user.jobcenter_id})
        erlaubt = im_jobcenter & Q(**{_p(w, "zustaendig_id"): user.pk})
        if hat_recht(user, "team_leiten") and user.team_id:
            erlaubt |= im_jobcenter & Q(**{_p(w, "team_id"): user.team_id})
        return erlaubt
    # Konfiguration: everyone of the Jobcenter reads it.
    return Q(**{regel.jobcenter if regel.jobcenter != "id" else "pk": user.jobcenter_id})


def sichtbar(user, queryset: models.QuerySet) -> models.QuerySet:
    """Scope ``queryset`` to what ``user`` may see. ``distinct`` only where a
    many-valued path could repeat rows."""
    qs = queryset.filter(sichtbar_q(user, queryset.model))
    if isinstance(_regel(queryset.model), Abstimmungsdaten) and hat_recht(
        user, "abstimmungen_entscheiden"
    ):
        qs = qs.distinct()
    return qs


def darf_sehen(user, obj) -> bool:
    if obj is None or obj.pk is None:
        return False
    return sichtbar(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def _fall_von(obj):
    regel = _regel(type(obj))
    pfad = getattr(regel, "fall", None)
    if pfad is None:
        return None
    fall = obj
    for teil in filter(None, pfad.split("__")):
        fall = getattr(fall, teil)
    return fall


def darf_bearbeiten(user, obj) -> bool:
    """Personal data is changed only by the IFK responsible for the case;
    configuration only by the Administration of the same Jobcenter."""
    if obj is None or not _aktiv_im_jobcenter(user):
        return False
    regel = _regel(type(obj))
    if isinstance(regel, Falldaten):
        fall = _fall_von(obj)
        return (
            hat_recht(user, "faelle_bearbeiten")
            and fall.jobcenter_id == user.jobcenter_id
            and fall.zustaendig_id == user.pk
        )
    if isinstance(regel, Abstimmungsdaten):
        return hat_recht(user, "abstimmungen_entscheiden") and darf_sehen(user, obj)
    if isinstance(regel, Fristdaten):
        for teil in filter(None, regel.wiedervorlage.split("__")):
            obj = getattr(obj, teil)
        return obj.jobcenter_id == user.jobcenter_id and (
            obj.zustaendig_id == user.pk
            or (hat_recht(user, "team_leiten") and obj.team_id == user.team_id)
        )
    return hat_recht(user, "jobcenter_verwalten") and darf_sehen(user, obj)


def darf_fall_anlegen(user, jobcenter) -> bool:
    return (
        _aktiv_im_jobcenter(user)
        and hat_recht(user, "faelle_bearbeiten")
        and jobcenter is not None
        and jobcenter.pk == user.jobcenter_id
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


for _label in REGELN:
    _app, _model = _label.split(".")
    rules.add_perm(f"{_app}.sehen_{_model}", _sieht)
    rules.add_perm(f"{_app}.bearbeiten_{_model}", _bearbeitet)
