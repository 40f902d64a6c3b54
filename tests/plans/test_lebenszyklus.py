"""The lifecycle table (plans/lebenszyklus.py) against everything that acts on
it: every state × every step × every role, through the real services; the
plan page offers exactly the open steps; the API reports them per version.

Each scenario builds a plan in one state the way the application does. For
every user and step, the service must succeed exactly when the table says the
step is open (refusing with KeinZugriff when the role or person may not take
it, with a Fachfehler naming the reason otherwise), and end in a state the
table names. ``ERWARTET`` writes out, by hand, which steps the responsible
IFK has open in each scenario, so a change of the table shows here."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import transaction
from django.urls import resolve

from kooperation.access import Rolle
from kooperation.errors import Fachfehler, KeinZugriff
from plans import lebenszyklus
from plans.lebenszyklus import UEBERGAENGE, Planlage
from plans.models import Kooperationsplan, PlanEintrag, PlanStatus, Planteil, TraegerAbstimmung
from plans.services.abstimmung import (
    abstimmung_aenderung_bestaetigen,
    abstimmung_anfragen,
    abstimmung_entscheiden,
    abstimmungsposition_entscheiden,
)
from plans.services.entwurf import planversion_speichern
from plans.services.nichteinigung import (
    aufforderung_erlassen,
    pflichten_festsetzen,
    schlichtung_beenden,
    schlichtung_beginnen,
)
from plans.services.ueberpruefung import ueberpruefung_festhalten
from plans.services.vereinbarung import (
    kein_plan_festhalten,
    kein_plan_zuruecknehmen,
    plan_fortschreiben,
    planversion_vereinbaren,
    ueberpruefung_beginnen,
)
from tests.api_helfer import api_client
from tests.plans.factories import entwurf, pflicht, vereinbart

D = datetime.date
ALT = D(2026, 5, 4)  # Rechtsstand 2023: Schlichtung
NEU = D(2026, 10, 5)  # Rechtsstand 2026: Verwaltungsakt
STICHTAG = D(2026, 7, 1)  # the Neue Grundsicherung
TAG = datetime.timedelta(days=1)


def _mit_16a(version):
    PlanEintrag.objects.create(
        version=version,
        teil=Planteil.UNTERSTUETZUNG,
        text="Termin bei der Schuldnerberatung",
        leistung_16a="schuldnerberatung",
    )
    return version


def _schlichtung(welt, plan):
    return schlichtung_beginnen(
        acting_user=welt.users[Rolle.IFK],
        plan=plan,
        beantragt_von="person",
        begonnen_am=plan.begonnen_am + 7 * TAG,
        schlichter="Frau Ober",
    )


def _in_abstimmung(welt):
    version = _mit_16a(entwurf(welt, begonnen_am=NEU))
    return abstimmung_anfragen(
        acting_user=welt.users[Rolle.IFK], version=version, angefragt_am=NEU + TAG
    )


def _nach_dem_gespraech(welt):
    welt.jc.abstimmungszeitpunkt = "nach"
    welt.jc.save()


# Each builds a plan of ``welt.eigener_fall`` in one state and returns it.
SZENARIEN = {
    "entwurf_2023": lambda welt: entwurf(welt, begonnen_am=ALT).plan,
    "entwurf_2026_mit_16a": lambda welt: _mit_16a(entwurf(welt, begonnen_am=NEU)).plan,
    "abstimmung": lambda welt: _in_abstimmung(welt).version.plan,
    "aenderung_zu_bestaetigen": lambda welt: _geaendert(welt),
    "vereinbart": lambda welt: vereinbart(welt, begonnen_am=NEU).plan,
    "ueberpruefung_2023": lambda welt: _ueberpruefung(welt, ALT),
    "ueberpruefung_2026": lambda welt: _ueberpruefung(welt, NEU),
    "nichteinigung": lambda welt: _schlichtung(welt, entwurf(welt, begonnen_am=ALT).plan).plan,
    "nichteinigung_aus_ueberpruefung": lambda welt: (
        _schlichtung(welt, _ueberpruefung(welt, ALT)).plan
    ),
    "nichteinigung_beendet": lambda welt: _schlichtung_ohne_einigung(welt),
    "festgesetzt": lambda welt: (
        pflichten_festsetzen(
            acting_user=welt.users[Rolle.IFK],
            plan=entwurf(welt, begonnen_am=NEU).plan,
            erlassen_am=NEU + TAG,
            pflichten=[pflicht("Vier Bewerbungen im Monat.")],
            begruendung="Keine Einigung.",
        ).plan
    ),
    # Agreements of an agreed plan not kept: a Bescheid.
    "festgesetzt_nach_vereinbarung": lambda welt: (
        pflichten_festsetzen(
            acting_user=welt.users[Rolle.IFK],
            plan=vereinbart(welt, begonnen_am=NEU).plan,
            erlassen_am=NEU + 10 * TAG,
            pflichten=[pflicht("Vier Bewerbungen im Monat.")],
            begruendung="Absprachen nicht eingehalten.",
        ).plan
    ),
    "kein_plan": lambda welt: kein_plan_festhalten(
        acting_user=welt.users[Rolle.IFK], plan=entwurf(welt).plan, grund="rente"
    ),
    # Recorded on the day the scenario is looked at: it can be taken back.
    "kein_plan_heute": lambda welt: _kein_plan_heute(welt),
    "vereinbart_nach_dem_gespraech_angefragt": lambda welt: _nach_angefragt(welt),
    "vereinbart_ohne_abstimmung": lambda welt: _ohne_abstimmung_vereinbart(welt),
    # Begun under the Bürgergeld, continued under the Neue Grundsicherung.
    "entwurf_2023_nach_dem_stichtag": lambda welt: entwurf(welt, begonnen_am=ALT).plan,
    "ueberpruefung_2023_nach_dem_stichtag": lambda welt: _ueberpruefung(welt, ALT),
    "nichteinigung_beendet_nach_dem_stichtag": lambda welt: _schlichtung_ohne_einigung(welt),
    "schlichtung_ueber_den_stichtag": lambda welt: (
        _schlichtung(welt, entwurf(welt, begonnen_am=STICHTAG - 10 * TAG).plan).plan
    ),
}


def _geaendert(welt):
    abstimmung = _in_abstimmung(welt)
    abstimmungsposition_entscheiden(
        acting_user=welt.users[Rolle.TRAEGER],
        position=abstimmung.positionen.get(),
        status="geaendert",
        aenderung="Erst ab November.",
    )
    return abstimmung.version.plan


def _kein_plan_heute(welt):
    plan = kein_plan_festhalten(
        acting_user=welt.users[Rolle.IFK], plan=entwurf(welt).plan, grund="rente"
    )
    Kooperationsplan.objects.filter(pk=plan.pk).update(kein_plan_am=plan.begonnen_am + 20 * TAG)
    return plan


def _ueberpruefung(welt, begonnen_am):
    plan = vereinbart(welt, begonnen_am=begonnen_am).plan
    return ueberpruefung_beginnen(acting_user=welt.users[Rolle.IFK], plan=plan)


def _schlichtung_ohne_einigung(welt):
    schlichtung = _schlichtung(welt, entwurf(welt, begonnen_am=ALT).plan)
    schlichtung_beenden(
        acting_user=welt.users[Rolle.IFK],
        schlichtung=schlichtung,
        beendet_am=schlichtung.begonnen_am + TAG,
        ergebnis="keine_einigung",
    )
    return schlichtung.plan


def _nach_angefragt(welt):
    _nach_dem_gespraech(welt)
    version = _mit_16a(entwurf(welt, begonnen_am=NEU))
    planversion_vereinbaren(
        acting_user=welt.users[Rolle.IFK], version=version, vereinbart_am=NEU + TAG
    )
    return version.plan


def _ohne_abstimmung_vereinbart(welt):
    """Agreed while the Jobcenter coordinated nothing; since then it
    coordinates § 16a items after the conversation: the request is missing."""
    welt.jc.abstimmungsmodus = "keine"
    welt.jc.save()
    version = _mit_16a(entwurf(welt, begonnen_am=NEU))
    planversion_vereinbaren(
        acting_user=welt.users[Rolle.IFK], version=version, vereinbart_am=NEU + TAG
    )
    welt.jc.abstimmungsmodus = "nur_16a"
    welt.jc.save()
    _nach_dem_gespraech(welt)
    return version.plan


# The steps the responsible IFK has open in each scenario.
ERWARTET = {
    "entwurf_2023": {"bearbeiten", "vereinbaren", "aufforderung", "schlichtung", "kein_plan"},
    # Agreed with the person only once the Träger agreed (before the conversation).
    "entwurf_2026_mit_16a": {
        "bearbeiten",
        "abstimmung_anfragen",
        "pflichten_festsetzen",
        "kein_plan",
    },
    "abstimmung": {"kein_plan"},
    # The Träger's changes are taken over first; asking again would be pointless.
    "aenderung_zu_bestaetigen": {
        "bearbeiten",
        "pflichten_festsetzen",
        "kein_plan",
        "aenderung_bestaetigen",
    },
    "vereinbart": {
        "ueberpruefung",
        "ueberpruefung_festhalten",
        "fortschreiben",
        "pflichten_festsetzen",
    },
    "ueberpruefung_2023": {
        "ueberpruefung_festhalten",
        "fortschreiben",
        "aufforderung",
        "schlichtung",
    },
    "ueberpruefung_2026": {"ueberpruefung_festhalten", "fortschreiben", "pflichten_festsetzen"},
    # Agreeing the draft worked on during the Schlichtung ends it.
    "nichteinigung": {"bearbeiten", "vereinbaren", "schlichtung_beenden", "kein_plan"},
    "nichteinigung_aus_ueberpruefung": {"schlichtung_beenden", "kein_plan"},
    "nichteinigung_beendet": {"bearbeiten", "vereinbaren", "aufforderung", "kein_plan"},
    # After a Bescheid the case returns to cooperation.
    "festgesetzt": {"bearbeiten", "vereinbaren", "pflichten_festsetzen"},
    "festgesetzt_nach_vereinbarung": {"fortschreiben", "pflichten_festsetzen"},
    "kein_plan": set(),
    "kein_plan_heute": {"kein_plan_zuruecknehmen"},
    "vereinbart_nach_dem_gespraech_angefragt": {
        "ueberpruefung",
        "ueberpruefung_festhalten",
        "fortschreiben",
        "pflichten_festsetzen",
    },
    "vereinbart_ohne_abstimmung": {
        "ueberpruefung",
        "ueberpruefung_festhalten",
        "fortschreiben",
        "abstimmung_nachholen",
        "pflichten_festsetzen",
    },
    "entwurf_2023_nach_dem_stichtag": {
        "bearbeiten",
        "vereinbaren",
        "pflichten_festsetzen",
        "kein_plan",
    },
    "ueberpruefung_2023_nach_dem_stichtag": {
        "ueberpruefung_festhalten",
        "fortschreiben",
        "pflichten_festsetzen",
    },
    "nichteinigung_beendet_nach_dem_stichtag": {
        "bearbeiten",
        "vereinbaren",
        "kein_plan",
        "pflichten_festsetzen",
    },
    # Begun under § 15a, it ends under § 15a; nothing is demanded meanwhile.
    "schlichtung_ueber_den_stichtag": {
        "bearbeiten",
        "vereinbaren",
        "schlichtung_beenden",
        "kein_plan",
    },
}
# The day each scenario is looked at (the act's day for the services, "today"
# for the table, the page and the API): 20 days after the plan was begun,
# unless named here.
PRUEFTAG = {
    "entwurf_2023_nach_dem_stichtag": NEU,
    "ueberpruefung_2023_nach_dem_stichtag": NEU,
    "nichteinigung_beendet_nach_dem_stichtag": NEU,
    "schlichtung_ueber_den_stichtag": STICHTAG + 10 * TAG,
}


def _prueftag(szenario, plan) -> datetime.date:
    return PRUEFTAG.get(szenario, plan.begonnen_am + 20 * TAG)


@pytest.fixture
def heute_ist(monkeypatch):
    """Set the day the table, the page and the services take as today."""

    def setzen(tag):
        monkeypatch.setattr(lebenszyklus, "heute", lambda: tag)

    return setzen


S = PlanStatus
# The state each scenario builds.
STAND = {
    "entwurf_2023": S.ENTWURF,
    "entwurf_2026_mit_16a": S.ENTWURF,
    "abstimmung": S.ABSTIMMUNG,
    "aenderung_zu_bestaetigen": S.ENTWURF,
    "vereinbart": S.VEREINBART,
    "ueberpruefung_2023": S.UEBERPRUEFUNG,
    "ueberpruefung_2026": S.UEBERPRUEFUNG,
    "nichteinigung": S.NICHTEINIGUNG,
    "nichteinigung_aus_ueberpruefung": S.NICHTEINIGUNG,
    "nichteinigung_beendet": S.NICHTEINIGUNG,
    "entwurf_2023_nach_dem_stichtag": S.ENTWURF,
    "ueberpruefung_2023_nach_dem_stichtag": S.UEBERPRUEFUNG,
    "nichteinigung_beendet_nach_dem_stichtag": S.NICHTEINIGUNG,
    "schlichtung_ueber_den_stichtag": S.NICHTEINIGUNG,
    "festgesetzt": S.FESTGESETZT,
    "festgesetzt_nach_vereinbarung": S.FESTGESETZT,
    "kein_plan": S.KEIN_PLAN,
    "kein_plan_heute": S.KEIN_PLAN,
    "vereinbart_nach_dem_gespraech_angefragt": S.VEREINBART,
    "vereinbart_ohne_abstimmung": S.VEREINBART,
}
# The kommunaler Träger decides while its request is open; nobody else has a step.
TRAEGER_ERWARTET = {"abstimmung", "vereinbart_nach_dem_gespraech_angefragt"}


def _aufruf(name: str, user, plan, tag):
    """Call the service of step ``name`` on ``tag`` with valid input, or
    return None when the plan has nothing the step could act on."""
    lage = Planlage(plan)
    alle_abstimmungen = list(TraegerAbstimmung.objects.filter(version__plan=plan).order_by("-pk"))
    abstimmung = (lage.offene_abstimmungen or lage.zu_bestaetigen or alle_abstimmungen or [None])[0]
    schlichtung = lage.laufende_schlichtung
    aufrufe = {
        "bearbeiten": lage.entwurf
        and (
            lambda: planversion_speichern(
                acting_user=user,
                version=lage.entwurf,
                sperrversion=lage.entwurf.sperrversion,
                ziel="Ich will als Köchin arbeiten.",
                kontakt="Telefon 0621 123",
            )
        ),
        "abstimmung_anfragen": lage.entwurf
        and (lambda: abstimmung_anfragen(acting_user=user, version=lage.entwurf, angefragt_am=tag)),
        "abstimmung_nachholen": lage.vereinbarte
        and (
            lambda: abstimmung_anfragen(
                acting_user=user, version=lage.vereinbarte, angefragt_am=tag
            )
        ),
        "vereinbaren": lage.entwurf
        and (
            lambda: planversion_vereinbaren(
                acting_user=user, version=lage.entwurf, vereinbart_am=tag
            )
        ),
        "ueberpruefung": lambda: ueberpruefung_beginnen(acting_user=user, plan=plan),
        "ueberpruefung_festhalten": lambda: ueberpruefung_festhalten(
            acting_user=user,
            plan=plan,
            ueberprueft_am=tag,
            ergebnis="bestaetigt",
            schritte={
                e.pk: ("laeuft", "")
                for e in (lage.vereinbarte.eintraege.all() if lage.vereinbarte else [])
            },
        ),
        "fortschreiben": lambda: plan_fortschreiben(acting_user=user, plan=plan),
        "schlichtung": lambda: schlichtung_beginnen(
            acting_user=user,
            plan=plan,
            beantragt_von="jobcenter",
            begonnen_am=tag,
            schlichter="Herr Zwei",
        ),
        "aufforderung": lambda: aufforderung_erlassen(
            acting_user=user,
            plan=plan,
            erlassen_am=tag,
            pflichten="Bis zum Monatsende drei Bewerbungen vorlegen.",
            begruendung="Absprachen nicht eingehalten.",
        ),
        "pflichten_festsetzen": lambda: pflichten_festsetzen(
            acting_user=user,
            plan=plan,
            erlassen_am=tag,
            pflichten=[pflicht("Vier Bewerbungen im Monat.")],
            begruendung="Keine Einigung.",
        ),
        "schlichtung_beenden": schlichtung
        and (
            lambda: schlichtung_beenden(
                acting_user=user, schlichtung=schlichtung, beendet_am=tag, ergebnis="einigung"
            )
        ),
        "kein_plan": lambda: kein_plan_festhalten(acting_user=user, plan=plan, grund="rente"),
        "kein_plan_zuruecknehmen": lambda: kein_plan_zuruecknehmen(acting_user=user, plan=plan),
        "aenderung_bestaetigen": abstimmung
        and (lambda: abstimmung_aenderung_bestaetigen(acting_user=user, abstimmung=abstimmung)),
        "entscheiden": abstimmung
        and (
            lambda: abstimmung_entscheiden(
                acting_user=user, abstimmung=abstimmung, status="zugestimmt"
            )
        ),
    }
    return aufrufe[name] or None


def _anfrage(plan, lage):
    """The request a step on the Träger's side acts on: the open one, else the
    latest (which the service then refuses as decided)."""
    alle = list(TraegerAbstimmung.objects.filter(version__plan=plan).order_by("-pk"))
    return (lage.offene_abstimmungen or lage.zu_bestaetigen or alle or [None])[0]


class _Zurueck(Exception):
    """Rolls the savepoint back after a successful step."""


def _nutzer(welt) -> dict:
    return {
        **{rolle.value: user for rolle, user in welt.users.items()},
        "ifk_im_team": welt.team_fall.zustaendig,
        "ifk_fremd": welt.fremde_ifk,
    }


@pytest.mark.parametrize("szenario", list(SZENARIEN))
def test_jeder_schritt_jede_rolle_gegen_die_tabelle(welt, szenario, heute_ist):
    plan = SZENARIEN[szenario](welt)
    plan = Kooperationsplan.objects.get(pk=plan.pk)
    tag = _prueftag(szenario, plan)
    heute_ist(tag)
    stand = plan.status
    assert stand == STAND[szenario]
    ifk = welt.users[Rolle.IFK]
    offen_fuer_ifk = {p.uebergang.name for p in lebenszyklus.offene(ifk, Planlage(plan))}
    assert offen_fuer_ifk == ERWARTET[szenario]
    for name, user in _nutzer(welt).items():
        for uebergang in UEBERGAENGE.values():
            plan = Kooperationsplan.objects.get(pk=plan.pk)
            lage = Planlage(plan)
            objekt = _anfrage(plan, lage) if uebergang.gegenstand == "abstimmung" else None
            pruefung = lebenszyklus.pruefung(uebergang.name, user, lage, objekt=objekt)
            if name == Rolle.TRAEGER.value and uebergang.name == "entscheiden":
                assert lebenszyklus.pruefung("entscheiden", user, lage).offen == (
                    szenario in TRAEGER_ERWARTET
                )
            elif name != Rolle.IFK.value:
                assert not pruefung.offen, (name, uebergang.name)
            aufruf = _aufruf(uebergang.name, user, plan, tag)
            if aufruf is None:
                assert not pruefung.offen, (name, uebergang.name)
                continue
            ergebnis = _ausgang(aufruf, plan)
            if isinstance(ergebnis, str):
                assert pruefung.offen, (name, uebergang.name, "Dienst nahm an, Tabelle nicht")
                assert ergebnis in uebergang.nach or (uebergang.bleibt and ergebnis == stand), (
                    uebergang.name,
                    ergebnis,
                )
            elif isinstance(ergebnis, KeinZugriff):
                assert not pruefung.zugriff, (name, uebergang.name)
            else:
                assert pruefung.zugriff, (name, uebergang.name, ergebnis.messages)
                assert not pruefung.offen, (name, uebergang.name, ergebnis.messages)
                assert pruefung.grund in ergebnis.messages


def _ausgang(aufruf, plan) -> str | KeinZugriff | Fachfehler:
    """Take the step in a savepoint that is rolled back: the plan's state
    after it, or the refusal."""
    try:
        with transaction.atomic():
            aufruf()
            raise _Zurueck(Kooperationsplan.objects.get(pk=plan.pk).status)
    except _Zurueck as zurueck:
        return zurueck.args[0]
    except (KeinZugriff, Fachfehler) as fehler:
        return fehler


def test_jeder_schritt_ist_irgendwo_offen():
    """No row of the table is dead: every step is open in some scenario."""
    gesehen = set().union(*ERWARTET.values()) | {"entscheiden"}
    assert gesehen == set(UEBERGAENGE)


def test_jeder_stand_kommt_in_den_szenarien_vor():
    assert set(STAND.values()) == set(PlanStatus.values)


# --- The plan page offers exactly the open steps -----------------------------

_ZIEL = re.compile(r'<(?:a|form)\b[^>]*?(?:href|action)="(/[^"]*)"')


def _schritte_der_seite(inhalt: str) -> set[str]:
    """The lifecycle steps a page offers: every link and form target that is
    one of the steps' views, whatever the template calls it."""
    schritte = set()
    for adresse in _ZIEL.findall(inhalt):
        treffer = resolve(adresse.split("?")[0].split("#")[0])
        if treffer.url_name == "bearbeiten":
            schritte.add("bearbeiten")
        elif treffer.url_name == "aenderung_bestaetigen":
            schritte.add("aenderung_bestaetigen")
        elif treffer.url_name in UEBERGAENGE and treffer.namespace == "plans":
            schritte.add(treffer.url_name)
    return schritte


