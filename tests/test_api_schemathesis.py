"""Schemathesis against the generated OpenAPI schema: for every operation a
few generated requests (bounded: examples per operation, no shrinking), as an
IFK with a small world of data and as the kommunaler Träger. No answer may be
a 5xx, and every answer must match the schema (status code, content type,
body)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks as st_checks

from kooperation.access import Rolle
from kooperation.wsgi import application
from tests.api_helfer import api_client
from tests.cases.factories import PotenzialanalyseFactory
from tests.partners.factories import AngebotFactory, PartnerFactory
from tests.plans.factories import in_abstimmung

# Bounded so that CI stays fast (about 20 s per pass): examples per operation
# and role, fixed seed, no shrinking. A deeper run: API_SCHEMA_BEISPIELE=200.
BEISPIELE = int(os.environ.get("API_SCHEMA_BEISPIELE", "4"))

PRUEFUNGEN = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
]


@pytest.fixture
def daten(welt):
    """Something to find behind most ids: a person with an analysis, a draft
    with a § 16a item in Abstimmung, an agreed plan, a partner and an offer."""
    PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    in_abstimmung(welt)
    PartnerFactory(jobcenter=welt.jc)
    AngebotFactory(jobcenter=welt.jc)
    return welt


@pytest.fixture
def verbindung_bleibt():
    """Requests go straight to the WSGI application (not Django's test client),
    which would close the test's database connection, with its transaction,
    at the start and end of every request; keep it open, as the test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("rolle", [Rolle.IFK, Rolle.TRAEGER])
def test_schnittstelle_haelt_ihr_schema_ein(daten, verbindung_bleibt, rolle):
    token = api_client(daten.users[rolle])._credentials["HTTP_AUTHORIZATION"]
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", application, headers={"Authorization": token}
    )
    fehler = []
    operationen = 0
    for ergebnis in schema.get_all_operations():
        operation = ergebnis.ok()
        operationen += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=BEISPIELE,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def pruefen(case):
            case.call_and_validate(headers={"Authorization": token}, checks=PRUEFUNGEN)

        try:
            pruefen()
        except Exception as e:  # noqa: BLE001 - collect every operation's failure
            fehler.append(f"{operation.label}: {e}")
    assert operationen > 20
    assert fehler == []
