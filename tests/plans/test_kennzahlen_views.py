"""Every role against the dashboard, its exports and its drill-down: who may
see what, and that the Geschäftsführung never sees personal data."""

import datetime
import html as html_text
import io
import json
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from cases.models import Leistungsberechtigter, Phase
from kooperation.access import Rolle
from kooperation.models import Fristart, Wiedervorlage
from plans.models import KeinPlanGrund, PlanStatus, Schlichtung
from tests.cases.factories import LeistungsberechtigterFactory
from tests.plans.test_kennzahlen import analyse, plan

SEITEN = {
    "seite": "/kennzahlen/",
    "csv": "/kennzahlen/export.csv",
    "pdf": "/kennzahlen/bericht.pdf",
}
DRILLDOWN = "/kennzahlen/faelle/entwurf_ueberfaellig/"
DUERFEN = {Rolle.GESCHAEFTSFUEHRUNG, Rolle.TEAMLEITUNG}


@pytest.fixture
def mit_faellen(welt):
    """Overdue drafts in both teams and another Jobcenter, and a no-plan case."""
    heute = timezone.localdate()
    ct = ContentType.objects.get_for_model(Leistungsberechtigter)
    for fall in (welt.eigener_fall, welt.team_fall, welt.fremder_fall):
        Wiedervorlage.objects.create(
            jobcenter=fall.jobcenter,
            art=Fristart.PLANENTWURF,
            faellig_am=heute - datetime.timedelta(days=3),
            team=fall.team,
            zustaendig=fall.zustaendig,
            ursache_typ=ct,
            ursache_id=fall.pk,
            leistungsberechtigter_id=fall.pk,
        )
    sued = LeistungsberechtigterFactory(team=welt.team2, phase=Phase.KEIN_PLAN)
    plan(
        welt,
        analyse(sued, heute - datetime.timedelta(days=20)),
        heute - datetime.timedelta(days=10),
        status=PlanStatus.KEIN_PLAN,
        kein_plan_grund=KeinPlanGrund.RENTE,
    )
    welt.sued = sued
    return welt


def _personendaten(welt):
    faelle = Leistungsberechtigter.objects.all()
    return [s for f in faelle for s in (f.nachname, f.kundennummer, f.pseudonym)]


def _text(antwort) -> str:
    if antwort["Content-Type"] == "application/pdf":
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(antwort.content)).pages)
    return antwort.content.decode()


@pytest.mark.parametrize("rolle", list(Rolle))
@pytest.mark.parametrize("art", list(SEITEN))
def test_rollen_an_dashboard_und_exporten(client, mit_faellen, rolle, art):
    client.force_login(mit_faellen.users[rolle])
    antwort = client.get(SEITEN[art])
    assert antwort.status_code == (200 if rolle in DUERFEN else 403)


def test_anonym_wird_zur_anmeldung_geschickt(client, welt):
    assert client.get("/kennzahlen/").status_code == 302
    assert client.get(DRILLDOWN).status_code == 302


@pytest.mark.parametrize("art", list(SEITEN))
def test_geschaeftsfuehrung_sieht_nirgends_personendaten(client, mit_faellen, art):
    client.force_login(mit_faellen.users[Rolle.GESCHAEFTSFUEHRUNG])
    text = _text(client.get(SEITEN[art]))
    for merkmal in _personendaten(mit_faellen):
        assert merkmal not in text
    assert "/kennzahlen/faelle/" not in text  # no drill-down links at all


def test_geschaeftsfuehrung_hat_keinen_drilldown(client, mit_faellen):
    client.force_login(mit_faellen.users[Rolle.GESCHAEFTSFUEHRUNG])
    assert client.get(DRILLDOWN).status_code == 403
    assert client.get("/kennzahlen/faelle/kein_plan_rente/").status_code == 403


@pytest.mark.parametrize(
    "rolle", [Rolle.IFK, Rolle.TRAEGER, Rolle.ADMINISTRATION, Rolle.API_CLIENT]
)
def test_andere_rollen_haben_keinen_drilldown(client, mit_faellen, rolle):
    client.force_login(mit_faellen.users[rolle])
    assert client.get(DRILLDOWN).status_code == 403


