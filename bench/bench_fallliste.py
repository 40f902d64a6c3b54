"""Caseload page (issue 3): server time of the IFK team caseload on 100,000
people against a bare SELECT of the same page of rows; queries per page at
two page sizes (must not grow)."""

from __future__ import annotations

import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.run import bench_line
from cases.models import Leistungsberechtigter
from kooperation.models import User

PERSONEN = 100_000
WIEDERHOLUNGEN = 30


def _daten() -> tuple[User, int]:
    jc_name = "Skalierung 1"
    if not Leistungsberechtigter.objects.filter(jobcenter__name=jc_name).exists():
        call_command("seed_scale", people=PERSONEN, stdout=open("/dev/null", "w"))  # noqa: SIM115
    ifk = User.objects.filter(jobcenter__name=jc_name, username__endswith="_ifk_0_0").get()
    return ifk, Leistungsberechtigter.objects.filter(jobcenter=ifk.jobcenter).count()


def _median(fn) -> float:
    fn()  # warm up caches and connections
    zeiten = []
    for _ in range(WIEDERHOLUNGEN):
        start = time.perf_counter()
        fn()
        zeiten.append(time.perf_counter() - start)
    return statistics.median(zeiten)


def main(argv) -> None:
    ifk, anzahl = _daten()
    client = Client()
    client.force_login(ifk)
    url = "/faelle/?bereich=team"
    seite = settings.SEITENGROESSE

    def seite_laden():
        antwort = client.get(url)
        assert antwort.status_code == 200, antwort.status_code

    sql = (
        "SELECT lb.id, lb.vorname, lb.nachname, lb.kundennummer, lb.phase, lb.naechste_frist, "
        "lb.geburtsdatum, t.name, u.first_name, u.last_name, u.username "
        "FROM cases_leistungsberechtigter lb "
        "JOIN kooperation_team t ON t.id = lb.team_id "
        "LEFT JOIN kooperation_user u ON u.id = lb.zustaendig_id "
        "WHERE lb.jobcenter_id = %s AND lb.team_id = %s "
        "ORDER BY lb.naechste_frist ASC NULLS LAST, lb.nachname, lb.vorname, lb.id LIMIT %s"
    )

    def bare_select():
        with connection.cursor() as cur:
            cur.execute(sql, [ifk.jobcenter_id, ifk.team_id, seite])
            assert len(cur.fetchall()) == seite

    ours = _median(seite_laden)
    bare = _median(bare_select)
    bench_line(
        f"fallliste_seite_{anzahl}_personen",
        ours * 1000,
        "ms",
        bare * 1000,
        f"bare SELECT of the same {seite} rows",
    )
    abfragen = {}
    for groesse in (10, 100):
        settings.SEITENGROESSE = groesse
        with CaptureQueriesContext(connection) as ctx:
            seite_laden()
        abfragen[groesse] = len(ctx.captured_queries)
    settings.SEITENGROESSE = seite
    bench_line(
        "fallliste_abfragen_je_seite",
        abfragen[100],
        "queries",
        abfragen[10],
        "queries at page size 10 (this figure: page size 100)",
    )
