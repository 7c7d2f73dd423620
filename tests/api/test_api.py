"""The read-only API: auth, every endpoint's content and filters, pagination, query counts, the schema."""
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ENDPOINTS = ["/api/v1/outlets", "/api/v1/outlets/alpha-times", "/api/v1/stories", "/api/v1/stories/1",
             "/api/v1/articles", "/api/v1/articles/1"]


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


# Auth

@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_requests_get_401(client, db, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_logged_in_browser_session_reads_the_api(api_client, corpus):
    assert get(api_client, "/api/v1/outlets")["count"] == 2


def test_a_bearer_token_reads_the_api(client, corpus, token):
    response = client.get("/api/v1/outlets", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["count"] == 2


@pytest.mark.parametrize("header", ["Bearer wrong-token", "Bearer ", "Token {token}", "{token}",
                                    "Bearer " + "x" * 5000])
def test_a_wrong_or_malformed_token_gets_401(client, corpus, token, header):
    response = client.get("/api/v1/outlets", HTTP_AUTHORIZATION=header.format(token=token))
    assert response.status_code == 401


def test_an_inactive_users_token_gets_401(client, corpus, token, reader):
    reader.is_active = False
    reader.save()
    assert client.get("/api/v1/outlets", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_only_the_tokens_digest_is_stored(token):
    from scoring.models import ApiToken

    row = ApiToken.objects.get()
    assert token not in row.digest and row.digest == ApiToken.digest_of(token)


def test_the_command_prints_a_working_token(client, corpus, reader):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "reader", "--name", "cms", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert "shown once" in err.getvalue()
    assert client.get("/api/v1/stories", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_the_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("create_api_token", "nobody")


def test_the_api_is_read_only(api_client, corpus):
    response = api_client.post("/api/v1/outlets", {}, content_type="application/json")
    assert response.status_code == 405


# Outlets

def test_outlets_list_their_overall_score_and_interval(api_client, corpus):
    page = get(api_client, "/api/v1/outlets")
    assert [o["slug"] for o in page["items"]] == ["alpha-times", "beta-post"]
    assert page["items"][0]["overall"] == {"score": 90.0, "low": 80.0, "high": 95.0, "articles": 2, "compared": 2,
                                           "status": "scored"}


def test_an_outlet_without_scores_has_no_overall_score(api_client, corpus):
    from tests.conftest import make_outlet

    make_outlet("Gamma Gazette")
    items = get(api_client, "/api/v1/outlets")["items"]
    assert {o["slug"]: o["overall"] for o in items}["gamma-gazette"] is None


def test_outlets_filter_by_country_and_review(api_client, corpus):
    assert [o["slug"] for o in get(api_client, "/api/v1/outlets", country="us")["items"]] == ["beta-post"]
    assert [o["slug"] for o in get(api_client, "/api/v1/outlets", reviewed="true")["items"]] == ["alpha-times"]


def test_an_outlet_has_its_score_history_and_components(api_client, corpus):
    outlet = get(api_client, "/api/v1/outlets/beta-post")
    assert [(h["window_start"], h["score"]) for h in outlet["history"]] == [("2024-11-04", 70.0),
                                                                           ("2024-11-18", 68.0)]
    assert outlet["components"] == {"spin": 0.0, "drift": pytest.approx(0.2), "sidebar": 0.0}
    assert outlet["overall"]["score"] == 70.0


@pytest.mark.parametrize("url", ["/api/v1/outlets/a%00b", "/api/v1/outlets/caf%C3%A9", "/api/v1/outlets/a%0A",
                                 "/api/v1/stories?outlet=%00", "/api/v1/articles?outlet=x%0A",
                                 "/api/v1/outlets?country=%00%00", "/api/v1/outlets?country=USA"])
def test_junk_in_slugs_and_codes_is_422_on_every_database(api_client, corpus, url):
    # PostgreSQL refuses NUL bytes in strings with an error: the pattern must stop them first.
    assert api_client.get(url).status_code in (404, 422)


def test_an_unknown_outlet_is_404(api_client, corpus):
    assert api_client.get("/api/v1/outlets/nope").status_code == 404


# Stories

def test_stories_list_newest_first_with_counts_and_mean_fidelity(api_client, corpus):
    items = get(api_client, "/api/v1/stories")["items"]
    assert [s["title"] for s in items] == ["Port strike", "Bridge approved"]
    bridge = items[1]
    assert (bridge["articles"], bridge["outlets"]) == (3, 2)
    assert bridge["mean_fidelity"] == pytest.approx((95 + 60 + 88) / 3)


@pytest.mark.parametrize("params, titles", [
    ({"start": "2024-11-05"}, ["Port strike", "Bridge approved"]),  # overlaps the bridge's last day
    ({"start": "2024-11-06"}, ["Port strike"]),
    ({"end": "2024-11-04"}, ["Bridge approved"]),
    ({"start": "2024-11-06", "end": "2024-11-19"}, []),
    ({"outlet": "alpha-times"}, ["Bridge approved"]),
    ({"outlet": "beta-post", "start": "2024-11-10"}, ["Port strike"]),
    ({"outlet": "unknown"}, []),
])
def test_stories_filter_by_date_range_and_outlet(api_client, corpus, params, titles):
    assert [s["title"] for s in get(api_client, "/api/v1/stories", **params)["items"]] == titles


def test_a_story_has_its_current_consensus_and_articles(api_client, corpus):
    story = get(api_client, f"/api/v1/stories/{corpus['story_a'].pk}")
    assert story["consensus"] == [{"key": "f1", "text": "The council approved the bridge on Monday.",
                                   "support": [corpus["a1"].pk, corpus["a3"].pk]}]
    assert [(a["outlet"], a["fidelity"]) for a in story["article_list"]] == [
        ("alpha-times", 95.0), ("alpha-times", 88.0), ("beta-post", 60.0)]


def test_a_bad_date_is_422_not_500(api_client, corpus):
    assert api_client.get("/api/v1/stories", {"start": "yesterday"}).status_code == 422


# Articles

def test_articles_list_newest_first_with_current_scores(api_client, corpus):
    items = get(api_client, "/api/v1/articles")["items"]
    assert [a["title"] for a in items] == ["Unscored", "Beta on the strike", "Alpha follow-up",
                                           "Beta on the bridge", "Alpha on the bridge"]
    by_title = {a["title"]: a for a in items}
    assert by_title["Unscored"]["fidelity"] is None  # its only score is of an older engine version
    beta = by_title["Beta on the bridge"]
    assert (beta["fidelity"], beta["drift"], beta["copied_from"]) == (60.0, 0.4, corpus["a1"].pk)
    assert by_title["Beta on the strike"]["has_consensus"] is False


@pytest.mark.parametrize("params, titles", [
    ({"outlet": "alpha-times"}, ["Alpha follow-up", "Alpha on the bridge"]),
    ({"start": "2024-11-05", "end": "2024-11-20"}, ["Beta on the strike", "Alpha follow-up", "Beta on the bridge"]),
    ({"min_fidelity": 80}, ["Alpha follow-up", "Alpha on the bridge"]),
    ({"max_fidelity": 75}, ["Beta on the strike", "Beta on the bridge"]),
    ({"min_fidelity": 60, "max_fidelity": 60}, ["Beta on the bridge"]),
    ({"outlet": "beta-post", "max_fidelity": 70}, ["Beta on the bridge"]),
])
def test_articles_filter_by_date_outlet_and_fidelity(api_client, corpus, params, titles):
    assert [a["title"] for a in get(api_client, "/api/v1/articles", **params)["items"]] == titles


def test_articles_filter_by_story(api_client, corpus):
    items = get(api_client, "/api/v1/articles", story=corpus["story_b"].pk)["items"]
    assert [a["id"] for a in items] == [corpus["b1"].pk]


@pytest.mark.parametrize("params", [{"min_fidelity": -1}, {"max_fidelity": 101}, {"min_fidelity": "nan"},
                                    {"story": 0}, {"story": 2**64}])
def test_out_of_range_filters_are_422(api_client, corpus, params):
    assert api_client.get("/api/v1/articles", params).status_code == 422


def test_an_article_has_its_findings_with_offsets_into_its_text(api_client, corpus):
    article = get(api_client, f"/api/v1/articles/{corpus['a2'].pk}")
    assert [f["kind"] for f in article["findings"]] == ["boilerplate", "drift"]
    drift = article["findings"][1]
    assert article["text"][drift["start"]:drift["end"]] == drift["text"] == "Friday"
    assert (drift["expected"], drift["support"]) == ("Monday", [corpus["a1"].pk, corpus["a3"].pk])
    assert (drift["fact_type"], drift["fact"]) == ("weekday", "f1")  # the consensus fact it contradicts


def test_an_article_says_which_consensus_facts_it_states_contradicts_or_omits(api_client, corpus):
    fact = {"fact": "f1", "text": "The council approved the bridge on Monday."}
    source = get(api_client, f"/api/v1/articles/{corpus['a1'].pk}")
    assert source["coverage"] == [{**fact, "state": "states"}]
    assert source["unverified"] == [{"start": 4, "end": 11, "text": "council"}]
    drifted = get(api_client, f"/api/v1/articles/{corpus['a2'].pk}")
    assert drifted["coverage"] == [{**fact, "state": "contradicts"}] and drifted["unverified"] == []
    unscored = get(api_client, f"/api/v1/articles/{corpus['unscored'].pk}")
    assert (unscored["coverage"], unscored["unverified"]) == ([], [])


def test_an_unscored_article_shows_its_text_and_no_findings(api_client, corpus):
    article = get(api_client, f"/api/v1/articles/{corpus['unscored'].pk}")
    assert (article["text"], article["findings"], article["fidelity"]) == ("Nothing scored yet.", [], None)


@pytest.mark.parametrize("url", ["/api/v1/articles/999999", f"/api/v1/articles/{2**63 - 1}",
                                 "/api/v1/stories/999999"])
def test_unknown_ids_are_404(api_client, corpus, url):
    assert api_client.get(url).status_code == 404


@pytest.mark.parametrize("url", [f"/api/v1/articles/{2**63}", "/api/v1/stories/0", "/api/v1/articles/x"])
def test_ids_out_of_range_are_422(api_client, corpus, url):
    assert api_client.get(url).status_code == 422


def test_article_text_is_returned_as_data_not_markup(api_client, corpus):
    from tests.conftest import make_article

    article = make_article(corpus["alpha"], "<script>alert(1)</script> text", title="<b>t</b>")
    body = get(api_client, f"/api/v1/articles/{article.pk}")
    assert body["text"] == "<script>alert(1)</script> text"
    response = api_client.get(f"/api/v1/articles/{article.pk}")
    assert response["Content-Type"] == "application/json; charset=utf-8"


# Pagination

def test_lists_are_paginated(api_client, corpus):
    first = get(api_client, "/api/v1/articles", page_size=2)
    second = get(api_client, "/api/v1/articles", page_size=2, page=2)
    third = get(api_client, "/api/v1/articles", page_size=2, page=3)
    past = get(api_client, "/api/v1/articles", page_size=2, page=4)
    assert first["count"] == 5 and (first["page"], first["page_size"]) == (1, 2)
    ids = [a["id"] for page in (first, second, third) for a in page["items"]]
    assert len(ids) == len(set(ids)) == 5
    assert past["items"] == []


@pytest.mark.parametrize("params", [{"page_size": 201}, {"page_size": 0}, {"page": 0}, {"page": 10**7}])
def test_page_bounds_are_enforced(api_client, corpus, params):
    assert api_client.get("/api/v1/stories", params).status_code == 422


# Query counts: session (2) + the endpoint's own, the same with more rows.

def _grow(corpus, n=12):
    from scoring.engine.version import ENGINE_VERSION
    from scoring.models import ArticleScore, Finding
    from tests.conftest import make_article

    for i in range(n):
        article = make_article(corpus["beta"], f"Extra article number {i}.", story=corpus["story_a"],
                               external_id=f"extra{i}")
        score = ArticleScore.objects.create(article=article, engine_version=ENGINE_VERSION, fidelity=50 + i)
        Finding.objects.create(score=score, kind="spin", start=0, end=5, text="Extra")


@pytest.mark.parametrize("url, queries", [
    ("/api/v1/outlets", 4), ("/api/v1/outlets/beta-post", 5), ("/api/v1/stories", 4),
    ("/api/v1/stories/{story}", 5), ("/api/v1/articles", 4), ("/api/v1/articles/{article}", 5),
])
def test_each_endpoint_runs_a_fixed_number_of_queries(api_client, corpus, django_assert_num_queries, url, queries):
    url = url.format(story=corpus["story_a"].pk, article=corpus["a2"].pk)
    with django_assert_num_queries(queries):
        api_client.get(url)
    _grow(corpus)
    with django_assert_num_queries(queries):
        assert api_client.get(url).status_code == 200


def test_token_auth_costs_one_query(client, corpus, token, django_assert_num_queries):
    with django_assert_num_queries(4):  # the first use also records when the token was last used
        assert client.get("/api/v1/articles", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    with django_assert_num_queries(3):  # then at most once a minute
        assert client.get("/api/v1/articles", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


# Schema

def test_the_openapi_schema_is_served_and_valid(client, db):
    from openapi_spec_validator import validate

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert {"/api/v1/outlets", "/api/v1/outlets/{slug}", "/api/v1/stories", "/api/v1/stories/{story_id}",
            "/api/v1/articles", "/api/v1/articles/{article_id}",
            # editorial review (issue 22)
            "/api/v1/articles/{article_id}/review", "/api/v1/findings/{finding_id}/review", "/api/v1/reviews",
            "/api/v1/reviews/verdicts", "/api/v1/replies", "/api/v1/alerts"} == set(schema["paths"])
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])
