"""Editorial review in a real browser: an editor dismisses a finding and the scores move, a viewer cannot, a
rescoring keeps the review, an alert follows a scoring run that makes an outlet drop (its email sent once)."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from scoring import tasks
from scoring.models import Alert, AlertRule, Finding, FindingReview
from tests.conftest import make_article
from tests.browser.helpers import log_in
from tests.review.conftest import PASSWORD, make_user
from tests.review.test_alerts import NAMES, WEEK_1
from tests.scoring.test_engine import REWRITE_A, REWRITE_B, SOURCE, SPUN
from tests.scoring.test_tasks import make_story_articles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1440, "mobile": 390}


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.OUTLET_MIN_COMPARED = 1  # one story of four outlets: a score (and its change) for each outlet
    settings.ALERT_EMAIL_TO = ["desk@example.org"]


@pytest.fixture
def scored():
    """The engine's own scores of one story: a source, a spun copy (Spin Daily) and two rewrites."""
    articles = make_story_articles()
    tasks.score_all()
    return {"spun": articles[1]}




def _number(text: str) -> float:
    return float(re.search(r"\d+(\.\d+)?", text).group())


def _article_score(page) -> float:
    return _number(page.locator(".facts-list .badge").first.inner_text())


def test_an_editor_dismisses_a_finding_and_the_article_and_outlet_scores_change(page, live_server, scored,
                                                                                 screenshot):
    make_user("edith", "Editors")
    spun = scored["spun"]
    log_in(page, live_server, "edith", PASSWORD)
    page.goto(live_server.url + reverse("scoring:outlet-detail", args=[spun.outlet.slug]))
    outlet_before = _number(page.locator(".facts-list .badge").first.inner_text())
    page.goto(live_server.url + reverse("scoring:article-detail", args=[spun.pk]))
    article_before = _article_score(page)
    finding = page.locator("li.finding-spin").first
    finding_text = finding.locator(".finding__text").inner_text()
    finding.get_by_label(re.compile("Reason for dismissing")).select_option("not_spin")
    with page.expect_navigation():
        finding.get_by_role("button", name="Dismiss").click()

    assert "Dismissed" in page.locator(".messages").inner_text()
    struck = page.locator("li.finding--dismissed")
    assert struck.count() == 1 and struck.locator(".finding__text").inner_text() == finding_text
    assert "by edith" in struck.inner_text() and "not spin" in struck.inner_text()
    assert struck.locator(".finding__text").evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert _article_score(page) > article_before
    assert "Finding dismissed" in page.locator("table.audit").inner_text()
    page.goto(live_server.url + reverse("scoring:outlet-detail", args=[spun.outlet.slug]))
    assert _number(page.locator(".facts-list .badge").first.inner_text()) > outlet_before
    assert page.errors == []


def test_a_viewer_sees_the_findings_but_cannot_review(page, live_server, scored):
    make_user("victor", "Viewers")
    spun = scored["spun"]
    log_in(page, live_server, "victor", PASSWORD)
    page.goto(live_server.url + reverse("scoring:article-detail", args=[spun.pk]))
    assert page.locator("li.finding-spin").count() >= 1
    assert page.locator("[data-review-form]").count() == 0
    finding = Finding.objects.filter(score__article=spun, kind="spin").first()
    # A forged POST with the viewer's session and a valid CSRF token is still refused.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(live_server.url + reverse("scoring:review-finding", args=[finding.pk]),
                                 form={"verdict": "dismissed", "reason": "not_spin", "csrfmiddlewaretoken": token},
                                 headers={"Referer": live_server.url + "/"})
    assert response.status == 403
    assert not FindingReview.objects.exists()
    page.goto(live_server.url + reverse("scoring:review-queue"))
    assert "only editors confirm or dismiss" in page.locator("main").inner_text()
    assert page.locator("[data-review-form]").count() == 0


def test_a_rescoring_keeps_the_review(page, live_server, scored):
    make_user("edith", "Editors")
    spun = scored["spun"]
    log_in(page, live_server, "edith", PASSWORD)
    page.goto(live_server.url + reverse("scoring:article-detail", args=[spun.pk]))
    finding = page.locator("li.finding-spin").first
    finding.get_by_label(re.compile("Reason for dismissing")).select_option("wording")
    with page.expect_navigation():
        finding.get_by_role("button", name="Dismiss").click()
    after_review = _article_score(page)

    tasks.score_all()  # a new engine run rewrites the findings and the scores

    page.reload()
    assert page.locator("li.finding--dismissed").count() == 1
    assert "wording difference" in page.locator("li.finding--dismissed").inner_text()
    assert _article_score(page) == after_review


