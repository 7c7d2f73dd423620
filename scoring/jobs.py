"""Background jobs: Celery tasks, each one line around a plain function, and the hooks that queue them.

How work reaches a worker (sources never imports scoring, so the hooks point this way):
- every import (command, admin page, feed poll) ends in `sources.importing.import_records`, which sends
  `sources.signals.articles_imported` with the new and changed article ids; `queue_scoring` (connected in
  scoring/apps.py) queues `score_new_articles_job` for them once the import has committed;
- with a broker, the admin import page saves the upload under IMPORT_UPLOAD_DIR and calls the callable named
  by settings.IMPORT_UPLOAD_QUEUE, `queue_import`, so the page returns at once; the worker imports the file,
  and the signal above queues its scoring;
- `celery -A config beat` runs `poll_feeds_job` (one `poll_outlet_job` per outlet), and `score_pending_job` as a safety net for a scoring job
  that was never queued (a process killed between an import's commit and the queueing).

Without a broker the same jobs run eagerly in the calling process (CELERY_TASK_ALWAYS_EAGER), and an error
reaches the caller as it would without Celery. On a worker, jobs are acknowledged late and retried with
backoff on database errors (a lock timeout, a dropped connection); the scoring they run is idempotent, so a
job that runs twice does no harm.
"""
from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction

from scoring import runner, tasks
from scoring.locks import corpus_lock
from sources import feeds
from sources.importing import import_saved_upload
from sources.models import Outlet

logger = logging.getLogger(__name__)

# Exponential backoff with jitter (1 s, 2 s, 4 s ... at most 5 minutes), then the job fails for good. Only errors
# that may pass: a lost or refused connection, a lock timeout, a serialisation failure or deadlock (Django raises
# all of these as OperationalError or InterfaceError). A DataError or IntegrityError comes from the data and would
# fail the same way six times.
RETRY = {"autoretry_for": (OperationalError, InterfaceError), "retry_backoff": True, "retry_backoff_max": 300,
         "retry_jitter": True, "max_retries": 6}


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


def import_file(path: str, outlet: str | None = None) -> dict:
    """Import a saved upload (the signal then queues the scoring); returns the import's counts."""
    report = import_saved_upload(path, outlet=outlet)
    # A queued import has no page to show its errors on: the worker's log keeps them.
    logger.info("%s: %s", Path(path).name, report.summary())
    for error in report.errors:
        logger.warning("%s", error)
    return {"imported": report.imported, "updated": report.updated, "unchanged": report.unchanged,
            "rejected": report.rejected}


@shared_task(**RETRY)
def import_file_job(path: str, outlet: str | None = None) -> dict:
    return import_file(path, outlet)


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


@shared_task(**RETRY)
def poll_feeds_job() -> int:
    return queue_feed_polls()


@shared_task(**RETRY)
def poll_outlet_job(outlet_id: int) -> dict:
    return feeds.poll_outlet(Outlet.objects.get(pk=outlet_id)).as_dict()


def queue_feed_polls() -> int:
    """Queue one poll per outlet with a feed, so several workers poll side by side; returns how many."""
    outlet_ids = list(feeds.outlets_to_poll().values_list("pk", flat=True))
    for outlet_id in outlet_ids:
        poll_outlet_job.delay(outlet_id)
    return len(outlet_ids)


def queue_scoring(sender, article_ids: list[int], **kwargs) -> None:
    """Receiver of `articles_imported`: queue the scoring of these articles once their import has committed."""
    # on_commit: a worker must not look for articles it cannot see yet. Robust with a broker: a broker that is
    # down must not turn an import that succeeded into an error (the beat's score_pending_job scores those
    # articles later); eager, a scoring error surfaces to the caller as it would without Celery.
    transaction.on_commit(lambda: score_new_articles_job.delay(list(article_ids)),
                          robust=not settings.CELERY_TASK_ALWAYS_EAGER)


def queue_import(path: Path, outlet: str | None = None) -> str:
    """Hand a saved upload to a worker, or without a reachable broker to a background thread (scoring/runner.py);
    returns what the admin page tells the editor. settings.IMPORT_UPLOAD_QUEUE names this for the admin page."""
    path = Path(path)
    if not _eager():
        try:
            import_file_job.delay(str(path), outlet)
        except Exception as e:  # kombu's OperationalError and the socket errors under it: the broker is down
            logger.warning("could not queue the import of %s (%s); importing it in the web process instead",
                           path.name, e)
            job = runner.start("import", path.name, partial(_import_in_background, str(path), outlet, True))
            return (f"{path.name}: the job queue is unreachable, so this server imports and scores the file "
                    f"itself in the background (job {job.pk}); follow it under Background jobs")
        return (f"{path.name}: queued; a worker imports and scores it, and the articles appear here when it has "
                "finished")
    job = runner.start("import", path.name, partial(_import_in_background, str(path), outlet, False))
    return f"{path.name}: importing and scoring in the background (job {job.pk}); follow it under Background jobs"


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
    return import_file_job.app.conf.task_always_eager


def _import_in_background(path: str, outlet: str | None, score_here: bool, job) -> str:
    runner.progress(job, "importing")
    # Eager (no broker), the import's signal scores the new articles in this thread, under the corpus lock.
    report = import_saved_upload(path, outlet=outlet)
    if score_here and report.article_ids:
        # The broker was down: the signal could not queue their scoring (beat's score_pending_job would find
        # them later); score them now instead.
        runner.progress(job, f"{report.summary()}; scoring")
        score_new_articles(report.article_ids)
    return "\n".join([report.summary(), *report.errors])


def _rescore_in_background(article_ids: list[int] | None, job) -> str:
    runner.progress(job, "scoring")
    return f"rescored {rescore_all() if article_ids is None else rescore_articles(article_ids)} articles"
