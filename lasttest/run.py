"""`make loadtest`: the production shape on 127.0.0.1 under a Jobcenter's
peak hour, then one fault at a time. Prints one line per figure:

    BENCH <name> <value> <unit> ratio=<ours/baseline> baseline=<what>

Phases (``--kurz``: a short version of each, for trying the harness):
1. the mix at 30 requests/s for two minutes: throughput, median and p95 per
   kind of request (p95 against the 300 ms target), errors;
2. the same gunicorn serving an empty logged-in page as fast as it can (the
   baseline), then the mix at rising rates: the highest throughput whose p95
   stays under one second, as a ratio to the baseline;
3. faults at 30 requests/s, one at a time: Redis stopped for 30 s, the
   Celery worker killed (SIGKILL) while it renders a PDF, PostgreSQL
   restarted, beat restarted twice. Per fault one line: requests failed
   during it (and whether any showed a traceback or no German page), seconds
   until requests succeed again after the service is back, writes the
   clients saw succeed but the database lacks, PDFs and reminder mails lost
   or doubled.

Every service is its own: PostgreSQL on 55432 (data kept in ``.lasttest/``
between runs, so the 100,000 people are loaded once), Redis on 56379,
gunicorn on 58000. The machine's shared PostgreSQL and Redis are not used."""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from . import cpu, dienste
from .dienste import ARBEIT, HOST, ROOT

LAUF = ARBEIT / "lauf"
ZIEL_P95_MS = 300
GRENZE_P95_MS = 1000


def bench_line(name, wert, einheit, baseline_wert, baseline, **mehr) -> None:
    ratio = wert / baseline_wert if baseline_wert else float("inf")
    zusatz = "".join(f" {k}={v}" for k, v in mehr.items())
    zeile = f"BENCH {name} {wert:.4g} {einheit} ratio={ratio:.3f} baseline={baseline}{zusatz}"
    print(zeile, flush=True)
    with open(ARBEIT / "ergebnis.txt", "a") as f:
        f.write(zeile + "\n")


def hinweis(text: str) -> None:
    print(f"# {text}", flush=True)


def auslastung() -> None:
    """Other work on the machine changes every figure: say how busy it was."""
    eins, fuenf, fuenfzehn = os.getloadavg()
    hinweis(f"Auslastung der Maschine (1/5/15 min): {eins:.1f} {fuenf:.1f} {fuenfzehn:.1f}")


# --- Locust -----------------------------------------------------------------


def _nutzer(modus: str, faktor: float) -> int:
    if modus == "leer":
        return round(20 * faktor)
    return round(60 * faktor) + round(4 * faktor) + max(1, round(faktor)) + round(5 * faktor)


