"""Real workers on Redis: an import queues its scoring and a worker process does it; a worker killed mid-job
loses nothing and duplicates nothing (late acknowledgement, idempotent scoring under the scoring locks)."""
from __future__ import annotations

import fcntl
import json
import os
import signal
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scoring.engine import ENGINE_VERSION
from scoring.locks import CORPUS_KEY, lock_id
from tests.conftest import ROOT
from tests.jobs.conftest import REDIS_URL, base_env, manage, wait_for

DEMO = ROOT / "sources" / "demo" / "articles.jsonl"  # the project's own fictional corpus


def demo_count() -> int:
    return sum(1 for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip())


def scored(db) -> int:
    return db.value(f"SELECT count(*) FROM scoring_articlescore WHERE engine_version = '{ENGINE_VERSION}'")


def snapshot(db) -> dict:
    """Everything scoring wrote, without row ids (a rescoring recreates findings under new ids)."""
    version = f"engine_version = '{ENGINE_VERSION}'"
    return {
        "articles": db.rows("SELECT id, url FROM sources_article ORDER BY id"),
        "scores": db.rows(f"SELECT article_id, round(CAST(fidelity AS numeric), 6), copied_from_id "
                          f"FROM scoring_articlescore WHERE {version} ORDER BY article_id")
        if db.is_postgresql else
        db.rows(f"SELECT article_id, round(fidelity, 6), copied_from_id FROM scoring_articlescore "
                f"WHERE {version} ORDER BY article_id"),
        "findings": db.rows(f"SELECT s.article_id, f.kind, f.start, f.\"end\" FROM scoring_finding f "
                            f"JOIN scoring_articlescore s ON s.id = f.score_id WHERE s.{version} "
                            "ORDER BY 1, 2, 3, 4"),
        "stories": db.rows("SELECT s.key, count(a.id) FROM sources_story s JOIN sources_article a "
                           "ON a.story_id = s.id GROUP BY s.key ORDER BY s.key"),
        "outlet_scores": db.rows(f"SELECT outlet_id, window_start, articles FROM scoring_outletscore "
                                 f"WHERE {version} ORDER BY 1, 2"),
    }


def test_an_import_queues_its_scoring_and_a_worker_process_does_it(worker_db, workers, broker):
    env = base_env(worker_db.url, **broker.env())
    started = time.monotonic()
    manage("import_articles", str(DEMO), env=env)
    import_seconds = time.monotonic() - started

    # The import stored the batch and queued one job, and scored nothing itself.
    assert worker_db.value("SELECT count(*) FROM sources_article") == demo_count()
    assert scored(worker_db) == 0
    assert broker.queued() == 1

    workers.start()
    wait_for(lambda: scored(worker_db) == demo_count(), 120, "the worker to score the batch")
    assert worker_db.value("SELECT count(*) FROM sources_story") > 0
    assert worker_db.value(f"SELECT count(*) FROM scoring_outletscore WHERE engine_version = '{ENGINE_VERSION}'") > 0
    wait_for(lambda: broker.queued() == 0 and broker.unacknowledged() == 0, 30,
             "the job to be acknowledged")
    print(f"import with a broker: {import_seconds:.1f} s (scoring left to the worker)")


def _hold_scoring_lock(db):
    """Take the lock every scoring job needs first, from this process; returns a function that frees it."""
    if db.is_postgresql:
        connection = db.connect()
        connection.execute("SELECT pg_advisory_lock(%s)", [lock_id(CORPUS_KEY)])
        return connection.close
    handle = Path(f"{db.sqlite_path}.scoring-lock").open("a")  # scoring.locks.sqlite_lock_path
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle.close


def _worker_waits_for_the_lock(db) -> bool:
    if db.is_postgresql:
        return db.value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") > 0
    # /proc/locks marks a process blocked on a file lock with "->", followed by the lock's type, mode and pid;
    # the lock file's inode picks ours out.
    inode = Path(f"{db.sqlite_path}.scoring-lock").stat().st_ino
    return any(line.split()[1] == "->" and line.split()[6].endswith(f":{inode}")
               for line in Path("/proc/locks").read_text().splitlines())


