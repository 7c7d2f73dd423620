"""Articles that were not compared (no consensus, no source they copy): no fidelity, not in their outlet's score;
outlets with too few compared articles: insufficient evidence. Aggregation, pages and API."""
from datetime import datetime, timedelta, timezone

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from scoring import tasks
from scoring.engine.fidelity import MIN_COMPARED, Weights, outlet_scores
from scoring.models import ArticleScore, OutletScore
from tests.conftest import make_article, make_outlet
from tests.scoring.factories import make_score

DAY = datetime(2026, 9, 1, 9, 0, tzinfo=timezone.utc)


def _scored(outlet, fidelities):
    """Articles of one outlet scored with these fidelities (None: not compared), one a day."""
    return [make_score(make_article(outlet, text=f"{outlet.name} report {k}.", published_at=DAY + timedelta(days=k)),
                       fidelity=f) for k, f in enumerate(fidelities)]


# Engine: outlet scores from (outlet, fidelity) rows.

def test_not_compared_articles_do_not_count_in_the_outlet_score():
    rows = [("a", 80.0)] * 6 + [("a", None)] * 10 + [("b", 100.0)] * 6
    a = {o.outlet: o for o in outlet_scores(rows)}["a"]
    assert (a.articles, a.compared) == (16, 6)
    assert a.score < 90  # the ten uncompared articles did not pull it up to 100


def test_an_outlet_with_fewer_compared_articles_than_the_minimum_has_insufficient_evidence():
    rows = [("a", 100.0)] * (MIN_COMPARED - 1) + [("a", None)] * 20 + [("b", 90.0)] * MIN_COMPARED
    scores = {o.outlet: o for o in outlet_scores(rows)}
    assert scores["a"].score is None and scores["a"].low is None and scores["a"].compared == MIN_COMPARED - 1
    assert scores["b"].score is not None
    assert [o.outlet for o in outlet_scores(rows)] == ["b", "a"]  # unscored outlets come last
    assert scores["a"].to_dict()["score"] is None


def test_an_honest_outlet_with_two_perfect_articles_does_not_rank_below_outlets_that_drift():
    # Two very bad outlets whose articles swing between 0 and 100: with the mean of all articles as the prior's
    # centre and pooled variances, they pulled the honest outlet (87.1) below the drifting ones (93.3).
    honest = [("honest", 100.0)] * 2
    drifting = [(f"drift{k}", f) for k in range(3) for f in (100.0, 90.0) * 10]
    very_bad = [(f"bad{k}", f) for k in range(2) for f in (0.0, 100.0, 0.0) * 10]
    scores = {o.outlet: o.score for o in outlet_scores(honest + drifting + very_bad, Weights(min_compared=1))}
    assert all(scores["honest"] > scores[f"drift{k}"] for k in range(3))


# Django: what the bridge stores, and what the pages and the API show.

@pytest.mark.django_db
def test_stored_outlet_scores_leave_out_not_compared_articles_and_say_how_many_were_compared():
    herald, lone = make_outlet("Harbour Herald"), make_outlet("Lone Voice")
    _scored(herald, [90.0] * MIN_COMPARED + [None] * 3)
    _scored(lone, [None] * 8)
    tasks.save_outlet_scores()
    overall = {s.outlet.name: s for s in OutletScore.objects.overall()}
    assert (overall["Harbour Herald"].articles, overall["Harbour Herald"].compared) == (MIN_COMPARED + 3, MIN_COMPARED)
    assert overall["Harbour Herald"].score == pytest.approx(90.0)
    assert overall["Lone Voice"].score is None and overall["Lone Voice"].compared == 0
    # Ranked by score; an outlet with insufficient evidence comes after every scored one, with no number.
    assert [(s.outlet.name, s.score is None) for s in OutletScore.objects.leaderboard()] == [
        ("Harbour Herald", False), ("Lone Voice", True)]


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_superuser("lead", password="pw-for-tests"))
    return client


@pytest.mark.django_db
def test_the_article_page_says_not_compared(editor):
    (score,) = _scored(make_outlet("Lone Voice"), [None])
    page = editor.get(reverse("scoring:article-detail", args=[score.article.pk])).content.decode()
    assert "not compared" in page


@pytest.mark.django_db
def test_the_outlet_page_says_insufficient_evidence(editor):
    outlet = make_outlet("Lone Voice")
    _scored(outlet, [100.0, None, None])
    tasks.save_outlet_scores()
    page = editor.get(reverse("scoring:outlet-detail", args=[outlet.slug])).content.decode()
    assert "insufficient evidence" in page and f"has 1 compared article (mean 100.0); a score needs at least {MIN_COMPARED}" in page
    assert "insufficient evidence" in editor.get(reverse("scoring:outlet-list")).content.decode()


@pytest.mark.django_db
def test_the_api_returns_null_for_not_compared_and_insufficient_evidence(editor):
    outlet = make_outlet("Lone Voice")
    (score,) = _scored(outlet, [None])
    tasks.save_outlet_scores()
    article = editor.get(f"/api/v1/articles/{score.article.pk}").json()
    assert article["fidelity"] is None
    detail = editor.get(f"/api/v1/outlets/{outlet.slug}").json()
    assert detail["overall"]["score"] is None and detail["overall"]["compared"] == 0
    assert detail["overall"]["articles"] == 1


@pytest.mark.django_db
def test_a_not_compared_score_reads_as_such_in_the_admin():
    from django.contrib.admin.sites import site
    from sources.models import Article

    (score,) = _scored(make_outlet("Lone Voice"), [None])
    assert "not compared" in str(score)
    admin = next(a for m, a in site._registry.items() if m is Article)
    article = admin.get_queryset(None).get(pk=score.article.pk)
    assert admin.fidelity(article) == "not compared"


@pytest.mark.django_db
def test_the_outlet_export_lists_insufficient_evidence_last_with_an_empty_score():
    from scoring.exports import outlet_scores_frame

    _scored(make_outlet("Lone Voice"), [100.0, None])
    _scored(make_outlet("Harbour Herald"), [80.0] * MIN_COMPARED)
    tasks.save_outlet_scores()
    frame = outlet_scores_frame()
    assert list(frame["outlet"]) == ["Harbour Herald", "Lone Voice"]
    last = frame.to_dict("records")[-1]
    assert last["score"] != last["score"] and (last["articles"], last["compared"]) == (2, 1)  # NaN: no score
