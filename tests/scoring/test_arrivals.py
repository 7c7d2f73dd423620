"""The everyday case: new articles arriving into a stored, scored corpus (tasks.score_new_articles and linked_to)."""
import pickle
from datetime import datetime, timedelta, timezone

import pytest

from scoring import storydocs, tasks
from scoring.engine import ENGINE_VERSION
from scoring.engine.pipeline import story_docs
from scoring.models import OutletScore, StoredStoryDoc
from sources.models import Article
from tests.conftest import make_article, make_outlet
from tests.scoring.test_stories import DENBY, HARLOW

pytestmark = pytest.mark.django_db

DAY = datetime(2026, 9, 1, 9, 0, tzinfo=timezone.utc)


def _story(reports, at: datetime, desk: str) -> list[Article]:
    return [make_article(make_outlet(f"{desk} {k}"), text=text, title=title, published_at=at)
            for k, (title, text) in enumerate(reports)]


def _partition() -> list[list[int]]:
    by_story: dict[int, set[int]] = {}
    for pk, story in Article.objects.values_list("pk", "story"):
        by_story.setdefault(story, set()).add(pk)
    return sorted(sorted(s) for s in by_story.values())


def test_arrivals_months_apart_read_the_window_of_each_not_the_months_between(monkeypatch):
    old = _story(HARLOW[:2], DAY, "Harlow")
    between = _story(DENBY, DAY + timedelta(days=60), "Denby")  # nobody's window: never read
    recent = _story(HARLOW[:2], DAY + timedelta(days=120), "Harlow again")
    tasks.score_all()
    StoredStoryDoc.objects.all().delete()  # as in a database scored before docs were stored: all are prepared
    read = _spy(monkeypatch)
    late = make_article(make_outlet("Late desk"), text=HARLOW[2][1], title=HARLOW[2][0], published_at=DAY)
    fresh = make_article(make_outlet("Fresh desk"), text=HARLOW[2][1], title=HARLOW[2][0],
                         published_at=DAY + timedelta(days=120))
    linked = tasks.linked_to([late, fresh])
    assert linked == {a.pk for a in old + recent + [late, fresh]}
    assert set(read) == {str(a.pk) for a in old + recent + [late, fresh]}  # none of the months between
    assert len(read) == len(set(read))  # each article prepared once, whatever the rounds


def test_a_stored_report_a_whole_window_earlier_is_linked_whatever_the_hours():
    # The engine compares days: the stored report is 7 days before the new one by date (within the window),
    # though 7 days and 22 hours by the clock.
    stored = _story(HARLOW[:2], datetime(2026, 9, 1, 1, 0, tzinfo=timezone.utc), "Harlow")
    tasks.score_all()
    new = make_article(make_outlet("Late desk"), text=HARLOW[2][1], title=HARLOW[2][0],
                       published_at=datetime(2026, 9, 8, 23, 0, tzinfo=timezone.utc))
    assert tasks.linked_to([new]) == {a.pk for a in stored + [new]}


def test_arrivals_spread_over_months_get_the_stories_of_a_run_over_all():
    made = []
    for k, offset in enumerate((0, 45, 90)):
        made += _story(HARLOW[:2], DAY + timedelta(days=offset), f"Harlow {k}")
        made += _story(DENBY[:1], DAY + timedelta(days=offset), f"Denby {k}")
    tasks.score_all()
    arriving = []
    for k, offset in enumerate((0, 45, 90)):
        arriving += _story(HARLOW[2:], DAY + timedelta(days=offset, hours=3), f"Harlow late {k}")
        arriving += _story(DENBY[1:], DAY + timedelta(days=offset, hours=3), f"Denby late {k}")
    tasks.score_new_articles([a.pk for a in arriving])
    arrived = _partition()
    tasks.score_all()
    assert arrived == _partition() and len(arrived) == 6


def _spy(monkeypatch) -> list[str]:
    """The ids of the articles linked_to prepares."""
    read, real = [], tasks.story_docs

    def spy(records, **kwargs):
        records = list(records)
        read.extend(r.id for r in records)
        return real(records, **kwargs)

    monkeypatch.setattr(tasks, "story_docs", spy)
    return read


def test_arrivals_link_against_the_stored_docs_and_prepare_only_the_new_articles(monkeypatch):
    stored = _story(HARLOW[:2], DAY, "Harlow") + _story(DENBY, DAY, "Denby")
    tasks.score_all()
    assert StoredStoryDoc.objects.filter(engine_version=ENGINE_VERSION).count() == len(stored)
    read = _spy(monkeypatch)
    new = make_article(make_outlet("Late desk"), text=HARLOW[2][1], title=HARLOW[2][0], published_at=DAY)
    assert tasks.linked_to([new]) == {a.pk for a in stored[:2]} | {new.pk}
    assert read == [str(new.pk)]


