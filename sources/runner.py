"""Run corpus-wide work started from the admin outside the web request, and record how it goes.

A request that scores a corpus outlives any sane worker timeout: gunicorn kills the worker, and whatever the
request had started (the engine's processes, the database session holding the corpus lock) must not be left
behind. So the admin never runs such work itself: with a broker it queues a Celery job (scoring/jobs.py);
without one, or when the broker cannot be reached, it hands the work to `start`, which records a BackgroundJob
row and runs the work in a thread of its own, then answers at once. The thread opens its own database
connection (Django's are per thread), takes the corpus lock there, and closes it when done, so the request's
connection never holds a lock. The admin lists the jobs with their progress and result.

A thread dies with its process: a web worker restarted mid-job (gunicorn's graceful timeout, a deploy) stops
it. Its row then names a process that is gone and is shown as failed (`reap_dead`); the articles it imported
are stored, and whatever it had not scored is scored by the next run (`score_articles --pending`, or beat's
`score_pending_job` with a broker).
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

from django.db import OperationalError, close_old_connections, connections
from django.utils import timezone

from sources.models import BackgroundJob

logger = logging.getLogger(__name__)

_threads: dict[int, threading.Thread] = {}  # job id -> its thread, in this process (for wait())


def start(kind: str, description: str, work: Callable[[BackgroundJob], str]) -> BackgroundJob:
    """Record a job and run `work(job)` in a background thread; returns the job at once.

    `work` returns the result text (a summary line, then errors one a line) and may call `progress(job, ...)`.
    """
    job = BackgroundJob.objects.create(kind=kind, description=description[:500], pid=os.getpid(),
                                       host=socket.gethostname()[:255])
    # Not a daemon: an interpreter that exits normally (a graceful restart) lets the job finish first.
    thread = threading.Thread(target=_run, args=(job.pk, work), name=f"concordance-job-{job.pk}", daemon=False)
    _threads[job.pk] = thread
    thread.start()
    return job


def progress(job: BackgroundJob, text: str) -> None:
    """Record how far a job has got (shown in the admin)."""
    job.progress = text[:500]
    BackgroundJob.objects.filter(pk=job.pk).update(progress=job.progress)


def wait(job_id: int, timeout: float | None = None) -> BackgroundJob:
    """Wait for a job started by this process to end; returns its row as stored (for tests and commands)."""
    thread = _threads.get(job_id)
    if thread is not None:
        thread.join(timeout)
    return BackgroundJob.objects.get(pk=job_id)


def wait_all(timeout: float | None = None) -> None:
    """Wait for every job this process started (tests, and a command that must not exit before its jobs)."""
    for thread in list(_threads.values()):
        thread.join(timeout)


def reap_dead() -> int:
    """Mark failed the jobs recorded as running on this host by a process that no longer exists; returns how many."""
    host = socket.gethostname()[:255]
    dead = [job.pk for job in BackgroundJob.objects.filter(status__in=[BackgroundJob.QUEUED, BackgroundJob.RUNNING],
                                                            host=host).only("pk", "pid")
            if job.pid and not _alive(job.pid)]
    if dead:
        BackgroundJob.objects.filter(pk__in=dead).update(
            status=BackgroundJob.FAILED, finished_at=timezone.now(),
            result="the process running this job ended before it finished (a restart?); imported articles are "
                   "stored, and `manage.py score_articles --pending` scores what it left unscored")
    return len(dead)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def _retried(write: Callable[[], object], tries: int = 20, pause: float = 0.05):
    """A write of the job's row, tried again for up to a second while SQLite says the table is locked: in SQLite's
    shared-cache mode (the test database) a reader in another thread locks the table at once, without the busy
    timeout that a database file waits on, and a job started by a request can race the request's last read."""
    for attempt in range(tries):
        try:
            return write()
        except OperationalError as e:
            if "locked" not in str(e) or attempt == tries - 1:
                raise
            time.sleep(pause)


def _run(job_id: int, work: Callable[[BackgroundJob], str]) -> None:
    close_old_connections()
    try:
        job = BackgroundJob.objects.get(pk=job_id)
        job.status, job.started_at = BackgroundJob.RUNNING, timezone.now()
        _retried(lambda: job.save(update_fields=["status", "started_at"]))
        try:
            result = work(job)
        except Exception as e:  # recorded on the job, which is where the admin looks
            logger.exception("background job %s (%s) failed", job_id, job.kind)
            status, result = BackgroundJob.FAILED, f"failed: {type(e).__name__}: {e}"
        else:
            status = BackgroundJob.DONE
        _retried(lambda: BackgroundJob.objects.filter(pk=job_id).update(status=status, result=result,
                                                                        finished_at=timezone.now()))
    except Exception:
        logger.exception("background job %s could not be recorded", job_id)
    finally:
        # This thread's connections: closing them ends the session, and with it any lock it might still hold.
        connections.close_all()
        _threads.pop(job_id, None)
