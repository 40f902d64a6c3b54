"""Caseload page (issue 3): server time of the IFK team caseload on 100,000
people against a bare SELECT of the same page of rows (the issue's figure);
for context the same page against a plain Django view rendering the same rows
through the same middleware and login, and an empty login-required page
against the bare SELECT (the floor any page of this application starts
from); queries per page at two page sizes (must not grow)."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from bench.run import bench_line, mediane
from cases.models import Leistungsberechtigter
from kooperation import access
from kooperation.models import User

PERSONEN = 100_000
WIEDERHOLUNGEN = 50

_ZEILEN = engines["django"].from_string(
    '<table>{% for p in zeilen %}<tr><td><a href="/faelle/{{ p.pk }}/">{{ p.nachname }}, '
    "{{ p.vorname }}</a></td><td>{{ p.kundennummer }}</td><td>{{ p.phase }}</td>"
    "<td>{{ p.naechste_frist }}</td><td>{{ p.team__name }}</td>"
    "<td>{{ p.zustaendig__first_name }} {{ p.zustaendig__last_name }}</td></tr>{% endfor %}</table>"
)


@login_required
def schlichte_seite(request):
    """Baseline: the same rows (same scope from the policy, same order) as
    dictionaries in a bare template, no layout, filters, count or Wiedervorlagen."""
    zeilen = (
        Leistungsberechtigter.objects.filter(access.team_faelle_q(request.user))
        .order_by("naechste_frist", "nachname", "vorname", "pk")
        .values(
            "pk",
            "vorname",
            "nachname",
            "kundennummer",
            "phase",
            "naechste_frist",
            "team__name",
            "zustaendig__first_name",
            "zustaendig__last_name",
        )[: settings.SEITENGROESSE]
    )
    return HttpResponse(_ZEILEN.render({"zeilen": zeilen}))


@login_required
def leere_seite(request):
    """The floor: session, user and every middleware, nothing else."""
    return HttpResponse("<!DOCTYPE html><title>leer</title>")


urlpatterns = [
    path("bench/schlicht/", schlichte_seite),
    path("bench/leer/", leere_seite),
    path("", include("kooperation.urls")),
]


def _daten() -> tuple[User, int]:
    jc_name = "Skalierung 1"
    if not Leistungsberechtigter.objects.filter(jobcenter__name=jc_name).exists():
        call_command("seed_scale", personen=PERSONEN, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE cases_leistungsberechtigter")  # steady state, as autovacuum
    ifk = User.objects.filter(jobcenter__name=jc_name, username__endswith="_ifk_0_0").get()
    return ifk, Leistungsberechtigter.objects.filter(jobcenter=ifk.jobcenter).count()


def _faelle(antwort) -> list[str]:
    return re.findall(r'href="/faelle/(\d+)/"', antwort.content.decode())


def main(argv) -> None:
    ifk, anzahl = _daten()
    client = Client()
    client.force_login(ifk)
    seite = settings.SEITENGROESSE

    def laden(url):
        def abrufen():
            antwort = client.get(url)
            assert antwort.status_code == 200, (url, antwort.status_code)
            return antwort

        return abrufen

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

    unsere = laden("/faelle/?bereich=team")
    with override_settings(ROOT_URLCONF="bench.bench_fallliste"):
        schlicht = laden("/bench/schlicht/")
        # Both pages show the same people in the same order.
        if _faelle(unsere()) != _faelle(schlicht()):
            raise RuntimeError("Fallliste und schlichte Seite zeigen verschiedene Zeilen")
        ours, plain, leer, bare = mediane(
            unsere, schlicht, laden("/bench/leer/"), bare_select, wiederholungen=WIEDERHOLUNGEN
        )
    bench_line(
        f"fallliste_seite_{anzahl}_personen",
        ours * 1000,
        "ms",
        bare * 1000,
        f"bare SELECT of the same {seite} rows (issue target ratio <= 3)",
    )
    bench_line(
        "fallliste_seite_gegen_schlichte_django_seite",
        ours * 1000,
        "ms",
        plain * 1000,
        f"plain Django view with login rendering the same {seite} rows, same middleware "
        "(no layout, filters, count or Wiedervorlagen)",
    )
    bench_line(
        "leere_seite_mit_anmeldung",
        leer * 1000,
        "ms",
        bare * 1000,
        f"bare SELECT of the same {seite} rows: the floor of any logged-in page",
    )
    abfragen = {}
    for groesse in (10, 100):
        settings.SEITENGROESSE = groesse
        with CaptureQueriesContext(connection) as ctx:
            unsere()
        abfragen[groesse] = len(ctx.captured_queries)
    settings.SEITENGROESSE = seite
    bench_line(
        "fallliste_abfragen_je_seite",
        abfragen[100],
        "queries",
        abfragen[10],
        "queries at page size 10 (this figure: page size 100)",
    )
