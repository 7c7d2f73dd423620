"""The review API: state, replies and alerts to read; reviews to write with a token (no CSRF) or a session (CSRF)."""
import pytest
from django.test import Client

from scoring import alerts
from scoring.models import AlertRule, ApiToken, ArticleScore, Finding, FindingReview
from tests.review.conftest import make_user
from tests.review.test_alerts import _history
from tests.scoring.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(stories=1)


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'tests')[1]}"}


def _spin():
    return Finding.objects.select_related("score").get(kind="spin", text="overpass")


def test_an_editor_with_a_token_dismisses_a_finding_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    finding = _spin()
    response = client.post(f"/api/v1/findings/{finding.pk}/review",
                           {"verdict": "dismissed", "reason": "not_spin", "note": "house style"},
                           content_type="application/json", **_bearer(make_user("edith", "Editors")))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["review"]["verdict"] == "dismissed" and body["review"]["reviewer"] == "edith"
    assert body["fidelity"] == ArticleScore.objects.get(pk=finding.score_id).fidelity == pytest.approx(98.4)


def test_a_viewer_with_a_token_gets_403(world):
    finding = _spin()
    response = Client().post(f"/api/v1/findings/{finding.pk}/review", {"verdict": "confirmed"},
                             content_type="application/json", **_bearer(make_user("victor", "Viewers")))
    assert response.status_code == 403 and not FindingReview.objects.exists()


def test_a_session_post_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("edith", "Editors"))
    finding = _spin()
    response = client.post(f"/api/v1/findings/{finding.pk}/review", {"verdict": "confirmed"},
                           content_type="application/json")
    assert response.status_code == 403 and not FindingReview.objects.exists()
    client.get("/")  # sets the CSRF cookie
    response = client.post(f"/api/v1/findings/{finding.pk}/review", {"verdict": "confirmed"},
                           content_type="application/json", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert response.status_code == 200 and FindingReview.objects.get().verdict == "confirmed"


def test_anonymous_writes_get_401(world):
    response = Client().post(f"/api/v1/findings/{_spin().pk}/review", {"verdict": "confirmed"},
                             content_type="application/json")
    assert response.status_code == 401


def test_a_bad_review_is_a_400_that_says_why(world):
    headers = _bearer(make_user("edith", "Editors"))
    url = f"/api/v1/findings/{_spin().pk}/review"
    response = Client().post(url, {"verdict": "dismissed"}, content_type="application/json", **headers)
    assert response.status_code == 400 and "needs a reason" in response.json()["detail"]
    chrome = Finding.objects.filter(kind="boilerplate").first()
    response = Client().post(f"/api/v1/findings/{chrome.pk}/review", {"verdict": "confirmed"},
                             content_type="application/json", **headers)
    assert response.status_code == 400
    assert Client().post("/api/v1/findings/999999/review", {"verdict": "confirmed"},
                         content_type="application/json", **headers).status_code == 404


def test_the_review_state_replies_and_verdicts_are_readable(world, client):
    editor = make_user("edith", "Editors")
    finding = _spin()
    article = finding.score.article
    client.force_login(editor)
    client.post(f"/findings/{finding.pk}/review/", {"verdict": "dismissed", "reason": "wording"})
    client.post(f"/outlets/{article.outlet.slug}/replies/",
                {"article": article.pk, "finding": finding.pk, "text": "Our style.", "received_on": "2024-03-08"})
    client.post(f"/outlets/{article.outlet.slug}/replies/", {"text": "In general.", "received_on": "2024-03-09"})

    state = client.get(f"/api/v1/articles/{article.pk}/review").json()
    rows = {f["text"]: f for f in state["findings"]}
    assert rows["overpass"]["review"]["reason"] == "wording" and rows["overpass"]["id"] == finding.pk
    assert [r["text"] for r in rows["overpass"]["replies"]] == ["Our style."]
    assert rows["lengthy discussion"]["review"] is None and rows["lengthy discussion"]["reviewable"]
    assert state["fidelity"] == pytest.approx(98.4) and state["past_reviews"] == []

    reviews = client.get("/api/v1/reviews", {"verdict": "dismissed"}).json()
    assert reviews["count"] == 1 and reviews["items"][0]["article"] == article.pk
    assert client.get("/api/v1/reviews", {"verdict": "confirmed"}).json()["count"] == 0
    [spin] = client.get("/api/v1/reviews/verdicts").json()
    assert (spin["kind"], spin["dismissed"], spin["wording"], spin["dismissed_share"]) == ("spin", 1, 1, 1.0)
    replies = client.get("/api/v1/replies", {"outlet": article.outlet.slug}).json()
    assert {r["answers"] for r in replies["items"]} == {"finding", "outlet"}


def test_alerts_are_readable(world, client):
    client.force_login(make_user("victor", "Viewers"))
    _history(world["outlets"]["Spin Weekly"], 90, 60)
    AlertRule.objects.create(name="Drop", kind="fidelity_drop", threshold=10)
    alerts.evaluate()
    page = client.get("/api/v1/alerts", {"open": "true"}).json()
    assert page["count"] == 1 and page["items"][0]["outlet"] == "spin-weekly"
    assert page["items"][0]["acknowledged_by"] is None
    assert client.get("/api/v1/alerts", {"open": "false"}).json()["count"] == 0


def test_the_openapi_schema_describes_the_review_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/findings/{finding_id}/review"]
    for path in ("/api/v1/articles/{article_id}/review", "/api/v1/reviews", "/api/v1/reviews/verdicts",
                 "/api/v1/replies", "/api/v1/alerts"):
        assert "get" in paths[path], path
