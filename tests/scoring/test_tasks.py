"""The bridge: engine results saved for stored articles, in full and incrementally."""
from datetime import datetime, timezone

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scoring import tasks
from scoring.engine import ENGINE_VERSION
from scoring.models import ArticleScore, ConsensusFact, FactCoverage, Finding, OutletScore
from sources.models import Article, Story
from tests.conftest import make_article, make_outlet
from tests.scoring.test_engine import OTHER_EVENT, REWRITE_A, REWRITE_B, SOURCE, SPUN

pytestmark = pytest.mark.django_db

DAY = datetime(2026, 9, 1, 9, 0, tzinfo=timezone.utc)


def make_story_articles():
    outlets = [make_outlet(name) for name in ("Harbour Herald", "Spin Daily", "Valley Ledger", "Coast Courier")]
    texts = [SOURCE, SPUN, REWRITE_A, REWRITE_B]
    return [make_article(o, text=t, title=f"Barrier {i}", published_at=DAY) for i, (o, t) in enumerate(zip(outlets, texts))]


def test_scoring_saves_stories_scores_findings_facts_and_outlet_scores():
    src, spun, a, b = make_story_articles()
    tasks.score_all()
    assert Story.objects.count() == 1
    assert set(Story.objects.get().articles.all()) == {src, spun, a, b}
    scores = {s.article_id: s for s in ArticleScore.objects.current()}
    assert scores[spun.pk].fidelity < scores[src.pk].fidelity == 100
    assert scores[spun.pk].copied_from_id == src.pk
    spin = Finding.objects.current().filter(score__article=spun, kind="spin").first()
    assert spin is not None and spun.raw_text[spin.start:spin.end] == spin.text
    assert src.pk in spin.support
    assert ConsensusFact.objects.filter(story__articles=src, engine_version=ENGINE_VERSION).exists()
    overall = {s.outlet.name: s for s in OutletScore.objects.overall()}
    # One compared article each: too little evidence for an outlet score (fidelity.MIN_COMPARED).
    assert overall["Spin Daily"].score is None and (overall["Spin Daily"].compared, overall["Spin Daily"].articles) == (1, 1)
    assert OutletScore.objects.history().filter(window_start__isnull=False).exists()


def test_outlet_scores_carry_the_mean_components_of_their_articles():
    make_story_articles()
    tasks.score_all()
    for row in OutletScore.objects.overall():
        mine = [s for s in ArticleScore.objects.current() if s.article.outlet_id == row.outlet_id]
        for component in ("spin", "drift", "sidebar"):
            assert getattr(row, component) == pytest.approx(sum(getattr(s, component) for s in mine) / len(mine))
    assert OutletScore.objects.get(outlet__name="Spin Daily", window_start__isnull=True).spin > 0


def _has_planner_statistics(table: str) -> bool:
    query = {"sqlite": "SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s",
             "postgresql": "SELECT count(*) FROM pg_stats WHERE tablename = %s"}[connection.vendor]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                return False
        cursor.execute(query, [table])
        return cursor.fetchone()[0] > 0


def test_a_full_scoring_run_refreshes_the_planner_statistics_and_a_small_one_does_not():
    make_story_articles()
    for i in range(10):
        make_article(make_outlet(f"Fire Desk {i}"), text=f"{OTHER_EVENT} Update {i}.", published_at=DAY)
    assert not _has_planner_statistics("scoring_articlescore")
    tasks.score_all()
    assert _has_planner_statistics("scoring_articlescore") and _has_planner_statistics("sources_article")
    # One new article on an event nobody else reports: 1 score written of 15 stored, under a tenth.
    lone = make_article(make_outlet("Library News"), published_at=DAY,
                        text="The town library opened a reading room for children on Tuesday, the librarian said.")
    with CaptureQueriesContext(connection) as queries:
        assert tasks.score_new_articles([lone.pk]).articles == 1
    assert not [q for q in queries.captured_queries if q["sql"].upper().startswith("ANALYZE")]


def test_scoring_twice_changes_nothing():
    make_story_articles()
    tasks.score_all()
    before = (ArticleScore.objects.count(), Finding.objects.count(), ConsensusFact.objects.count(),
              OutletScore.objects.count(), Story.objects.count())
    tasks.score_all()
    after = (ArticleScore.objects.count(), Finding.objects.count(), ConsensusFact.objects.count(),
             OutletScore.objects.count(), Story.objects.count())
    assert before == after


