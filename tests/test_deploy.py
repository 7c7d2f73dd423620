"""Hardening: `check --deploy` is clean with production variables; headers, CSP, login throttling, admin path,
and the HTML sanitiser."""
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

ROOT = Path(__file__).resolve().parent.parent


def production_env(**extra) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env.update(DEBUG="0", SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
               ALLOWED_HOSTS="example.org", **extra)
    return env


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_is_clean_with_production_variables():
    run = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues (0 silenced)." in run.stdout


def test_check_deploy_fails_when_https_is_turned_off():
    # The test above can fail: turning the secure defaults off must make the same check complain.
    run = manage("check", "--deploy", "--fail-level", "WARNING",
                 env=production_env(SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0", SECURE_HSTS_SECONDS="0"))
    assert run.returncode != 0
    assert "security.W004" in run.stderr + run.stdout and "security.W012" in run.stderr + run.stdout


def test_the_server_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    run = manage("check", env=env)
    assert run.returncode != 0 and "SECRET_KEY must be set when DEBUG is off" in run.stderr


# Headers and CSP

def test_pages_carry_security_headers_and_a_strict_csp(client, db):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no inline scripts, no remote ones
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_api_carries_the_csp_too(client, db):
    assert "default-src 'self'" in client.get("/api/v1/openapi.json")["Content-Security-Policy"]


# Login throttling

def _login(client, password):
    return client.post("/accounts/login/", {"username": "editor", "password": password})


def test_logins_are_refused_after_repeated_failures(client, django_user_model, settings):
    django_user_model.objects.create_user("editor", password="right-password")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong").status_code == 200  # the form again, with its error
    assert _login(client, "wrong").status_code == 429
    # Locked out: even the right password is refused until the cool-off ends.
    assert _login(client, "right-password").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_throttled_too(client, django_user_model, settings):
    django_user_model.objects.create_user("editor", password="right-password", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(f"/{settings.ADMIN_URL}login/", {"username": "editor", "password": "wrong"})
    assert _login(client, "right-password").status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, django_user_model, settings):
    django_user_model.objects.create_user("editor", password="right-password")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wrong")
    assert _login(client, "right-password").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong").status_code == 200


def test_the_test_clients_login_still_works(client, django_user_model):
    django_user_model.objects.create_user("editor", password="right-password")
    assert client.login(username="editor", password="right-password")


# Admin path

@pytest.fixture
def reload_urls():
    yield
    clear_url_caches()
    import importlib

    import config.urls

    importlib.reload(config.urls)


def test_the_admin_path_is_configurable(client, db, reload_urls):
    import importlib

    import config.urls

    with override_settings(ADMIN_URL="backoffice-7f3a/"):
        importlib.reload(config.urls)
        clear_url_caches()
        assert client.get("/backoffice-7f3a/").status_code == 302  # to the admin's login
        assert client.get("/admin/").status_code == 404


def test_the_admin_stays_at_admin_by_default(client, db):
    assert client.get("/admin/").status_code == 302


def test_admin_url_setting_normalises_slashes():
    env = dict(os.environ, ADMIN_URL="/back/office/")
    code = "from django.conf import settings; print(settings.ADMIN_URL)"
    run = subprocess.run([sys.executable, "-c", f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
                          f"'config.settings'); django.setup(); {code}"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.stdout.strip() == "back/office/", run.stderr


# Upload limits

def test_a_request_body_over_the_limit_is_refused(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024  # the production 5 MB, scaled down to keep the test fast
    response = client.post("/accounts/login/", {"username": "x" * 2048, "password": "pw"})
    assert response.status_code == 400
