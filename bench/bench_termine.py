"""The IFK's week calendar (``/termine/``) on 100,000 people and 1,000,000
appointments, against a plain Django view rendering the same rows through
the same middleware and login (target ratio <= 3), and the queries of the
page for a week with 5 and a week with 50 appointments (must not grow).

The appointments are loaded once with COPY and kept: later runs reuse them.
The measured IFK's two weeks lie before the random data (so their times are
past: outcomes are due, some hearings open), with exactly 5 and 50 entries."""

from __future__ import annotations

import datetime
import io
import random
import re
import zoneinfo

from django.contrib.auth.decorators import login_required
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.template import engines
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from bench.run import bench_line, mediane
from cases.models import Leistungsberechtigter
from kooperation.audit import listenzugriff
from kooperation.models import User
from plans.models.termin import Einladung

PERSONEN = 100_000
TERMINE = 1_000_000
WIEDERHOLUNGEN = 30
JOBCENTER = "Skalierung 1"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# The random appointments fill 2025 and 2026; the measured weeks lie before.
ZUFALL_AB = datetime.datetime(2025, 1, 6, tzinfo=BERLIN)
ZUFALL_WOCHEN = 104
RUHIGE_WOCHE = datetime.date(2024, 11, 4)
VOLLE_WOCHE = datetime.date(2024, 11, 11)

_ZEILEN = engines["django"].from_string(
    "<ul>{% for t in zeilen %}<li><a href=\"/einladungen/{{ t.pk }}/\">{{ t.beginn|time:'H:i' }} "
    "{{ t.leistungsberechtigter__nachname }}, {{ t.leistungsberechtigter__vorname }}</a> "
    "{{ t.form }} {{ t.ort }} {{ t.ergebnis }} {{ t.anhoerung__feststellung }}</li>"
    "{% endfor %}</ul>"
)


@login_required
def schlichte_woche(request):
    """Baseline: the same rows (the user's own appointments of the week, in
    order) as dictionaries in a bare template: no layout, days or flags."""
    montag = datetime.date.fromisoformat(request.GET["woche"])
    von = datetime.datetime.combine(montag, datetime.time(), tzinfo=BERLIN)
    zeilen = (
        Einladung.objects.filter(
            ifk=request.user, beginn__gte=von, beginn__lt=von + datetime.timedelta(days=7)
        )
        .order_by("beginn", "pk")
        .values(
            "pk",
            "beginn",
            "leistungsberechtigter__vorname",
            "leistungsberechtigter__nachname",
            "form",
            "ort",
            "ergebnis",
            "anhoerung__feststellung",
        )
    )
    if request.GET.get("protokoll"):
        # The one access entry every list of personal data leaves (as ours).
        listenzugriff(
            request.user,
            Einladung.objects.filter(pk__in=[z["pk"] for z in zeilen]).only(
                "leistungsberechtigter_id"
            ),
            "Wochenkalender: eigene Termine",
        )
    return HttpResponse(_ZEILEN.render({"zeilen": zeilen}))


urlpatterns = [
    path("bench/schlicht/", schlichte_woche),
    path("", include("kooperation.urls")),
]

SPALTEN = (
    "leistungsberechtigter_id",
    "ifk_id",
    "beginn",
    "dauer_minuten",
    "form",
    "ort",
    "zweck",
    "ansprechperson",
    "mitbringen",
    "dolmetschen",
    "mit_rechtsfolgenbelehrung",
    "rechtsstand",
    "brief_pdf",
    "brief_sha256",
    "ergebnis",
    "grund",
    "version",
    "erstellt_am",
    "geaendert_am",
)


def _zeile(person_id, ifk_id, beginn, ergebnis, jetzt) -> str:
    werte = (
        person_id,
        ifk_id,
        beginn.isoformat(),
        30,
        "vor_ort",
        "Raum 1.23, Hauptstraße 1",
        "Gespräch über Ihren Kooperationsplan",
        "",
        "",
        "",
        "t",
        "2026",
        "",
        "",
        ergebnis,
        "",
        1,
        jetzt,
        jetzt,
    )
    return "\t".join(str(w) for w in werte) + "\n"


def _kopieren(zeilen) -> None:
    spalten = ", ".join(SPALTEN)
    with (
        connection.cursor() as cur,
        cur.copy(f"COPY plans_einladung ({spalten}) FROM STDIN") as kopie,
    ):
        kopie.write(zeilen.getvalue())


def _termine_anlegen(jc_id: int) -> None:
    """1,000,000 appointments of the Jobcenter's people with their own IFK,
    spread over two years, in blocks of 100,000 rows."""
    zufall = random.Random(16)  # noqa: S311 - synthetic data
    personen = list(
        Leistungsberechtigter.objects.filter(jobcenter_id=jc_id, zustaendig__isnull=False)
        .values_list("pk", "zustaendig_id")
        .order_by("pk")
    )
    jetzt = datetime.datetime.now(tz=BERLIN).isoformat()
    heute = datetime.datetime.now(tz=BERLIN)
    for block in range(0, TERMINE, 100_000):
        puffer = io.StringIO()
        for _ in range(100_000):
            person_id, ifk_id = personen[zufall.randrange(len(personen))]
            beginn = ZUFALL_AB + datetime.timedelta(
                days=zufall.randrange(ZUFALL_WOCHEN) * 7 + zufall.randrange(5),
                minutes=8 * 60 + zufall.randrange(16) * 30,
            )
            ergebnis = (
                "offen"
                if beginn > heute
                else zufall.choice(("erschienen", "erschienen", "erschienen", "abgesagt"))
            )
            puffer.write(_zeile(person_id, ifk_id, beginn, ergebnis, jetzt))
        with transaction.atomic():
            _kopieren(puffer)
        print(f"# {block + 100_000} Termine angelegt", flush=True)