def test_csv_enthaelt_jede_kennzahl(client, mit_faellen):
    client.force_login(mit_faellen.users[Rolle.GESCHAEFTSFUEHRUNG])
    antwort = client.get("/kennzahlen/export.csv")
    assert antwort["Content-Disposition"].startswith('attachment; filename="kennzahlen-')
    zeilen = antwort.content.decode("utf-8-sig").splitlines()
    assert zeilen[0] == "Bereich;Kennzahl;Gruppe;Wert"
    # Two and one: fewer than five people, so marked, not counted out.
    assert "Pünktlichkeit;Überfällige Planentwürfe heute;Gesamt;< 5" in zeilen
    assert "Abdeckung;kein Plan (Rz. 20);Renteneintritt steht bevor;< 5" in zeilen
    # As of when: the same time the page names.
    assert re.fullmatch(r"Stand;berechnet am;;\d\d\.\d\d\.\d{4} \d\d:\d\d", zeilen[1])
    bereiche = {z.split(";")[0] for z in zeilen[2:]}
    assert bereiche == {"Pünktlichkeit", "Abdeckung", "Träger-Abstimmung", "Lesbarkeit", "Fristen"}


def test_pdf_bericht_fuer_die_traegerversammlung(client, mit_faellen):
    client.force_login(mit_faellen.users[Rolle.GESCHAEFTSFUEHRUNG])
    antwort = client.get("/kennzahlen/bericht.pdf?monate=6")
    assert antwort["Content-Type"] == "application/pdf"
    text = _text(antwort)
    assert "Kennzahlen Jobcenter Rheinstadt" in text
    assert "Trägerversammlung" in text
    # The charts with their titles, then their tables with the figures.
    assert "Personen je Stand" in text
    assert "Wo die Leistungsberechtigten heute stehen" in text
    assert re.search(r"kein Plan: Renteneintritt steht bevor\s*< 5", text)
    # The gap is said, not drawn.
    assert re.search(r"Ohne Balken.*Renteneintritt\s+steht\s+bevor:\s+< 5", text, re.S), text
    # The plan's fonts, not DejaVu.
    schriften = _schriftnamen(PdfReader(io.BytesIO(antwort.content)))
    assert any("Atkinson-Hyperlegible" in s for s in schriften), schriften
    assert not any("DejaVu" in s for s in schriften), schriften


def _schriftnamen(reader) -> set[str]:
    namen = set()
    for seite in reader.pages:
        for schrift in (seite["/Resources"].get("/Font") or {}).values():
            schrift = schrift.get_object()
            for teil in [schrift, *(s.get_object() for s in schrift.get("/DescendantFonts", []))]:
                beschreibung = teil.get("/FontDescriptor")
                if beschreibung is not None:
                    namen.add(str(beschreibung.get_object()["/FontName"]))
            namen.add(str(schrift.get("/BaseFont")))
    return namen


def test_teamleitung_drilldown_zeigt_nur_eigenes_team_und_wird_protokolliert(client, mit_faellen):
    tl = mit_faellen.users[Rolle.TEAMLEITUNG]
    client.force_login(tl)
    seite = client.get("/kennzahlen/").content.decode()
    assert "/kennzahlen/faelle/entwurf_ueberfaellig/" in seite
    vorher = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    inhalt = client.get(DRILLDOWN).content.decode()
    assert mit_faellen.eigener_fall.nachname in inhalt
    assert mit_faellen.team_fall.nachname in inhalt
    assert mit_faellen.fremder_fall.kundennummer not in inhalt
    eintraege = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    assert eintraege.count() == vorher + 2
    assert set(eintraege.values_list("actor_id", flat=True)) == {tl.pk}
    # The other team's case stays hidden even when asked for by name.
    inhalt = client.get("/kennzahlen/faelle/kein_plan_rente/").content.decode()
    assert mit_faellen.sued.kundennummer not in inhalt


