"""The production settings mode passes `check --deploy` and refuses to start
without its secrets."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    umgebung = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    umgebung.update(DJANGO_SETTINGS_MODULE="kooperation.settings.production", **env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=umgebung,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_produktion_besteht_check_deploy_ohne_warnungen():
    ergebnis = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="jobcenter.example",
    )
    assert ergebnis.returncode == 0, ergebnis.stderr
    assert "no issues" in ergebnis.stdout


@pytest.mark.parametrize("fehlt", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_produktion_startet_nicht_ohne_geheimnisse(fehlt):
    env = {"SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "jobcenter.example"}
    del env[fehlt]
    ergebnis = manage("check", **env)
    assert ergebnis.returncode != 0
    assert fehlt in ergebnis.stderr