def test_a_stored_doc_is_not_used_once_its_article_changed_or_the_engine_did(monkeypatch):
    harlow = _story(HARLOW[:2], DAY, "Harlow")
    denby = _story(DENBY[:1], DAY, "Denby")
    tasks.score_all()
    # Edited since it was scored: the Denby report now tells the Harlow fire (its story doc says otherwise).
    denby[0].raw_text, denby[0].title = HARLOW[1][1], HARLOW[1][0]
    denby[0].save()
    StoredStoryDoc.objects.filter(article=harlow[1]).update(engine_version="0-old")
    read = _spy(monkeypatch)
    new = make_article(make_outlet("Late desk"), text=HARLOW[2][1], title=HARLOW[2][0], published_at=DAY)
    assert tasks.linked_to([new]) == {harlow[0].pk, harlow[1].pk, denby[0].pk, new.pk}
    assert sorted(read) == sorted([str(new.pk), str(harlow[1].pk), str(denby[0].pk)])
    # Prepared again, they are stored again for the next arrivals.
    assert StoredStoryDoc.objects.filter(engine_version=ENGINE_VERSION).count() == 3


def test_a_stored_doc_reads_back_as_the_engine_made_it_and_names_nothing_else():
    a = make_article(make_outlet(), text=HARLOW[0][1], title=HARLOW[0][0], published_at=DAY)
    (doc,) = story_docs(tasks.engine_records(Article.objects.all()), workers=1)
    back = storydocs.loads(storydocs.dumps(doc))
    assert back.id == str(a.pk) and (back.day, back.when) == (doc.day, doc.when)
    for bag in ("body", "lead", "names"):
        assert list(getattr(back, bag).items()) == list(getattr(doc, bag).items())
    with pytest.raises(pickle.UnpicklingError):
        storydocs.loads(pickle.dumps(datetime(2026, 1, 1)))  # any other type is refused, callables first of all


def _outlet_rows() -> dict:
    return {(r["outlet_id"], r["window_start"]): r for r in OutletScore.objects.current().values(
        "id", "outlet_id", "window_start", *tasks._OUTLET_SCORE_VALUES)}


def test_an_arrival_rewrites_only_the_outlet_scores_it_changes_and_they_are_those_of_a_recomputation():
    for k, offset in enumerate((0, 21, 42)):
        _story(HARLOW, DAY + timedelta(days=offset), f"Harlow {k}")
    tasks.score_all()
    before = _outlet_rows()
    late = make_article(make_outlet("Denby desk"), text=DENBY[0][1], title=DENBY[0][0],
                        published_at=DAY + timedelta(days=42))
    tasks.score_new_articles([late.pk])
    after = _outlet_rows()
    kept = {key for key, row in after.items() if key in before and before[key]["id"] == row["id"]}
    assert kept and kept != set(after)  # the windows of other days are left alone, that of the arrival is not
    assert all(before[key] == after[key] for key in kept)
    OutletScore.objects.all().delete()
    tasks.save_outlet_scores()
    assert {k: {f: v for f, v in r.items() if f != "id"} for k, r in _outlet_rows().items()} == \
        {k: {f: v for f, v in r.items() if f != "id"} for k, r in after.items()}


def test_an_arrival_is_prepared_once_for_linking_and_scoring_and_scores_as_a_full_run(monkeypatch):
    from scoring.engine import pipeline

    stored = _story(HARLOW[:2], DAY, "Harlow") + _story(DENBY[:1], DAY, "Denby")
    tasks.score_all()
    made, real = [], pipeline.prepare
    monkeypatch.setattr(pipeline, "prepare", lambda article, *rest: made.append(article.id) or real(article, *rest))
    new = make_article(make_outlet("Late desk"), text=HARLOW[2][1], title=HARLOW[2][0], published_at=DAY)
    tasks.score_new_articles([new.pk])
    # The newcomer once; the stored reports of the story it joins once, for scoring (linking read their stored
    # docs); the Denby report, in no story the newcomer touches, not at all.
    assert sorted(made) == sorted(str(a.pk) for a in stored[:2] + [new])
    arrived = {a: s for a, s in Article.objects.values_list("pk", "story")}
    fidelity = dict(tasks.ArticleScore.objects.current().values_list("article", "fidelity"))
    assert StoredStoryDoc.objects.filter(article=new, engine_version=ENGINE_VERSION).exists()
    monkeypatch.setattr(pipeline, "prepare", real)
    tasks.score_all()
    assert arrived == {a: s for a, s in Article.objects.values_list("pk", "story")}
    assert fidelity == dict(tasks.ArticleScore.objects.current().values_list("article", "fidelity"))
