"""Deadlines over time on hand-made Wiedervorlagen with known answers: due,
kept, missed and running per month of the last twelve."""

import datetime
import itertools
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from cases.models import Leistungsberechtigter
from kooperation.access import Rolle
from kooperation.kleinzahlen import FOLGE, KLEIN
from kooperation.models import Fristart, Wiedervorlage, WiedervorlageStatus
from plans.kennzahlen.diagramme import fristen_diagramm, mit_svg
from plans.kennzahlen.fristen import fristen_je_monat
from plans.kennzahlen.schutz import _fristen
from tests.cases.factories import LeistungsberechtigterFactory

HEUTE = datetime.date(2026, 12, 7)
D = datetime.date
BERLIN = ZoneInfo("Europe/Berlin")
_ursache = itertools.count(1)


def frist(jc, faellig, erledigt=None, *, team=None, person=None):
    """A Wiedervorlage due on ``faellig``; done at noon on ``erledigt`` (Berlin
    time), or still open."""
    return Wiedervorlage.objects.create(
        jobcenter=jc,
        art=Fristart.TERMIN,
        faellig_am=faellig,
        status=WiedervorlageStatus.ERLEDIGT if erledigt else WiedervorlageStatus.OFFEN,
        erledigt_am=(
            datetime.datetime.combine(erledigt, datetime.time(12), tzinfo=BERLIN)
            if erledigt
            else None
        ),
        team=team,
        ursache_typ=ContentType.objects.get_for_model(Leistungsberechtigter),
        ursache_id=next(_ursache),
        leistungsberechtigter_id=person.pk if person else None,
    )


def _monat(verlauf, monat):
    return next(m for m in verlauf if m["monat"] == monat)


@pytest.fixture
def fristen(welt):
    jc = welt.jc
    # October: six kept (one on the due day itself), two done late, one still open.
    for tag in (10, 12, 13, 14, 15, 15):
        frist(jc, D(2026, 10, 15), D(2026, 10, tag), team=welt.team)
    for _ in range(2):
        frist(jc, D(2026, 10, 15), D(2026, 10, 20), team=welt.team2)
    frist(jc, D(2026, 10, 15), team=welt.team)
    # December (the current month): one missed already, one not yet due, one
    # due today (still running), one kept early.
    frist(jc, D(2026, 12, 3), team=welt.team)
    frist(jc, D(2026, 12, 20), team=welt.team)
    frist(jc, HEUTE, team=welt.team)
    frist(jc, D(2026, 12, 20), D(2026, 12, 1), team=welt.team)
    # Outside: thirteen months ago, next January, another Jobcenter.
    frist(jc, D(2025, 11, 30), team=welt.team)
    frist(jc, D(2027, 1, 5), team=welt.team)
    frist(welt.jc2, D(2026, 10, 15))
    # An ended case: its open deadline is nobody's task any more; the one
    # it kept before it ended still counts.
    beendet = LeistungsberechtigterFactory(team=welt.team, fall_beendet_am=D(2026, 11, 2))
    frist(jc, D(2026, 11, 1), team=welt.team, person=beendet)
    frist(jc, D(2026, 11, 1), D(2026, 10, 30), team=welt.team, person=beendet)
    return welt


def test_je_monat_faellig_eingehalten_ueberschritten(fristen):
    verlauf = fristen_je_monat(fristen.jc, heute=HEUTE)
    assert [m["monat"] for m in verlauf] == [D(2026, m, 1) for m in range(1, 13)]
    assert _monat(verlauf, D(2026, 10, 1)) == {
        "monat": D(2026, 10, 1),
        "faellig": 9,
        "eingehalten": 6,
        "ueberschritten": 3,
        "laeuft": 0,
    }
    assert _monat(verlauf, D(2026, 11, 1)) == {
        "monat": D(2026, 11, 1),
        "faellig": 1,
        "eingehalten": 1,
        "ueberschritten": 0,
        "laeuft": 0,
    }
    assert _monat(verlauf, D(2026, 12, 1)) == {
        "monat": D(2026, 12, 1),
        "faellig": 4,
        "eingehalten": 1,
        "ueberschritten": 1,
        "laeuft": 2,
    }
    # Months without deadlines are there, with zeros.
    assert _monat(verlauf, D(2026, 3, 1))["faellig"] == 0
    assert sum(m["faellig"] for m in verlauf) == 14


