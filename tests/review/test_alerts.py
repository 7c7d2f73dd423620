"""Alerts: rules evaluated after scoring runs, one alert per rule, outlet and window, email and webhook delivery."""
import json
import threading
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone as django_timezone

from scoring import alerts, tasks
from scoring.models import Alert, AlertRule, AuditEntry
from tests.conftest import make_article, make_outlet
from tests.scoring.factories import make_outlet_score, make_score
from tests.scoring.test_engine import REWRITE_A, REWRITE_B, SOURCE, SPUN

pytestmark = pytest.mark.django_db

WEEK_1 = datetime(2026, 8, 25, 9, tzinfo=timezone.utc)  # a Tuesday: windows start on Mondays
NAMES = ("Harbour Herald", "Spin Daily", "Valley Ledger", "Coast Courier")


@pytest.fixture(autouse=True)
def _alert_settings(settings):
    settings.ALERT_EMAIL_TO = ["desk@example.org"]
    settings.ALERT_WEBHOOK_BACKOFF_SECONDS = 0  # retries without waiting in tests
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _history(outlet, *scores, articles=5):
    for week, score in enumerate(scores):
        start = date(2026, 8, 3) + timedelta(days=7 * week)
        make_outlet_score(outlet, score=score, articles=articles, window_start=start,
                          window_end=start + timedelta(days=6))


def test_a_fidelity_drop_raises_one_alert_and_one_email_however_often_it_is_evaluated():
    herald, spin = make_outlet("Harbour Herald"), make_outlet("Spin Daily")
    _history(herald, 90, 88, 87)
    _history(spin, 90, 85, 70)
    AlertRule.objects.create(name="Drop of 10", kind="fidelity_drop", threshold=10)
    created = alerts.evaluate()
    assert [(a.outlet, a.window_start) for a in created] == [(spin, date(2026, 8, 17))]
    assert created[0].figures == {"previous_window": "2026-08-10", "previous_score": 85.0, "previous_articles": 5,
                                  "score": 70.0, "articles": 5, "drop": 15.0}
    assert alerts.evaluate() == []  # the same rule, outlet and window: no second alert
    assert Alert.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["desk@example.org"] and "Spin Daily" in mail.outbox[0].subject
    assert "15.0 points under 85.0" in mail.outbox[0].body


def test_windows_with_too_few_articles_are_not_compared():
    spin = make_outlet("Spin Daily")
    _history(spin, 90, 40, articles=2)
    AlertRule.objects.create(name="Drop", kind="fidelity_drop", threshold=10, min_articles=3)
    assert alerts.evaluate() == []


def test_an_outlet_rule_watches_only_its_outlet():
    herald, spin = make_outlet("Harbour Herald"), make_outlet("Spin Daily")
    _history(herald, 90, 60)
    _history(spin, 90, 60)
    AlertRule.objects.create(name="Herald", kind="fidelity_drop", threshold=10, outlet=herald)
    assert [a.outlet for a in alerts.evaluate()] == [herald]


def test_penalised_articles_in_one_day():
    spin, herald = make_outlet("Spin Daily"), make_outlet("Harbour Herald")
    for i in range(3):
        make_score(make_article(spin, f"Spun text {i}.", published_at=WEEK_1 + timedelta(hours=i)), fidelity=70.0)
        make_score(make_article(herald, f"Faithful text {i}.", published_at=WEEK_1 + timedelta(hours=i)),
                   fidelity=100.0)
    make_score(make_article(spin, "Another day.", published_at=WEEK_1 + timedelta(days=1)), fidelity=50.0)
    AlertRule.objects.create(name="Three a day", kind="penalised_day", threshold=3)
    created = alerts.evaluate()
    assert [(a.outlet, a.window_start, a.figures) for a in created] == [
        (spin, date(2026, 8, 25), {"penalised_articles": 3})]


def test_a_quiet_feed(settings):
    quiet = make_outlet("Quiet Gazette", feed_url="https://quiet.example/feed.xml")
    make_outlet("Fresh Post", feed_url="https://fresh.example/feed.xml")  # created now: not quiet yet
    make_outlet("No Feed")
    old = django_timezone.now() - timedelta(days=10)
    article = make_article(quiet, "Old news.")
    type(article).objects.filter(pk=article.pk).update(created_at=old)
    type(quiet).objects.filter(pk=quiet.pk).update(created_at=old - timedelta(days=5))
    AlertRule.objects.create(name="Quiet 3 days", kind="feed_quiet", threshold=3)
    created = alerts.evaluate()
    assert [a.outlet.name for a in created] == ["Quiet Gazette"]
    assert created[0].figures["days_quiet"] == 10 and created[0].window_start == old.date()
    assert alerts.evaluate() == []