@pytest.mark.parametrize("szenario", list(SZENARIEN))
def test_die_planseite_zeigt_genau_die_offenen_schritte(client, welt, szenario, heute_ist):
    plan = Kooperationsplan.objects.get(pk=SZENARIEN[szenario](welt).pk)
    heute_ist(_prueftag(szenario, plan))
    for user in (welt.users[Rolle.IFK], welt.users[Rolle.TEAMLEITUNG], welt.team_fall.zustaendig):
        client.force_login(user)
        seite = client.get(f"/plaene/{plan.pk}/")
        assert seite.status_code == 200
        erwartet = {
            p.uebergang.name
            for p in lebenszyklus.offene(user, Planlage(plan))
            if p.uebergang.name != "entscheiden"
        }
        assert _schritte_der_seite(seite.content.decode()) == erwartet


def test_eine_schaltflaeche_ausserhalb_der_tabelle_faellt_auf(welt):
    """The check above sees a step the table does not open, whatever the link
    looks like."""
    plan = SZENARIEN["kein_plan"](welt)
    untergeschoben = f'<a class="kern-link" href="/plaene/{plan.pk}/vereinbaren/">Doch</a>'
    assert _schritte_der_seite(untergeschoben) == {"vereinbaren"}


# --- The API reports them per version -----------------------------------------


