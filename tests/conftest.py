"""Shared fixtures: German locale, the skip rules for the second CI pass, and
a small world of two Jobcenters with a user of every role."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from kooperation.access import Rolle
from tests.cases.factories import LeistungsberechtigterFactory
from tests.kooperation.factories import JobcenterFactory, TeamFactory, benutzer
from tests.partners.factories import KommunalerTraegerFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# our tests make there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _force_login_mit_zweitem_faktor(monkeypatch):
    """``client.force_login`` stands for a complete login in these tests:
    password and second factor (a confirmed authenticator app). The login
    itself, with both steps, is tested through the pages
    (tests/kooperation/test_zwei_faktor.py, tests/browser/)."""
    from django.test.client import ClientMixin
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.kooperation.factories import bestaetigtes_geraet

    anmelden = ClientMixin.force_login

    def force_login(self, user, backend=None):
        anmelden(self, user, backend)
        sitzung = self.session
        sitzung[DEVICE_ID_SESSION_KEY] = bestaetigtes_geraet(user).persistent_id
        sitzung.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture(autouse=True)
def _deutsch():
    with translation.override("de"):
        yield


def pytest_collection_modifyitems(config, items):
    auf_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    mit_broker = bool(os.environ.get("CELERY_BROKER_URL"))
    for item in items:
        if "postgres" in item.keywords and not auf_postgres:
            item.add_marker(
                pytest.mark.skip(
                    reason="braucht PostgreSQL: läuft im zweiten CI-Durchgang (DATABASE_URL)"
                )
            )
        if "celery_worker" in item.keywords and not (mit_broker and auf_postgres):
            item.add_marker(
                pytest.mark.skip(
                    reason="braucht Redis und einen echten Celery-Worker: zweiter CI-Durchgang"
                )
            )


@dataclass
class Welt:
    jc: object
    jc2: object
    team: object
    team2: object
    users: dict
    fremde_ifk: object
    eigener_fall: object
    team_fall: object
    fremder_fall: object
    traeger: object


@pytest.fixture
def welt(db) -> Welt:
    """Two Jobcenters in one database; in the first, two teams and one user of
    every role; cases owned by the IFK, by a colleague in the same team, and in
    the other Jobcenter."""
    jc = JobcenterFactory(name="Jobcenter Rheinstadt", bundesland="BW")
    jc2 = JobcenterFactory(name="Jobcenter Anderswo", bundesland="NI")
    team = TeamFactory(jobcenter=jc, name="Team Nord")
    team2 = TeamFactory(jobcenter=jc, name="Team Süd")
    users = {
        Rolle.IFK: benutzer(Rolle.IFK, jc, team, username="ifk"),
        Rolle.TEAMLEITUNG: benutzer(Rolle.TEAMLEITUNG, jc, team, username="teamleitung"),
        Rolle.TRAEGER: benutzer(Rolle.TRAEGER, jc, username="traeger"),
        Rolle.GESCHAEFTSFUEHRUNG: benutzer(Rolle.GESCHAEFTSFUEHRUNG, jc, username="gf"),
        Rolle.ADMINISTRATION: benutzer(Rolle.ADMINISTRATION, jc, username="admin", is_staff=True),
        Rolle.API_CLIENT: benutzer(Rolle.API_CLIENT, jc, username="fachverfahren"),
    }
    kollegin = benutzer(Rolle.IFK, jc, team, username="kollegin")
    fremde_ifk = benutzer(Rolle.IFK, jc2, TeamFactory(jobcenter=jc2), username="fremd")
    traeger = KommunalerTraegerFactory(jobcenter=jc, name="Stadt Rheinstadt")
    traeger.mitarbeitende.add(users[Rolle.TRAEGER])
    return Welt(
        jc=jc,
        jc2=jc2,
        team=team,
        team2=team2,
        users=users,
        fremde_ifk=fremde_ifk,
        # Names no generated user can have, so "name not on the page"
        # assertions cannot collide with the logged-in user's own name.
        eigener_fall=LeistungsberechtigterFactory(
            team=team,
            zustaendig=users[Rolle.IFK],
            vorname="Quirinella",
            nachname="Ostendorf-Quast",
        ),
        team_fall=LeistungsberechtigterFactory(
            team=team, zustaendig=kollegin, vorname="Ysoldine", nachname="Brinkmeyer-Lutz"
        ),
        fremder_fall=LeistungsberechtigterFactory(
            team=fremde_ifk.team,
            zustaendig=fremde_ifk,
            vorname="Arifhan",
            nachname="Fremdling-Haas",
        ),
        traeger=traeger,
    )


@pytest.fixture
def datenbank_ist_postgres():
    return connection.vendor == "postgresql"
