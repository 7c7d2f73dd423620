"""Real-browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Skipped with a message when Chromium or Playwright is missing, except in CI (env CI set),
where the browser tests must run and a missing browser fails them.
"""
import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts"


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and CI must run the browser tests")
    pytest.skip(f"{reason}: browser tests skipped (they run in CI)")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements-dev.txt)")
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    # Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told it is safe (it is: the loop only drives the browser).
    # Set only while the browser runs: other tests' subprocesses must not inherit it.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page at 1280x800 that records console errors and uncaught exceptions in page.errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot to test-artefacts/<name>.png and return its path."""
    ARTEFACTS.mkdir(exist_ok=True)

    def take(tab, name: str) -> Path:
        path = ARTEFACTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take
