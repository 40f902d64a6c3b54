"""Bedarfsanalyse (issue 9): server time of the matrix (needs × Angebote,
counts per team from each person's latest completed Potenzialanalyse) on
100,000 people, against a bare GROUP BY over all their Handlungsbedarfe
(which does not pick the latest analysis); and the number of queries, which
must not grow with the number of Angebote."""

from __future__ import annotations

import random

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.run import bench_line, mediane
from cases.models import Handlungsbedarf, Leistungsberechtigter, Potenzialanalyse
from cases.selectors import bedarfsanalyse
from kooperation.katalog import Bedarfsbereich
from kooperation.models import User
from partners.models import Angebot, Partner

PERSONEN = 100_000
WIEDERHOLUNGEN = 10
JC_NAME = "Skalierung 1"


def _daten() -> User:
    if not Leistungsberechtigter.objects.filter(jobcenter__name=JC_NAME).exists():
        call_command("seed_scale", personen=PERSONEN, stdout=open("/dev/null", "w"))  # noqa: SIM115
    ifk = User.objects.filter(jobcenter__name=JC_NAME, username__endswith="_ifk_0_0").get()
    jc = ifk.jobcenter
    pas = Potenzialanalyse.objects.filter(leistungsberechtigter__jobcenter=jc)
    if not Handlungsbedarf.objects.filter(potenzialanalyse__in=pas[:1]).exists():
        rng = random.Random(9)
        bereiche = list(Bedarfsbereich.values)
        for ab in range(0, PERSONEN, 5000):
            ids = list(pas.order_by("pk").values_list("pk", flat=True)[ab : ab + 5000])
            Handlungsbedarf.objects.bulk_create(
                [
                    Handlungsbedarf(potenzialanalyse_id=pa, bereich=b)
                    for pa in ids
                    for b in rng.sample(bereiche, rng.randint(1, 3))
                ]
            )
        rng = random.Random(10)
        for n in range(40):
            p, _ = Partner.objects.get_or_create(jobcenter=jc, name=f"Partner {n}", art="beratung")
            Angebot.objects.get_or_create(
                jobcenter=jc,
                titel=f"Angebot {n}",
                defaults={"partner": p, "bereiche": rng.sample(bereiche, 2), "plaetze": 50},
            )
        with connection.cursor() as cur:
            cur.execute("ANALYZE cases_handlungsbedarf")
    return ifk


def main(argv) -> None:
    ifk = _daten()
    heute = timezone.localdate()
    anzahl = Leistungsberechtigter.objects.filter(jobcenter=ifk.jobcenter).count()

    def matrix():
        m = bedarfsanalyse(user=ifk, stichtag=heute)
        assert sum(z.personen for z in m.zeilen) > 0

    sql = (
        "SELECT hb.bereich, lb.team_id, COUNT(*) FROM cases_handlungsbedarf hb "
        "JOIN cases_potenzialanalyse pa ON pa.id = hb.potenzialanalyse_id "
        "JOIN cases_leistungsberechtigter lb ON lb.id = pa.leistungsberechtigter_id "
        "WHERE lb.jobcenter_id = %s AND pa.status = 'abgeschlossen' "
        "GROUP BY hb.bereich, lb.team_id"
    )

    def bare_group_by():
        with connection.cursor() as cur:
            cur.execute(sql, [ifk.jobcenter_id])
            assert cur.fetchall()

    ours, bare = mediane(matrix, bare_group_by, wiederholungen=WIEDERHOLUNGEN)
    bench_line(
        f"bedarfsanalyse_matrix_{anzahl}_personen",
        ours * 1000,
        "ms",
        bare * 1000,
        "bare GROUP BY over all completed analyses' Handlungsbedarfe",
    )

    def abfragen() -> int:
        with CaptureQueriesContext(connection) as ctx:
            matrix()
        return len(ctx.captured_queries)

    alle = Angebot.objects.filter(jobcenter=ifk.jobcenter, aktiv=True)
    viele = abfragen()
    anzahl_viele = alle.count()
    wenige_ids = list(alle.order_by("pk").values_list("pk", flat=True)[:4])
    alle.exclude(pk__in=wenige_ids).update(aktiv=False)
    try:
        wenige = abfragen()
    finally:
        Angebot.objects.filter(jobcenter=ifk.jobcenter).update(aktiv=True)
    bench_line(
        f"bedarfsanalyse_abfragen_{anzahl_viele}_angebote",
        viele,
        "queries",
        wenige,
        "queries with 4 Angebote",
    )