def test_a_new_article_joins_its_story_and_other_stories_are_left_alone():
    src, spun, a, b = make_story_articles()
    fire = make_article(make_outlet("Fire Watch"), text=OTHER_EVENT, published_at=DAY)
    tasks.score_all()
    fire_score = ArticleScore.objects.get(article=fire)
    src.refresh_from_db()
    story = src.story
    late = make_article(make_outlet("Late Post"), text=REWRITE_A.replace("Councillors", "Council members"),
                        published_at=DAY)
    tasks.score_pending_articles()
    late.refresh_from_db()
    assert late.story == story
    assert ArticleScore.objects.get(article=fire).scored_at == fire_score.scored_at  # not rescored
    assert ArticleScore.objects.current().filter(article=late).exists()
    assert OutletScore.objects.overall().filter(outlet__name="Late Post").exists()


def test_pending_scoring_does_nothing_when_every_article_is_scored():
    make_story_articles()
    tasks.score_all()
    assert tasks.score_pending_articles() is None


def test_score_articles_command_scores_every_article(capsys):
    make_story_articles()
    call_command("score_articles")
    assert "scored 4 articles in 1 stories" in capsys.readouterr().out
    assert Article.objects.filter(story__isnull=True).count() == 0


def test_score_file_writes_the_contract_and_nothing_to_the_database(tmp_path):
    import json

    lines = [{"id": k, "outlet": f"Outlet {k}", "text": t, "published": "2026-09-01"}
             for k, t in (("src", SOURCE), ("spun", SPUN), ("a", REWRITE_A), ("b", REWRITE_B))]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    call_command("score_file", str(path), "--out", str(tmp_path / "out.json"))
    out = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert out["engine"]["version"] == ENGINE_VERSION
    assert {a["id"] for a in out["articles"]} == {"src", "spun", "a", "b"}
    assert out["stories"][0]["consensus"] and out["outlets"]
    spun = next(a for a in out["articles"] if a["id"] == "spun")
    for f in spun["findings"]:
        assert SPUN[f["start"]:f["end"]] == f["text"]
    assert not Article.objects.exists() and not ArticleScore.objects.exists()


def test_coverage_is_saved_as_one_state_per_article_and_fact_and_unverified_sentences_on_the_score():
    make_story_articles()
    tasks.score_all()
    facts = list(ConsensusFact.objects.current())
    scores = list(ArticleScore.objects.current().filter(has_consensus=True))
    assert facts and scores
    assert not Finding.objects.filter(kind__in=("omission", "unverified")).exists()
    rows = FactCoverage.objects.filter(score__in=scores)
    assert rows.count() == len(facts) * len(scores)  # every compared article, every fact of its story, once
    for row in rows.select_related("fact"):
        if row.state == "states":
            assert row.score.article_id in row.fact.support or row.fact.text in row.score.article.text
    assert any(s.unverified for s in scores)
    for s in scores:
        penalised = [(f.start, f.end) for f in s.findings.filter(kind__in=("spin", "drift", "sidebar"))]
        for start, end in s.unverified:
            assert 0 <= start < end <= len(s.article.text)
            assert not any(a < end and start < b for a, b in penalised)  # one sentence, one verdict


def test_a_drift_is_linked_to_the_consensus_fact_it_contradicts_and_that_article_contradicts_it():
    outlets = [make_outlet(name) for name in ("Harbour Herald", "Valley Ledger", "Coast Courier")]
    drifted = REWRITE_A.replace("take two years", "take two months")
    src, a, b = (make_article(o, text=t, title="Barrier", published_at=DAY)
                 for o, t in zip(outlets, (SOURCE, drifted, REWRITE_B)))
    tasks.score_all()
    [drift] = Finding.objects.current().filter(kind="drift", score__article=a)
    assert drift.text == "two months" and drift.fact_type == "duration" and drift.source_article_id in (src.pk, b.pk)
    assert drift.source_article.text[drift.source_start:drift.source_end] == drift.expected
    assert drift.fact is not None and "Construction should take" in drift.fact.text  # the sentence it states
    assert FactCoverage.objects.get(score=drift.score, fact=drift.fact).state == "contradicts"
    assert FactCoverage.objects.get(score__article=src, fact=drift.fact).state == "states"


def test_a_spin_finding_keeps_its_source_article_and_the_words_it_swapped():
    src, spun, a, b = make_story_articles()
    tasks.score_all()
    spins = Finding.objects.current().filter(score__article=spun, kind="spin")
    assert spins.exists()
    for f in spins:
        assert f.source_article_id == src.pk
        assert src.text[f.source_start:f.source_end] == f.expected


