"""Reads of plans and Abstimmungen, scoped by the access policy."""

from __future__ import annotations

import datetime

from django.db.models import (
    Prefetch,
    QuerySet,
)
from django.utils import timezone

from cases.models import Handlungsbedarf
from kooperation import access
from kooperation.audit import listenzugriff
from kooperation.errors import KeinZugriff

from .models import (
    AbstimmungStatus,
    Anhoerung,
    Einladung,
    Feststellung,
    Kooperationsplan,
    Leistungsmitteilung,
    Pflichtenfestsetzung,
    PlanEintrag,
    Planteil,
    PlanVersion,
    TraegerAbstimmung,
)


def abstimmungen_offen_fuer(*, user) -> QuerySet[TraegerAbstimmung]:
    """The kommunaler Träger's inbox: open requests addressed to it, by deadline,
    with the § 16a items only (the minimum it needs to decide)."""
    return mit_eintraegen_16a(
        access.sichtbar(user, TraegerAbstimmung.objects.filter(status=AbstimmungStatus.OFFEN))
    ).order_by("frist", "pk")


def abstimmungen_entschieden_fuer(*, user) -> QuerySet[TraegerAbstimmung]:
    """The Träger's record of what it decided, newest decision first."""
    return mit_eintraegen_16a(
        access.sichtbar(
            user, TraegerAbstimmung.objects.exclude(status=AbstimmungStatus.OFFEN)
        ).filter(entschieden_am__isnull=False)
    ).order_by("-entschieden_am", "-pk")


def mit_eintraegen_16a(abstimmungen: QuerySet[TraegerAbstimmung]) -> QuerySet[TraegerAbstimmung]:
    """Load what the Träger sees of each request: the person (for pseudonym,
    age group and household) and the version's § 16a items as ``eintraege_16a``."""
    return abstimmungen.select_related(
        "version__plan__leistungsberechtigter", "traeger"
    ).prefetch_related(
        Prefetch(
            "version__eintraege",
            queryset=PlanEintrag.objects.exclude(leistung_16a="").select_related("angebot"),
            to_attr="eintraege_16a",
        )
    )


def plan_fuer(*, user, pk: int) -> Kooperationsplan:
    """One plan the user may see; DoesNotExist (404) otherwise."""
    return (
        access.sichtbar(user, Kooperationsplan.objects.all())
        .select_related("leistungsberechtigter__jobcenter", "rechtsstand", "potenzialanalyse")
        .get(pk=pk)
    )


def version_fuer(*, user, pk: int) -> PlanVersion:
    return (
        access.sichtbar(user, PlanVersion.objects.all())
        .select_related("plan__leistungsberechtigter__jobcenter", "plan__rechtsstand")
        .get(pk=pk)
    )


def bescheid_fuer(*, user, pk: int) -> Pflichtenfestsetzung:
    """One Bescheid or Aufforderung the user may see; DoesNotExist (404) otherwise."""
    return (
        access.sichtbar(user, Pflichtenfestsetzung.objects.all())
        .select_related("plan__leistungsberechtigter__jobcenter")
        .get(pk=pk)
    )


def eintraege_nach_teil(version: PlanVersion) -> dict[str, list[PlanEintrag]]:
    teile: dict[str, list[PlanEintrag]] = {t: [] for t in Planteil.values}
    for e in version.eintraege.select_related("handlungsbedarf", "angebot").order_by(
        "teil", "reihenfolge", "pk"
    ):
        teile[e.teil].append(e)
    return teile


def offene_handlungsbedarfe(version: PlanVersion) -> list[Handlungsbedarf]:
    """Findings of the person's latest completed Potenzialanalyse that no item
    of this version answers yet (items without a finding are fine, Rz. 19)."""
    plan = version.plan
    pa = plan.potenzialanalyse or (
        plan.leistungsberechtigter.potenzialanalysen.filter(status="abgeschlossen")
        .order_by("-abgeschlossen_am")
        .first()
    )
    if pa is None:
        return []
    beantwortet = version.eintraege.exclude(handlungsbedarf=None).values("handlungsbedarf_id")
    return list(pa.handlungsbedarfe.exclude(pk__in=beantwortet))


def handlungsbedarfe_der_person(version: PlanVersion):
    return Handlungsbedarf.objects.filter(
        potenzialanalyse__leistungsberechtigter_id=version.plan.leistungsberechtigter_id,
        potenzialanalyse__status="abgeschlossen",
    ).order_by("bereich")


def abstimmung_fuer(*, user, pk: int) -> TraegerAbstimmung:
    """One request the user may see: for the Träger, one addressed to it; for
    the Jobcenter's staff, one of a case they may see."""
    return (
        access.sichtbar(user, TraegerAbstimmung.objects.all())
        .select_related("version__plan__leistungsberechtigter", "traeger")
        .get(pk=pk)
    )


# --- Appointments ---------------------------------------------------------------
# The lists are audited here (one entry naming the people shown); a single
# invitation or hearing is audited by the page that shows it.


def wochenbeginn(tag: datetime.date) -> datetime.date:
    """The Monday of the week of ``tag``."""
    return tag - datetime.timedelta(days=tag.weekday())


