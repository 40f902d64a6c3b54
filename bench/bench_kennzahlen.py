"""Kennzahlen dashboard (issue 8): server time of the Geschäftsführung's page
on 100,000 people and 300,000 plan versions against the bare SQL aggregate
queries its figures need (the same statements run on a cursor, no ORM, no
template); the page reads the figures kept ready (``plans.kennzahlen.vorrat``),
so the recomputation a change causes later is measured too; and the page's
number of queries, whatever the data size (target: at most 20).

Data: ``seed_scale --personen 100000 --plaene 300000 --vielfalt`` (once)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.run import bench_line, mediane
from cases.models import Leistungsberechtigter
from kooperation.access import Rolle, rollen_gruppenname
from kooperation.models import Jobcenter, User
from plans.kennzahlen.auswahl import auswahl_fuer
from plans.kennzahlen.vorrat import auffrischen
from plans.kennzahlen.zahlen import kennzahlen_berechnen
from plans.models import KennzahlenAenderung, PlanVersion

PERSONEN = 100_000
PLAENE = 300_000
WIEDERHOLUNGEN = 5
HOECHSTENS_ABFRAGEN = 20


def _jobcenter() -> Jobcenter:
    """The first seeded Jobcenter of the full size (people and plans; the other
    benchmarks seed 100,000 people with one plan each), seeded when missing."""
    for jc in Jobcenter.objects.filter(name__startswith="Skalierung").order_by("pk"):
        if (
            Leistungsberechtigter.objects.filter(jobcenter=jc).count() >= PERSONEN
            and PlanVersion.objects.filter(plan__leistungsberechtigter__jobcenter=jc).count()
            >= PLAENE
        ):
            return jc
    call_command(
        "seed_scale",
        personen=PERSONEN,
        plaene=PLAENE,
        vielfalt=True,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    return Jobcenter.objects.filter(name__startswith="Skalierung").latest("pk")


def _geschaeftsfuehrung(jc: Jobcenter) -> User:
    gf, neu = User.objects.get_or_create(username=f"bench_gf_{jc.pk}", defaults={"jobcenter": jc})
    if neu:
        gf.set_unusable_password()
        gf.save()
        Group.objects.get(name=rollen_gruppenname(Rolle.GESCHAEFTSFUEHRUNG)).user_set.add(gf)
    return gf


def main(argv) -> None:
    jc = _jobcenter()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")  # planner statistics after the bulk load
    gf = _geschaeftsfuehrung(jc)
    personen = Leistungsberechtigter.objects.filter(jobcenter=jc).count()
    versionen = PlanVersion.objects.filter(plan__leistungsberechtigter__jobcenter=jc).count()
    client = Client()
    client.force_login(gf)

    def seite_laden():
        antwort = client.get("/kennzahlen/")
        assert antwort.status_code == 200, antwort.status_code

    # The aggregate statements the figures need, as the recomputation sends them.
    auswahl = auswahl_fuer(user=gf, team_id=None, monate=12, heute=timezone.localdate())
    with CaptureQueriesContext(connection) as ctx:
        kennzahlen_berechnen(auswahl)
    statements = [q["sql"] for q in ctx.captured_queries]

    def bare_sql():
        with connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
                cur.fetchall()

    ours, bare = mediane(seite_laden, bare_sql, wiederholungen=WIEDERHOLUNGEN)
    bench_line(
        f"kennzahlen_seite_{personen}_personen_{versionen}_versionen",
        ours * 1000,
        "ms",
        bare * 1000,
        f"bare SQL of the {len(statements)} aggregate queries",
    )

    # What a change costs later, in the task: recomputing the kept selection
    # the page read (the whole Jobcenter, 12 months), against the same bare SQL.
    def neu_berechnen():
        KennzahlenAenderung.objects.create(jobcenter=jc)
        assert auffrischen(jc.pk) >= 1

    neu, bare = mediane(neu_berechnen, bare_sql, wiederholungen=3)
    bench_line(
        f"kennzahlen_neuberechnung_{personen}_personen",
        neu * 1000,
        "ms",
        bare * 1000,
        f"bare SQL of the {len(statements)} aggregate queries",
    )
    with CaptureQueriesContext(connection) as ctx:
        seite_laden()
    bench_line(
        "kennzahlen_abfragen_je_seite",
        len(ctx.captured_queries),
        "queries",
        HOECHSTENS_ABFRAGEN,
        f"target of at most {HOECHSTENS_ABFRAGEN} queries at {personen} people",
    )
