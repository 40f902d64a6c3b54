"""Search and start page on 100,000 people: the team caseload searched for
"mueller" and for a part of a Kundennummer from its middle, each against a
plain Django view rendering the same rows; the search's database work (count
and page, as the page runs them) against the bare SQL of the same search;
and the IFK's start page with 500 open Wiedervorlagen against a plain Django
view of the same rows, with its queries against those of a colleague's start
page with only a few (they must not grow with the rows)."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F
from django.http import HttpResponse
from django.template import engines
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils import timezone

from bench.bench_fallliste import _daten
from bench.run import bench_line, mediane
from cases.models import Leistungsberechtigter
from cases.selectors import leistungsberechtigte_fuer
from cases.suchname import suchbedingung
from kooperation import access
from kooperation.models import Fristart, Wiedervorlage

WIEDERHOLUNGEN = 30
SUCHE = "mueller"
# Part of the seeded Kundennummern ``S1-000NNNNN`` from their middle: about
# ten people of the Jobcenter, found through the trigram index.
KUNDENNUMMER_TEIL = "0004567"
OFFENE = 500

_ZEILEN = engines["django"].from_string(
    '<table>{% for p in zeilen %}<tr><td><a href="/faelle/{{ p.pk }}/">{{ p.nachname }}, '
    "{{ p.vorname }}</a></td><td>{{ p.kundennummer }}</td><td>{{ p.phase }}</td>"
    "<td>{{ p.naechste_frist }}</td><td>{{ p.team__name }}</td>"
    "<td>{{ p.zustaendig__first_name }} {{ p.zustaendig__last_name }}</td></tr>{% endfor %}"
    "</table><p>{{ anzahl }}</p>"
    "{% for w in wv %}<p>{{ w.faellig_am }} {{ w.art }} {{ w.leistungsberechtigter_id }}</p>"
    "{% endfor %}"
)
_FELDER = (
    "pk",
    "vorname",
    "nachname",
    "kundennummer",
    "phase",
    "naechste_frist",
    "team__name",
    "zustaendig__first_name",
    "zustaendig__last_name",
)


def _reihenfolge():
    return (F("naechste_frist").asc(nulls_last=True), "nachname", "vorname", "pk")


@login_required
def schlichte_suche(request):
    """Baseline: the same rows of the same search, as dictionaries in a bare template."""
    qs = Leistungsberechtigter.objects.filter(access.team_faelle_q(request.user)).filter(
        suchbedingung(request.GET["q"])
    )
    zeilen = qs.order_by(*_reihenfolge()).values(*_FELDER)[: settings.SEITENGROESSE]
    return HttpResponse(_ZEILEN.render({"zeilen": zeilen, "anzahl": qs.count()}))


@login_required
def schlichter_start(request):
    """Baseline of the start page: the own caseload's page and the two
    Wiedervorlagen pages' rows, bare."""
    heute = timezone.localdate()
    qs = Leistungsberechtigter.objects.filter(access.eigene_faelle_q(request.user))
    zeilen = qs.order_by(*_reihenfolge()).values(*_FELDER)[: settings.SEITENGROESSE]
    offen = Wiedervorlage.objects.filter(zustaendig=request.user, status="offen")
    sonntag = heute + datetime.timedelta(days=6 - heute.weekday())
    wv = list(offen.filter(faellig_am__lt=heute).order_by("faellig_am", "pk").values()[:10])
    wv += list(
        offen.filter(faellig_am__gte=heute, faellig_am__lte=sonntag)
        .order_by("faellig_am", "pk")
        .values()[:10]
    )
    return HttpResponse(_ZEILEN.render({"zeilen": zeilen, "anzahl": qs.count(), "wv": wv}))


urlpatterns = [
    path("bench/suche/", schlichte_suche),
    path("bench/start/", schlichter_start),
    path("", include("kooperation.urls")),
]


