"""Fixtures of the review tests: users in the Viewers and Editors groups (made by migration 0007)."""
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, User
from django.db import connection

_roles = importlib.import_module("scoring.migrations.0007_review_reply_alert")
PASSWORD = "review-test-pw"


def ensure_roles():
    """The groups as migration 0007 makes them (a transactional test's flush empties the tables)."""
    _roles.create_roles(global_apps, SimpleNamespace(connection=connection))


def make_user(name: str, group: str) -> User:
    ensure_roles()
    user = User.objects.create_user(name, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor_user(db):
    return make_user("edith", "Editors")


@pytest.fixture
def viewer_user(db):
    return make_user("victor", "Viewers")


@pytest.fixture
def editor(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture
def viewer(client, viewer_user):
    client.force_login(viewer_user)
    return client