def test_an_alert_follows_a_scoring_run_that_makes_an_outlet_drop(django_capture_on_commit_callbacks, settings):
    settings.OUTLET_MIN_COMPARED = 1  # one article per outlet and week: a score for every window
    outlets = {name: make_outlet(name) for name in NAMES}
    AlertRule.objects.create(name="Drop of 15", kind="fidelity_drop", threshold=15, min_articles=1)

    def week(when, texts):
        # Each outlet's week-2 text differs from its week-1 text: near-identical texts of one outlet in one story
        # are versions of one article, and only the latest version is scored.
        for name, text in zip(NAMES, texts):
            make_article(outlets[name], text=text, title=f"{name} {when:%d %b}", published_at=when)

    week(WEEK_1, (SOURCE, REWRITE_B, REWRITE_A, REWRITE_B))  # Spin Daily republishes a faithful rewrite
    with django_capture_on_commit_callbacks(execute=True):
        tasks.score_all()
    assert not Alert.objects.exists()  # one window: nothing to compare

    week(WEEK_1 + timedelta(days=7), (REWRITE_A, SPUN, SOURCE, REWRITE_A))  # Spin Daily now publishes a spun copy
    with django_capture_on_commit_callbacks(execute=True):
        tasks.score_all()
    alert = Alert.objects.get()
    assert alert.outlet.name == "Spin Daily" and alert.window_start == date(2026, 8, 31)
    assert alert.figures["drop"] >= 15
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        tasks.score_all()  # the same data scored again: no new alert, no second email
    assert Alert.objects.count() == 1 and len(mail.outbox) == 1


def test_acknowledging_is_logged_and_only_for_editors(client, django_user_model):
    from tests.review.conftest import make_user

    spin = make_outlet("Spin Daily")
    _history(spin, 90, 60)
    AlertRule.objects.create(name="Drop", kind="fidelity_drop", threshold=10)
    alert = alerts.evaluate()[0]
    client.force_login(make_user("victor", "Viewers"))
    assert client.get("/alerts/").status_code == 200
    assert client.post(f"/alerts/{alert.pk}/acknowledge/").status_code == 403
    client.force_login(make_user("edith", "Editors"))
    overview = client.get("/")
    assert overview.context["open_alerts"] == 1 and "1</strong> open alert" in overview.content.decode()
    page = client.get("/alerts/").content.decode()
    assert "Spin Daily" in page and "Acknowledge" in page
    client.post(f"/alerts/{alert.pk}/acknowledge/")
    alert.refresh_from_db()
    assert alert.acknowledged_by.username == "edith" and alert.acknowledged_at is not None
    entry = AuditEntry.objects.get()
    assert entry.action == "alert acknowledged" and entry.before == {"acknowledged": False}
    assert client.get("/").context["open_alerts"] == 0
    assert "Spin Daily" in client.get("/alerts/", {"show": "all"}).content.decode()


# Webhooks ---------------------------------------------------------------------------------------------------

class Receiver:
    """An HTTP server on 127.0.0.1 that answers the first `failures` POSTs with 503, then 204; keeps the bodies."""

    def __init__(self, failures=0):
        self.failures, self.bodies = failures, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.bodies.append((self.headers["Content-Type"], json.loads(body)))
                failing = len(receiver.bodies) <= receiver.failures
                self.send_response(503 if failing else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/concordance"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    servers = []

    def start(failures=0):
        servers.append(Receiver(failures))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def _drop_rule(url):
    spin = make_outlet("Spin Daily")
    _history(spin, 90, 60)
    return AlertRule.objects.create(name="Drop", kind="fidelity_drop", threshold=10, webhook_url=url)


def test_the_webhook_gets_the_alert_as_json_after_a_failure_and_a_retry(settings, receiver):
    settings.FEEDS_ALLOW_PRIVATE = True  # the receiver is on the loopback address
    server = receiver(failures=1)
    _drop_rule(server.url)
    alert = alerts.evaluate()[0]
    alert.refresh_from_db()
    assert len(server.bodies) == 2  # the 503, then the retry that succeeded
    content_type, body = server.bodies[-1]
    assert content_type == "application/json"
    assert body["outlet"] == "spin-daily" and body["kind"] == "fidelity_drop" and body["figures"]["drop"] == 30.0
    assert alert.webhook_attempts == 2 and alert.webhook_delivered_at is not None and alert.webhook_error == ""


def test_a_webhook_that_keeps_failing_is_given_up_after_the_attempts_and_recorded(settings, receiver):
    settings.FEEDS_ALLOW_PRIVATE = True
    settings.ALERT_WEBHOOK_ATTEMPTS = 3
    server = receiver(failures=10)
    _drop_rule(server.url)
    alert = alerts.evaluate()[0]
    alert.refresh_from_db()
    assert len(server.bodies) == 3
    assert alert.webhook_attempts == 3 and alert.webhook_delivered_at is None
    assert alert.webhook_error == "attempt 3: HTTP 503 Service Unavailable"
    assert len(mail.outbox) == 1  # the email went anyway


def test_a_webhook_on_a_private_address_is_refused_without_the_allowance(settings, receiver):
    settings.FEEDS_ALLOW_PRIVATE = False
    server = receiver()
    _drop_rule(server.url)
    alert = alerts.evaluate()[0]
    alert.refresh_from_db()
    assert server.bodies == []  # nothing reached the loopback address
    assert "not a public address" in alert.webhook_error and alert.webhook_delivered_at is None


@pytest.mark.parametrize("url, error", [
    ("ftp://hooks.example/x", "not an http or https url"), ("http://hooks.example:port/x", "not a valid url"),
])
def test_a_webhook_url_that_cannot_be_posted_to_is_an_error_on_the_alert(settings, url, error):
    settings.ALERT_WEBHOOK_ATTEMPTS = 1
    _drop_rule(url)
    alert = alerts.evaluate()[0]
    alert.refresh_from_db()
    assert error in alert.webhook_error and alert.webhook_delivered_at is None
    assert len(mail.outbox) == 1
