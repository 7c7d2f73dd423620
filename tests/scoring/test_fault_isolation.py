"""A story the engine raises on is reported, not fatal: the run saves every other story (issue 19)."""
import json
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from scoring import tasks
from scoring.models import ArticleScore
from sources.models import Story
from tests.conftest import make_article, make_outlet
from tests.scoring.test_engine import OTHER_EVENT, REWRITE_A, REWRITE_B, SOURCE, SPUN
from tests.scoring.test_robustness import _fail_story_with
from tests.scoring.test_tasks import DAY, make_story_articles

pytestmark = pytest.mark.django_db


def _corpus():
    barrier = make_story_articles()
    fire = make_article(make_outlet("Fire Watch"), text=OTHER_EVENT, title="Fire", published_at=DAY)
    return barrier, fire


def test_the_failed_story_is_stored_with_its_error_and_keeps_its_articles_previous_scores(caplog):
    barrier, fire = _corpus()
    tasks.score_all()
    ArticleScore.objects.update(fidelity=42.0)  # a mark the next run overwrites where it scores
    with caplog.at_level(logging.ERROR):
        scored = tasks.score_all(before_story=_fail_story_with(str(fire.pk)))
    assert (scored.stories, scored.articles, scored.failed) == (1, 4, 1)
    assert scored.summary() == "scored 4 articles in 1 stories; 1 story failed: see log"
    fire.refresh_from_db()
    assert fire.story.scoring_error.startswith("_EngineFault: injected for")
    assert ArticleScore.objects.get(article=fire).fidelity == 42.0  # its previous score, untouched
    assert all(ArticleScore.objects.get(article=a).fidelity != 42.0 for a in barrier)
    barrier[0].refresh_from_db()
    assert barrier[0].story.scoring_error == ""
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert fire.story.key in logged and str(fire.pk) in logged
    tasks.score_all()  # the next run that scores it clears the error
    fire.refresh_from_db()
    assert fire.story.scoring_error == ""


def test_a_failed_story_is_not_pending_again_so_polls_do_not_fail_on_it_forever():
    _, fire = _corpus()
    tasks.score_all(before_story=_fail_story_with(str(fire.pk)))
    assert not ArticleScore.objects.filter(article=fire).exists()
    assert tasks.score_pending_articles() is None


def test_the_command_counts_the_failed_story_in_its_summary(capsys):
    _, fire = _corpus()
    call_command("score_articles", before_story=_fail_story_with(str(fire.pk)))
    assert "scored 4 articles in 1 stories; 1 story failed: see log" in capsys.readouterr().out


def test_admins_see_the_failed_story_in_the_admin_filter_and_on_its_page(admin_client, client):
    _, fire = _corpus()
    tasks.score_all(before_story=_fail_story_with(str(fire.pk)))
    fire.refresh_from_db()
    failed_list = admin_client.get(reverse("admin:sources_story_changelist") + "?scoring_error__isempty=0")
    assert failed_list.status_code == 200
    assert fire.story.title in failed_list.content.decode()
    assert "Barrier" not in failed_list.content.decode()
    page = admin_client.get(fire.story.get_absolute_url()).content.decode()
    assert "The engine failed on this story" in page and "_EngineFault" in page


def test_score_file_writes_the_failed_story_and_exits_non_zero_only_with_strict(tmp_path, capsys):
    rows = [{"id": k, "outlet": f"Outlet {k}", "text": t, "published": "2026-09-01"}
            for k, t in (("src", SOURCE), ("spun", SPUN), ("a", REWRITE_A), ("b", REWRITE_B), ("fire", OTHER_EVENT))]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in rows), encoding="utf-8")
    out = tmp_path / "out.json"
    call_command("score_file", str(path), "--out", str(out), before_story=_fail_story_with("fire"))
    result = json.loads(out.read_text(encoding="utf-8"))
    (failed,) = [s for s in result["stories"] if "error" in s]
    assert failed["articles"] == ["fire"] and failed["error"].startswith("_EngineFault")
    assert sorted(a["id"] for a in result["articles"]) == ["a", "b", "spun", "src"]
    assert "1 story failed: see log" in capsys.readouterr().err
    out.unlink()
    with pytest.raises(CommandError, match="--strict"):
        call_command("score_file", str(path), "--out", str(out), "--strict", before_story=_fail_story_with("fire"))
    assert out.exists()  # written before failing


def test_a_job_does_not_retry_an_engine_error(monkeypatch):
    from scoring import jobs

    calls = []

    def broken(article_ids):
        calls.append(article_ids)
        raise IndexError("tuple index out of range")  # deterministic: running it again gives the same error

    monkeypatch.setattr(jobs, "score_new_articles", broken)
    result = jobs.score_new_articles_job.apply(args=[[1]], throw=False)
    assert result.failed() and calls == [[1]]

