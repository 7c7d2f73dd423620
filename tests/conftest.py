"""Shared fixtures: plain factory functions with defaults, and the path to ../shared."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test when it is absent, except in CI where it must exist."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing, and CI must have ../shared")
        pytest.skip(f"{path} not found (../shared is only beside CI and developer checkouts)")
    return path


@pytest.fixture(autouse=True)
def _background_jobs_finish():
    """A background job a test started (sources/runner.py) ends before the next test touches the database."""
    yield
    from sources import runner

    runner.wait_all(timeout=300)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_outlet(name="Harbour Herald", **fields):
    from sources.models import Outlet

    return Outlet.objects.create(name=name, **fields)


def make_article(outlet=None, text="The council approved the new bridge on Monday.", **fields):
    from sources.models import Article, content_hash

    outlet = outlet or make_outlet()
    fields.setdefault("raw_text", text)
    return Article.objects.create(outlet=outlet, content_hash=content_hash(text), **fields)
