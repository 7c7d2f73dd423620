"""Background jobs of sources: feed polls and imports of uploaded files, as Celery tasks (Celery's autodiscovery finds
this module), each one line around a plain function, and the hook the admin's import page calls.

- `celery -A config beat` runs `poll_feeds_job`, which queues one `poll_outlet_job` per outlet;
- with a broker, the admin import page saves the upload under IMPORT_UPLOAD_DIR and calls `queue_import`, so the
  page returns at once; a worker imports the file. Without a reachable broker, a background thread does it
  (sources/runner.py).
Every import ends in `importing.import_records`, which sends `signals.articles_imported`; the scoring app's receiver
(scoring/jobs.py) queues the scoring of the new articles. Sources never imports scoring.
"""
from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from celery import shared_task
from django.db import InterfaceError, OperationalError

from sources import feeds, runner
from sources.importing import import_saved_upload
from sources.models import Article, Outlet
from sources.signals import articles_imported

logger = logging.getLogger(__name__)

# Exponential backoff with jitter (1 s, 2 s, 4 s ... at most 5 minutes), then the job fails for good. Only errors
# that may pass: a lost or refused connection, a lock timeout, a serialisation failure or deadlock (Django raises
# all of these as OperationalError or InterfaceError). A DataError or IntegrityError comes from the data and would
# fail the same way six times.
RETRY = {"autoretry_for": (OperationalError, InterfaceError), "retry_backoff": True, "retry_backoff_max": 300,
         "retry_jitter": True, "max_retries": 6}


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


def queue_import(path: Path, outlet: str | None = None) -> str:
    """Hand a saved upload to a worker, or without a reachable broker to a background thread (sources/runner.py);
    returns what the admin page tells the editor. The admin's import page calls this."""
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
        articles_imported.send(sender=Article, article_ids=list(report.article_ids), in_process=True)
    return "\n".join([report.summary(), *report.errors])
