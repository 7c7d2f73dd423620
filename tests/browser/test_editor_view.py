"""The editor's view in a real browser (issue 21): points that add up, scores in view on a phone, a new outlet's
chart with one week of data."""
from datetime import datetime, timedelta, timezone

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from scoring import tasks
from scoring.engine.fidelity import article_fidelity
from scoring.engine.types import Finding as EngineFinding
from tests.browser.helpers import PASSWORD, log_in
from tests.conftest import make_article, make_outlet
from tests.scoring.factories import find, make_finding, make_score, make_story, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-chart]')]
    .every(element => element.querySelector('.main-svg'))"""
TEXT = ("The council approved the new harbour overpass on Monday after a lengthy discussion. "
        "The bridge will cost 90 million pounds, the mayor said. Trending: Radical council wastes your money!")


def _log_in(page, live_server):
    User.objects.create_user("editor", password=PASSWORD)
    log_in(page, live_server)


def _scored(outlet, findings, story=None, published=None):
    # A url of its own: an outlet's articles without url or id are one article per text (the identity constraint).
    url = f"https://{outlet.slug}.example/{published:%Y-%m-%d}" if published else ""
    article = make_article(outlet=outlet, text=TEXT, story=story, published_at=published, url=url,
                           title=f"{outlet.name}: bridge approved")
    fidelity, parts = article_fidelity([EngineFinding(k, 0, 1, "x", severity=s) for k, _, _, s in findings])
    score = make_score(article, fidelity=fidelity, **parts)
    for kind, needle, expected, severity in findings:
        make_finding(score, kind, *find(score, needle), expected=expected, severity=severity)
    return article


def test_an_articles_points_add_up_to_its_score_on_the_page(page, live_server, screenshot):
    article = _scored(make_outlet(name="Daily Drift"), [
        ("spin", "overpass", "bridge", 0.5), ("spin", "lengthy discussion", "long debate", 0.4),
        ("drift", "90 million", "40 million", 1.0),
        ("sidebar", "Trending: Radical council wastes your money!", "", 0.5)])
    _log_in(page, live_server)
    page.goto(live_server.url + reverse("scoring:article-detail", args=[article.pk]))
    costs = [float(x) for x in page.locator(".finding [data-points]").evaluate_all(
        "nodes => nodes.map(n => n.dataset.points)")]
    badge = float(page.locator(".facts-list .badge").first.inner_text())
    result = float(page.get_by_test_id("score-sum-result").inner_text())
    assert sorted(costs) == [1.6, 2.0, 10.0, 10.0]
    assert badge == result == pytest.approx(100 - sum(costs))  # no kind reaches its cap here
    assert "score-clean" not in page.locator(".facts-list .badge").first.get_attribute("class")
    screenshot(page, "editor-article-points")
    assert page.errors == []


def test_a_phone_sees_every_score_column_without_scrolling_sideways(browser, live_server, screenshot):
    world = make_world(stories=3)
    tasks.save_outlet_scores()  # real outlet scores (some "insufficient evidence") from the stored article scores
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    _log_in(page, live_server)
    pages = {"outlets": reverse("scoring:outlet-list"), "stories": reverse("scoring:story-list"),
             "story": reverse("scoring:story-detail", args=[world["stories"][0].pk]),
             "overview": reverse("scoring:overview")}
    for name, url in pages.items():
        page.goto(live_server.url + url)
        cells = page.locator("table.sticky-score tbody .score-col")
        assert cells.count() > 0, name
        for i in range(cells.count()):
            box = cells.nth(i).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, i, box)
            assert cells.nth(i).inner_text().strip(), (name, i)  # a number, or what stands in for one
        # Scrolled sideways, the score stays in view (sticky) beside the row's name.
        page.locator("table.sticky-score").first.evaluate("t => t.parentElement.scrollLeft = 400")
        box = cells.first.bounding_box()
        assert box["x"] + box["width"] <= 390, name
        screenshot(page, f"editor-phone-{name}")
    context.close()


def test_a_new_outlets_chart_with_one_week_of_data(page, live_server, screenshot):
    outlet = make_outlet(name="Fresh Gazette")
    story = make_story(title="Bridge")
    monday = datetime(2026, 11, 30, 9, tzinfo=timezone.utc)
    for day in range(5):  # five compared articles in one week: enough for a weekly score, one point on the chart
        _scored(outlet, [("spin", "overpass", "bridge", 0.5)] if day % 2 else [], story=story,
                published=monday + timedelta(days=day))
    tasks.save_outlet_scores()
    _log_in(page, live_server)
    page.goto(live_server.url + reverse("scoring:outlet-detail", args=[outlet.slug]))
    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=15000)
    chart = page.locator('[data-chart="history-chart"]')
    ticks = chart.locator(".xtick text").all_text_contents()  # SVG text has no innerText
    assert ticks == ["30 Nov"]  # the week, not "23:59:59.999 Nov 29 ... 00:00:00.0005"
    assert chart.locator(".xtitle").text_content() == "Week of"
    counts = page.locator('[data-chart="histogram-chart"] .ytick text').all_text_contents()
    assert counts and all(c.replace(",", "").isdigit() for c in counts)  # whole articles only
    screenshot(page, "editor-new-outlet")
    assert page.errors == []