def _saved_rows() -> dict:
    return {
        "stories": sorted(Story.objects.values_list("key", "title", "first_seen", "last_seen")),
        "members": sorted(Article.objects.values_list("pk", "story__key")),
        "scores": sorted(ArticleScore.objects.values_list("article", "fidelity", "copied_from", "body_start", "body_end")),
        "findings": sorted((f.score.article_id, f.kind, f.start, f.end, f.text, f.expected, f.support, f.severity)
                           for f in Finding.objects.select_related("score")),
        "facts": sorted(ConsensusFact.objects.values_list("story__key", "key", "text", "support", "position")),
        "outlets": sorted(OutletScore.objects.values_list("outlet", "window_start", "score", "articles"), key=str),
    }


def test_a_run_saved_in_rounds_of_one_article_saves_what_one_round_saves(monkeypatch):
    make_story_articles()
    make_article(make_outlet("Fire Watch"), text=OTHER_EVENT, published_at=DAY)
    monkeypatch.setattr(tasks, "SAVE_CHUNK", 1)
    monkeypatch.setattr(tasks, "UPDATE_CHUNK", 1)
    assert tasks.score_all() == tasks.Scored(ENGINE_VERSION, stories=2, articles=5)
    in_rounds = _saved_rows()
    for model in (ArticleScore, ConsensusFact, OutletScore, Story):
        model.objects.all().delete()
    monkeypatch.setattr(tasks, "SAVE_CHUNK", 1000)
    monkeypatch.setattr(tasks, "UPDATE_CHUNK", 2000)
    tasks.score_all()
    assert _saved_rows() == in_rounds and in_rounds["facts"] and in_rounds["findings"]


def test_engine_records_come_in_the_engines_order_and_skip_an_article_deleted_meanwhile(monkeypatch):
    outlet = make_outlet("Harbour Herald")
    stored = [make_article(outlet, external_id=str(k), raw_text=f"Story {k}.") for k in range(12)]
    monkeypatch.setattr(tasks, "RECORDS_CHUNK", 5)
    records = tasks.engine_records(Article.objects.all())
    first = next(records)
    last = max(stored, key=lambda a: str(a.pk))
    last.delete()  # after its id was read, before its chunk is
    ids = [first.id] + [r.id for r in records]
    assert ids == sorted(str(a.pk) for a in stored if a is not last)  # ids as strings: the order the engine checks


def _reimported(article: Article, **changes):
    """Import the article again, as a file would give it with these changes (title, text)."""
    from sources.importing import import_records
    from sources.records import Record

    values = {"title": article.title, "text": article.raw_text, **changes}
    record = Record(id="", outlet=article.outlet.name, domain="", url=article.url, published=article.published_at,
                    html="", source="test.jsonl", line=1, **values)
    return import_records([record])


def test_an_import_that_changes_an_articles_text_removes_its_scores_and_one_that_keeps_it_does_not():
    src, spun, a, b = make_story_articles()
    for article in (src, spun):
        Article.objects.filter(pk=article.pk).update(url=f"https://example.org/{article.pk}")
        article.refresh_from_db()
    tasks.score_all()
    assert _reimported(src, title="Barrier, updated").updated == 1
    assert ArticleScore.objects.filter(article=src).exists()  # the offsets still point into its text
    assert _reimported(spun, text=spun.raw_text + "\n\nA paragraph added later.").updated == 1
    assert not ArticleScore.objects.filter(article=spun).exists()
    assert not Finding.objects.filter(score__article=spun).exists()
    tasks.score_pending_articles()
    assert ArticleScore.objects.current().filter(article=spun).exists()


def test_stories_keep_their_swap_observations_so_a_later_run_over_another_story_finds_the_fingerprints():
    from tests.scoring.test_fingerprints import corpus

    def store(records):
        return {r.id: make_article(make_outlet(r.outlet), text=r.text,
                                   published_at=datetime.combine(r.published, datetime.min.time(), timezone.utc))
                for r in records}

    store([r for r in corpus() if not r.id.startswith("fire")])
    tasks.score_all()
    assert sorted(o[0] for s in Story.objects.all() for o in s.swap_observations) == [
        "flood wall", "news gathering", "news gathering"]
    fire = store([r for r in corpus() if r.id.startswith("fire")])
    tasks.score_pending_articles()  # scores the fire story alone: the others are left as they are
    found = Finding.objects.current().filter(score__article=fire["fire-spun"], kind="spin")
    assert [(f.text, f.expected) for f in found] == [("news gathering", "news conference")]
    assert "spinning tool" in found[0].explanation and "2 stories" in found[0].explanation