def test_done_late_in_the_evening_counts_by_the_local_day(welt):
    """Done at 00:30 Berlin time the day after: late, though still the due
    day in UTC."""
    wv = frist(welt.jc, D(2026, 10, 15), D(2026, 10, 16))
    wv.erledigt_am = datetime.datetime(2026, 10, 16, 0, 30, tzinfo=BERLIN)
    wv.save()
    oktober = _monat(fristen_je_monat(welt.jc, heute=HEUTE), D(2026, 10, 1))
    assert (oktober["eingehalten"], oktober["ueberschritten"]) == (0, 1)


def test_ein_team(fristen):
    oktober = _monat(
        fristen_je_monat(fristen.jc, heute=HEUTE, team_id=fristen.team2.pk), D(2026, 10, 1)
    )
    assert (oktober["faellig"], oktober["eingehalten"], oktober["ueberschritten"]) == (2, 0, 2)


def test_eine_abfrage_fuer_alle_monate(fristen):
    with CaptureQueriesContext(connection) as abfragen:
        fristen_je_monat(fristen.jc, heute=HEUTE)
    assert len(abfragen) == 1


def test_kleine_zahlen_gesperrt_und_nicht_errechenbar():
    verlauf = [
        {"monat": D(2026, 10, 1), "faellig": 9, "eingehalten": 6, "ueberschritten": 3, "laeuft": 0},
        {"monat": D(2026, 11, 1), "faellig": 0, "eingehalten": 0, "ueberschritten": 0, "laeuft": 0},
    ]
    oktober, november = _fristen(verlauf)
    assert oktober["ueberschritten"] == KLEIN
    # 9 − 6 − 0 would give the 3 back: a second cell is suppressed.
    assert FOLGE in (oktober["faellig"], oktober["eingehalten"])
    assert november == verlauf[1]


def test_diagramm_und_svg_mit_deutschen_monaten(fristen):
    verlauf = _fristen(fristen_je_monat(fristen.jc, heute=HEUTE))
    d = mit_svg(fristen_diagramm(verlauf))
    assert d["beschriftungen"][-3:] == ["Oktober 2026", "November 2026", "Dezember 2026"]
    assert d["kurz"][-3] == ("Okt.", 2026)
    assert [r["name"] for r in d["reihen"]] == ["fällig", "eingehalten", "überschritten"]
    # The chart names the table that holds its figures.
    assert "Wiedervorlagen je Monat der Fälligkeit" in d["beschreibung"]
    oktober = d["svg"]["gruppen"][-3]
    hoehen = [float(s["hoehe"]) for s in oktober["saeulen"] if not s["luecke"]]
    assert hoehen
    assert hoehen[0] > 0
    svg = render_to_string("plans/pdf/_saeulen.svg", {"name": "fristen", "dia": d, "s": d["svg"]})
    # SVG lengths keep a decimal point under the German locale.
    assert not re.search(r'(height|width|x|y)="\d+,\d', svg)
    assert ">Okt.<" in svg


@pytest.mark.parametrize("art", ["seite", "pdf"])
def test_dashboard_und_bericht_zeigen_den_verlauf(client, fristen, art):
    from tests.plans.test_kennzahlen_views import _text

    client.force_login(fristen.users[Rolle.GESCHAEFTSFUEHRUNG])
    antwort = client.get("/kennzahlen/bericht.pdf" if art == "pdf" else "/kennzahlen/")
    assert antwort.status_code == 200
    text = _text(antwort)
    assert "Fristen im Verlauf" in text
    assert "Wiedervorlagen je Monat der Fälligkeit (letzte 12 Monate)" in text
    if art == "seite":
        svg = re.search(r'<svg[^>]*aria-labelledby="fristen-titel".*?</svg>', text, re.S)
        assert svg, "kein Diagramm der Fristen"
        titel = re.search(r'<title id="fristen-titel">([^<]+)</title>', svg.group(0))
        assert "„Wiedervorlagen je Monat der Fälligkeit (letzte 12 Monate)“" in titel.group(1)
        assert (
            '<caption class="kern-title" id="fristen-tabelle">'
            "Wiedervorlagen je Monat der Fälligkeit (letzte 12 Monate)</caption>" in text
        )
