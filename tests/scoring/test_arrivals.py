"""The everyday case: new articles arriving into a stored, scored corpus (tasks.score_new_articles and linked_to)."""
from datetime import datetime, timedelta, timezone

import pytest

from scoring import tasks
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
    read = []
    real = tasks.story_docs

    def spy(records, **kwargs):
        records = list(records)
        read.extend(r.id for r in records)
        return real(records, **kwargs)

    monkeypatch.setattr(tasks, "story_docs", spy)
    late = make_article(make_outlet("Late desk"), text=HARLOW[2][1], title=HARLOW[2][0], published_at=DAY)
    fresh = make_article(make_outlet("Fresh desk"), text=HARLOW[2][1], title=HARLOW[2][0],
                         published_at=DAY + timedelta(days=120))
    linked = tasks.linked_to([late, fresh])
    assert linked == {a.pk for a in old + recent + [late, fresh]}
    assert not {str(a.pk) for a in between} & set(read)
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
