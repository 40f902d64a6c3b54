"""gunicorn settings for the web processes (Dockerfile, docker-compose.yml):
``gunicorn -c kooperation/gunicorn_conf.py kooperation.wsgi:application``.

- ``X-Forwarded-Proto`` (and ``X-Forwarded-For``) are believed only from the
  proxies in ``TRUSTED_PROXIES`` (the same variable Django reads,
  kooperation/netz.py); from anyone else the request stays plain http, so
  production's HTTPS redirect cannot be skipped by sending the header.
- No ``Server`` header: the answer does not tell which server software and
  version runs here."""

import os

from gunicorn.http import wsgi

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Two per core and one more (gunicorn's own advice): while one worker waits
# for PostgreSQL or lays out a one-page check, another has the core; with one
# per core a few slow requests hold up every quick one behind them.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * len(os.sched_getaffinity(0)) + 1)))
# The load test measures without a line per request on its disk.
accesslog = None if os.environ.get("GUNICORN_OHNE_ZUGRIFFSPROTOKOLL") else "-"
forwarded_allow_ips = (
    ",".join(e.strip() for e in os.environ.get("TRUSTED_PROXIES", "").split(",") if e.strip())
    or "127.0.0.1,::1"
)
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

_kopfzeilen = wsgi.Response.default_headers


def _ohne_server(self):
    return [z for z in _kopfzeilen(self) if not z.lower().startswith("server:")]


wsgi.Response.default_headers = _ohne_server
