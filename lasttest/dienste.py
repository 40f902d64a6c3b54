"""The production shape on this machine, on ports of its own and only on
127.0.0.1: a PostgreSQL cluster (initdb + pg_ctl, data kept in
``.lasttest/`` between runs), a redis-server, gunicorn with the production
settings, a Celery worker and beat. Nothing here touches the machine's shared
PostgreSQL (5432) or Redis (6379)."""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
ARBEIT = ROOT / ".lasttest"
PG_PORT = int(os.environ.get("LASTTEST_PG_PORT", "55432"))
REDIS_PORT = int(os.environ.get("LASTTEST_REDIS_PORT", "56379"))
WEB_PORT = int(os.environ.get("LASTTEST_WEB_PORT", "58000"))
HOST = f"http://127.0.0.1:{WEB_PORT}"
DB_NAME = "kooperation"
# The worker's visibility timeout is shortened so that a task of a killed
# worker comes back within the run (production: task time limit + 15 min).
TASK_TIME_LIMIT = 90
VISIBILITY_TIMEOUT = 100
# Likewise the outbox's sweep (lasttest.vorbereitung schedules it every
# minute) takes up work lost while Redis was away after 30 s, not 10 min.
NACHHOLEN_NACH_S = 30


def _pg_bin(name: str) -> str:
    treffer = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not treffer:
        sys.exit(
            "PostgreSQL-Programme fehlen (/usr/lib/postgresql/*/bin): apt-get install postgresql"
        )
    return treffer[-1]


