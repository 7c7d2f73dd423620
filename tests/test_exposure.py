"""What an attack would learn or flood: throttling per address across usernames, no caching of signed-in answers,
client errors logged as one INFO line (no traceback) instead of a WARNING flood."""
from __future__ import annotations

import io
import logging

import pytest

from config.logs import ClientErrorsAtInfo

pytestmark = pytest.mark.django_db


def test_password_spraying_from_one_address_is_throttled_across_usernames(client, django_user_model, settings):
    django_user_model.objects.create_user("editor", password="right-password")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": f"user{n}", "password": "Winter2025!"})
    response = client.post("/accounts/login/", {"username": "editor", "password": "right-password"})
    assert response.status_code == 429  # the address is locked out, whichever username it tries next


def test_signed_in_answers_are_private_and_never_stored(client, django_user_model):
    from scoring.models import ApiToken

    user = django_user_model.objects.create_user("editor", password="right-password")
    secret = ApiToken.issue(user)[1]
    by_token = client.get("/api/v1/outlets", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert by_token.status_code == 200
    assert set(by_token["Cache-Control"].split(", ")) >= {"private", "no-store"}
    client.force_login(user)
    for url in ["/", "/outlets/", "/api/v1/outlets", "/exports/outlets.csv"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}, url


@pytest.fixture
def log():
    """What the configured console handler writes, with the root logger at INFO."""
    root = logging.getLogger()
    [handler] = [h for h in root.handlers if any(isinstance(f, ClientErrorsAtInfo) for f in h.filters)]
    stream, level = io.StringIO(), root.level
    old = handler.setStream(stream)
    root.setLevel(logging.INFO)
    yield stream
    root.setLevel(level)
    handler.setStream(old)


def test_client_errors_are_one_info_line_and_a_bad_host_has_no_traceback(client, settings, log):
    settings.DEBUG = False
    assert client.get("/no-such-page/").status_code in (302, 404)
    assert client.get("/api/v1/no-such-thing").status_code in (401, 404)
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    written = log.getvalue()
    assert "Invalid HTTP_HOST header" in written
    assert "Traceback" not in written and "WARNING" not in written and "ERROR" not in written


def test_client_errors_are_dropped_at_the_default_warning_level_and_server_errors_kept():
    keep = ClientErrorsAtInfo()
    root_level = logging.getLogger().level
    logging.getLogger().setLevel(logging.WARNING)
    try:
        not_found = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found: /x", (), None)
        not_found.status_code = 404
        assert not keep.filter(not_found)
        failed = logging.LogRecord("django.request", logging.ERROR, "", 0, "Internal Server Error: /x", (), None)
        failed.status_code = 500
        assert keep.filter(failed) and failed.levelname == "ERROR"
    finally:
        logging.getLogger().setLevel(root_level)
