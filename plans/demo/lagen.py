"""A few of the demo IFK's cases dated relative to the day the demo is
loaded, so that each role's start page shows each kind of state on that day:
a draft due this week, one overdue, one overdue long enough to be escalated
to the Teamleitung, a review due this week, a Träger request waiting and a
Bescheid in force after no agreement came about. The
reminders and escalations themselves come from the deadline watch, which
``seed_demo`` runs once at its end (and ``make run`` again on start-up)."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta

from cases.models import Leistungsberechtigter
from cases.services import (
    leistungsberechtigter_anlegen,
    potenzialanalyse_abschliessen,
    potenzialanalyse_beginnen,
)
from kooperation.arbeitstage import jobcenter_arbeitstage_nach
from kooperation.katalog import Bedarfsbereich, Leistung16a
from partners.models import Angebot

from ..models import PlanEintrag, Planteil
from ..services.abstimmung import abstimmung_anfragen
from ..services.entwurf import kooperationsplan_anlegen
from ..services.nichteinigung import pflichten_festsetzen
from ..services.vereinbarung import planversion_vereinbaren
from .organisation import Demo

PRAEFIX = "L"


def _abschluss_fuer(jc, heute: datetime.date, von: int, bis: int) -> datetime.date:
    """The latest completion date of a Potenzialanalyse whose draft deadline
    (the Jobcenter's working days after it) falls ``von`` to ``bis`` calendar
    days from today (negative: in the past)."""
    tag = heute
    for _ in range(120):
        frist = jobcenter_arbeitstage_nach(jc, tag, jc.entwurf_frist_arbeitstage)
        if heute + datetime.timedelta(days=von) <= frist <= heute + datetime.timedelta(days=bis):
            return tag
        tag -= datetime.timedelta(days=1)
    raise ValueError("Kein passendes Abschlussdatum gefunden")


def _person(demo: Demo, jc, ifk, nummer: int) -> Leistungsberechtigter:
    return leistungsberechtigter_anlegen(
        acting_user=ifk,
        team=ifk.team,
        zustaendig=ifk,
        kundennummer=f"{jc.pk:03d}{PRAEFIX}{100000 + nummer}",
        vorname=demo.fake.first_name(),
        nachname=demo.fake.last_name(),
        geburtsdatum=demo.heute - relativedelta(years=30 + nummer, days=40),
        strasse=demo.fake.street_address(),
        plz="68161",
        ort="Rheinstadt",
        telefon=demo.fake.phone_number(),
    )


def _analysiert(demo: Demo, ifk, person, abgeschlossen_am: datetime.date, bedarfe: list[str]):
    pa = potenzialanalyse_beginnen(
        acting_user=ifk,
        leistungsberechtigter=person,
        begonnen_am=abgeschlossen_am - datetime.timedelta(days=3),
    )
    return potenzialanalyse_abschliessen(
        acting_user=ifk,
        potenzialanalyse=pa,
        abgeschlossen_am=abgeschlossen_am,
        reha_bedarf="nein",
        handlungsbedarfe={b: "" for b in bedarfe},
        staerken="zuverlässig, freundlich",
        sprachniveau="B2",
    )


def _entwurf(ifk, jc, person, pa, begonnen_am: datetime.date, mit_16a: bool):
    plan = kooperationsplan_anlegen(
        acting_user=ifk, leistungsberechtigter=person, begonnen_am=begonnen_am, potenzialanalyse=pa
    )
    version = plan.versionen.get()
    version.ziel = "Ich will als Fachkraft im Lager in Vollzeit arbeiten."
    version.kontakt = f"{ifk.get_full_name()}, Telefon {jc.telefon}"
    version.save()
    PlanEintrag.objects.create(
        version=version, teil=Planteil.WEG, text="Ich mache ein Praktikum im Lager.", reihenfolge=0
    )
    if mit_16a:
        # Childcare has no Rahmenabstimmung in the demo, so the request waits
        # for the Träger's decision instead of being approved at once.
        PlanEintrag.objects.create(
            version=version,
            teil=Planteil.UNTERSTUETZUNG,
            text="Das Jobcenter hilft mir, einen Platz in der Kinderbetreuung zu finden.",
            angebot=Angebot.objects.filter(
                jobcenter=jc, leistung_16a=Leistung16a.BETREUUNG_PFLEGE
            ).first(),
            leistung_16a=Leistung16a.BETREUUNG_PFLEGE,
            handlungsbedarf=pa.handlungsbedarfe.filter(bereich=Bedarfsbereich.FAMILIE).first(),
        )
    return plan, version


def lagen_anlegen(demo: Demo, jc, users) -> None:
    """Only once: the cases are found again by their Kundennummer."""
    if Leistungsberechtigter.objects.filter(
        jobcenter=jc, kundennummer__startswith=f"{jc.pk:03d}{PRAEFIX}"
    ).exists():
        return
    ifk = users["ifk"]
    # Draft deadlines: due in the next days, a few days overdue, and overdue
    # long enough that the watch escalates it to the Teamleitung.
    for nummer, (von, bis) in enumerate([(1, 5), (-6, -3), (-30, -20)]):
        person = _person(demo, jc, ifk, nummer)
        _analysiert(
            demo, ifk, person, _abschluss_fuer(jc, demo.heute, von, bis), [Bedarfsbereich.SPRACHE]
        )

    # A review due this week: agreed so that "Überprüfung spätestens am"
    # falls three days from today.
    person = _person(demo, jc, ifk, 3)
    pa = _analysiert(
        demo, ifk, person, demo.heute - relativedelta(months=7), [Bedarfsbereich.SPRACHE]
    )
    plan, version = _entwurf(ifk, jc, person, pa, pa.abgeschlossen_am, mit_16a=False)
    monate = plan.rechtsstand.ueberpruefung_spaetestens_monate
    planversion_vereinbaren(
        acting_user=ifk,
        version=version,
        vereinbart_am=demo.heute + datetime.timedelta(days=3) - relativedelta(months=monate),
    )

    # A Träger request waiting for the kommunaler Träger's decision.
    person = _person(demo, jc, ifk, 4)
    pa = _analysiert(
        demo, ifk, person, demo.heute - datetime.timedelta(days=6), [Bedarfsbereich.FAMILIE]
    )
    plan, version = _entwurf(ifk, jc, person, pa, demo.heute, mit_16a=True)
    abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=demo.heute)

    # No agreement came about: the obligations were set by Bescheid last week.
    person = _person(demo, jc, ifk, 5)
    pa = _analysiert(
        demo, ifk, person, demo.heute - datetime.timedelta(days=30), [Bedarfsbereich.SPRACHE]
    )
    plan, version = _entwurf(ifk, jc, person, pa, pa.abgeschlossen_am, mit_16a=False)
    pflichten_festsetzen(
        acting_user=ifk,
        plan=plan,
        erlassen_am=demo.heute - datetime.timedelta(days=7),
        pflichten=[
            {
                "was": "Sie bewerben sich auf Stellen als Lagerhelfer.",
                "wie_oft": "mindestens 4 Bewerbungen im Monat",
                "nachweis": "Liste der Bewerbungen beim nächsten Termin zeigen",
            },
            {
                "was": "Sie melden sich bei einem Deutsch-Kurs an.",
                "wie_oft": "einmal",
                "bis": demo.heute + datetime.timedelta(days=30),
                "nachweis": "Anmeldebestätigung abgeben",
            },
        ],
        angebote=[{"was": "Das Jobcenter bezahlt die Fahrten zu Vorstellungsgesprächen."}],
        begruendung="Im Gespräch am Tag des Entwurfs kam keine Einigung über den Plan zustande.",
    )