def _woche(montag: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From Monday 0:00 to the next Monday 0:00 in the Jobcenter's time zone
    (aware, so a week with a change of daylight saving time has its 167 or
    169 hours)."""
    montag = wochenbeginn(montag)
    von = timezone.make_aware(datetime.datetime.combine(montag, datetime.time.min))
    bis = timezone.make_aware(
        datetime.datetime.combine(montag + datetime.timedelta(days=7), datetime.time.min)
    )
    return von, bis


# What a calendar shows of each appointment: a week holds up to a few dozen,
# and whole rows of the person and the IFK would cost more to load than the
# page to render.
KALENDERSPALTEN = (
    "beginn",
    "dauer_minuten",
    "form",
    "ort",
    "ergebnis",
    "mit_rechtsfolgenbelehrung",
    "version",
    "leistungsberechtigter__vorname",
    "leistungsberechtigter__nachname",
    "leistungsberechtigter__jobcenter_id",
    "leistungsberechtigter__team_id",
    "leistungsberechtigter__zustaendig_id",
    "ifk__username",
    "ifk__first_name",
    "ifk__last_name",
    "ifk__jobcenter_id",
    "ifk__team_id",
    "anhoerung__feststellung",
    "anhoerung__antwort_bis",
)


def _termine(user) -> QuerySet[Einladung]:
    return (
        access.sichtbar(user, Einladung.objects.all())
        .select_related("leistungsberechtigter", "ifk", "anhoerung")
        .only(*KALENDERSPALTEN)
    )


def termine_der_woche(acting_user, montag: datetime.date) -> list[Einladung]:
    """The user's own appointments in the week of ``montag``, by time; the
    read is audited as one list."""
    von, bis = _woche(montag)
    termine = list(
        _termine(acting_user)
        .filter(ifk=acting_user, beginn__gte=von, beginn__lt=bis)
        .order_by("beginn", "pk")
    )
    listenzugriff(acting_user, termine, "Wochenkalender: eigene Termine")
    return termine


def team_termine(acting_user, montag: datetime.date) -> list[Einladung]:
    """The appointments the IFKs of the Teamleitung's team hold in the week
    of ``montag`` (read only); refused for anyone who leads no team."""
    if not access.darf_team_leiten(acting_user) or not acting_user.team_id:
        raise KeinZugriff()
    von, bis = _woche(montag)
    termine = list(
        _termine(acting_user)
        .filter(ifk__team_id=acting_user.team_id, beginn__gte=von, beginn__lt=bis)
        .order_by("beginn", "ifk_id", "pk")
    )
    listenzugriff(acting_user, termine, "Termine des Teams")
    return termine


def offene_anhoerungen(acting_user) -> list[Anhoerung]:
    """Hearings not yet decided: for the Teamleitung her team's, for anyone
    else those she decides (her own cases and those she covers today); the
    earliest deadline first."""
    offen = access.sichtbar(acting_user, Anhoerung.objects.filter(feststellung=Feststellung.OFFEN))
    if not access.darf_team_leiten(acting_user):
        pfad = "einladung__leistungsberechtigter"
        offen = offen.filter(
            access.eigene_faelle_q(acting_user, pfad)
            | access.vertretung_faelle_q(acting_user, pfad)
        )
    anhoerungen = list(
        offen.select_related("einladung__leistungsberechtigter", "einladung__ifk").order_by(
            "antwort_bis", "pk"
        )
    )
    listenzugriff(acting_user, anhoerungen, "Offene Anhörungen")
    return anhoerungen


def einladungen_der_person(acting_user, person) -> list[Einladung]:
    """Every invitation of one person with its hearing and notice, newest
    first; DoesNotExist (404) when the person is not visible to the user."""
    if not access.darf_sehen(acting_user, person):
        raise Einladung.DoesNotExist
    einladungen = list(
        access.sichtbar(acting_user, Einladung.objects.filter(leistungsberechtigter=person))
        .select_related("ifk", "plan", "verlegt_auf", "anhoerung__mitteilung")
        .order_by("-beginn", "-pk")
    )
    listenzugriff(acting_user, einladungen, "Termine der Person")
    return einladungen


def einladung_fuer(*, user, pk: int) -> Einladung:
    """One invitation the user may see; DoesNotExist (404) otherwise."""
    return (
        access.sichtbar(user, Einladung.objects.all())
        .select_related(
            "leistungsberechtigter__jobcenter", "ifk", "plan", "verlegt_auf", "anhoerung"
        )
        .get(pk=pk)
    )


def anhoerung_fuer(*, user, pk: int) -> Anhoerung:
    """One hearing the user may see; DoesNotExist (404) otherwise."""
    return (
        access.sichtbar(user, Anhoerung.objects.all())
        .select_related(
            "einladung__leistungsberechtigter__jobcenter",
            "einladung__ifk",
            "pflichtverletzung",
            "mitteilung__nachricht",
        )
        .get(pk=pk)
    )


def mitteilung_fuer(*, user, pk: int) -> Leistungsmitteilung:
    """One notice to the benefits team the user may see; DoesNotExist (404) otherwise."""
    return (
        access.sichtbar(user, Leistungsmitteilung.objects.all())
        .select_related("leistungsberechtigter__jobcenter", "anhoerung__einladung", "nachricht")
        .get(pk=pk)
    )
