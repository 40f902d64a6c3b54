"""The deadline watch at scale (`make bench BENCH=fristen`).

Two data sets with the same number of due deadlines (``FAELLIG``): 1,000,000
plans in the schema ``bench_1m`` and 100,000 plans in the schema ``bench_100k``
(same database, own tables, chosen by ``search_path``; the other benchmarks'
data in ``public`` stays out of both). Each is seeded once with
``seed_scale --faellig`` and reused on later runs.

Figures, each the median of several runs:

- ``fristwache_lauf_*``: the daily run once its reminders exist (what beat
  does every hour), against the bare SQL range query it needs;
- ``fristwache_erstlauf_*``: the run that files one reminder per due deadline
  and advances its stage, against the same work as bare SQL (INSERT … SELECT
  … ON CONFLICT DO NOTHING plus one UPDATE), in a rolled-back transaction;
- ``fristwache_*_1m_vs_100k``: 1,000,000 against 100,000 plans with the same
  due count: the time must follow the due deadlines, not the stored ones.
"""

from __future__ import annotations

import statistics
import time

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from bench.run import bench_line

FAELLIG = 20_000
WIEDERHOLUNGEN = 7
GROESSEN = [
    # (schema, people, plans)
    ("bench_100k", 10_000, 100_000),
    ("bench_1m", 100_000, 1_000_000),
]


def _schema(name: str) -> None:
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
    connection.close()
    optionen = connection.settings_dict.setdefault("OPTIONS", {})
    optionen["options"] = f"-c search_path={name}"
    connection.close()


def _vorbereiten(schema: str, personen: int, plaene: int) -> None:
    from kooperation.models import User
    from plans.models import Kooperationsplan

    _schema(schema)
    call_command("migrate", verbosity=0, interactive=False)
    vorhanden = Kooperationsplan.objects.count()
    if vorhanden < plaene:
        if vorhanden:
            raise SystemExit(
                f"Schema {schema}: {vorhanden} statt {plaene} Plänen. Bitte das Schema leeren "
                f'(DROP SCHEMA "{schema}" CASCADE) und neu messen.'
            )
        print(f"# seed_scale in {schema}: {plaene} Pläne (einmalig, dauert) …", flush=True)
        call_command(
            "seed_scale", personen=personen, plaene=plaene, faellig=FAELLIG, stdout=_Stumm()
        )
    # Seeded staff get an address, so reminders are mailed (locmem) as in
    # production instead of piling up unsent.
    User.objects.filter(username__startswith="skala", email="").update(
        email=Concat("username", Value("@jobcenter.invalid"))
    )
    _vacuum()


class _Stumm:
    def write(self, *args, **kwargs) -> None:
        pass

    def flush(self) -> None:
        pass


def _zuruecksetzen() -> None:
    """Back to the state before the first run: no reminders, no stages; then
    VACUUM, as autovacuum would, so that the dead row versions this reset
    leaves behind do not slow the next measurement."""
    from kooperation.models import Erinnerung, Wiedervorlage

    with transaction.atomic():
        ids = list(Erinnerung.objects.values_list("wiedervorlage_id", flat=True).distinct())
        Erinnerung.objects.all().delete()
        for ab in range(0, len(ids), 10_000):
            Wiedervorlage.objects.filter(pk__in=ids[ab : ab + 10_000]).update(erinnerungsstufe="")
    _vacuum()


def _vacuum() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE kooperation_wiedervorlage")
        cursor.execute("VACUUM ANALYZE kooperation_erinnerung")


def _median(messung) -> float:
    zeiten = []
    for _ in range(WIEDERHOLUNGEN):
        zeiten.append(messung())
    return statistics.median(zeiten)