def _faelle(antwort) -> list[str]:
    return re.findall(r'href="/faelle/(\d+)/"', antwort.content.decode())


def _wiedervorlagen(ifk) -> None:
    """500 open Wiedervorlagen of the IFK that her start page lists: overdue
    (up to 20 days) or due this week (made once). Open ones further ahead,
    as the scale seed files them, would leave both lists empty."""
    heute = timezone.localdate()
    sonntag = heute + datetime.timedelta(days=6 - heute.weekday())
    frueheste = heute - datetime.timedelta(days=20)
    vorhanden = Wiedervorlage.objects.filter(
        zustaendig=ifk, status="offen", faellig_am__gte=frueheste, faellig_am__lte=sonntag
    ).count()
    if vorhanden >= OFFENE:
        return
    typ = ContentType.objects.get_for_model(Leistungsberechtigter)
    personen = list(
        Leistungsberechtigter.objects.filter(zustaendig=ifk).values_list("pk", flat=True)[:OFFENE]
    )
    tage = (sonntag - frueheste).days + 1
    Wiedervorlage.objects.bulk_create(
        [
            Wiedervorlage(
                jobcenter_id=ifk.jobcenter_id,
                team_id=ifk.team_id,
                zustaendig=ifk,
                art=Fristart.TERMIN,
                faellig_am=frueheste + datetime.timedelta(days=i % tage),
                ursache_typ=typ,
                ursache_id=910_000_000 + i,
                leistungsberechtigter_id=personen[i % len(personen)],
            )
            for i in range(OFFENE - vorhanden)
        ],
        ignore_conflicts=True,
    )


def main(argv) -> None:
    ifk, anzahl = _daten()
    _wiedervorlagen(ifk)
    client = Client()
    client.force_login(ifk)
    seite = settings.SEITENGROESSE

    def laden(url):
        def abrufen():
            antwort = client.get(url)
            assert antwort.status_code == 200, (url, antwort.status_code)
            return antwort

        return abrufen

    unsere = laden(f"/faelle/?bereich=team&q={SUCHE}")
    unsere_nummer = laden(f"/faelle/?bereich=team&q={KUNDENNUMMER_TEIL}")
    start = laden("/faelle/")
    with override_settings(ROOT_URLCONF="bench.bench_suche"):
        schlicht = laden(f"/bench/suche/?q={SUCHE}")
        schlicht_nummer = laden(f"/bench/suche/?q={KUNDENNUMMER_TEIL}")
        if _faelle(unsere())[-seite:] != _faelle(schlicht()):
            raise RuntimeError("Suche und schlichte Seite zeigen verschiedene Zeilen")
        if _faelle(unsere_nummer())[-seite:] != _faelle(schlicht_nummer()):
            raise RuntimeError("Kundennummernsuche und schlichte Seite zeigen verschiedene Zeilen")
        start_schlicht = laden("/bench/start/")
        ours, plain, n_ours, n_plain, s_ours, s_plain = mediane(
            unsere,
            schlicht,
            unsere_nummer,
            schlicht_nummer,
            start,
            start_schlicht,
            wiederholungen=WIEDERHOLUNGEN,
        )

    def datenbank():
        qs = leistungsberechtigte_fuer(user=ifk, suche=SUCHE, nur_team=True)
        s = Paginator(qs, seite).get_page(1)
        list(s.object_list)

    sql_anzahl = (
        "SELECT count(*) FROM cases_leistungsberechtigter "
        "WHERE jobcenter_id = %s AND team_id = %s AND suchname LIKE %s"
    )
    sql_zeilen = (
        "SELECT lb.id, lb.vorname, lb.nachname, lb.kundennummer, lb.phase, lb.naechste_frist, "
        "lb.geburtsdatum, t.name, u.first_name, u.last_name, u.username "
        "FROM cases_leistungsberechtigter lb "
        "JOIN kooperation_team t ON t.id = lb.team_id "
        "LEFT JOIN kooperation_user u ON u.id = lb.zustaendig_id "
        "WHERE lb.jobcenter_id = %s AND lb.team_id = %s AND lb.suchname LIKE %s "
        "ORDER BY lb.naechste_frist ASC NULLS LAST, lb.nachname, lb.vorname, lb.id LIMIT %s"
    )

    def bare():
        muster = f"% {SUCHE}%"
        with connection.cursor() as cur:
            cur.execute(sql_anzahl, [ifk.jobcenter_id, ifk.team_id, muster])
            cur.fetchall()
            cur.execute(sql_zeilen, [ifk.jobcenter_id, ifk.team_id, muster, seite])
            cur.fetchall()

    db_ours, db_bare = mediane(datenbank, bare, wiederholungen=WIEDERHOLUNGEN)
    bench_line(
        f"suche_{SUCHE}_seite_{anzahl}_personen",
        ours * 1000,
        "ms",
        plain * 1000,
        "plain Django view with login rendering the same rows (issue target ratio <= 3)",
    )
    bench_line(
        "suche_kundennummer_teil_seite",
        n_ours * 1000,
        "ms",
        n_plain * 1000,
        "plain Django view with login rendering the same rows (issue target ratio <= 3)",
    )
    bench_line(
        "suche_datenbank",
        db_ours * 1000,
        "ms",
        db_bare * 1000,
        "bare SQL of the same search, count and page (issue target ratio <= 2)",
    )
    bench_line(
        f"startseite_{OFFENE}_offene_wiedervorlagen",
        s_ours * 1000,
        "ms",
        s_plain * 1000,
        "plain Django view of the same rows (issue target ratio <= 3)",
    )
    with CaptureQueriesContext(connection) as ctx:
        start()
    kollegin = _kollegin_mit_wenigen(ifk)
    client.force_login(kollegin)
    start()  # what a new session reads once, as for the 500-row page above
    with CaptureQueriesContext(connection) as wenige:
        start()
    bench_line(
        "startseite_abfragen",
        len(ctx.captured_queries),
        "queries",
        len(wenige.captured_queries),
        f"the same page of a colleague with {_offene(kollegin)} open Wiedervorlagen "
        f"against {OFFENE} (constant: ratio 1)",
    )