def test_unbekannte_kennzahl(client, mit_faellen):
    client.force_login(mit_faellen.users[Rolle.TEAMLEITUNG])
    assert client.get("/kennzahlen/faelle/gibt_es_nicht/").status_code == 403


def test_filter_fremdes_team_wird_ignoriert(client, mit_faellen):
    fremd = mit_faellen.fremder_fall.team
    client.force_login(mit_faellen.users[Rolle.GESCHAEFTSFUEHRUNG])
    inhalt = client.get(f"/kennzahlen/?team={fremd.pk}").content.decode()
    assert "ganzes Jobcenter" in inhalt
    assert fremd.name not in inhalt


def test_feste_zahl_von_abfragen(client, mit_faellen):
    """The page's queries do not grow with the data."""
    client.force_login(mit_faellen.users[Rolle.GESCHAEFTSFUEHRUNG])
    client.get("/kennzahlen/")
    with CaptureQueriesContext(connection) as vorher:
        client.get("/kennzahlen/")
    for _ in range(5):
        p = LeistungsberechtigterFactory(team=mit_faellen.team2)
        plan(
            mit_faellen,
            analyse(p, timezone.localdate() - datetime.timedelta(days=30)),
            timezone.localdate() - datetime.timedelta(days=25),
        )
    with CaptureQueriesContext(connection) as nachher:
        client.get("/kennzahlen/")
    assert len(nachher) == len(vorher) <= 20


def test_drilldown_schlichtung_nur_laufende(client, mit_faellen):
    heute = timezone.localdate()
    for fall, beendet in ((mit_faellen.eigener_fall, None), (mit_faellen.team_fall, heute)):
        pl = plan(mit_faellen, analyse(fall, heute - datetime.timedelta(days=40)), heute)
        Schlichtung.objects.create(
            plan=pl,
            beantragt_von="person",
            begonnen_am=heute - datetime.timedelta(days=10),
            ende_spaetestens=heute + datetime.timedelta(days=18),
            schlichter="Frau Neutral",
            beendet_am=beendet,
            ergebnis="einigung" if beendet else "",
        )
    client.force_login(mit_faellen.users[Rolle.TEAMLEITUNG])
    inhalt = client.get("/kennzahlen/faelle/schlichtung/").content.decode()
    assert mit_faellen.eigener_fall.kundennummer in inhalt
    assert mit_faellen.team_fall.kundennummer not in inhalt


MONATE = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"


def test_monate_heissen_monat_und_jahr(client, mit_faellen):
    client.force_login(mit_faellen.users[Rolle.GESCHAEFTSFUEHRUNG])
    text = client.get("/kennzahlen/").content.decode()
    assert re.search(rf'<th scope="row" class="kern-table__cell">({MONATE}) \d{{4}}</th>', text)
    assert not re.search(rf"\b1\. ({MONATE}) \d{{4}}", text)


def _diagrammdaten(seite: str) -> dict:
    block = re.search(
        r'<script id="kennzahlen-diagramme" type="application/json">(.*?)</script>', seite, re.S
    )
    return json.loads(block.group(1))


def test_abdeckung_und_abstimmung_als_diagramm_mit_tabelle(client, mit_faellen):
    client.force_login(mit_faellen.users[Rolle.GESCHAEFTSFUEHRUNG])
    seite = client.get("/kennzahlen/").content.decode()
    canvas = re.search(r'<canvas data-diagramm="abdeckung" role="img" aria-label="([^"]+)"', seite)
    assert canvas, "kein Diagramm der Abdeckung"
    # The label names the table holding the same figures, and that table is there.
    assert "Wo die Leistungsberechtigten heute stehen" in canvas.group(1)
    assert '<caption class="kern-title">Wo die Leistungsberechtigten heute stehen' in seite
    daten = _diagrammdaten(seite)
    abdeckung = daten["abdeckung"]
    zeile = abdeckung["beschriftungen"].index("kein Plan: Renteneintritt steht bevor")
    # One person: marked "< 5" in the table, a gap in the chart, never the number.
    assert abdeckung["reihen"][0]["werte"][zeile] is None
    werte = [w for d in daten.values() for r in d["reihen"] for w in r["werte"]]
    assert all(w is None or isinstance(w, int | float) for w in werte)
    assert "kein Plan: Renteneintritt steht bevor: &lt; 5" in seite  # the gap is named
    assert daten["abstimmung"]["tabelle"] == "Entscheidungen je Angebot (Anfragen im Zeitraum)"


