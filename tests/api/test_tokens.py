"""API tokens can be revoked: in the admin (listed with their last use), by `manage.py revoke_api_token`, and by a
change of the user's password."""
from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from scoring.models import ApiToken

pytestmark = pytest.mark.django_db


def reads(client, secret) -> int:
    return client.get("/api/v1/outlets", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code


def test_the_admin_lists_tokens_with_their_last_use_and_revokes_them(admin_client, client, reader):
    row, secret = ApiToken.issue(reader, "newsroom CMS")
    assert reads(client, secret) == 200
    row.refresh_from_db()
    assert row.last_used_at is not None
    page = admin_client.get(reverse("admin:scoring_apitoken_changelist")).content.decode()
    assert "newsroom CMS" in page and "Last used at" in page
    response = admin_client.post(reverse("admin:scoring_apitoken_changelist"),
                                 {"action": "revoke", "_selected_action": [row.pk]}, follow=True)
    assert "1 token(s) revoked" in response.content.decode()
    assert reads(client, secret) == 401


def test_the_command_revokes_a_users_tokens_or_one_by_its_secret(client, reader):
    _, first = ApiToken.issue(reader, "cms")
    _, second = ApiToken.issue(reader, "bot")
    out = StringIO()
    call_command("revoke_api_token", "--token", first, stdout=out)
    assert out.getvalue().strip() == "revoked 1 token(s)"
    assert (reads(client, first), reads(client, second)) == (401, 200)
    call_command("revoke_api_token", reader.username, stdout=out)
    assert reads(client, second) == 401
    with pytest.raises(CommandError, match="no such token"):
        call_command("revoke_api_token", reader.username)
    with pytest.raises(CommandError, match="no user named"):
        call_command("revoke_api_token", "nobody")


def test_a_secret_never_begins_with_a_dash_so_a_command_line_never_reads_it_as_an_option(reader, monkeypatch):
    drawn = iter(["-leading-dash-secret", "plain-secret"])
    monkeypatch.setattr("scoring.models.secrets.token_urlsafe", lambda n: next(drawn))
    _, secret = ApiToken.issue(reader, "cms")
    assert secret == "plain-secret"
    call_command("revoke_api_token", "--token", secret, stdout=StringIO())


def test_a_password_change_revokes_the_users_tokens_and_nothing_else_does(client, reader):
    _, secret = ApiToken.issue(reader, "cms")
    reader.first_name = "Ann"
    reader.save()
    reader.last_login = None
    reader.save(update_fields=["last_login"])
    reader.password = reader.password  # as check_password saves an upgraded hash of the same password
    reader.save(update_fields=["password"])
    assert reads(client, secret) == 200
    reader.set_password("a new long passphrase")
    reader.save()
    assert reads(client, secret) == 401
    assert not ApiToken.objects.exists()
