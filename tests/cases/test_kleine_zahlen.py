"""One person with a need for addiction counselling in a team: no page,
export or API of the Bedarfsanalyse or the dashboard shows a 1 for her."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kooperation.access import Rolle
from kooperation.kleinzahlen import ZEICHEN_FOLGE, ZEICHEN_KLEIN
from tests.api_helfer import api_client
from tests.cases.factories import LeistungsberechtigterFactory
from tests.cases.test_bedarfsanalyse import _pa
from tests.plans.test_kennzahlen import analyse, plan


@pytest.fixture
def eine_in_sucht(welt):
    """Team Nord: six people in debt; Team Süd: one person in debt, with an
    addiction and mental-health need; seven in debt in all."""
    heute = timezone.localdate()
    for _ in range(6):
        _pa(LeistungsberechtigterFactory(team=welt.team), ["schulden"], heute)
    _pa(LeistungsberechtigterFactory(team=welt.team2), ["schulden", "sucht", "psyche"], heute)
    return welt


def _zellen_ohne_kopf(zeile: list) -> list:
    return [str(z) for z in zeile[1:]]


def test_seite_zeigt_keine_eins(client, eine_in_sucht):
    client.force_login(eine_in_sucht.users[Rolle.TEAMLEITUNG])
    seite = client.get(reverse("cases:bedarfsanalyse")).content.decode()
    zeile = seite.split('id="bedarf-sucht"')[1].split("</tr>")[0]
    assert ">1<" not in zeile
    assert "&lt; 5" in zeile
    schulden = seite.split('id="bedarf-schulden"')[1].split("</tr>")[0]
    # 7 = 6 + 1: the 6 is suppressed too, or 7 − 6 gives the 1 back.
    assert ">1<" not in schulden
    assert ">6<" not in schulden
    assert ">7<" in schulden


def test_csv_und_json_zeigen_keine_eins(client, eine_in_sucht):
    client.force_login(eine_in_sucht.users[Rolle.GESCHAEFTSFUEHRUNG])
    antwort = client.get(reverse("cases:bedarfsanalyse"), {"format": "csv"})
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    kopf = zeilen[0]
    for name in ("Sucht", "Psychische Gesundheit"):
        zeile = dict(zip(kopf, next(z for z in zeilen if z[0] == name), strict=False))
        assert zeile["Personen"] == ZEICHEN_KLEIN
        assert zeile["Team Süd"] == ZEICHEN_KLEIN
        assert zeile["Team Nord"] == "0"
    schulden = dict(zip(kopf, next(z for z in zeilen if z[0] == "Schulden"), strict=False))
    assert (schulden["Personen"], schulden["Team Nord"], schulden["Team Süd"]) == (
        "7",
        ZEICHEN_FOLGE,
        ZEICHEN_KLEIN,
    )
    daten = client.get(reverse("cases:bedarfsanalyse"), {"format": "json"}).json()
    sucht = next(b for b in daten["bedarfe"] if b["bereich"] == "sucht")
    assert sucht["personen"] == ZEICHEN_KLEIN
    assert sucht["je_team"] == {"Team Nord": 0, "Team Süd": ZEICHEN_KLEIN}
    assert "weniger als 5" in daten["kleine_zahlen"]


def test_api_zeigt_keine_eins(eine_in_sucht):
    antwort = api_client(eine_in_sucht.users[Rolle.TEAMLEITUNG]).get("/api/v1/bedarfsanalyse/")
    assert antwort.status_code == 200
    zeilen = {z["bereich"]: z for z in antwort.json()}
    for bereich in ("sucht", "psyche"):
        assert zeilen[bereich]["personen"] == ZEICHEN_KLEIN
        assert zeilen[bereich]["je_team"]["Team Süd"] == ZEICHEN_KLEIN
        assert 1 not in zeilen[bereich]["je_team"].values()
    assert zeilen["schulden"]["je_team"] == {"Team Nord": ZEICHEN_FOLGE, "Team Süd": ZEICHEN_KLEIN}


@pytest.fixture
def ein_plan_im_sueden(welt):
    """Dashboard cohort: six plans in Team Nord, one in Team Süd."""
    heute = timezone.localdate()
    tag = heute - datetime.timedelta(days=3)
    for team, n in ((welt.team, 6), (welt.team2, 1)):
        for _ in range(n):
            pa = analyse(LeistungsberechtigterFactory(team=team), tag)
            plan(welt, pa, tag)
    return welt


def _team_zeile(text: str, team: str) -> str:
    return next(z for z in text.splitlines() if z.strip().startswith(team))


def test_dashboard_seite_csv_und_pdf_zeigen_keine_eins(client, ein_plan_im_sueden):
    client.force_login(ein_plan_im_sueden.users[Rolle.GESCHAEFTSFUEHRUNG])
    seite = client.get("/kennzahlen/").content.decode()
    sued = seite.split(">Team Süd</th>")[1].split("</tr>")[0]
    assert ">1<" not in sued
    assert "&lt; 5" in sued
    nord = seite.split(">Team Nord</th>")[1].split("</tr>")[0]
    assert ">6<" not in nord  # 7 − 6 would give the 1 back

    antwort = client.get("/kennzahlen/export.csv")
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    sued_csv = [z for z in zeilen if z[2].endswith("Team Süd")]
    assert sued_csv
    assert all(z[3] in (ZEICHEN_KLEIN, ZEICHEN_FOLGE, "0", "") for z in sued_csv), sued_csv
    anzahl = next(z for z in zeilen if z[1] == "Anzahl bis Entwurf" and z[2].endswith("Süd"))
    assert anzahl[3] == ZEICHEN_KLEIN

    pdf = client.get("/kennzahlen/bericht.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    zeile = _team_zeile(text, "Team Süd")
    assert " 1 " not in f" {zeile} "
    assert ZEICHEN_KLEIN in zeile
