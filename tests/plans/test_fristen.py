"""Deadlines an agreed plan sets: appointments and proofs of Eigenbemühungen,
filed when the version is agreed, closed when met or replaced."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from kooperation.access import Rolle
from kooperation.errors import KeinZugriff
from kooperation.fristwache import fristwache_ausfuehren
from kooperation.models import Fristart, Wiedervorlage
from plans.models import PlanEintrag, Planteil
from plans.services.fristen import planfrist_erledigen
from plans.services.vereinbarung import plan_fortschreiben, planversion_vereinbaren
from tests.plans.factories import entwurf

D = datetime.date
BERLIN = ZoneInfo("Europe/Berlin")


def mit_terminen(welt):
    version = entwurf(welt)
    termin = PlanEintrag.objects.create(
        version=version,
        teil=Planteil.TERMIN,
        text="Nächstes Gespräch im Jobcenter",
        termin=datetime.datetime(2026, 11, 3, 9, 30, tzinfo=BERLIN),
    )
    bewerbungen = PlanEintrag.objects.create(
        version=version,
        teil=Planteil.EIGENBEMUEHUNG,
        text="Ich bewerbe mich auf Stellen als Köchin.",
        haeufigkeit="vier Bewerbungen im Monat",
        nachweis="Kopien der Bewerbungen",
        nachweis_bis=D(2026, 11, 30),
    )
    planversion_vereinbaren(
        acting_user=welt.users[Rolle.IFK], version=version, vereinbart_am=D(2026, 10, 7)
    )
    return version, termin, bewerbungen


def offen(art):
    return Wiedervorlage.objects.offen().filter(art=art)


def test_vereinbarter_plan_setzt_termin_und_nachweisfrist(welt):
    version, termin, bewerbungen = mit_terminen(welt)
    assert offen(Fristart.TERMIN).get().faellig_am == D(2026, 11, 3)
    assert offen(Fristart.TERMIN).get().ursache == termin
    assert offen(Fristart.NACHWEIS).get().faellig_am == D(2026, 11, 30)
    assert offen(Fristart.NACHWEIS).get().zustaendig == welt.users[Rolle.IFK]
    person = version.plan.leistungsberechtigter
    person.refresh_from_db()
    assert person.naechste_frist == D(2026, 11, 3)


def test_termin_wird_erinnert_und_mit_dem_erledigen_geschlossen(welt):
    _, termin, _ = mit_terminen(welt)
    fristwache_ausfuehren(heute=D(2026, 11, 2))
    assert offen(Fristart.TERMIN).get().erinnerungen.filter(stufe="vorab").exists()
    planfrist_erledigen(acting_user=welt.users[Rolle.IFK], eintrag=termin, art=Fristart.TERMIN)
    assert not offen(Fristart.TERMIN).exists()
    ergebnis = fristwache_ausfuehren(heute=D(2026, 11, 20))
    assert ergebnis.erinnerungen.get("ueberfaellig", 0) == 0


def test_nur_die_zustaendige_ifk_erledigt_eine_planfrist(welt):
    _, termin, _ = mit_terminen(welt)
    with pytest.raises(KeinZugriff):
        planfrist_erledigen(
            acting_user=welt.users[Rolle.TEAMLEITUNG], eintrag=termin, art=Fristart.TERMIN
        )
    assert offen(Fristart.TERMIN).exists()


def test_fortschreibung_ersetzt_die_fristen_der_alten_version(welt):
    version, _, _ = mit_terminen(welt)
    neu = plan_fortschreiben(acting_user=welt.users[Rolle.IFK], plan=version.plan)
    neuer_termin = neu.eintraege.get(teil=Planteil.TERMIN)
    neuer_termin.termin = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)
    neuer_termin.save()
    planversion_vereinbaren(
        acting_user=welt.users[Rolle.IFK], version=neu, vereinbart_am=D(2026, 11, 2)
    )
    assert list(offen(Fristart.TERMIN).values_list("faellig_am", flat=True)) == [D(2026, 12, 1)]
    # The agreed proof date carries over: the old version's deadline is closed,
    # the same date is now watched for the new version's item.
    nachweis = offen(Fristart.NACHWEIS).get()
    assert nachweis.ursache_id == neu.eintraege.get(teil=Planteil.EIGENBEMUEHUNG).pk
    assert nachweis.faellig_am == D(2026, 11, 30)