def test_a_worker_killed_mid_job_loses_nothing_and_duplicates_nothing(worker_db, workers, broker):
    env = base_env(worker_db.url, **broker.env())
    manage("import_articles", str(DEMO), env=env)
    assert broker.queued() == 1

    # Hold the scoring lock so the job is certainly running (waiting inside it) when the worker is killed.
    # The prefork pool, the production default: there the worker acknowledges a job as soon as a child process
    # takes it unless acks are late (the solo pool, running the job inside its read of Redis, acknowledges
    # only after it whatever the setting, so it would not show a missing late ack).
    release = _hold_scoring_lock(worker_db)
    try:
        # A short visibility timeout, so Redis hands the unacknowledged job on within the test.
        first, log = workers.start(pool="prefork", CELERY_VISIBILITY_TIMEOUT="2")
        wait_for(lambda: _worker_waits_for_the_lock(worker_db), 60, "the job to wait for the lock")
        assert "score_new_articles_job" in log.read_text()
        os.killpg(first.pid, signal.SIGKILL)  # the worker and its child process, as when a machine dies
        first.wait(timeout=10)
    finally:
        release()

    # Killed before acknowledging: the job is still held for the dead worker, not lost, and nothing was scored.
    assert broker.unacknowledged() == 1
    assert scored(worker_db) == 0

    second, log = workers.start(CELERY_VISIBILITY_TIMEOUT="2")
    wait_for(lambda: scored(worker_db) == demo_count(), 120, "the restarted worker to score the batch")
    wait_for(lambda: broker.queued() == 0 and broker.unacknowledged() == 0, 60,
             "the job to be acknowledged")
    # The scoring job ran once (the alert evaluation it queues after a run succeeds on its own line).
    assert sum("score_new_articles_job" in line and "succeeded" in line for line in log.read_text().splitlines()) == 1

    # Nothing lost, nothing duplicated: a fresh in-process rescoring of the same database changes nothing.
    after_worker = snapshot(worker_db)
    assert len(after_worker["articles"]) == demo_count()
    assert len({row[0] for row in after_worker["scores"]}) == len(after_worker["scores"]) == demo_count()
    manage("score_articles", env=base_env(worker_db.url))
    assert snapshot(worker_db) == after_worker


def _forget_connections(app) -> None:
    """Make the app look up its broker connections again, so the next job goes to the broker configured now. Not
    closed: kombu keeps pools in a global registry by broker url, and would hand the closed pool out again (every
    eager job after this test would then fail with "Acquire on closed pool")."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db
def test_an_admin_upload_returns_at_once_and_a_worker_imports_and_scores_it(
        admin_client, settings, tmp_path, worker_db, workers, broker):
    from config import celery_app

    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "broker_transport_options")}
    celery_app.conf.update(broker_url=REDIS_URL, task_always_eager=False,  # this process queues on Redis
                           broker_transport_options={"global_keyprefix": broker.prefix})
    _forget_connections(celery_app)
    try:
        upload = SimpleUploadedFile("batch.jsonl", DEMO.read_bytes())
        started = time.monotonic()
        response = admin_client.post(reverse("admin:sources_article_import"), {"file": upload}, follow=True)
        seconds = time.monotonic() - started
    finally:
        celery_app.conf.update(saved)
        _forget_connections(celery_app)
    assert response.status_code == 200
    assert any("queued" in str(m) for m in response.context["messages"])
    # Queued, not imported: the worker's database is still empty, the file waits for the worker.
    assert worker_db.value("SELECT count(*) FROM sources_article") == 0
    assert [p.name for p in settings.IMPORT_UPLOAD_DIR.glob("*/*")] == ["batch.jsonl"]
    message = json.loads(broker.first_queued())
    assert message["headers"]["task"] == "sources.jobs.import_file_job"

    workers.start()
    wait_for(lambda: scored(worker_db) == demo_count(), 120, "the worker to import and score the upload")
    assert worker_db.value("SELECT count(*) FROM sources_article") == demo_count()
    wait_for(lambda: not list(settings.IMPORT_UPLOAD_DIR.glob("*/*")), 30, "the upload to be deleted once imported")
    print(f"admin upload answered in {seconds:.2f} s")
