"""REST API list endpoint (issue 7): throughput of ``/api/v1/leistungsberechtigte/``
for the Fachverfahren (reads all 100,000 people of its Jobcenter) against a
plain Django view returning the same page of rows as JSON through the same
middleware and token; queries per list request on the first and a deep page
and at two page sizes (must stay constant, target at most 8)."""

from __future__ import annotations

import time

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.http import JsonResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from bench.run import bench_line
from cases.models import Leistungsberechtigter
from cases.serializers import LeistungsberechtigterListeSerializer
from kooperation import access
from kooperation.access import Rolle, rollen_gruppenname
from kooperation.api_base import JeToken
from kooperation.models import ApiToken, Jobcenter, User
from kooperation.tokens import TokenAnmeldung

PERSONEN = 100_000
ANFRAGEN = 200
RUNDEN = 9
SEITE = 50
FELDER = LeistungsberechtigterListeSerializer.Meta.fields


def schlichte_liste(request):
    """The baseline: the same page of the same rows, scoped by the same policy,
    as JSON, without DRF (token checked by hand: knox's digest lookup)."""
    schluessel = request.headers.get("Authorization", "").removeprefix("Token ")
    user, _ = TokenAnmeldung().authenticate_credentials(schluessel.encode())
    zeilen = list(
        access.sichtbar(user, Leistungsberechtigter.objects.all())
        .order_by("id")
        .values(*FELDER)[:SEITE]
    )
    return JsonResponse({"results": zeilen})


urlpatterns = [
    path("bench/schlicht/", schlichte_liste),
    path("", include("kooperation.urls")),
]


def _daten() -> tuple[str, int]:
    jc_name = "Skalierung 1"
    if not Leistungsberechtigter.objects.filter(jobcenter__name=jc_name).exists():
        call_command("seed_scale", personen=PERSONEN, stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Fresh bulk-loaded tables have no planner statistics yet (autovacuum
    # would gather them in production); without them PostgreSQL sorts the
    # whole Jobcenter instead of walking the primary key.
    with connection.cursor() as cur:
        cur.execute("ANALYZE cases_leistungsberechtigter")
    jc = Jobcenter.objects.get(name=jc_name)
    user, _ = User.objects.get_or_create(username="bench_fachverfahren", defaults={"jobcenter": jc})
    user.groups.set([Group.objects.get(name=rollen_gruppenname(Rolle.API_CLIENT))])
    ApiToken.objects.filter(user=user).delete()
    _, schluessel = ApiToken.objects.create(user)
    return schluessel, Leistungsberechtigter.objects.filter(jobcenter=jc).count()


def _durchsatz(client, urls: list[str]) -> list[float]:
    """Requests per second for each url, best of a few rounds, the urls taking
    turns within each round (the machine is shared; load hits both alike)."""
    for url in urls:
        for _ in range(10):
            if client.get(url).status_code != 200:
                raise RuntimeError(f"{url} antwortet nicht mit 200")
    beste = [0.0] * len(urls)
    for _ in range(RUNDEN):
        for i, url in enumerate(urls):
            start = time.perf_counter()
            for _ in range(ANFRAGEN):
                client.get(url)
            beste[i] = max(beste[i], ANFRAGEN / (time.perf_counter() - start))
    return beste


def _abfragen(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        antwort = client.get(url)
    if antwort.status_code != 200:
        raise RuntimeError(antwort.content[:300])
    return len(ctx.captured_queries)


def main(argv) -> None:
    schluessel, anzahl = _daten()
    # The rate limit stays on (its cache work is part of the cost), set high.
    JeToken.THROTTLE_RATES = {"token": "100000000/min"}
    client = Client(HTTP_AUTHORIZATION=f"Token {schluessel}")
    api = "/api/v1/leistungsberechtigte/"
    with override_settings(ROOT_URLCONF="bench.bench_api"):
        erste = client.get(api).json()
        schlicht = client.get("/bench/schlicht/").json()
        if [r["id"] for r in erste["results"]] != [r["id"] for r in schlicht["results"]]:
            raise RuntimeError("API und schlichte Sicht liefern verschiedene Zeilen")
        ours, baseline = _durchsatz(client, [api, "/bench/schlicht/"])
        bench_line(
            f"api_liste_durchsatz_{anzahl}_personen",
            ours,
            "req/s",
            baseline,
            f"plain Django view, same {SEITE} rows as JSON (target ratio >= 0.5)",
        )
        # Queries per request: first page, a page 40 cursors deep, page size 200.
        url = api
        for _ in range(40):
            url = client.get(url).json()["next"]
        abfragen = {
            "erste": _abfragen(client, api),
            "tief": _abfragen(client, url),
            "gross": _abfragen(client, api + "?seitengroesse=200"),
        }
        bench_line(
            "api_liste_abfragen_je_anfrage",
            max(abfragen.values()),
            "queries",
            8,
            "target of at most 8 (first page {erste}, page 41 {tief}, "
            "page size 200 {gross})".format(**abfragen),
        )
