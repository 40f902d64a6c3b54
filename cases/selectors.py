"""Reads of cases, already scoped by the access policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from kooperation import access
from kooperation.errors import KeinZugriff
from kooperation.katalog import Bedarfsbereich
from kooperation.kleinzahlen import ERKLAERUNG, Gesperrt, als_daten, sperren
from kooperation.models import Team, User, Vertretung, Wiedervorlage
from kooperation.selectors import team_ifks
from partners.kapazitaet import freie_plaetze_am
from partners.models import Angebot

from .models import (
    Datenweitergabe,
    Einwilligung,
    Handlungsbedarf,
    Leistungsberechtigter,
    Potenzialanalyse,
    PotenzialanalyseStatus,
    Vermerk,
)
from .suchname import HOECHSTENS_WOERTER, falten, suchbedingung


def leistungsberechtigte_fuer(
    *,
    user,
    suche: str = "",
    phase: str = "",
    nur_eigene: bool = False,
    nur_team: bool = False,
    nur_vertretung: bool = False,
    ueberfaellig_am=None,
    frist_bis=None,
) -> QuerySet[Leistungsberechtigter]:
    """The caseload: people the user may see, by next deadline (none last).

    Only the columns the list shows are loaded; one query per page."""
    # "Meine Fälle" and "Fälle im Team" ask the policy for exactly that part of
    # the user's scope: one plain condition lets the database read the page in
    # (IFK | team, next deadline) index order instead of sorting the scope.
    if nur_eigene:
        bereich = access.eigene_faelle_q(user)
    elif nur_vertretung:
        bereich = access.vertretung_faelle_q(user)
    elif nur_team:
        bereich = access.team_faelle_q(user)
    else:
        bereich = access.sichtbar_q(user, Leistungsberechtigter)
    qs = Leistungsberechtigter.objects.filter(bereich).select_related("team", "zustaendig")
    if phase:
        qs = qs.filter(phase=phase)
    if ueberfaellig_am is not None:
        qs = qs.filter(naechste_frist__lt=ueberfaellig_am)
    if frist_bis is not None:
        qs = qs.filter(naechste_frist__lte=frist_bis)
    bedingung = suchbedingung(suche.strip())
    if bedingung is not None:
        qs = qs.filter(bedingung)
    return qs.order_by(F("naechste_frist").asc(nulls_last=True), "nachname", "vorname", "pk").only(
        "pk",
        "vorname",
        "nachname",
        "kundennummer",
        "phase",
        "naechste_frist",
        "geburtsdatum",
        "team__name",
        "zustaendig__first_name",
        "zustaendig__last_name",
        "zustaendig__username",
    )


def leistungsberechtigter_fuer(*, user, pk: int) -> Leistungsberechtigter:
    """One person, if the user may see them; DoesNotExist otherwise (a 404
    that does not tell whether the person exists)."""
    return (
        access.sichtbar(user, Leistungsberechtigter.objects.all())
        .select_related("team", "zustaendig", "jobcenter")
        .get(pk=pk)
    )


def wiedervorlage_fuer(*, user, pk: int) -> Wiedervorlage:
    """One Wiedervorlage, if the user may see it; DoesNotExist otherwise."""
    return access.sichtbar(user, Wiedervorlage.objects.all()).get(pk=pk)


def potenzialanalyse_fuer(*, user, pk: int) -> Potenzialanalyse:
    """One Potenzialanalyse, if the user may see its person; DoesNotExist otherwise."""
    return (
        access.sichtbar(user, Potenzialanalyse.objects.all())
        .select_related("leistungsberechtigter__jobcenter")
        .get(pk=pk)
    )


# --- Bedarfsanalyse (seed 004, phase I) ---------------------------------------


@dataclass
class AngebotZelle:
    angebot: Angebot
    anbieter: str
    partner_id: int | None
    plaetze: int
    frei: int

    @property
    def voll(self) -> bool:
        return self.frei <= 0


@dataclass
class Bedarfszeile:
    """One need. The counts shown (``personen``, ``je_team``, ``je_region``)
    are suppressed where small (``kooperation.kleinzahlen``); ``anzahl``
    is the true count, used only to judge coverage and never shown."""

    bereich: str
    bezeichnung: str
    anzahl: int
    personen: int | Gesperrt
    je_team: list[int | Gesperrt]
    je_region: list[int | Gesperrt]
    angebote: list[AngebotZelle]

    @property
    def frei(self) -> int:
        return sum(z.frei for z in self.angebote)

    @property
    def ungedeckt(self) -> bool:
        """Needed by someone, but no active Angebot covers it."""
        return self.anzahl > 0 and not self.angebote

    @property
    def knapp(self) -> bool:
        """Covered, but fewer free places than people with the need."""
        return bool(self.angebote) and self.anzahl > self.frei

    @property
    def status(self) -> str:
        if self.anzahl == 0:
            return "kein Bedarf"
        if self.ungedeckt:
            return "nicht abgedeckt"
        return "zu wenig freie Plätze" if self.knapp else "abgedeckt"


@dataclass
class Bedarfsmatrix:
    stichtag: datetime.date
    teams: list[str]
    regionen: list[str]
    zeilen: list[Bedarfszeile]
    volle_anbieter: list[str] = field(default_factory=list)

    @property
    def ungedeckte(self) -> list[Bedarfszeile]:
        return [z for z in self.zeilen if z.ungedeckt]


def bedarfsanalyse(*, user, stichtag: datetime.date) -> Bedarfsmatrix:
    """The matrix of the partner guide's phase I (seed 004, Tabelle 1): for
    each Handlungsbedarf, how many people have it (by team and region, from
    each person's latest completed Potenzialanalyse), which active Angebote
    cover it and how many places they have free in the current period.

    Aggregates of the user's whole Jobcenter, no names: counts only."""
    if not access.darf_bedarfsanalyse_sehen(user):
        raise KeinZugriff("Die Bedarfsanalyse ist für Ihre Rolle nicht freigegeben.")
    teams = list(Team.objects.filter(jobcenter_id=user.jobcenter_id).order_by("name"))
    regionen = sorted({t.region for t in teams if t.region})
    # A finding counts if no later completed analysis of the same person
    # exists: an anti-join (NOT EXISTS), one pass over the Jobcenter's rows.
    pa = "potenzialanalyse__"
    neuere = Potenzialanalyse.objects.filter(
        leistungsberechtigter_id=OuterRef(pa + "leistungsberechtigter_id"),
        status=PotenzialanalyseStatus.ABGESCHLOSSEN,
    ).filter(
        Q(abgeschlossen_am__gt=OuterRef(pa + "abgeschlossen_am"))
        | Q(abgeschlossen_am=OuterRef(pa + "abgeschlossen_am"), pk__gt=OuterRef(pa + "id"))
    )
    zaehlung = (
        Handlungsbedarf.objects.filter(
            potenzialanalyse__leistungsberechtigter__jobcenter_id=user.jobcenter_id,
            potenzialanalyse__status=PotenzialanalyseStatus.ABGESCHLOSSEN,
        )
        .filter(~Exists(neuere))
        .values("bereich", "potenzialanalyse__leistungsberechtigter__team_id")
        .annotate(n=Count("pk"))
    )
    je_bereich_team: dict[tuple[str, int], int] = {
        (z["bereich"], z["potenzialanalyse__leistungsberechtigter__team_id"]): z["n"]
        for z in zaehlung
    }
    angebote = list(
        access.sichtbar(user, Angebot.objects.filter(aktiv=True))
        .select_related("partner", "traeger")
        .order_by("titel")
    )
    frei = freie_plaetze_am(angebote, stichtag)
    zellen = {
        a.pk: AngebotZelle(
            angebot=a,
            anbieter=str(a.partner or a.traeger),
            partner_id=a.partner_id,
            plaetze=a.plaetze,
            frei=frei[a.pk],
        )
        for a in angebote
    }
    zeilen = []
    for bereich in Bedarfsbereich:
        je_team = [je_bereich_team.get((bereich.value, t.pk), 0) for t in teams]
        je_region = [
            sum(n for t, n in zip(teams, je_team, strict=True) if t.region == r) for r in regionen
        ]
        zeilen.append(
            Bedarfszeile(
                bereich=bereich.value,
                bezeichnung=str(bereich.label),
                anzahl=sum(je_team),
                **_gesperrt(teams, regionen, je_team, je_region),
                angebote=[zellen[a.pk] for a in angebote if bereich.value in a.bereiche],
            )
        )
    anbieter: dict[str, list[AngebotZelle]] = {}
    for z in zellen.values():
        anbieter.setdefault(z.anbieter, []).append(z)
    volle = sorted(name for name, zs in anbieter.items() if all(z.voll for z in zs))
    return Bedarfsmatrix(
        stichtag=stichtag,
        teams=[t.name for t in teams],
        regionen=regionen,
        zeilen=zeilen,
        volle_anbieter=volle,
    )


def _gesperrt(teams, regionen, je_team: list[int], je_region: list[int]) -> dict:
    """One row's counts with small ones suppressed: the total is the sum of
    the teams, each region the sum of its teams."""
    werte = {("gesamt",): sum(je_team)}
    werte |= {("team", i): n for i, n in enumerate(je_team)}
    werte |= {("region", r): n for r, n in zip(regionen, je_region, strict=True)}
    summen = [(("gesamt",), [("team", i) for i in range(len(teams))])]
    summen += [
        (("region", r), [("team", i) for i, t in enumerate(teams) if t.region == r])
        for r in regionen
    ]
    gezeigt = sperren(werte, summen)
    return {
        "personen": gezeigt[("gesamt",)],
        "je_team": [gezeigt[("team", i)] for i in range(len(teams))],
        "je_region": [gezeigt[("region", r)] for r in regionen],
    }


def einwilligungen_fuer(*, user, leistungsberechtigter) -> QuerySet[Einwilligung]:
    return (
        access.sichtbar(
            user, Einwilligung.objects.filter(leistungsberechtigter=leistungsberechtigter)
        )
        .select_related("partner")
        .order_by("-erteilt_am")
    )


def datenweitergaben_fuer(*, user, leistungsberechtigter) -> QuerySet[Datenweitergabe]:
    return access.sichtbar(
        user, Datenweitergabe.objects.filter(leistungsberechtigter=leistungsberechtigter)
    ).select_related("partner", "durch")


def bedarfsmatrix_als_daten(matrix: Bedarfsmatrix) -> dict:
    """The matrix as plain data: the JSON export and the API give the same."""
    return {
        "stichtag": matrix.stichtag.isoformat(),
        "kleine_zahlen": ERKLAERUNG,
        "teams": matrix.teams,
        "regionen": matrix.regionen,
        "volle_anbieter": matrix.volle_anbieter,
        "bedarfe": [
            {
                "bereich": z.bereich,
                "bezeichnung": z.bezeichnung,
                "personen": als_daten(z.personen),
                "je_team": {t: als_daten(n) for t, n in zip(matrix.teams, z.je_team, strict=True)},
                "je_region": {
                    r: als_daten(n) for r, n in zip(matrix.regionen, z.je_region, strict=True)
                },
                "freie_plaetze": z.frei,
                "status": z.status,
                "angebote": [
                    {
                        "id": a.angebot.pk,
                        "titel": a.angebot.titel,
                        "anbieter": a.anbieter,
                        "partner_id": a.partner_id,
                        "plaetze": a.plaetze,
                        "frei": a.frei,
                    }
                    for a in z.angebote
                ],
            }
            for z in matrix.zeilen
        ],
    }


def vermerke_suchen(vermerke, suche: str) -> list[Vermerk]:
    """The notes of one case containing every word of ``suche`` (umlauts and
    case folded: „mueller“ finds „Müller“). One case holds a few dozen
    notes, read already: they are filtered here, the same on every database."""
    woerter = falten(suche).split()[:HOECHSTENS_WOERTER]
    if not woerter:
        return list(vermerke)
    return [
        v
        for v in vermerke
        if all(w in f" {falten(v.text)} {falten(v.get_art_display())} " for w in woerter)
    ]


def vermerke_fuer(*, user, leistungsberechtigter) -> QuerySet[Vermerk]:
    """The person's notes the user may read (case workers only), newest first."""
    return (
        access.sichtbar(user, Vermerk.objects.filter(leistungsberechtigter=leistungsberechtigter))
        .select_related("verfasst_von", "berichtigt")
        .order_by("-am", "-pk")
    )


# --- The Teamleitung's view of the workload -----------------------------------


@dataclass
class Auslastung:
    """One IFK of the team (``ifk`` None: cases whose IFK is no longer an
    active IFK of the team) with her open cases, open Wiedervorlagen and the
    overdue ones among them, and her absence today."""

    ifk: User | None
    faelle: int = 0
    wiedervorlagen: int = 0
    ueberfaellig: int = 0
    abwesenheit: Vertretung | None = None


def auslastung_fuer(*, user, heute: datetime.date) -> list[Auslastung]:
    """The team's workload per IFK, in four queries whatever the team's size.
    Case counts per IFK are no special category of data and the lead sees
    the cases by name anyway: no small-number suppression here."""
    if not access.darf_team_leiten(user):
        raise KeinZugriff("Die Auslastung des Teams sieht die Teamleitung.")
    ifks = list(team_ifks(user=user))
    zeilen = {i.pk: Auslastung(ifk=i) for i in ifks}
    ohne = Auslastung(ifk=None)
    for z in (
        Leistungsberechtigter.objects.filter(
            access.team_faelle_q(user), fall_beendet_am__isnull=True
        )
        .values("zustaendig_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        zeilen.get(z["zustaendig_id"], ohne).faelle += z["n"]
    for z in (
        access.sichtbar(user, Wiedervorlage.objects.offen())
        .filter(team_id=user.team_id)
        .values("zustaendig_id")
        .annotate(n=Count("pk"), ueber=Count("pk", filter=Q(faellig_am__lt=heute)))
        .order_by()
    ):
        ziel = zeilen.get(z["zustaendig_id"], ohne)
        ziel.wiedervorlagen += z["n"]
        ziel.ueberfaellig += z["ueber"]
    for v in (
        Vertretung.objects.laufend_am(heute)
        .filter(jobcenter_id=user.jobcenter_id, abwesend_id__in=list(zeilen))
        .select_related("vertreter")
    ):
        zeilen[v.abwesend_id].abwesenheit = v
    ergebnis = list(zeilen.values())
    if ohne.faelle or ohne.wiedervorlagen:
        ergebnis.append(ohne)
    return ergebnis


def team_faelle_von(*, user, ifk_id: int | None) -> QuerySet[Leistungsberechtigter]:
    """The team's cases of one IFK (None: of nobody active in the team), for
    the lead to hand on; by name."""
    if not access.darf_team_leiten(user):
        raise KeinZugriff("Fälle weist die Teamleitung zu.")
    qs = Leistungsberechtigter.objects.filter(access.team_faelle_q(user))
    if ifk_id is None:
        qs = qs.exclude(zustaendig_id__in=team_ifks(user=user).values("pk"))
    else:
        qs = qs.filter(zustaendig_id=ifk_id)
    return qs.order_by("nachname", "vorname", "pk").only(
        "pk",
        "vorname",
        "nachname",
        "kundennummer",
        "phase",
        "naechste_frist",
        "fall_beendet_am",
        "zustaendig_id",
    )