def test_diagramm_zeichnet_grosse_zahlen_und_keine_kleinen():
    from kooperation.kleinzahlen import FOLGE, KLEIN
    from plans.kennzahlen.diagramme import abstimmung_diagramm, svg_balken

    d = abstimmung_diagramm(
        {
            "je_angebot": [
                ("Schuldnerberatung", {"zugestimmt": 12, "abgelehnt": KLEIN}),
                ("Suchtberatung", {"zugestimmt": FOLGE, "abgelehnt": 0}),
            ]
        }
    )
    assert d["reihen"] == [
        {"name": "zugestimmt", "werte": [12, None]},
        {"name": "abgelehnt", "werte": [None, 0]},
    ]
    assert "Schuldnerberatung (abgelehnt): < 5" in d["hinweis"]
    assert "Suchtberatung (zugestimmt): x" in d["hinweis"]
    svg = svg_balken(d)
    balken = [b for z in svg["zeilen"] for b in z["balken"]]
    assert [b["luecke"] for b in balken] == [False, True, True, False]
    assert float(balken[0]["laenge"]) > 0
    assert balken[0]["text"] == "12"
    assert balken[1]["text"] == "nicht gezeichnet"


def test_svg_diagramm_hat_koordinaten_mit_punkt():
    """The PDF's chart: German number formatting must not reach SVG lengths
    (a "143,5" width draws no bar at all)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from plans.kennzahlen.diagramme import abdeckung_diagramm, svg_balken

    d = abdeckung_diagramm(
        {
            "vereinbart": 143,
            "ueberpruefung": 7,
            "noch_ohne_plan": [("Neu", 16)],
            "kein_plan": [],
            "nichteinigung": 0,
            "schlichtung": 9,
        }
    )
    with translation.override("de"):
        svg = render_to_string(
            "plans/pdf/_balken.svg", {"name": "abdeckung", "dia": d, "s": svg_balken(d)}
        )
    assert not re.search(r'="\d+,\d', svg), svg
    assert re.search(r'<rect x="\d+" y="[\d.]+" width="\d+\.\d"', svg)
    assert "<title" in svg


def test_bericht_als_webseite_sagt_was_das_pdf_sagt(client, mit_faellen):
    client.force_login(mit_faellen.users[Rolle.GESCHAEFTSFUEHRUNG])
    dashboard = client.get("/kennzahlen/?monate=6").content.decode()
    assert 'href="/kennzahlen/bericht/?monate=6">Bericht als Webseite lesen</a>' in dashboard
    vorher = LogEntry.objects.count()
    seite = client.get("/kennzahlen/bericht/?monate=6")
    pdf = _text(client.get("/kennzahlen/bericht.pdf?monate=6"))
    assert seite.status_code == 200
    html = seite.content.decode()
    assert "<main>" in html
    assert 'href="/kennzahlen/bericht.pdf?monate=6">Als PDF</a>' in html
    # Every heading and table caption of the page is in the PDF, in the same order.
    teile = [
        html_text.unescape(re.sub(r"<[^>]+>", "", t)).strip()
        for t in re.findall(r"<(?:h1|h2|caption)>(.*?)</(?:h1|h2|caption)>", html, re.S)
    ]
    assert "Fristen im Verlauf" in teile
    assert len(teile) >= 8
    flach = " ".join(pdf.split())
    stellen = [flach.find(" ".join(t.split())) for t in teile]
    assert -1 not in stellen, list(zip(teile, stellen, strict=True))
    assert stellen == sorted(stellen)
    # Aggregates only, like the PDF: nothing personal, no read recorded.
    assert not any(s in html for s in _personendaten(mit_faellen))
    assert LogEntry.objects.count() == vorher
