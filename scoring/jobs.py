"""Scoring's background jobs: Celery tasks (found by Celery's autodiscovery), each one line around a plain function,
and the hooks that queue them. Feed polls and imports are sources' jobs (sources/jobs.py).

How work reaches a worker (sources never imports scoring, so the hooks point this way):
- every import (command, admin page, feed poll) ends in `sources.importing.import_records`, which sends
  `sources.signals.articles_imported` with the new and changed article ids; `queue_scoring` (connected in
  scoring/apps.py) queues `score_new_articles_job` for them once the import has committed;
- `celery -A config beat` runs `score_pending_job` as a safety net for a scoring job that was never queued (a
  process killed between an import's commit and the queueing);
- the admin's "Rescore" queues `rescore_articles_job` (the selected articles' stories) or `rescore_all_job`.

Without a broker the same jobs run eagerly in the calling process (CELERY_TASK_ALWAYS_EAGER), and an error
reaches the caller as it would without Celery. On a worker, jobs are acknowledged late and retried with
backoff on database errors (a lock timeout, a dropped connection); the scoring they run is idempotent, so a
job that runs twice does no harm. Every scoring runs under the corpus lock.
"""
from __future__ import annotations

import logging
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction

from scoring import tasks
from scoring.locks import corpus_lock
from sources import runner
from sources.jobs import RETRY

logger = logging.getLogger(__name__)


def score_new_articles(article_ids: list[int]) -> int:
    """Score the stories these articles join and update outlet scores; returns how many articles were scored."""
    # Only the stories the articles join are rescored; under the corpus lock, because outlet scores are
    # recomputed from every stored score and two workers must not rewrite them at once.
    with corpus_lock():
        return tasks.score_new_articles(article_ids).articles


def score_pending() -> int:
    """Score the articles lacking a score of the current engine version; returns how many articles were scored."""
    with corpus_lock():
        result = tasks.score_pending_articles()
    return result.articles if result else 0


def rescore_all() -> int:
    """Rescore every stored article; returns how many."""
    with corpus_lock():
        return tasks.score_all().articles


def rescore_articles(article_ids: list[int]) -> int:
    """Rescore the stories of these articles (and what links to them), as if they had just arrived; returns how
    many articles were scored."""
    with corpus_lock():
        return tasks.score_new_articles(article_ids).articles


@shared_task(**RETRY)
def score_new_articles_job(article_ids: list[int]) -> int:
    return score_new_articles(article_ids)


@shared_task(**RETRY)
def score_pending_job() -> int:
    return score_pending()


@shared_task(**RETRY)
def rescore_all_job() -> int:
    return rescore_all()


@shared_task(**RETRY)
def rescore_articles_job(article_ids: list[int]) -> int:
    return rescore_articles(article_ids)


def queue_scoring(sender, article_ids: list[int], in_process: bool = False, **kwargs) -> None:
    """Receiver of `articles_imported`: queue the scoring of these articles once their import has committed, or
    with `in_process` (an import whose broker was down) score them now, in this process."""
    if in_process:
        score_new_articles(article_ids)
        return
    # on_commit: a worker must not look for articles it cannot see yet. Robust with a broker: a broker that is
    # down must not turn an import that succeeded into an error (the beat's score_pending_job scores those
    # articles later); eager, a scoring error surfaces to the caller as it would without Celery.
    transaction.on_commit(lambda: score_new_articles_job.delay(list(article_ids)),
                          robust=not settings.CELERY_TASK_ALWAYS_EAGER)



def queue_rescore(article_ids: list[int] | None = None) -> str:
    """Rescore every article (or the stories of these articles) on a worker, or in a background thread without a
    reachable broker; returns what the admin tells the editor."""
    what = "every article" if article_ids is None else f"the stories of {len(article_ids)} selected article(s)"
    if not _eager():
        try:
            rescore_all_job.delay() if article_ids is None else rescore_articles_job.delay(list(article_ids))
        except Exception as e:
            logger.warning("could not queue the rescoring (%s); rescoring in the web process instead", e)
        else:
            return f"Rescoring queued: a worker rescores {what}."
    job = runner.start("rescore", "all articles" if article_ids is None else what,
                       partial(_rescore_in_background, article_ids))
    return f"Rescoring {what} in the background (job {job.pk}); follow it under Background jobs."


def _eager() -> bool:
    """Whether jobs run in the calling process (no broker configured)."""
    return rescore_all_job.app.conf.task_always_eager


def _rescore_in_background(article_ids: list[int] | None, job) -> str:
    runner.progress(job, "scoring")
    return f"rescored {rescore_all() if article_ids is None else rescore_articles(article_ids)} articles"
