"""The story page in a real browser: the consensus list's "stated by" and the drawn heatmap say the same thing for
every fact, on a story the engine scored (so the bridge's stored coverage is what both read)."""
import re
from datetime import datetime, timezone

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from scoring import tasks
from sources.models import Story
from tests.browser.helpers import PASSWORD, log_in
from tests.conftest import make_article, make_outlet
from tests.scoring.test_engine import REWRITE_A, REWRITE_B, SOURCE, SPUN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime(2026, 9, 1, 9, 0, tzinfo=timezone.utc)
HEATMAP_DRAWN = "() => document.querySelector('[data-chart=\"heatmap-chart\"] .main-svg') !== null"


def _log_in(page, live_server):
    User.objects.create_user("editor", password=PASSWORD)
    log_in(page, live_server)


def _voices(stated_by: str) -> set[str]:
    """Outlet names in a "stated by" entry: "Herald (and its copy Spin Daily), Ledger" -> all three."""
    names = re.sub(r" \(and its cop(?:y|ies) ", ", ", stated_by).replace(")", "")
    return {n.strip() for n in names.split(",") if n.strip()} - {"no outlet in this story"}


def test_the_story_pages_stated_by_and_heatmap_agree_on_every_fact(page, live_server, screenshot):
    # A source, its spun copy (which also changes facts), an independent report with one changed duration, and
    # another independent report: every state (states, contradicts, omits) and a copy with its source.
    texts = {"Harbour Herald": SOURCE, "Spin Daily": SPUN,
             "Valley Ledger": REWRITE_A.replace("take two years", "take two months"), "Coast Courier": REWRITE_B}
    for name, text in texts.items():
        make_article(make_outlet(name), text=text, title="Barrier approved", published_at=DAY)
    tasks.score_all()
    story = Story.objects.get()
    _log_in(page, live_server)
    page.goto(live_server.url + reverse("scoring:story-detail", args=[story.pk]))
    page.wait_for_function(HEATMAP_DRAWN)

    stated = [_voices(t.split(" — ", 1)[1]) for t in page.locator("ol.consensus > li").all_inner_texts()]
    heatmap = page.locator('[data-chart="heatmap-chart"]').evaluate(
        "el => ({x: el.data[0].x, z: el.data[0].z})")
    outlets = [x.removesuffix(" (copy)") for x in heatmap["x"]]
    assert len(stated) == len(heatmap["z"]) > 0
    states = {"contradicts": -1, "states": 1}
    for n, (voices, row) in enumerate(zip(stated, heatmap["z"]), 1):
        stating = {o for o, z in zip(outlets, row) if z == states["states"]}
        contradicting = {o for o, z in zip(outlets, row) if z == states["contradicts"]}
        assert voices == stating, f"fact {n}: stated by {voices}, the heatmap says {stating}"
        assert not voices & contradicting
    drawn = [z for row in heatmap["z"] for z in row]
    assert states["contradicts"] in drawn and states["states"] in drawn  # the story has both to agree on
    assert "Spin Daily (copy)" in heatmap["x"]  # the copy is marked as one voice with its source
    screenshot(page, "story-evidence")
    assert page.errors == []
