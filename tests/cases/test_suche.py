"""The caseload's search: both name orders, umlauts folded, Kundennummer by
prefix and part, birth date; the search key follows every save."""

import datetime

import pytest
from django.db import connection

from cases.models import Leistungsberechtigter
from cases.suchname import falten
from kooperation.access import Rolle
from tests.cases.factories import LeistungsberechtigterFactory


@pytest.fixture
def personen(welt):
    ifk = welt.users[Rolle.IFK]

    def person(vorname, nachname, kundennummer, geburtsdatum=datetime.date(1985, 5, 17)):
        return LeistungsberechtigterFactory(
            team=welt.team,
            zustaendig=ifk,
            vorname=vorname,
            nachname=nachname,
            kundennummer=kundennummer,
            geburtsdatum=geburtsdatum,
        )

    return {
        "mueller": person("Marica", "Müller", "123D456789", datetime.date(1990, 4, 3)),
        "strasser": person("Jürgen", "Straßer-Öztürk", "123D000111"),
        "muellerin": person("Ömer", "Müllerschön", "987X654321"),
        "marie": person("Marie", "Becker", "555A111222"),
    }


def gefunden(client, welt, q) -> set[str]:
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.get("/faelle/", {"q": q, "bereich": "eigene"})
    return {p.nachname for p in antwort.context["seite"]}


@pytest.mark.parametrize(
    ("q", "erwartet"),
    [
        ("Müller, Marica", {"Müller"}),
        ("Marica Müller", {"Müller"}),
        ("mueller", {"Müller", "Müllerschön"}),
        ("MUELLER marica", {"Müller"}),
        ("müller, mar", {"Müller"}),
        ("strasser", {"Straßer-Öztürk"}),
        ("oeztuerk", {"Straßer-Öztürk"}),
        ("Öztürk, Jürgen", {"Straßer-Öztürk"}),
        ("juergen", {"Straßer-Öztürk"}),
        ("ller", set()),  # a name is found by its start, not its middle
        ("123D", {"Müller", "Straßer-Öztürk"}),
        ("456789", {"Müller"}),
        ("d000", {"Straßer-Öztürk"}),
        ("03.04.1990", {"Müller"}),
        ("3.4.1990", {"Müller"}),
        ("17.05.1985 becker", {"Becker"}),
        ("31.02.1990", set()),
        ("", {"Müller", "Straßer-Öztürk", "Müllerschön", "Becker", "__eigener__"}),
    ],
)
def test_suche(client, welt, personen, q, erwartet):
    erwartet = {welt.eigener_fall.nachname if n == "__eigener__" else n for n in erwartet}
    assert gefunden(client, welt, q) == erwartet


def test_suche_findet_nichts_ausserhalb_des_eigenen_bereichs(client, welt, personen):
    assert gefunden(client, welt, welt.fremder_fall.kundennummer) == set()
    assert gefunden(client, welt, welt.team_fall.nachname) == set()
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.get("/faelle/", {"q": welt.team_fall.nachname, "bereich": "team"})
    assert {p.nachname for p in antwort.context["seite"]} == {welt.team_fall.nachname}


def test_suchschluessel_folgt_jeder_aenderung(welt, personen):
    p = personen["marie"]
    p.nachname = "Groß"
    p.save(update_fields=["nachname"])
    assert Leistungsberechtigter.objects.get(pk=p.pk).suchname == " gross marie | 555a111222 "


@pytest.mark.parametrize(
    ("text", "gefaltet"),
    [
        ("Müller", "mueller"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("José-María", "jose maria"),
        ("O'Neill", "o neill"),
        ("ẞ", "ss"),
    ],
)
def test_falten(text, gefaltet):
    assert falten(text) == gefaltet


@pytest.mark.postgres
def test_postgres_liest_den_trigrammindex(welt, personen):
    with connection.cursor() as c:
        c.execute("SET enable_seqscan = off")
        c.execute(
            "EXPLAIN SELECT id FROM cases_leistungsberechtigter WHERE suchname LIKE %s",
            ["% mueller%"],
        )
        plan = " ".join(z[0] for z in c.fetchall())
        c.execute("SET enable_seqscan = on")
    assert "lb_suchname_trgm" in plan
