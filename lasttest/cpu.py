"""CPU time the services spend during a phase, read from /proc.

A latency target can only hold while the machine has the CPU the offered
load asks for: at 30 requests/s with c CPU-seconds each, 30 * c cores are
busy. When that exceeds the cores there are, requests queue and every
percentile grows with the length of the run, whatever the code does per
request beyond costing less. So the run measures what a request costs (web
processes, PostgreSQL, the Celery worker, and the load generator, which runs
on the same machine) and says how many cores the offered load needs."""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process and of its reaped children)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # The command name may hold spaces and parentheses: split after the last ")".
    felder = text[text.rindex(")") + 2 :].split()
    ppid = int(felder[1])
    utime, stime, cutime, cstime = (int(f) for f in felder[11:15])
    return ppid, (utime + stime + cutime + cstime) / TICK


def _prozesse() -> dict[int, tuple[int, float]]:
    alle = {}
    for eintrag in os.listdir("/proc"):
        if eintrag.isdigit() and (stat := _stat(int(eintrag))) is not None:
            alle[int(eintrag)] = stat
    return alle


def baum_sekunden(wurzeln: dict[str, int | None]) -> dict[str, float]:
    """CPU seconds per named process tree so far: every live process under the
    root plus what its exited children left in its ``cutime``/``cstime``
    (a PostgreSQL backend that closed, a gunicorn worker that was replaced)."""
    alle = _prozesse()
    kinder: dict[int, list[int]] = {}
    for pid, (ppid, _) in alle.items():
        kinder.setdefault(ppid, []).append(pid)
    ergebnis = {}
    for name, wurzel in wurzeln.items():
        summe, offen = 0.0, [wurzel] if wurzel in alle else []
        while offen:
            pid = offen.pop()
            summe += alle[pid][1]
            offen.extend(kinder.get(pid, []))
        ergebnis[name] = summe
    return ergebnis


def maschine_sekunden() -> float:
    """Busy CPU seconds of the whole machine since boot (all cores)."""
    werte = [int(w) for w in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    # user nice system idle iowait irq softirq steal: idle and iowait are not busy.
    return (sum(werte[:8]) - werte[3] - werte[4]) / TICK


def kinder_sekunden() -> float:
    """CPU seconds of this process's children that have ended and been
    waited for: the load generator of a phase, once it is done (its tree is
    gone from /proc by then)."""
    kinder = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kinder.ru_utime + kinder.ru_stime


def kerne() -> int:
    return len(os.sched_getaffinity(0))


@dataclass
class Messung:
    """CPU seconds per tree and of the machine between ``start`` and ``stopp``."""

    wurzeln: dict[str, int | None]
    vorher: dict[str, float] | None = None
    maschine_vorher: float = 0.0
    je_baum: dict[str, float] | None = None
    maschine: float = 0.0

    def start(self) -> Messung:
        self.vorher = baum_sekunden(self.wurzeln)
        self.maschine_vorher = maschine_sekunden()
        return self

    def stopp(self) -> Messung:
        nachher = baum_sekunden(self.wurzeln)
        self.je_baum = {n: max(0.0, nachher[n] - self.vorher[n]) for n in self.wurzeln}
        self.maschine = maschine_sekunden() - self.maschine_vorher
        return self
