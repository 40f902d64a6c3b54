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


def test_eine_zeile_zeigt_name_stand_frist_team_und_zustaendige(client, welt, faelle):
    """What each row of the caseload says, as the IFK reads it: the name
    "Nachname, Vorname" linking to the case, the stage in words, the next
    deadline (marked when overdue), team and responsible colleague; "–" where
    there is no deadline."""
    ifk = welt.users[Rolle.IFK]
    adler = faelle["ueberfaellig"]
    client.force_login(ifk)
    inhalt = client.get("/faelle/").content.decode()
    frist = f"{adler.naechste_frist:%d.%m.%Y}"
    assert (
        f'<td class="kern-table__cell"><a class="kern-link" href="/faelle/{adler.pk}/">'
        f"Adler, {adler.vorname}</a></td>"
    ) in inhalt
    assert f'<td class="kern-table__cell app-ueberfaellig">{frist} (überfällig)</td>' in inhalt
    brandt = faelle["bald"]
    assert f'<td class="kern-table__cell">{brandt.naechste_frist:%d.%m.%Y}</td>' in inhalt
    assert '<td class="kern-table__cell">Plan vereinbart</td>' in inhalt
    assert f'<td class="kern-table__cell">{welt.team.name}</td>' in inhalt
    assert f'<td class="kern-table__cell">{ifk.get_full_name() or ifk.username}</td>' in inhalt
    assert '<td class="kern-table__cell">–</td>' in inhalt  # the case without a deadline


def test_namen_werden_maskiert(client, welt):
    """Names go into the page as text, never as markup."""
    LeistungsberechtigterFactory(
        team=welt.team, zustaendig=welt.users[Rolle.IFK], nachname="<b>Fett</b>"
    )
    client.force_login(welt.users[Rolle.IFK])
    inhalt = client.get("/faelle/").content.decode()
    assert "&lt;b&gt;Fett&lt;/b&gt;, " in inhalt
    assert "<b>Fett</b>" not in inhalt


@pytest.mark.parametrize("praefix", ["/", "/jobcenter/"])
@pytest.mark.parametrize("name", ["cases:fall", "cases:wv_erledigt", "cases:wv_verschieben"])
def test_links_der_zeilen_wie_reverse_auch_unter_einem_pfad(name, praefix):
    """The rows' links, reversed once per page, are the URLs Django reverses
    for each id, also where the application runs below a path."""
    from django.urls import get_script_prefix, reverse, set_script_prefix

    from cases.zeilen import url_je_id

    vorher = get_script_prefix()
    set_script_prefix(praefix)
    try:
        link = url_je_id(name)
        for pk in (1, 7, 918273645, 10**12):
            assert link(pk) == reverse(name, args=[pk])
    finally:
        set_script_prefix(vorher)
