"""The caseload: search, filters, sorting by next deadline, pages; a constant
number of queries whatever the page size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kooperation.access import Rolle
from tests.cases.factories import LeistungsberechtigterFactory

HEUTE = timezone.localdate()


@pytest.fixture
def faelle(welt):
    ifk = welt.users[Rolle.IFK]
    tag = datetime.timedelta(days=1)
    return {
        "ueberfaellig": LeistungsberechtigterFactory(
            team=welt.team,
            zustaendig=ifk,
            nachname="Adler",
            naechste_frist=HEUTE - 3 * tag,
            phase="planung",
        ),
        "bald": LeistungsberechtigterFactory(
            team=welt.team,
            zustaendig=ifk,
            nachname="Brandt",
            naechste_frist=HEUTE + 2 * tag,
            phase="vereinbart",
        ),
        "spaeter": LeistungsberechtigterFactory(
            team=welt.team,
            zustaendig=ifk,
            nachname="Cordes",
            naechste_frist=HEUTE + 60 * tag,
            phase="vereinbart",
            kundennummer="K-SUCHE-1",
        ),
    }


def namen(antwort) -> list[str]:
    return [p.nachname for p in antwort.context["seite"]]


def test_sortiert_nach_naechster_frist_ohne_frist_zuletzt(client, welt, faelle):
    client.force_login(welt.users[Rolle.IFK])
    reihenfolge = namen(client.get("/faelle/"))
    assert reihenfolge[:3] == ["Adler", "Brandt", "Cordes"]
    assert reihenfolge[-1] == welt.eigener_fall.nachname  # no deadline: last


@pytest.mark.parametrize(
    ("abfrage", "erwartet"),
    [
        ("?ueberfaellig=1", ["Adler"]),
        ("?phase=vereinbart", ["Brandt", "Cordes"]),
        (f"?frist_bis={(HEUTE + datetime.timedelta(days=7)).isoformat()}", ["Adler", "Brandt"]),
        ("?q=cor", ["Cordes"]),
        ("?q=K-SUCHE-1", ["Cordes"]),
        ("?phase=unsinn&frist_bis=kein-datum", ["Adler", "Brandt", "Cordes", None]),
    ],
)
def test_filter_und_suche(client, welt, faelle, abfrage, erwartet):
    client.force_login(welt.users[Rolle.IFK])
    gefunden = namen(client.get("/faelle/" + abfrage))
    if erwartet[-1] is None:  # invalid filters are ignored, not an error
        assert gefunden[:3] == erwartet[:3]
    else:
        assert gefunden == erwartet


def test_seiten_behalten_die_filter(client, welt, settings):
    settings.SEITENGROESSE = 2
    for i in range(5):
        LeistungsberechtigterFactory(
            team=welt.team,
            zustaendig=welt.users[Rolle.IFK],
            nachname=f"Seite{i}",
            phase="vereinbart",
        )
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.get("/faelle/?phase=vereinbart&seite=2")
    assert namen(antwort) == ["Seite2", "Seite3"]
    inhalt = antwort.content.decode()
    assert "phase=vereinbart&amp;seite=3" in inhalt
    assert "Seite 2 von 3" in inhalt


def anzahl_abfragen(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_abfragen_wachsen_nicht_mit_der_seitengroesse(client, welt, settings):
    ifk = welt.users[Rolle.IFK]
    for _ in range(60):
        LeistungsberechtigterFactory(
            team=welt.team, zustaendig=ifk, naechste_frist=HEUTE + datetime.timedelta(days=3)
        )
    client.force_login(ifk)
    # Once for what a process reads only once (content types).
    anzahl_abfragen(client, "/faelle/?bereich=team")
    settings.SEITENGROESSE = 5
    klein = anzahl_abfragen(client, "/faelle/?bereich=team")
    settings.SEITENGROESSE = 50
    gross = anzahl_abfragen(client, "/faelle/?bereich=team")
    assert klein == gross
    # Session, user, the covers of the day (access policy), the page's rows
    # and counts, the list's one access entry and, on PostgreSQL, the audit
    # chain's lock; the team's list reads no Wiedervorlagen or notices (the
    # start page's lists are not on it).
    assert gross <= (11 if connection.vendor == "postgresql" else 10)