def locust_starten(
    phase: str, sekunden: int, faktor: float = 1.0, modus: str = "mix", bearbeiten: float = 0.04
):
    nutzer = _nutzer(modus, faktor)
    env = dict(os.environ)
    env.update(
        {
            "LASTTEST_FAKTOR": str(faktor),
            "LASTTEST_BEARBEITEN": str(bearbeiten),
            "LASTTEST_MODUS": modus,
            "LASTTEST_PROTOKOLL": str(LAUF / f"{phase}.anfragen.jsonl"),
            "LASTTEST_SCHREIBEN": str(LAUF / f"{phase}.schreiben.jsonl"),
        }
    )
    return subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(ROOT / "lasttest" / "locustfile.py"),
            "--headless",
            "--host",
            HOST,
            "-u",
            str(nutzer),
            "-r",
            str(nutzer),
            "--run-time",
            f"{sekunden}s",
            "--stop-timeout",
            "5",
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(ARBEIT / "log" / f"locust-{phase}.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )


def locust(
    phase: str, sekunden: int, faktor: float = 1.0, modus: str = "mix", wurzeln=None
) -> tuple[float, cpu.Messung | None]:
    """Run one phase; returns its start time (wall clock) and, given the
    services' process roots, the CPU they and the load generator spent."""
    start = time.time()
    kinder = cpu.kinder_sekunden()
    prozess = locust_starten(phase, sekunden, faktor, modus)
    messung = cpu.Messung(wurzeln).start() if wurzeln else None
    prozess.wait()
    if messung is None:
        return start, None
    messung.stopp().je_baum["locust"] = cpu.kinder_sekunden() - kinder
    return start, messung


def anfragen(phase: str, ab: float = 0, bis: float = math.inf) -> list[dict]:
    datei = LAUF / f"{phase}.anfragen.jsonl"
    if not datei.exists():
        return []
    zeilen = (json.loads(z) for z in datei.read_text().splitlines() if z.strip())
    return [z for z in zeilen if ab <= z["t"] < bis]


def p(werte: list[float], anteil: float) -> float:
    """Nearest-rank percentile."""
    if not werte:
        return float("nan")
    werte = sorted(werte)
    return werte[max(0, math.ceil(anteil * len(werte)) - 1)]


# --- the run ----------------------------------------------------------------


class Lauf:
    def __init__(self, kurz: bool):
        self.kurz = kurz
        self.pg = dienste.Postgres()
        self.redis = dienste.redis_prozess()
        self.web = dienste.gunicorn_prozess()
        self.worker = dienste.worker_prozess()
        self.beat = dienste.beat_prozess()
        self.leer_median_ms = float("nan")

    # services
    def hochfahren(self) -> None:
        (ARBEIT / "log").mkdir(parents=True, exist_ok=True)
        shutil.rmtree(LAUF, ignore_errors=True)
        shutil.rmtree(ARBEIT / "mail", ignore_errors=True)
        LAUF.mkdir(parents=True)
        (ARBEIT / "mail").mkdir()
        (ARBEIT / "ergebnis.txt").write_text("")
        hinweis("PostgreSQL (55432), Redis (56379) starten; Daten vorbereiten")
        self.pg.starten()
        self.redis.starten()
        dienste.warten_auf_redis()
        # The broker starts empty: tasks of an earlier, interrupted run are not ours.
        dienste.redis_client().flushall()
        dienste.django("migrate", "--noinput", "-v", "0")
        dienste.django("collectstatic", "--noinput", "-v", "0")
        dienste.modul("lasttest.vorbereitung")
        hinweis("gunicorn (Produktions-Einstellungen), Celery-Worker und beat starten")
        self.web.starten()
        self.worker.starten()
        self.beat.starten()
        dienste.warten_auf_web()

    def herunterfahren(self) -> None:
        for prozess in (self.beat, self.worker, self.web, self.redis):
            prozess.anhalten()
        self.pg.anhalten()

    def ruhig(self) -> None:
        """Each kind of request with little load (about 6 per second): the
        time the server needs for it, before any queueing."""
        dauer, warm = (20, 5) if self.kurz else (40, 10)
        hinweis(f"Jede Art von Anfrage bei wenig Last (etwa 6/s), {dauer} s")
        start, _ = locust("ruhig", dauer + warm, faktor=0.2)
        je_art: dict[str, list[float]] = {}
        for z in anfragen("ruhig", start + warm, start + warm + dauer):
            je_art.setdefault(z["art"], []).append(z["ms"])
        for art, ms in sorted(je_art.items()):
            bench_line(
                f"last_ruhig_{art}_median",
                statistics.median(ms),
                "ms",
                self.leer_median_ms,
                f"leere_seite_median_{self.leer_median_ms:.1f}ms",
                n=len(ms),
            )

    # CPU
    def wurzeln(self) -> dict[str, int | None]:
        pg_pid = self.pg.daten / "postmaster.pid"
        return {
            "web": self.web.popen.pid if self.web.laeuft() else None,
            "postgres": int(pg_pid.read_text().split()[0]) if pg_pid.exists() else None,
            "worker": self.worker.popen.pid if self.worker.laeuft() else None,
            "redis": self.redis.popen.pid if self.redis.laeuft() else None,
            "beat": self.beat.popen.pid if self.beat.laeuft() else None,
        }

    def cpu_bedarf(
        self, phase: str, messung: cpu.Messung, anzahl: int, angebot: float = 0
    ) -> float:
        """What one request of the phase cost in CPU, by service, and (given
        the offered rate) how many cores that rate needs against those the
        machine has. Returns the server's milliseconds per request."""
        if not anzahl:
            return float("nan")
        je = {n: 1000 * s / anzahl for n, s in messung.je_baum.items()}
        server_ms = sum(v for n, v in je.items() if n != "locust")
        aufteilung = {f"{n}_ms": f"{v:.1f}" for n, v in je.items()}
        bench_line(
            f"last_{phase}_cpu_je_anfrage",
            server_ms,
            "ms",
            getattr(self, "leer_cpu_ms", server_ms),
            f"leere_seite_cpu_{getattr(self, 'leer_cpu_ms', server_ms):.1f}ms",
            anfragen=anzahl,
            maschine_s=f"{messung.maschine:.1f}",
            **aufteilung,
        )
        if angebot:
            kerne = cpu.kerne()
            bedarf = angebot * (server_ms + je["locust"]) / 1000
            bench_line(
                f"last_{phase}_kerne_noetig",
                bedarf,
                "kerne",
                kerne,
                f"kerne_der_maschine_{kerne}",
                server=f"{angebot * server_ms / 1000:.2f}",
                lastgenerator=f"{angebot * je['locust'] / 1000:.2f}",
            )
        return server_ms

    def teure_abfragen(self, phase: str) -> None:
        """The statements that cost PostgreSQL most over the phase, with calls
        and milliseconds, into ``.lasttest/lauf/<phase>.abfragen.txt``."""
        zeilen = self.pg.sql(
            "SELECT round(total_exec_time)::int || ' ms | ' || calls || ' x | ' "
            "|| round((total_exec_time / calls)::numeric, 2) || ' ms | ' "
            "|| regexp_replace(left(query, 400), '\\s+', ' ', 'g') "
            "FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25"
        )
        datei = LAUF / f"{phase}.abfragen.txt"
        datei.write_text("gesamt | Aufrufe | je Aufruf | Abfrage\n" + zeilen)
        hinweis(f"teuerste Abfragen: {datei.relative_to(ROOT)}")

    # phase 1
    def mix(self) -> None:
        dauer, warm = (30, 10) if self.kurz else (120, 15)
        hinweis(f"Mix bei 30 Anfragen/s, {dauer} s (nach {warm} s Anlauf)")
        self.pg.sql("SELECT pg_stat_statements_reset()")
        start, messung = locust("mix30", dauer + warm, wurzeln=self.wurzeln())
        self.teure_abfragen("mix30")
        zeilen = anfragen("mix30", start + warm, start + warm + dauer)
        self.cpu_bedarf("mix30", messung, len(anfragen("mix30")), angebot=30)
        je_art: dict[str, list[dict]] = {}
        for z in zeilen:
            je_art.setdefault(z["art"], []).append(z)
        fehler = sum(1 for z in zeilen if not z["ok"])
        self.mix30 = (
            sum(1 for z in zeilen if z["ok"]) / dauer,
            p([z["ms"] for z in zeilen], 0.95),
            fehler,
        )
        bench_line(
            "last_mix30_durchsatz",
            len(zeilen) / dauer,
            "anfragen/s",
            30,
            "angebot_30_je_s",
            p95_ms=f"{self.mix30[1]:.0f}",
        )
        bench_line("last_mix30_fehler", fehler, "anfragen", len(zeilen), f"{len(zeilen)}_anfragen")
        for art, liste in sorted(je_art.items()):
            ms = [z["ms"] for z in liste]
            bench_line(
                f"last_mix30_{art}_median",
                statistics.median(ms),
                "ms",
                self.leer_median_ms,
                f"leere_seite_median_{self.leer_median_ms:.1f}ms",
                n=len(ms),
            )
            bench_line(
                f"last_mix30_{art}_p95",
                p(ms, 0.95),
                "ms",
                ZIEL_P95_MS,
                f"ziel_{ZIEL_P95_MS}ms",
                fehler=sum(1 for z in liste if not z["ok"]),
            )

    # phase 2
    def leer(self) -> None:
        dauer, warm = (10, 3) if self.kurz else (20, 5)
        hinweis("Grundlinie: leere angemeldete Seite, so schnell es geht")
        start, messung = locust(
            "leer", dauer + warm, faktor=1.0, modus="leer", wurzeln=self.wurzeln()
        )
        zeilen = [z for z in anfragen("leer", start + warm, start + warm + dauer) if z["ok"]]
        self.leer_cpu_ms = self.cpu_bedarf("leer", messung, len(anfragen("leer")))
        leer_durchsatz = len(zeilen) / dauer
        self.leer_median_ms = statistics.median(z["ms"] for z in zeilen)
        bench_line(
            "last_leere_seite_durchsatz",
            leer_durchsatz,
            "anfragen/s",
            leer_durchsatz,
            "leere_seite_selbst",
            median_ms=f"{self.leer_median_ms:.1f}",
        )
        self.leer_durchsatz = leer_durchsatz

    def stufen(self) -> None:
        """From the 30/s of the mix upwards while p95 stays under one second
        (and the offered load is served), or downwards until it does."""
        dauer, warm = (10, 3) if self.kurz else (20, 5)
        durchsatz, p95, fehler = self.mix30
        bestes = durchsatz if p95 < GRENZE_P95_MS and fehler == 0 else 0.0
        if bestes:
            faktoren = [2, 4] if self.kurz else [2, 3, 4, 5, 6]
        else:
            faktoren = [0.5, 0.2] if self.kurz else [0.5, 1 / 3, 0.2]
        for faktor in faktoren:
            hinweis(f"Mix bei {30 * faktor:.0f} Anfragen/s angeboten")
            phase = f"stufe{30 * faktor:.0f}"
            start, _ = locust(phase, dauer + warm, faktor=faktor)
            zeilen = anfragen(phase, start + warm, start + warm + dauer)
            durchsatz = sum(1 for z in zeilen if z["ok"]) / dauer
            p95 = p([z["ms"] for z in zeilen], 0.95)
            fehler = sum(1 for z in zeilen if not z["ok"])
            hinweis(f"  erreicht {durchsatz:.1f}/s, p95 {p95:.0f} ms, {fehler} Fehler")
            gut = p95 < GRENZE_P95_MS and fehler == 0
            if gut:
                bestes = max(bestes, durchsatz)
            if faktor > 1 and (not gut or durchsatz < 0.9 * 30 * faktor):
                break
            if faktor < 1 and gut:
                break
        bench_line(
            "last_max_mix_durchsatz_p95_unter_1s",
            bestes,
            "anfragen/s",
            self.leer_durchsatz,
            f"leere_seite_{self.leer_durchsatz:.0f}_je_s",
            ziel_ratio="0.25",
        )

    # phase 3
    def stoerung(self, name: str, ausloesen, nachlauf: int, warten_max: int) -> None:
        """Run the mix at 30/s, fire ``ausloesen()`` after 20 s (it returns the
        time the service was back), let the load run ``nachlauf`` s more, then
        wait until PDFs and reminders are done (at most ``warten_max`` s)."""
        hinweis(f"Störung: {name}")
        vorlauf = 20
        start = time.time()
        prozess = locust_starten(name, vorlauf + 60 + nachlauf, bearbeiten=0.15)
        # Deadlines due now: the watch (every 10 s) reminds of them around
        # the moment the fault begins.
        time.sleep(vorlauf - 5)
        dienste.modul("lasttest.pruefung", "fristen", name, "40")
        time.sleep(max(0.0, start + vorlauf - time.time()))
        beginn = time.time()
        zurueck = ausloesen()
        prozess.wait()
        ende = time.time()
        zeilen = anfragen(name, beginn, ende)
        fehlgeschlagen = [z for z in zeilen if not z["ok"]]
        im_ausfall = [
            z for z in zeilen if z["art"] == "ifk_vereinbaren" and beginn <= z["t"] < zurueck
        ]
        erholung = max((z["t"] for z in fehlgeschlagen), default=zurueck) - zurueck
        bis = time.monotonic() + warten_max
        while True:
            ausgabe = subprocess.run(  # noqa: S603
                [sys.executable, "-m", "lasttest.pruefung", "bilanz", name],
                cwd=ROOT,
                env=dienste.umgebung(),
                capture_output=True,
                text=True,
                check=True,
            )
            bilanz = json.loads(ausgabe.stdout.strip().splitlines()[-1])
            if (bilanz["pdf_fehlt"] == 0 and bilanz["erinnerung_fehlt"] == 0) or (
                time.monotonic() > bis
            ):
                break
            time.sleep(5)
        aufgaben = bilanz["vereinbart"] + bilanz["fristen"]
        bench_line(
            f"last_stoerung_{name}",
            len(fehlgeschlagen),
            "anfragen_fehlgeschlagen",
            len(zeilen),
            f"{len(zeilen)}_anfragen_waehrend",
            ausfall_s=f"{zurueck - beginn:.1f}",
            erholung_s=f"{max(0.0, erholung):.1f}",
            vereinbart_im_ausfall=f"{sum(1 for z in im_ausfall if z['ok'])}/{len(im_ausfall)}",
            schreiben_verloren=f"{bilanz['schreiben_verloren']}/{bilanz['schreiben_ok']}",
            aufgaben_verloren=f"{bilanz['pdf_fehlt'] + bilanz['erinnerung_fehlt']}/{aufgaben}",
            aufgaben_doppelt=bilanz["pdf_doppelt"] + bilanz["erinnerung_doppelt"],
            pdf_fehlt=f"{bilanz['pdf_fehlt']}/{bilanz['vereinbart']}",
            erinnerung_fehlt=f"{bilanz['erinnerung_fehlt']}/{bilanz['fristen']}",
            traceback=sum(1 for z in zeilen if z.get("traceback")),
            fehler_ohne_deutsche_seite=sum(
                1 for z in fehlgeschlagen if z["status"] >= 500 and not z.get("deutsch_503")
            ),
            verbindung_abgelehnt=sum(1 for z in fehlgeschlagen if z["status"] == 0),
        )

    def redis_weg(self) -> float:
        self.redis.anhalten()
        time.sleep(10 if self.kurz else 30)
        self.redis.starten()
        dienste.warten_auf_redis()
        return time.time()

    def worker_abschiessen(self) -> float:
        """SIGKILL to the worker (and its pool) while a PDF task is taken and
        not yet acknowledged; an orchestrator starts a new one 3 s later."""
        client = dienste.redis_client()
        bis = time.monotonic() + 60
        while time.monotonic() < bis:
            offen = client.hvals("unacked")
            if any(b"plans.tasks.pdf_rendern" in wert for wert in offen):
                break
            time.sleep(0.05)
        else:
            hinweis("  kein PDF-Auftrag in Arbeit gesehen; Worker wird trotzdem beendet")
        self.worker.abschiessen()
        time.sleep(3)
        self.worker.starten()
        return time.time()

    def postgres_neu(self) -> float:
        self.pg.neu_starten()
        return time.time()

    def beat_zweimal(self) -> float:
        for _ in range(2):
            self.beat.anhalten()
            self.beat.starten()
            time.sleep(15)
        return time.time()

    def stoerungen(self) -> None:
        # A task the worker had taken when Redis went away is delivered again
        # after the visibility timeout, as after a killed worker.
        self.stoerung(
            "redis", self.redis_weg, nachlauf=0, warten_max=dienste.VISIBILITY_TIMEOUT + 120
        )
        self.stoerung(
            "worker",
            self.worker_abschiessen,
            nachlauf=0,
            warten_max=dienste.VISIBILITY_TIMEOUT + 120,
        )
        # A task that failed on the restarted database is taken up by the sweep.
        self.stoerung(
            "postgres", self.postgres_neu, nachlauf=0, warten_max=dienste.NACHHOLEN_NACH_S + 150
        )
        self.stoerung("beat", self.beat_zweimal, nachlauf=0, warten_max=60)


def main(argv: list[str]) -> int:
    kurz = "--kurz" in argv
    # --ohne-stoerungen: the throughput phases only (the faults take most of
    # the run's time and measure losses, not speed).
    stoerungen = "--ohne-stoerungen" not in argv
    lauf = Lauf(kurz)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    begonnen = time.monotonic()
    auslastung()
    try:
        lauf.hochfahren()
        lauf.leer()
        lauf.ruhig()
        lauf.mix()
        lauf.stufen()
        if stoerungen:
            lauf.stoerungen()
    finally:
        hinweis("Dienste anhalten")
        lauf.herunterfahren()
    auslastung()
    dauer = time.monotonic() - begonnen
    hinweis(f"Lasttest fertig nach {dauer:.0f} s; die Zeilen stehen auch in .lasttest/ergebnis.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