def test_the_queue_reviews_with_the_keyboard(page, live_server, scored, screenshot):
    make_user("edith", "Editors")
    log_in(page, live_server, "edith", PASSWORD)
    page.goto(live_server.url + reverse("scoring:review-queue"))
    waiting = page.locator("[data-queue-item]").count()
    assert waiting >= 2
    page.keyboard.press("j")
    assert page.locator("[data-queue-item]").first.evaluate("e => e === document.activeElement")
    with page.expect_navigation():
        page.keyboard.press("c")  # confirm the first finding
    assert page.locator("[data-queue-item]").count() == waiting - 1
    page.keyboard.press("j")
    page.keyboard.press("d")  # no reason chosen yet: the reason list takes the focus, nothing is sent
    assert page.evaluate("document.activeElement.matches('[data-review-reason]')")
    page.keyboard.press("Escape")
    assert page.locator("[data-queue-item]").count() == waiting - 1
    assert FindingReview.objects.get().verdict == "confirmed"
    assert "Spin" in page.locator("table").last.inner_text()  # the verdicts per detector
    assert page.errors == []


def test_an_alert_appears_after_a_scoring_run_that_makes_an_outlet_drop(page, live_server):
    make_user("edith", "Editors")
    AlertRule.objects.create(name="Drop of 15 points", kind="fidelity_drop", threshold=15, min_articles=1)
    outlets = {}
    from tests.conftest import make_outlet

    for name in NAMES:
        outlets[name] = make_outlet(name)

    def week(when, texts):
        # Each outlet's week-2 text differs from its week-1 text: near-identical texts of one outlet in one story
        # are versions of one article, and only the latest version is scored.
        for name, text in zip(NAMES, texts):
            make_article(outlets[name], text=text, title=f"{name} {when:%d %b}", published_at=when)

    week(WEEK_1, (SOURCE, REWRITE_B, REWRITE_A, REWRITE_B))  # Spin Daily republishes a faithful rewrite
    tasks.score_all()
    log_in(page, live_server, "edith", PASSWORD)
    assert "0 open alerts" in page.locator(".counts").inner_text()
    assert mail.outbox == []

    week(WEEK_1 + timedelta(days=7), (REWRITE_A, SPUN, SOURCE, REWRITE_A))
    tasks.score_all()  # committed: the alert rules are evaluated after the run

    page.reload()
    assert "1 open alert" in page.locator(".counts").inner_text()
    page.get_by_role("link", name=re.compile("1 open alert")).click()
    row = page.locator("table.alerts tbody tr")
    assert row.count() == 1 and "Spin Daily" in row.inner_text() and "Drop of 15 points" in row.inner_text()
    assert len(mail.outbox) == 1 and "Spin Daily" in mail.outbox[0].subject
    tasks.score_all()  # evaluated again: the same window raises nothing new
    assert Alert.objects.count() == 1 and len(mail.outbox) == 1
    with page.expect_navigation():
        row.get_by_role("button", name="Acknowledge").click()
    assert page.locator("table.alerts tbody tr").count() == 0
    assert Alert.objects.get().acknowledged_by.username == "edith"
    assert page.errors == []


def test_screenshots_of_the_review_pages(browser, live_server, scored, screenshot):
    """Every new page at a desktop and a phone width, for a person to look at (test-artefacts/review-*.png)."""
    editor = make_user("edith", "Editors")
    spun = scored["spun"]
    finding = Finding.objects.filter(score__article=spun, kind="spin").first()
    from datetime import date

    from scoring import alerts, review

    review.review_finding(finding, editor, "dismissed", "other", "A regional spelling, not a swap")
    review.add_reply(editor, spun.outlet, "We use our own style guide for these words.", date(2026, 9, 2),
                     "https://spin.example/corrections", article=spun, finding=finding)
    review.add_reply(editor, spun.outlet, "We correct every error within a day.", date(2026, 9, 3))
    AlertRule.objects.create(name="Three penalised a day", kind="penalised_day", threshold=1)
    alerts.evaluate()
    pages = {"article": reverse("scoring:article-detail", args=[spun.pk]),
             "queue": reverse("scoring:review-queue"), "alerts": reverse("scoring:alert-list"),
             "outlet": reverse("scoring:outlet-detail", args=[spun.outlet.slug]), "overview": "/"}
    for label, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        tab = context.new_page()
        tab.errors = []
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))
        log_in(tab, live_server, "edith", PASSWORD)
        for name, url in pages.items():
            tab.goto(live_server.url + url)
            for details in tab.locator("details.reply-entry").all():
                details.evaluate("e => e.open = true")
            widest = tab.evaluate("document.documentElement.scrollWidth")
            assert widest <= width + 1, (label, name, widest)  # nothing forces a sideways scroll
            screenshot(tab, f"review-{label}-{name}")
            if name == "article":  # the long page also in viewport-sized parts: the reviewed finding, the replies
                for part, selector in (("finding", "li.finding--dismissed"), ("replies", "#replies")):
                    tab.locator(selector).scroll_into_view_if_needed()
                    path = screenshot(tab, f"review-{label}-article-{part}")
                    tab.screenshot(path=str(path))
        assert tab.errors == []
        context.close()