@pytest.mark.parametrize("szenario", list(SZENARIEN))
def test_die_schnittstelle_meldet_die_offenen_schritte_je_version(welt, szenario, heute_ist):
    plan = Kooperationsplan.objects.get(pk=SZENARIEN[szenario](welt).pk)
    heute_ist(_prueftag(szenario, plan))
    antwort = api_client(welt.users[Rolle.IFK]).get(
        f"/api/v1/kooperationsplaene/{plan.pk}/versionen/"
    )
    assert antwort.status_code == 200
    gemeldet = {}
    for version in antwort.json()["results"]:
        for schritt in version["uebergaenge"]:
            gemeldet.setdefault(schritt["name"], set()).add(version["id"])
            assert schritt["methode"] in ("POST", "PATCH")
            assert schritt["adresse"].startswith("/api/v1/")
    assert set(gemeldet) == ERWARTET[szenario]
    lage = Planlage(plan)
    for name, versionen in gemeldet.items():
        gegenstand = UEBERGAENGE[name].gegenstand
        erwartet = {"entwurf": lage.entwurf, "vereinbarte": lage.vereinbarte}.get(
            gegenstand, lage.aktuelle
        )
        assert versionen == {erwartet.pk}, name
    # Roles that take no step see none.
    leitung = api_client(welt.users[Rolle.TEAMLEITUNG]).get(
        f"/api/v1/kooperationsplaene/{plan.pk}/versionen/"
    )
    assert all(not v["uebergaenge"] for v in leitung.json()["results"])


def test_die_tabelle_steht_im_readme():
    """The README's table of the lifecycle names every step of the code's."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for name in UEBERGAENGE:
        assert f"| `{name}` |" in readme, name


def test_die_planseite_sagt_warum_vereinbaren_noch_wartet(client, welt):
    plan = SZENARIEN["entwurf_2026_mit_16a"](welt)
    client.force_login(welt.users[Rolle.IFK])
    inhalt = client.get(f"/plaene/{plan.pk}/").content.decode()
    assert (
        "Mit der Person vereinbaren: Der kommunale Träger hat noch nicht allen Leistungen "
        "nach § 16a zugestimmt: Schuldnerberatung." in inhalt
    )
