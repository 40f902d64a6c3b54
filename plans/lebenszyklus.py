"""The lifecycle of a Kooperationsplan, declared in one table.

``UEBERGAENGE`` lists every step a plan can take: from which states
(``von``), to which (``nach``; ``bleibt``: it may also stay where it is),
who may take it (``rollen``; and the access policy must let the user change
the object, ``access.darf_bearbeiten``), and the guards that must hold
(``bedingungen``: each returns None or the German reason it does not).

- The services enforce it: each transition locks its plan (``Planlage.sperren``)
  and calls ``pruefen`` before it changes anything, and sets the new state
  with ``stand_setzen``, which also moves the person's phase.
- The plan page shows exactly the open steps (``offene``), and the API reports
  them per plan version (``uebergaenge``).
- ``tests/plans/test_lebenszyklus.py`` walks every state × every step × every
  role against this table, and fails when a page offers a step it does not.

Guards decide whether a step is open. What a step needs from its input and
from the draft's content (a goal, a first step, one page,
a representative's consent for a minor) is checked by the service and shown
next to the field.

A new step (say, under a new Rechtsstand) is one more ``Uebergang`` here, its
service in ``plans/services/`` calling ``pruefen``, and, for the browser, its
page in ``plans/views/uebergaenge.py``; guards that depend on the law ask the
legal engine about the act's day (``Planlage.am``: today on the page, the day
the user entered in the service), never the day the plan was begun.

Why a table of our own and not django-fsm-2 or viewflow's fsm: a step here
changes several rows under locks (plan, version, deadlines, the person's
phase) in a service, not one field in a model method; its guards need the
user's role and the access policy as well as the plan; and a refused step
must say why, in German, to the page and the API. A dozen rows of plain data
read better than decorators spread over the models.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from cases.models import Phase
from cases.services import leistungsberechtigter_phase_setzen
from kooperation import access, recht
from kooperation.access import Rolle
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import Abstimmungszeitpunkt
from kooperation.rechtsregeln import Aktart
from kooperation.services import speichern

from .models import (
    AbstimmungStatus,
    Kooperationsplan,
    PlanStatus,
    PlanVersion,
    Schlichtung,
    TraegerAbstimmung,
    VersionStatus,
)
from .zustimmung import abgelehnt_unveraendert, abstimmung_erforderlich, abstimmung_fehlt

S = PlanStatus

# The person's phase (the caseload's filter) for each state of the plan.
PHASE = {
    S.ENTWURF: Phase.PLANUNG,
    S.ABSTIMMUNG: Phase.ABSTIMMUNG,
    S.VEREINBART: Phase.VEREINBART,
    S.UEBERPRUEFUNG: Phase.UEBERPRUEFUNG,
    S.NICHTEINIGUNG: Phase.NICHTEINIGUNG,
    S.FESTGESETZT: Phase.NICHTEINIGUNG,
    S.KEIN_PLAN: Phase.KEIN_PLAN,
}


def heute() -> datetime.date:
    """Today, in the Jobcenter's time zone: the day of an act taken now, and
    the day whose law the plan page asks about."""
    return timezone.localdate()


@dataclass
class Planlage:
    """What the guards read about one plan, loaded once (a few small queries,
    each only when a guard asks). ``am``: the day of the act in question;
    guards that depend on the law ask the Rechtsstand that act follows."""

    plan: Kooperationsplan
    am: datetime.date = field(default_factory=lambda: heute())

    @classmethod
    def sperren(cls, plan_id: int, am: datetime.date | None = None) -> Planlage:
        """The plan, locked for this transaction: every step locks its plan
        first, so two steps on one plan follow one another."""
        plan = (
            Kooperationsplan.objects.select_for_update(of=("self",))
            .select_related("rechtsstand", "leistungsberechtigter__jobcenter")
            .get(pk=plan_id)
        )
        return cls(plan, am or heute())

    @cached_property
    def versionen(self) -> list[PlanVersion]:
        return list(self.plan.versionen.order_by("-nummer"))

    @cached_property
    def entwurf(self) -> PlanVersion | None:
        return next((v for v in self.versionen if v.status == VersionStatus.ENTWURF), None)

    @cached_property
    def vereinbarte(self) -> PlanVersion | None:
        """The version in force: the latest agreed one."""
        return next((v for v in self.versionen if v.status == VersionStatus.VEREINBART), None)

    @property
    def aktuelle(self) -> PlanVersion | None:
        """The version a step of the whole plan concerns: the draft, else the
        version in force."""
        return self.entwurf or self.vereinbarte

    @property
    def jobcenter(self):
        return self.plan.leistungsberechtigter.jobcenter

    @cached_property
    def laufende_schlichtung(self) -> Schlichtung | None:
        return self.plan.schlichtungen.filter(beendet_am__isnull=True).first()

    @cached_property
    def abstimmungen(self) -> list[TraegerAbstimmung]:
        """Requests to the Träger still waiting for someone: open, or
        approved with changes the IFK has not confirmed yet."""
        return list(
            TraegerAbstimmung.objects.filter(version__plan=self.plan)
            .filter(
                status__in=[AbstimmungStatus.OFFEN, AbstimmungStatus.GEAENDERT],
                aenderung_bestaetigt_am__isnull=True,
            )
            .select_related("traeger", "version")
            .order_by("pk")
        )

    @property
    def offene_abstimmungen(self) -> list[TraegerAbstimmung]:
        return [a for a in self.abstimmungen if a.status == AbstimmungStatus.OFFEN]

    @property
    def zu_bestaetigen(self) -> list[TraegerAbstimmung]:
        return [a for a in self.abstimmungen if a.status == AbstimmungStatus.GEAENDERT]

    def abstimmung_offen(self, version: PlanVersion) -> bool:
        return any(a.version_id == version.pk for a in self.offene_abstimmungen)


# --- Guards: None when the step may be taken, else why not ---------------------

Bedingung = Callable[[Planlage], "str | None"]


def entwurf_vorhanden(lage: Planlage) -> str | None:
    return None if lage.entwurf else "Dieser Plan hat keinen Entwurf."


def anlass(lage: Planlage) -> recht.Anlass:
    """Why obligations would be demanded now: an agreed plan (or a Bescheid)
    whose agreements are not kept, else no plan came about."""
    if lage.plan.status in (PlanStatus.VEREINBART, PlanStatus.FESTGESETZT):
        return recht.Anlass.NICHTEINHALTUNG
    return recht.Anlass.NICHTEINIGUNG


def _nach_recht(art: Aktart, lage: Planlage, **kwargs) -> str | None:
    """None when the Rechtsstand the act follows on ``lage.am`` provides it."""
    pruefung = recht.akt_moeglich(art, lage.am, **kwargs)
    return None if pruefung else pruefung.begruendung


def schlichtung_vorgesehen(lage: Planlage) -> str | None:
    return _nach_recht(Aktart.SCHLICHTUNG_BEGINN, lage)


def aufforderung_vorgesehen(lage: Planlage) -> str | None:
    return _nach_recht(Aktart.AUFFORDERUNG, lage, anlass=anlass(lage))


def verwaltungsakt_vorgesehen(lage: Planlage) -> str | None:
    return _nach_recht(Aktart.VERWALTUNGSAKT, lage, anlass=anlass(lage))


# Refused with the reason next to the day the user entered: that day decides.
schlichtung_vorgesehen.feld = "begonnen_am"
aufforderung_vorgesehen.feld = "erlassen_am"
verwaltungsakt_vorgesehen.feld = "erlassen_am"


def vereinbarte_ohne_entwurf(lage: Planlage) -> str | None:
    if lage.entwurf is not None:
        return "Es gibt schon einen Entwurf: bitte bearbeiten Sie ihn."
    if lage.vereinbarte is None:
        return "Es gibt keine vereinbarte Version, die fortgeschrieben werden kann."
    return None


def keine_laufende_schlichtung(lage: Planlage) -> str | None:
    if lage.laufende_schlichtung is None:
        return None
    return "Erst endet die laufende Schlichtung: während der Schlichtung wird nichts angeordnet."


def schlichtung_laeuft(lage: Planlage) -> str | None:
    return None if lage.laufende_schlichtung else "Für diesen Plan läuft keine Schlichtung."


def abstimmung_vorgesehen(lage: Planlage) -> str | None:
    if lage.jobcenter.abstimmung_entfaellt:
        return "In diesem Jobcenter entfällt die Abstimmung mit dem Träger."
    if not lage.jobcenter.kommunale_traeger.exists():
        return "Für dieses Jobcenter ist kein kommunaler Träger erfasst."
    return None


def vor_dem_gespraech(lage: Planlage) -> str | None:
    if lage.jobcenter.abstimmungszeitpunkt == Abstimmungszeitpunkt.VOR_GESPRAECH:
        return None
    return (
        "Dieses Jobcenter stimmt sich nach dem Gespräch mit der Person ab: die Anfrage an den "
        "Träger geht mit der Vereinbarung hinaus."
    )


def nach_dem_gespraech(lage: Planlage) -> str | None:
    if lage.jobcenter.abstimmungszeitpunkt == Abstimmungszeitpunkt.NACH_GESPRAECH:
        return None
    return (
        "Nur ein Entwurf kann zur Abstimmung gehen: dieses Jobcenter stimmt sich vor dem "
        "Gespräch mit der Person ab."
    )


def _zustimmung_fehlt(lage: Planlage, version: PlanVersion | None) -> str | None:
    if version is None:
        return "Dieser Plan hat keine Version, die zur Abstimmung gehen kann."
    if lage.abstimmung_offen(version):
        return "Für diese Version läuft schon eine Abstimmung."
    if any(a.version_id == version.pk for a in lage.zu_bestaetigen):
        return (
            "Der kommunale Träger hat mit Änderungen zugestimmt: Bitte übernehmen Sie zuerst "
            "seine Änderungen."
        )
    if abgelehnt := abgelehnt_unveraendert(version):
        return (
            "Der kommunale Träger hat abgelehnt: "
            + ", ".join(f"„{e.text[:60]}“" for e in abgelehnt)
            + ". Bitte ändern oder entfernen Sie den Eintrag, bevor Sie erneut anfragen."
        )
    if not abstimmung_erforderlich(version):
        return "Dieser Plan braucht keine Abstimmung mit dem Träger."
    if abstimmung_fehlt(version) is None:
        return "Der kommunale Träger hat diesem Plan schon zugestimmt."
    return None


def entwurf_braucht_zustimmung(lage: Planlage) -> str | None:
    return _zustimmung_fehlt(lage, lage.entwurf)


def vereinbarte_braucht_zustimmung(lage: Planlage) -> str | None:
    return _zustimmung_fehlt(lage, lage.vereinbarte)


def zustimmung_liegt_vor(lage: Planlage) -> str | None:
    """Where the Jobcenter coordinates before the conversation, the person
    agrees to what the Träger agreed to."""
    if vor_dem_gespraech(lage) or lage.entwurf is None:
        return None
    return abstimmung_fehlt(lage.entwurf)


# Refused with the reason next to this field (the API's field error), and
# shown on the plan page as the reason the step is not offered yet.
zustimmung_liegt_vor.feld = "abstimmung"
zustimmung_liegt_vor.zeigen = True


def am_tag_von_kein_plan(lage: Planlage) -> str | None:
    plan = lage.plan
    if plan.kein_plan_am is None or plan.kein_plan_am != lage.am:
        return "„Kein Plan“ lässt sich nur am Tag zurücknehmen, an dem es festgehalten wurde."
    if (
        plan.kein_plan_vorher == S.NICHTEINIGUNG
        and plan.schlichtungen.filter(
            beendet_am=plan.kein_plan_am, ergebnis="keine_einigung"
        ).exists()
    ):
        return (
            "„Kein Plan“ hat die Schlichtung beendet; eine beendete Schlichtung lässt sich "
            "nicht wieder öffnen."
        )
    return None


def aenderung_zu_bestaetigen(lage: Planlage) -> str | None:
    return None if lage.zu_bestaetigen else "Hier gibt es keine Änderung zu bestätigen."


def anfrage_offen(lage: Planlage) -> str | None:
    return None if lage.offene_abstimmungen else "Diese Abstimmung ist schon entschieden."


# --- The table -----------------------------------------------------------------

IFK = frozenset({Rolle.IFK})
ALLE_STAENDE = frozenset(S.values)


@dataclass(frozen=True)
class Uebergang:
    name: str
    titel: str
    von: frozenset[str]
    nach: frozenset[str]
    rollen: frozenset[Rolle]
    bedingungen: tuple[Bedingung, ...] = ()
    # May the plan stay in its state (a step that changes a version or a
    # request, or that ends in the same state on one of its outcomes)?
    bleibt: bool = False
    # What the step changes, as far as the version it concerns: "entwurf",
    # "vereinbarte", the plan's current version ("plan") or a request to the
    # Träger ("abstimmung"); the API reports each step on that version.
    gegenstand: str = "plan"
    # The reason given when the plan is in none of the ``von`` states.
    falscher_stand: str = "„{titel}“ ist im Stand „{stand}“ nicht möglich."

    def objekte(self, lage: Planlage) -> list:
        """What the access policy is asked about for this step."""
        if self.gegenstand == "abstimmung":
            return lage.offene_abstimmungen
        return [lage.plan]


UEBERGAENGE: dict[str, Uebergang] = {
    u.name: u
    for u in (
        Uebergang(
            "bearbeiten",
            "Entwurf bearbeiten",
            von=frozenset({S.ENTWURF, S.NICHTEINIGUNG, S.FESTGESETZT}),
            nach=frozenset(),
            rollen=IFK,
            bedingungen=(entwurf_vorhanden,),
            bleibt=True,
            gegenstand="entwurf",
            falscher_stand=(
                "Der Plan ist im Stand „{stand}“ und kann gerade nicht bearbeitet werden."
            ),
        ),
        Uebergang(
            "abstimmung_anfragen",
            "Mit dem kommunalen Träger abstimmen",
            von=frozenset({S.ENTWURF}),
            nach=frozenset({S.ABSTIMMUNG}),
            rollen=IFK,
            bedingungen=(
                entwurf_vorhanden,
                abstimmung_vorgesehen,
                vor_dem_gespraech,
                entwurf_braucht_zustimmung,
            ),
            # Everything inside a contingent: approved at once, no request.
            bleibt=True,
            gegenstand="entwurf",
            falscher_stand="Der Plan ist gerade nicht im Entwurf.",
        ),
        Uebergang(
            "abstimmung_nachholen",
            "Abstimmung mit dem kommunalen Träger nachholen",
            von=frozenset({S.VEREINBART, S.UEBERPRUEFUNG}),
            nach=frozenset(),
            rollen=IFK,
            bedingungen=(abstimmung_vorgesehen, nach_dem_gespraech, vereinbarte_braucht_zustimmung),
            bleibt=True,
            gegenstand="vereinbarte",
            falscher_stand="Nur ein Entwurf kann zur Abstimmung gehen.",
        ),
        Uebergang(
            "vereinbaren",
            "Mit der Person vereinbaren",
            # During a Schlichtung the draft is worked on; agreeing ends it.
            # After a Bescheid the case returns to cooperation: agreeing ends
            # the Bescheid's obligations.
            von=frozenset({S.ENTWURF, S.NICHTEINIGUNG, S.FESTGESETZT}),
            nach=frozenset({S.VEREINBART}),
            rollen=IFK,
            bedingungen=(entwurf_vorhanden, zustimmung_liegt_vor),
            gegenstand="entwurf",
            falscher_stand="Vereinbart wird ein Entwurf; der Plan ist im Stand „{stand}“.",
        ),
        Uebergang(
            "ueberpruefung",
            "Überprüfung beginnen",
            von=frozenset({S.VEREINBART}),
            nach=frozenset({S.UEBERPRUEFUNG}),
            rollen=IFK,
            falscher_stand="Eine Überprüfung beginnt nur bei einem vereinbarten Plan.",
        ),
        Uebergang(
            "ueberpruefung_festhalten",
            "Überprüfung festhalten",
            # Recorded after the conversation, begun beforehand or not: it
            # ends the review, as a Fortschreibung or with the plan confirmed.
            von=frozenset({S.VEREINBART, S.UEBERPRUEFUNG}),
            nach=frozenset({S.ENTWURF, S.VEREINBART}),
            rollen=IFK,
            bedingungen=(vereinbarte_ohne_entwurf,),
            bleibt=True,
            falscher_stand="Festgehalten wird die Überprüfung eines vereinbarten Plans.",
        ),
        Uebergang(
            "fortschreiben",
            "Fortschreiben (neue Version)",
            von=frozenset({S.VEREINBART, S.UEBERPRUEFUNG, S.FESTGESETZT}),
            nach=frozenset({S.ENTWURF}),
            rollen=IFK,
            bedingungen=(vereinbarte_ohne_entwurf,),
            falscher_stand="Fortschreiben lässt sich nur ein vereinbarter Plan.",
        ),
        Uebergang(
            "schlichtung",
            "Keine Einigung: Schlichtung beginnen",
            von=frozenset({S.ENTWURF, S.UEBERPRUEFUNG}),
            nach=frozenset({S.NICHTEINIGUNG}),
            rollen=IFK,
            bedingungen=(schlichtung_vorgesehen,),
            falscher_stand=(
                "Eine Schlichtung beginnt, wenn ein Plan nicht zustande kommt oder nicht "
                "fortgeschrieben werden kann."
            ),
        ),
        Uebergang(
            "aufforderung",
            "Aufforderung mit Rechtsfolgenbelehrung (§ 15 Abs. 5 und 6 SGB II)",
            von=frozenset({S.ENTWURF, S.VEREINBART, S.UEBERPRUEFUNG, S.NICHTEINIGUNG}),
            nach=frozenset(),
            rollen=IFK,
            bedingungen=(keine_laufende_schlichtung, aufforderung_vorgesehen),
            # A demand besides the plan: the plan stays where it is.
            bleibt=True,
            falscher_stand="Eine Aufforderung ist im Stand „{stand}“ nicht möglich.",
        ),
        Uebergang(
            "pflichten_festsetzen",
            "Keine Einigung: Pflichten per Verwaltungsakt festsetzen",
            # Also when the agreements of an agreed plan, or of an earlier
            # Bescheid, are not kept.
            von=frozenset(
                {S.ENTWURF, S.VEREINBART, S.UEBERPRUEFUNG, S.NICHTEINIGUNG, S.FESTGESETZT}
            ),
            nach=frozenset({S.FESTGESETZT}),
            rollen=IFK,
            bedingungen=(keine_laufende_schlichtung, verwaltungsakt_vorgesehen),
            falscher_stand="Pflichten werden festgesetzt, wenn ein Plan nicht zustande kommt.",
        ),
        Uebergang(
            "schlichtung_beenden",
            "Schlichtung beenden",
            von=frozenset({S.NICHTEINIGUNG}),
            nach=frozenset({S.ENTWURF}),
            rollen=IFK,
            bedingungen=(schlichtung_laeuft,),
            # Without an agreement the plan stays without one.
            bleibt=True,
            falscher_stand="Für diesen Plan läuft keine Schlichtung.",
        ),
        Uebergang(
            "kein_plan",
            "Kein Plan: Grund festhalten",
            von=frozenset({S.ENTWURF, S.ABSTIMMUNG, S.NICHTEINIGUNG}),
            nach=frozenset({S.KEIN_PLAN}),
            rollen=IFK,
            falscher_stand=(
                "„Kein Plan“ lässt sich nicht mehr festhalten: der Plan ist im Stand „{stand}“."
            ),
        ),
        Uebergang(
            "kein_plan_zuruecknehmen",
            "„Kein Plan“ zurücknehmen",
            von=frozenset({S.KEIN_PLAN}),
            # Back to the state the plan had.
            nach=frozenset({S.ENTWURF, S.ABSTIMMUNG, S.NICHTEINIGUNG}),
            rollen=IFK,
            bedingungen=(am_tag_von_kein_plan,),
            falscher_stand="Zurücknehmen lässt sich nur „Kein Plan“.",
        ),
        Uebergang(
            "aenderung_bestaetigen",
            "Änderungen des Trägers übernehmen",
            von=ALLE_STAENDE,
            # Changes to an agreed version go into a new draft (Fortschreibung).
            nach=frozenset({S.ENTWURF}),
            rollen=IFK,
            bedingungen=(aenderung_zu_bestaetigen,),
            bleibt=True,
        ),
        Uebergang(
            "entscheiden",
            "Über die Anfrage entscheiden",
            von=ALLE_STAENDE,
            # A request for the draft brings the plan back to drafting; a
            # rejection after the person agreed, too (as a new version).
            nach=frozenset({S.ENTWURF}),
            rollen=frozenset({Rolle.TRAEGER}),
            bedingungen=(anfrage_offen,),
            bleibt=True,
            gegenstand="abstimmung",
        ),
    )
}


# --- Asking the table ------------------------------------------------------------


@dataclass
class Pruefung:
    """One step for one user on one plan: may they take it, and if not, why."""

    uebergang: Uebergang
    lage: Planlage
    zugriff: bool
    grund: str | None = None
    feld: str | None = None
    # The reason is worth showing next to the open steps (the step comes
    # into reach by something the user can do or wait for).
    zeigen: bool = False
    objekte: list = field(default_factory=list)

    @property
    def offen(self) -> bool:
        return self.zugriff and self.grund is None


def pruefung(name: str, user, lage: Planlage, objekt=None) -> Pruefung:
    """May ``user`` take the step ``name`` on this plan now, and if not, why?
    ``objekt``: what the access policy is asked about, if not the step's own."""
    return _pruefung(UEBERGAENGE[name], user, lage, objekt)