def _offene(user) -> int:
    return Wiedervorlage.objects.filter(zustaendig=user, status="offen").count()


def _kollegin_mit_wenigen(ifk):
    """An IFK of the same team with three cases and two open Wiedervorlagen
    (one overdue, one due today), made once: every list of her start page
    has rows, so its queries compare with the 500-row page's one for one."""
    from django.contrib.auth.models import Group

    from cases.models import neues_pseudonym
    from kooperation.models import User

    kollegin, neu = User.objects.get_or_create(
        username="bench_suche_wenige",
        defaults={"jobcenter_id": ifk.jobcenter_id, "team_id": ifk.team_id},
    )
    if not neu:
        return kollegin
    kollegin.groups.add(Group.objects.get(name=access.rollen_gruppenname(access.Rolle.IFK)))
    vorlage = Leistungsberechtigter.objects.filter(zustaendig=ifk).first()
    heute = timezone.localdate()
    typ = ContentType.objects.get_for_model(Leistungsberechtigter)
    for i in range(3):
        person = Leistungsberechtigter.objects.get(pk=vorlage.pk)
        person.pk = None
        person.pseudonym = neues_pseudonym()
        person.kundennummer = f"BENCH-W{i}"
        person.zustaendig = kollegin
        person.save()
        if i < 2:
            Wiedervorlage.objects.create(
                jobcenter_id=ifk.jobcenter_id,
                team_id=ifk.team_id,
                zustaendig=kollegin,
                art=Fristart.TERMIN,
                faellig_am=heute - datetime.timedelta(days=3 * (1 - i)),
                ursache_typ=typ,
                ursache_id=person.pk,
                leistungsberechtigter_id=person.pk,
            )
    return kollegin
