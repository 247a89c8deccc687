"""The API against its own OpenAPI schema, with generated requests (schemathesis).

For every operation, requests built from the schema (valid and invalid bodies, parameters
and ids) sent as the coordinator of city A: no answer is a server error, and every answer
matches the schema (status code documented, body of the documented shape). Bounded: a few
examples per operation, so the run stays short in CI.

Left out: the check that every schema-valid request is accepted. The services refuse
well-formed requests that break a rule (an unknown filter value, a deadline passed, a state
that does not allow the change) with a documented 409 or 422, by design.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from wego.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def one_connection_per_test():
    """The requests go to the WSGI application itself, not through Django's test client, so, as
    that client does, keep the request signals from closing the test's database connection
    (which holds the test's transaction on PostgreSQL)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_operation_never_fails_and_matches_its_schema(case, world):
    case.call_and_validate(headers=world.headers("coordinator_a"), excluded_checks=[positive_data_acceptance])