def _pruefung(uebergang: Uebergang, user, lage: Planlage, objekt=None) -> Pruefung:
    if access.rolle_von(user) not in uebergang.rollen:
        return Pruefung(uebergang, lage, zugriff=False)
    objekte = [objekt] if objekt is not None else uebergang.objekte(lage)
    erlaubt = [o for o in objekte if access.darf_bearbeiten(user, o)]
    if not erlaubt:
        return Pruefung(uebergang, lage, zugriff=False)
    if lage.plan.status not in uebergang.von:
        grund = uebergang.falscher_stand.format(
            titel=uebergang.titel, stand=lage.plan.get_status_display()
        )
        return Pruefung(uebergang, lage, zugriff=True, grund=grund, objekte=erlaubt)
    for bedingung in uebergang.bedingungen:
        if grund := bedingung(lage):
            return Pruefung(
                uebergang,
                lage,
                zugriff=True,
                grund=grund,
                feld=getattr(bedingung, "feld", None),
                zeigen=getattr(bedingung, "zeigen", False),
                objekte=erlaubt,
            )
    return Pruefung(uebergang, lage, zugriff=True, objekte=erlaubt)


def pruefen(name: str, user, lage: Planlage, objekt=None) -> Uebergang:
    """Refuse the step ``name`` unless the table allows it to ``user`` now:
    ``KeinZugriff`` for a role or person that may not take it, ``Fachfehler``
    with the reason for a state or guard that does not allow it."""
    ergebnis = pruefung(name, user, lage, objekt)
    if not ergebnis.zugriff:
        raise KeinZugriff()
    if ergebnis.grund:
        raise Fachfehler({ergebnis.feld: ergebnis.grund} if ergebnis.feld else ergebnis.grund)
    return ergebnis.uebergang