def _als_postgres(befehl: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: then as the user postgres."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *befehl]
    return befehl


def umgebung() -> dict[str, str]:
    """Environment of every process of the run: production settings plus the
    one URL of the baseline page (lasttest/settings.py)."""
    ARBEIT.mkdir(exist_ok=True)
    schluessel = ARBEIT / "secret_key"
    if not schluessel.exists():
        schluessel.write_text(secrets.token_urlsafe(50))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CELERY_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lasttest.settings",
            "SECRET_KEY": schluessel.read_text(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "False",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "CELERY_RESULT_BACKEND": f"redis://127.0.0.1:{REDIS_PORT}/1",
            "CACHE_URL": f"rediscache://127.0.0.1:{REDIS_PORT}/2",
            "MEDIA_ROOT": str(ARBEIT / "media"),
            "EMAIL_URL": f"filemail:///{ARBEIT / 'mail'}",
            "CELERY_TASK_TIME_LIMIT": str(TASK_TIME_LIMIT),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "POSTAUSGANG_NACHHOLEN_NACH_S": str(NACHHOLEN_NACH_S),
            "GUNICORN_OHNE_ZUGRIFFSPROTOKOLL": "1",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _protokoll(name: str):
    (ARBEIT / "log").mkdir(parents=True, exist_ok=True)
    return open(ARBEIT / "log" / f"{name}.log", "a")  # noqa: SIM115


class Postgres:
    def __init__(self):
        self.daten = ARBEIT / "pg"
        self.sockel = ARBEIT / "pg-sockel"

    def _ctl(self, *args: str, pruefen: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            _als_postgres([_pg_bin("pg_ctl"), "-D", str(self.daten), *args]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=pruefen,
        )

    def starten(self) -> None:
        ARBEIT.mkdir(exist_ok=True)
        self.sockel.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.sockel, "postgres")
        if not (self.daten / "PG_VERSION").exists():
            self.daten.mkdir(exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(self.daten, "postgres")
            subprocess.run(  # noqa: S603
                _als_postgres(
                    [
                        _pg_bin("initdb"),
                        "-D",
                        str(self.daten),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "--encoding=UTF8",
                        "--locale=C.UTF-8",
                    ]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
            with open(self.daten / "postgresql.conf", "a") as conf:
                conf.write(
                    "\n# lasttest\n"
                    f"port = {PG_PORT}\n"
                    "listen_addresses = '127.0.0.1'\n"
                    f"unix_socket_directories = '{self.sockel}'\n"
                    "max_connections = 200\n"
                    "shared_buffers = 512MB\n"
                    "work_mem = 16MB\n"
                    "maintenance_work_mem = 256MB\n"
                    "max_wal_size = 4GB\n"
                )
        if self.laeuft():
            return
        self._ctl(
            "-l",
            str(self.sockel / "postgres.log"),
            # What each statement costs over a phase (lasttest/run.py writes
            # the most expensive ones next to the phase's requests).
            "-o",
            "-c shared_preload_libraries=pg_stat_statements",
            "-w",
            "-t",
            "60",
            "start",
        )
        self._datenbank_anlegen()
        self.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")

    def laeuft(self) -> bool:
        return self._ctl("status", pruefen=False).returncode == 0

    def sql(self, befehl: str) -> str:
        """One statement in the run's database, as the cluster's superuser."""
        return subprocess.run(  # noqa: S603
            [
                _pg_bin("psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(PG_PORT),
                "-U",
                "postgres",
                "-d",
                DB_NAME,
                "-q",
                "-tAc",
                befehl,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def _datenbank_anlegen(self) -> None:
        psql = [_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-tAc"]
        da = subprocess.run(  # noqa: S603
            [*psql, f"SELECT 1 FROM pg_database WHERE datname='{DB_NAME}'"],  # noqa: S608
            capture_output=True,
            text=True,
            check=True,
        )
        if da.stdout.strip() != "1":
            subprocess.run([*psql, f"CREATE DATABASE {DB_NAME}"], check=True)  # noqa: S603

    def neu_starten(self) -> None:
        """Restart as an administrator would: fast shutdown (open connections
        are cut), then start."""
        self._ctl(
            "-m", "fast", "-w", "-t", "60", "restart", "-l", str(self.sockel / "postgres.log")
        )

    def anhalten(self) -> None:
        if self.laeuft():
            self._ctl("-m", "fast", "-w", "stop")


class Prozess:
    """A child process in its own process group (so it can be killed whole,
    as a container is)."""

    def __init__(self, name: str, befehl: list[str]):
        self.name = name
        self.befehl = befehl
        self.popen: subprocess.Popen | None = None

    def starten(self) -> None:
        self.popen = subprocess.Popen(  # noqa: S603
            self.befehl,
            cwd=ROOT,
            env=umgebung(),
            stdout=_protokoll(self.name),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def laeuft(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal(self, sig: int) -> None:
        if self.laeuft():
            os.killpg(self.popen.pid, sig)

    def anhalten(self, frist: float = 30) -> None:
        if not self.laeuft():
            return
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=frist)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait(timeout=10)

    def abschiessen(self) -> None:
        """SIGKILL to the whole group: no chance to acknowledge or clean up."""
        self.signal(signal.SIGKILL)
        self.popen.wait(timeout=10)


def redis_befehl(port: int, verzeichnis: Path) -> list[str]:
    """A redis-server on 127.0.0.1 only, with an append-only file as in
    docker-compose.yml: queued tasks and cached keys survive a restart."""
    return [
        shutil.which("redis-server") or "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "yes",
        "--dir",
        str(verzeichnis),
    ]


def redis_prozess() -> Prozess:
    verzeichnis = ARBEIT / "redis"
    verzeichnis.mkdir(parents=True, exist_ok=True)
    return Prozess("redis", redis_befehl(REDIS_PORT, verzeichnis))


def redis_client(db: int = 0) -> redis.Redis:
    return redis.Redis(port=REDIS_PORT, db=db, socket_connect_timeout=1, socket_timeout=2)


def warten_auf_redis(bis: float = 30) -> None:
    ende = time.monotonic() + bis
    while time.monotonic() < ende:
        try:
            if redis_client().ping():
                return
        except redis.exceptions.RedisError:
            time.sleep(0.1)
    raise RuntimeError("Redis des Lasttests antwortet nicht")


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def gunicorn_prozess() -> Prozess:
    """gunicorn with the production configuration (workers: two per core
    and one), on the run's port, without its access log."""
    return Prozess(
        "gunicorn",
        [
            _bin("gunicorn"),
            "-c",
            str(ROOT / "kooperation" / "gunicorn_conf.py"),
            "kooperation.wsgi:application",
            "--bind",
            f"127.0.0.1:{WEB_PORT}",
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
        ],
    )


def worker_prozess() -> Prozess:
    return Prozess(
        "worker",
        [
            _bin("celery"),
            "-A",
            "kooperation",
            "worker",
            "-Q",
            "default,fristen,pdf",
            "--concurrency",
            "2",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
    )


def beat_prozess() -> Prozess:
    return Prozess(
        "beat",
        [
            _bin("celery"),
            "-A",
            "kooperation",
            "beat",
            "--loglevel",
            "WARNING",
            "--schedule",
            str(ARBEIT / "beat-schedule"),
        ],
    )


def warten_auf_web(bis: float = 60) -> None:
    ende = time.monotonic() + bis
    while time.monotonic() < ende:
        try:
            with urllib.request.urlopen(f"{HOST}/betrieb/bereit/", timeout=2) as antwort:  # noqa: S310
                if antwort.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn des Lasttests wird nicht bereit")


def django(*args: str, pruefen: bool = True) -> subprocess.CompletedProcess:
    """A management command against the load-test cluster."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=umgebung(),
        check=pruefen,
    )


def modul(name: str, *args: str) -> subprocess.CompletedProcess:
    """``python -m <name>`` with the load test's environment."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", name, *args], cwd=ROOT, env=umgebung(), check=True
    )
