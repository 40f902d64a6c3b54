"""A real Celery worker process on the test database (second CI pass)."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def worker_starten(**extra_env: str) -> subprocess.Popen:
    s = connection.settings_dict
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )
    env["DJANGO_SETTINGS_MODULE"] = "kooperation.settings.test"
    env.update(extra_env)
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "kooperation",
            "worker",
            "--pool=solo",
            "-Q",
            "default,fristen,pdf",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
    )
