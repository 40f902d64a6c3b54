"""Schemathesis against the generated OpenAPI schema: for every operation a
few generated requests (bounded: examples per operation, no shrinking), as an
IFK with a small world of data and as the kommunaler Träger. No answer may be
a 5xx, and every answer must match the schema (status code, content type,
body)."""

import collections
import datetime
import itertools
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis import checks as st_checks
from schemathesis.specs.openapi.formats import unregister_string_format

from kooperation.access import Rolle
from kooperation.wsgi import application
from tests.api_helfer import api_client
from tests.cases.factories import PotenzialanalyseFactory
from tests.partners.factories import AngebotFactory, PartnerFactory
from tests.plans.factories import in_abstimmung

# Bounded so that CI stays fast (about 20 s per pass): examples per operation
# and role, fixed seed, no shrinking. A deeper run: API_SCHEMA_BEISPIELE=200.
BEISPIELE = int(os.environ.get("API_SCHEMA_BEISPIELE", "4"))


# The business rules no schema can express. Positive data may break them, and
# the API then answers 400 with the ``code`` naming which:
# - ``invalid_reference``: an id in the body names nothing in the caller's
#   scope (the schema types an id; which ids exist for whom is data);
# - ``duplicate``: a value given twice where it must be unique by a key (the
#   same Handlungsbedarf twice; JSON Schema's uniqueItems compares whole items);
# - ``business_rule``: the lifecycle or the record's history refuses the step
#   now (a plan in the wrong state, a day before the plan began or in the
#   future, a second open plan, a minor without a representative): a
#   ``Fachfehler`` from a service.
# Everything else the schema states (types, lengths, enums, required fields,
# id ranges, filters that need a value) must be accepted.
FACHREGELN = {"invalid_reference", "duplicate", "business_rule"}


def positive_data_acceptance(ctx, response, case):
    """schemathesis' check, except for the business rules above."""
    if response.status_code == 400 and response.json().get("code") in FACHREGELN:
        return None
    return st_checks.positive_data_acceptance(ctx, response, case)


@pytest.fixture
def daten_im_fenster():
    """Dates from the windows the schema names (``x-datum-von``/``-bis``:
    Vorgänge from 2005 to three years ahead, births up to 110 years back):
    JSON Schema has no bounds for dates, so generated ones come from the days
    every window shares, 2005 to today."""
    heute = datetime.date.today()  # noqa: DTZ011
    tage = st.dates(datetime.date(2005, 1, 1), heute)
    schemathesis.openapi.format("date", tage.map(datetime.date.isoformat))
    schemathesis.openapi.format(
        "date-time",
        st.builds(
            lambda tag, sekunden: (
                f"{tag.isoformat()}T{sekunden // 3600:02d}:"
                f"{sekunden // 60 % 60:02d}:{sekunden % 60:02d}+01:00"
            ),
            tage,
            st.integers(0, 86399),
        ),
    )
    yield
    for name in ("date", "date-time"):
        unregister_string_format(name)


# What ``--checks all`` runs on single requests (the response time is the
# load test's; ``object_level_authorization`` needs a second identity's
# objects and is covered by tests/test_rollen_matrix.py).
PRUEFUNGEN = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_headers_conformance,
    st_checks.response_schema_conformance,
    st_checks.negative_data_rejection,
    positive_data_acceptance,
    st_checks.missing_required_header,
    st_checks.unsupported_method,
    st_checks.ignored_auth,
    st_checks.allow_header_conformance,
]
# And what it runs on sequences of requests along the schema's links.
ZUSTANDSPRUEFUNGEN = [
    *PRUEFUNGEN,
    st_checks.use_after_free,
    st_checks.ensure_resource_availability,
]
# Bounded like the single requests: scenarios and steps per scenario.
ABLAEUFE = int(os.environ.get("API_SCHEMA_ABLAEUFE", "12"))
SCHRITTE = 8
MODI = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


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
def test_schnittstelle_haelt_ihr_schema_ein(daten, verbindung_bleibt, daten_im_fenster, rolle):
    token = api_client(daten.users[rolle])._credentials["HTTP_AUTHORIZATION"]
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", application, headers={"Authorization": token}
    )
    fehler = []
    operationen = 0
    for ergebnis, modus in itertools.product(schema.get_all_operations(), MODI):
        operation = ergebnis.ok()
        operationen += 1

        @given(case=operation.as_strategy(generation_mode=modus))
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
        except Unsatisfiable:
            # No parameters or body to make invalid: nothing to send negatively.
            if modus is not GenerationMode.NEGATIVE:
                raise
        except (Exception, BaseExceptionGroup) as e:  # noqa: BLE001 - collect every failure
            fehler.append(f"{operation.label} ({modus.value}): {e}")
    assert operationen > 20
    assert fehler == [], "\n\n".join(fehler)


def test_ablaeufe_entlang_der_verweise(daten, verbindung_bleibt, daten_im_fenster):
    """schemathesis' state machine: sequences of requests along the schema's
    links (a person made, read and changed, its Potenzialanalyse begun and
    completed, a plan begun from it, its draft edited, items added), with the
    single-request checks and the stateful ones (what was made can be read;
    what was deleted is gone)."""
    token = api_client(daten.users[Rolle.IFK])._credentials["HTTP_AUTHORIZATION"]
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", application, headers={"Authorization": token}
    )
    verweise = sum(
        len(antwort.get("links", {}))
        for pfad in schema.raw_schema["paths"].values()
        for operation in pfad.values()
        for antwort in operation["responses"].values()
    )
    assert verweise >= 15

    erfolge = collections.Counter()

    # The scenario's own operations: a person, her Potenzialanalyse, her plan
    # and its versions and items. With every step of the lifecycle in play,
    # the bounded run would spend itself on steps of plans nobody made.
    ablauf = schema.include(
        path_regex=r"^/api/v1/(leistungsberechtigte|potenzialanalysen|kooperationsplaene)/"
        r"(\{[a-z_]+\}/)?((abschliessen|versionen)/(\{[a-z_]+\}/)?(eintraege/(\{[a-z_]+\}/)?)?)?$"
    )

    class Ablauf(ablauf.as_state_machine()):
        def before_call(self, case):
            # The one id no link can supply: the caller's team for a new person.
            if case.path == "/api/v1/leistungsberechtigte/" and isinstance(case.body, dict):
                case.body["team"] = daten.team.pk

        def after_call(self, response, case):
            if response.status_code < 300:
                erfolge[f"{case.method} {case.path}"] += 1

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": token}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response, checks=ZUSTANDSPRUEFUNGEN, headers={"Authorization": token}
            )

    Ablauf.run(
        settings=settings(
            max_examples=ABLAEUFE,
            stateful_step_count=SCHRITTE,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
    # The scenarios got past the first step: people were made, and the
    # operations their links lead to were called on them.
    assert erfolge["POST /api/v1/leistungsberechtigte/"] > 0, erfolge