def alle(user, lage: Planlage) -> list[Pruefung]:
    """Every step of the table for ``user`` on this plan, in the table's order."""
    return [_pruefung(u, user, lage) for u in UEBERGAENGE.values()]


def offene(user, lage: Planlage) -> list[Pruefung]:
    """The steps ``user`` may take on this plan now, in the table's order."""
    return [p for p in alle(user, lage) if p.offen]


def offene_je_version(user, lage: Planlage) -> dict[int, list[Pruefung]]:
    """The open steps by the version they concern (for the API)."""
    je_version: dict[int, list[Pruefung]] = {v.pk: [] for v in lage.versionen}
    ziel = {"entwurf": lage.entwurf, "vereinbarte": lage.vereinbarte, "plan": lage.aktuelle}
    for pruefung in offene(user, lage):
        version = ziel.get(pruefung.uebergang.gegenstand)
        if version is not None:
            je_version[version.pk].append(pruefung)
    return je_version


def stand_setzen(lage: Planlage, uebergang: Uebergang, stand: str) -> None:
    """Move the plan to ``stand`` as ``uebergang`` allows, and the person's
    phase with it."""
    if stand not in uebergang.nach and not (uebergang.bleibt and stand == lage.plan.status):
        raise ValueError(f"{uebergang.name} führt nicht in den Stand {stand}")
    if lage.plan.status != stand:
        lage.plan.status = stand
        speichern(lage.plan)
    leistungsberechtigter_phase_setzen(lage.plan.leistungsberechtigter, PHASE[stand])
