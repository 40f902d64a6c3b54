"""The production settings, plus the one page the load test compares with:
an empty page behind the login (lasttest/urls.py)."""

from kooperation.settings.production import *  # noqa: F403

ROOT_URLCONF = "lasttest.urls"
