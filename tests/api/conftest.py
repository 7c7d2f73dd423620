"""A small scored corpus written row by row (no engine run), so every expected number is known here."""
from datetime import date, datetime, timezone

import pytest

from scoring.engine.version import ENGINE_VERSION
from tests.conftest import make_article, make_outlet


def day(d: int) -> datetime:
    return datetime(2024, 11, d, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def corpus(db):
    """Two outlets; story A (Nov 4-5, three articles), story B (Nov 20, one), and one unscored article."""
    from scoring.models import ArticleScore, ConsensusFact, FactCoverage, Finding, OutletScore
    from sources.models import Story

    alpha = make_outlet("Alpha Times", country="GB", is_reviewed=True)
    beta = make_outlet("Beta Post", country="US")
    story_a = Story.objects.create(key="a", title="Bridge approved", first_seen=day(4), last_seen=day(5))
    story_b = Story.objects.create(key="b", title="Port strike", first_seen=day(20), last_seen=day(20))
    text = "The council approved the bridge on Monday after a vote of 7 to 2."
    a1 = make_article(alpha, text, title="Alpha on the bridge", published_at=day(4), story=story_a,
                      url="https://alpha.example/bridge", external_id="a1")
    a2 = make_article(beta, text.replace("Monday", "Friday"), title="Beta on the bridge", published_at=day(5),
                      story=story_a, external_id="b1")
    a3 = make_article(alpha, text + " More.", title="Alpha follow-up", published_at=day(5), story=story_a,
                      external_id="a2")
    b1 = make_article(beta, "Dock workers walked out at dawn.", title="Beta on the strike", published_at=day(20),
                      story=story_b, external_id="b2")
    unscored = make_article(beta, "Nothing scored yet.", title="Unscored", published_at=day(21), external_id="b3")

    def score(article, fidelity, **fields):
        return ArticleScore.objects.create(article=article, engine_version=ENGINE_VERSION, fidelity=fidelity,
                                           **fields)

    s1 = score(a1, 95.0, spin=0.0, unverified=[[4, 11]])
    s2 = score(a2, 60.0, drift=0.4, copied_from=a1, copy_similarity=0.9)
    score(a3, 88.0, spin=0.1)
    score(b1, 75.0, has_consensus=False)
    # A score from an older engine version must never show.
    ArticleScore.objects.create(article=unscored, engine_version="old", fidelity=1.0)
    fact = ConsensusFact.objects.create(story=story_a, engine_version=ENGINE_VERSION, key="f1", position=0,
                                        text="The council approved the bridge on Monday.", support=[a1.pk, a3.pk])
    start = a2.raw_text.index("Friday")
    Finding.objects.create(score=s2, kind="drift", start=start, end=start + 6, text="Friday", expected="Monday",
                           support=[a1.pk, a3.pk], severity=0.8, explanation="The weekday differs.",
                           fact_type="weekday", fact=fact)
    Finding.objects.create(score=s2, kind="boilerplate", start=0, end=3, text="The", severity=0.0)
    FactCoverage.objects.create(score=s1, fact=fact, state="states")
    FactCoverage.objects.create(score=s2, fact=fact, state="contradicts")
    ConsensusFact.objects.create(story=story_a, engine_version="old", key="f1", text="stale", support=[])
    for outlet, value in ((alpha, 90.0), (beta, 70.0)):
        OutletScore.objects.create(outlet=outlet, engine_version=ENGINE_VERSION, score=value, low=value - 10,
                                   high=value + 5, articles=2, compared=2)
        for week, shift in ((date(2024, 11, 4), 0.0), (date(2024, 11, 18), -2.0)):
            OutletScore.objects.create(outlet=outlet, engine_version=ENGINE_VERSION, window_start=week,
                                       window_end=week.replace(day=week.day + 6), score=value + shift,
                                       low=value - 12, high=value + 6, articles=1, compared=1)
    return {"alpha": alpha, "beta": beta, "story_a": story_a, "story_b": story_b,
            "a1": a1, "a2": a2, "a3": a3, "b1": b1, "unscored": unscored}


@pytest.fixture
def reader(db, django_user_model):
    return django_user_model.objects.create_user("reader", password="pw")


@pytest.fixture
def api_client(client, reader):
    """A browser session logged in as `reader`."""
    client.force_login(reader)
    return client


@pytest.fixture
def token(reader):
    from scoring.models import ApiToken

    return ApiToken.issue(reader, "tests")[1]