def _woche_anlegen(ifk: User, montag: datetime.date, anzahl: int) -> None:
    """``anzahl`` appointments of ``ifk`` in the week of ``montag``: outcomes
    due on most of them, open hearings on every fifth."""
    personen = list(
        Leistungsberechtigter.objects.filter(zustaendig=ifk).values_list("pk", flat=True)[:anzahl]
    )
    jetzt = datetime.datetime.now(tz=BERLIN).isoformat()
    puffer = io.StringIO()
    for i in range(anzahl):
        beginn = datetime.datetime.combine(
            montag + datetime.timedelta(days=i % 5), datetime.time(8), tzinfo=BERLIN
        ) + datetime.timedelta(minutes=10 * (i // 5))
        ergebnis = "nicht_erschienen" if i % 5 == 0 else "offen"
        puffer.write(_zeile(personen[i % len(personen)], ifk.pk, beginn, ergebnis, jetzt))
    with transaction.atomic():
        _kopieren(puffer)
        for einladung in Einladung.objects.filter(
            ifk=ifk, beginn__date__gte=montag, beginn__date__lt=montag + datetime.timedelta(7)
        ).filter(ergebnis="nicht_erschienen"):
            with connection.cursor() as cur:
                cur.execute(
                    "INSERT INTO plans_anhoerung (einladung_id, form, versandt_am, antwort_bis, "
                    "brief_pdf, brief_sha256, antwort, persoenlich_vermerk, feststellung, "
                    "begruendung, version, erstellt_am, geaendert_am) VALUES (%s, 'schriftlich', "
                    "%s, %s, '', '', '', '', 'offen', '', 1, now(), now())",
                    [einladung.pk, montag, montag + datetime.timedelta(days=14)],
                )


def _daten() -> User:
    if not Leistungsberechtigter.objects.filter(jobcenter__name=JOBCENTER).exists():
        call_command("seed_scale", personen=PERSONEN, stdout=open("/dev/null", "w"))  # noqa: SIM115
    ifk = User.objects.filter(jobcenter__name=JOBCENTER, username__endswith="_ifk_0_0").get()
    if not Einladung.objects.filter(ifk__jobcenter=ifk.jobcenter).exists():
        _termine_anlegen(ifk.jobcenter_id)
        _woche_anlegen(ifk, RUHIGE_WOCHE, 5)
        _woche_anlegen(ifk, VOLLE_WOCHE, 50)
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE plans_einladung")
            cur.execute("VACUUM ANALYZE plans_anhoerung")
    return ifk


def _termine(antwort) -> list[str]:
    return re.findall(r'href="/einladungen/(\d+)/"', antwort.content.decode())


def main(argv) -> None:
    ifk = _daten()
    anzahl = Einladung.objects.filter(ifk__jobcenter=ifk.jobcenter).count()
    client = Client()
    client.force_login(ifk)

    def laden(url):
        def abrufen():
            antwort = client.get(url)
            assert antwort.status_code == 200, (url, antwort.status_code)
            return antwort

        return abrufen

    unsere = laden(f"/termine/?woche={VOLLE_WOCHE.isoformat()}")
    with override_settings(ROOT_URLCONF="bench.bench_termine"):
        schlicht = laden(f"/bench/schlicht/?woche={VOLLE_WOCHE.isoformat()}")
        gezeigt = _termine(unsere())
        if sorted(gezeigt) != sorted(_termine(schlicht())) or len(gezeigt) != 50:
            raise RuntimeError("Wochenansicht und schlichte Seite zeigen verschiedene Termine")
        mit_protokoll = laden(f"/bench/schlicht/?woche={VOLLE_WOCHE.isoformat()}&protokoll=1")
        ours, plain, plain_protokoll = mediane(
            unsere, schlicht, mit_protokoll, wiederholungen=WIEDERHOLUNGEN
        )
        abfragen = {}
        for montag in (RUHIGE_WOCHE, VOLLE_WOCHE):
            with CaptureQueriesContext(connection) as ctx:
                laden(f"/termine/?woche={montag.isoformat()}")()
            abfragen[montag] = len(ctx.captured_queries)
    bench_line(
        f"termine_woche_{anzahl}_termine",
        ours * 1000,
        "ms",
        plain * 1000,
        "plain Django view with login rendering the same 50 appointments, same middleware "
        "(no layout, days or flags; issue target ratio <= 3)",
    )
    bench_line(
        "termine_woche_gegen_schlichte_seite_mit_protokoll",
        ours * 1000,
        "ms",
        plain_protokoll * 1000,
        "the same plain view writing the one audit entry of the list that every page "
        "showing personal data writes (for context: what the audit trail costs)",
    )
    bench_line(
        "termine_woche_abfragen",
        abfragen[VOLLE_WOCHE],
        "queries",
        abfragen[RUHIGE_WOCHE],
        "queries for a week with 5 appointments (this figure: a week with 50)",
    )