def _zeit(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _scan_sql(grenzen) -> tuple[str, list]:
    from kooperation.fristwache import scan_queryset

    sql, params = scan_queryset(grenzen).query.sql_with_params()
    return sql, list(params)


def _messen(schema: str) -> dict[str, float]:
    from kooperation.fristwache import _alle_grenzen, fristwache_ausfuehren
    from kooperation.models import ERINNERUNGSSTUFEN_OFFEN

    heute = timezone.localdate()
    grenzen = _alle_grenzen(heute)
    bis = max(g.vorab_bis or g.faellig_bis for g in grenzen.values())
    sql, params = _scan_sql(grenzen)

    def bare_scan() -> float:
        with connection.cursor() as cursor:
            start = time.perf_counter()
            cursor.execute(sql, params)
            zeilen = cursor.fetchall()
            return time.perf_counter() - start if zeilen is not None else 0.0

    def bare_erstlauf() -> float:
        stufen = [str(s) for s in ERINNERUNGSSTUFEN_OFFEN]
        with transaction.atomic(), connection.cursor() as cursor:
            start = time.perf_counter()
            cursor.execute(
                "INSERT INTO kooperation_erinnerung "
                "(wiedervorlage_id, stufe, faellig_am, empfaenger_id, erstellt_am) "
                "SELECT id, 'faellig', faellig_am, zustaendig_id, now() "
                "FROM kooperation_wiedervorlage WHERE status = 'offen' "
                "AND erinnerungsstufe = ANY(%s) AND faellig_am <= %s "
                "AND zustaendig_id IS NOT NULL ON CONFLICT DO NOTHING",
                [stufen, bis],
            )
            cursor.execute(
                "UPDATE kooperation_wiedervorlage SET erinnerungsstufe = 'faellig' "
                "WHERE status = 'offen' AND erinnerungsstufe = ANY(%s) AND faellig_am <= %s",
                [stufen, bis],
            )
            dauer = time.perf_counter() - start
            transaction.set_rollback(True)
        return dauer

    def erstlauf() -> float:
        _zuruecksetzen()
        dauer = _zeit(lambda: fristwache_ausfuehren(heute=heute))
        return dauer

    _zuruecksetzen()
    ergebnis = fristwache_ausfuehren(heute=heute)
    print(
        f"# {schema}: {ergebnis.im_blick} Fristen im Blick, Erinnerungen "
        f"{dict(ergebnis.erinnerungen)}",
        flush=True,
    )
    werte = {
        "erstlauf": _median(erstlauf),
        "bare_erstlauf": _median(bare_erstlauf),
    }
    fristwache_ausfuehren(heute=heute)  # the state after the first run ...
    _vacuum()  # ... once autovacuum has been by
    lauf, bare = [], []
    for _ in range(WIEDERHOLUNGEN):  # interleaved: same cache for both
        lauf.append(_zeit(lambda: fristwache_ausfuehren(heute=heute)))
        bare.append(bare_scan())
    werte["lauf"] = statistics.median(lauf)
    werte["bare_scan"] = statistics.median(bare)
    werte["im_blick"] = ergebnis.im_blick
    return werte


def main(argv: list[str]) -> None:
    gemessen = {}
    for schema, personen, plaene in GROESSEN:
        _vorbereiten(schema, personen, plaene)
        gemessen[plaene] = _messen(schema)
    _schema("public")
    klein, gross = gemessen[100_000], gemessen[1_000_000]
    for plaene, w in gemessen.items():
        name = "1m" if plaene == 1_000_000 else "100k"
        bench_line(
            f"fristwache_lauf_{name}",
            w["lauf"] * 1000,
            "ms",
            w["bare_scan"] * 1000,
            f"bare_SQL_of_its_range_query_{FAELLIG}_due_of_{plaene}_plans",
        )
        bench_line(
            f"fristwache_erstlauf_{name}",
            w["erstlauf"] * 1000,
            "ms",
            w["bare_erstlauf"] * 1000,
            f"bare_SQL_insert_select_of_{FAELLIG}_reminders",
        )
    bench_line(
        "fristwache_lauf_1m_vs_100k",
        gross["lauf"] * 1000,
        "ms",
        klein["lauf"] * 1000,
        f"same_run_on_100k_plans_same_{FAELLIG}_due",
    )
    bench_line(
        "fristwache_erstlauf_1m_vs_100k",
        gross["erstlauf"] * 1000,
        "ms",
        klein["erstlauf"] * 1000,
        f"same_run_on_100k_plans_same_{FAELLIG}_due",
    )
