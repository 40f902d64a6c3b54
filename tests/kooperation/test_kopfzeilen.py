"""Responses with personal data are not cached, browser features we never use
are switched off, and the deployment neither ships secrets nor trusts a
scheme header or tells its server software."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from kooperation.access import Rolle
from tests.api_helfer import api_client

ROOT = Path(__file__).resolve().parents[2]


def test_angemeldete_antworten_werden_nicht_gespeichert(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    for url in (
        reverse("cases:fall", args=[welt.eigener_fall.pk]),
        "/api/v1/leistungsberechtigte/",
    ):
        antwort = client.get(url)
        assert antwort.status_code == 200
        assert antwort["Cache-Control"] == "no-store"
    assert (
        api_client(welt.users[Rolle.API_CLIENT]).get("/api/v1/leistungsberechtigte/")[
            "Cache-Control"
        ]
        == "no-store"
    )


def test_permissions_policy_auf_jeder_seite(client, welt):
    antwort = client.get("/anmelden/")
    assert "camera=()" in antwort["Permissions-Policy"]
    assert "geolocation=()" in antwort["Permissions-Policy"]


def test_statische_dateien_behalten_ihr_caching(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.get("/static/css/app.css")
    antwort.close()
    assert antwort.status_code == 200
    assert "no-store" not in antwort.get("Cache-Control", "")


def test_dockerignore_laesst_geheimnisse_und_daten_draussen():
    eintraege = {
        z.strip().strip("/")
        for z in (ROOT / ".dockerignore").read_text().splitlines()
        if z.strip() and not z.startswith("#")
    }
    for muss in (".env", "db.sqlite3", "media", ".venv", "node_modules", ".git"):
        assert muss in eintraege, muss


def test_dockerfile_und_compose_nutzen_die_gunicorn_konfiguration():
    config = "kooperation/gunicorn_conf.py"
    assert config in (ROOT / "Dockerfile").read_text()
    compose = (ROOT / "docker-compose.yml").read_text()
    assert config in compose
    assert "forwarded-allow-ips='*'" not in compose


def _freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn with the production settings and our config, on a free port."""

    def starten(vertraut: str):
        port = _freier_port()
        umgebung = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        umgebung.update(
            DJANGO_SETTINGS_MODULE="kooperation.settings.production",
            SECRET_KEY="x" * 60,
            ALLOWED_HOSTS="127.0.0.1",
            TRUSTED_PROXIES=vertraut,
            DATABASE_URL=f"sqlite:///{tmp_path / 'leer.sqlite3'}",
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS="1",
        )
        prozess = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "kooperation/gunicorn_conf.py",
                "kooperation.wsgi:application",
            ],
            cwd=ROOT,
            env=umgebung,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        laeufer.append(prozess)
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return f"http://127.0.0.1:{port}"
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn startet nicht")

    laeufer: list = []
    yield starten
    for prozess in laeufer:
        prozess.terminate()
        prozess.wait(timeout=20)


class _OhneUmleitung(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _abrufen(url: str) -> tuple[int, dict]:
    """Status and headers, the connection closed again."""
    oeffner = urllib.request.build_opener(_OhneUmleitung)
    anfrage = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with oeffner.open(anfrage, timeout=20) as antwort:
            return antwort.status, dict(antwort.headers)
    except urllib.error.HTTPError as fehler:
        with fehler:
            return fehler.code, dict(fehler.headers)


def test_x_forwarded_proto_nur_vom_vertrauten_proxy_und_kein_server_banner(gunicorn):
    # We are not the proxy: the claimed https is ignored, so production
    # settings redirect to https.
    status, kopf = _abrufen(gunicorn("10.9.9.9") + "/api/v1/leistungsberechtigte/")
    assert status == 301
    assert kopf["Location"].startswith("https://")
    assert "Server" not in kopf
    # From the configured proxy the header counts: the request is answered
    # (without a token: 401), not redirected.
    status, kopf = _abrufen(gunicorn("127.0.0.1") + "/api/v1/leistungsberechtigte/")
    assert status == 401
    assert "Server" not in kopf
