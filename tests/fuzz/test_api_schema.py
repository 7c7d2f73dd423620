"""Schemathesis against the API's own OpenAPI schema, through the WSGI app in-process: no input gives a 500,
and every 200 matches the documented response schema."""
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def test_connection(db):
    """Keep the test's database connection open across WSGI requests, as Django's test client does.

    The WSGI handler closes "old" connections when a request starts and finishes; inside a test's transaction
    that closes the connection itself (PostgreSQL), and the next query fails.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def auth_header(test_connection, corpus, token):
    return {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_request_gives_a_server_error(case, auth_header):
    case.call_and_validate(headers=auth_header, checks=[not_a_server_error, response_schema_conformance])


@schema.parametrize()
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_anonymous_requests_are_refused(case, test_connection):
    response = case.call()
    # 401 without credentials; 405 for the methods schemathesis also tries; 422 if validation came first; 403 for a
    # POST (the review endpoint), where the session auth's CSRF check refuses before the missing login is seen.
    refused = (401, 405, 422, 403) if case.method == "POST" else (401, 405, 422)
    assert response.status_code in refused, (case.method, case.path, case.query, response.status_code)
