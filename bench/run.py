"""`make bench`: runs every ``bench/bench_*.py`` module against PostgreSQL and
prints one line per figure:

    BENCH <name> <value> <unit> ratio=<ours/baseline> baseline=<what>

Each module has ``main(argv)``; ``python -m bench.run fristen`` runs only the
modules whose name contains "fristen". Timing lives here, never in tests."""

from __future__ import annotations

import importlib
import os
import pkgutil
import statistics
import sys
import time


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kooperation.settings.bench")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    auswahl = [a for a in argv if not a.startswith("-")]
    import bench

    namen = sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_")
    )
    for name in namen:
        if auswahl and not any(a in name for a in auswahl):
            continue
        modul = importlib.import_module(f"bench.{name}")
        print(f"# {name}", flush=True)
        modul.main(argv)
    return 0


def mediane(*funktionen, wiederholungen: int, aufwaermen: int = 1) -> list[float]:
    """Median time in seconds of each function, after ``aufwaermen`` untimed
    calls (caches, connections); the functions take turns, so the machine's
    other load falls on all of them alike."""
    for _ in range(aufwaermen):
        for funktion in funktionen:
            funktion()
    zeiten: list[list[float]] = [[] for _ in funktionen]
    for _ in range(wiederholungen):
        for i, funktion in enumerate(funktionen):
            start = time.perf_counter()
            funktion()
            zeiten[i].append(time.perf_counter() - start)
    return [statistics.median(z) for z in zeiten]


def bench_line(name: str, wert: float, einheit: str, baseline_wert: float, baseline: str) -> str:
    """Format and print one figure; returns the line."""
    ratio = wert / baseline_wert if baseline_wert else float("inf")
    zeile = f"BENCH {name} {wert:.4g} {einheit} ratio={ratio:.3f} baseline={baseline}"
    print(zeile, flush=True)
    return zeile


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
