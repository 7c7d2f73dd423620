"""Without a broker every job runs in the calling process: imports score their new articles, the admin page imports
and scores during the request, and the jobs retry database errors. Plus the scoring locks."""
from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.urls import reverse

from config import celery_app
from scoring import jobs, locks
from sources import jobs as source_jobs
from sources import runner
from scoring.models import ArticleScore
from sources.importing import import_paths, save_upload
from sources.models import Article, BackgroundJob
from tests.conftest import ROOT

TINY = ROOT / "tests" / "data" / "demo_tiny" / "articles.jsonl"

pytestmark = pytest.mark.django_db


def current_scores() -> int:
    return ArticleScore.objects.current().count()


def test_without_a_broker_jobs_run_in_process_and_acknowledge_late(settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER and celery_app.conf.task_always_eager
    assert {"sources.jobs.import_file_job", "sources.jobs.poll_feeds_job", "scoring.jobs.score_new_articles_job",
            "scoring.jobs.rescore_articles_job"} <= set(celery_app.tasks)  # found by autodiscovery
    assert celery_app.conf.task_acks_late and celery_app.conf.task_reject_on_worker_lost
    assert celery_app.conf.worker_prefetch_multiplier == 1
    assert {"poll feeds", "score pending articles"} <= set(celery_app.conf.beat_schedule)


def test_an_import_scores_its_new_articles_once_it_has_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = import_paths([TINY])
    assert report.imported == 3 and sorted(report.article_ids) == sorted(Article.objects.values_list("pk", flat=True))
    assert current_scores() == 0  # nothing runs before the commit
    assert len(callbacks) == 1  # one job for the whole batch
    callbacks[0]()
    assert current_scores() == 3


def test_an_import_that_changes_nothing_queues_nothing(django_capture_on_commit_callbacks):
    import_paths([TINY])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = import_paths([TINY])
    assert report.unchanged == 3 and report.article_ids == []
    assert callbacks == []


@pytest.mark.django_db(transaction=True)
def test_the_admin_upload_without_a_broker_is_imported_and_scored_by_a_background_job(admin_client, settings,
                                                                                     tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    upload = SimpleUploadedFile("tiny.jsonl", TINY.read_bytes())
    response = admin_client.post(reverse("admin:sources_article_import"), {"file": upload})
    assert response.status_code == 302
    # Join the job before reading its table: on the tests' in-memory SQLite (shared cache) a read while the
    # job's thread writes fails at once with "table is locked" instead of waiting.
    runner.wait_all()
    job = BackgroundJob.objects.get(kind="import")
    assert job.status == "done" and job.result == "imported 3, updated 0, rejected 0, unchanged 0"
    assert job.pid == os.getpid() and job.finished_at >= job.started_at
    assert Article.objects.count() == 3 and current_scores() == 3
    assert not any((tmp_path / "uploads").iterdir())  # imported, then deleted


@pytest.mark.django_db(transaction=True)
def test_the_rescore_action_answers_at_once_and_a_background_job_rescores_the_selected_articles_stories(
        admin_client):
    import_paths([TINY])
    runner.wait_all()
    ArticleScore.objects.all().delete()
    article = Article.objects.get(title="Council approves the harbour bridge")  # a story of two; the ferry apart
    response = admin_client.post(reverse("admin:sources_article_changelist"),
                                 {"action": "rescore", "_selected_action": [article.pk]})
    assert response.status_code == 302
    runner.wait_all()  # before reading the job's table (see above)
    job = BackgroundJob.objects.get(kind="rescore")
    assert any(f"job {job.pk}" in str(m) for m in get_messages(response.wsgi_request))
    assert job.status == "done" and job.result == "rescored 2 articles"
    assert current_scores() == 2 and not ArticleScore.objects.filter(article__title="Ferry timetable").exists()


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_process_died_is_shown_as_failed(admin_client):
    import socket
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    job = BackgroundJob.objects.create(kind="rescore", status="running", pid=int(gone.stdout),
                                       host=socket.gethostname())
    assert admin_client.get(reverse("admin:sources_backgroundjob_changelist")).status_code == 200
    job.refresh_from_db()
    assert job.status == "failed" and "score_articles --pending" in job.result


queued_calls: list[tuple[Path, str | None]] = []


def record_queued(path: Path, outlet: str | None) -> str:
    """Stands in for sources.jobs.queue_import: records what the admin page hands over."""
    queued_calls.append((path, outlet))
    return "handed over"


def test_with_a_broker_the_admin_saves_the_upload_and_hands_it_over_unimported(admin_client, settings, tmp_path,
                                                                               monkeypatch):
    monkeypatch.setattr(source_jobs, "queue_import", record_queued)
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    queued_calls.clear()
    upload = SimpleUploadedFile("tiny.jsonl", TINY.read_bytes())
    response = admin_client.post(reverse("admin:sources_article_import"), {"file": upload, "outlet": "Fallback"},
                                 follow=True)
    assert [str(m) for m in response.context["messages"]] == ["handed over"]
    assert Article.objects.count() == 0
    [(path, outlet)] = queued_calls
    assert path.parent.parent == settings.IMPORT_UPLOAD_DIR and path.name == "tiny.jsonl"
    assert path.read_bytes() == TINY.read_bytes() and outlet == "Fallback"


def test_the_import_job_imports_a_saved_upload_then_deletes_it(tmp_path, django_capture_on_commit_callbacks):
    path = save_upload(SimpleUploadedFile("tiny.jsonl", TINY.read_bytes()), tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        counts = source_jobs.import_file_job.delay(str(path)).get()
    assert counts == {"imported": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    assert current_scores() == 3
    assert not path.exists() and not path.parent.exists()


def test_a_job_is_retried_after_a_database_error(monkeypatch):
    calls = []

    def flaky(article_ids):
        calls.append(article_ids)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return 7

    monkeypatch.setattr(jobs, "score_new_articles", flaky)
    # apply(throw=False) retries in place, as a worker would after the backoff (eagerly queued jobs propagate
    # the error to the caller instead, as the code would without Celery).
    assert jobs.score_new_articles_job.apply(args=[[1, 2]], throw=False).get() == 7
    assert calls == [[1, 2], [1, 2]]


def test_the_rescore_jobs_score_every_article():
    import_paths([TINY])
    assert jobs.score_pending_job.delay().get() == 3
    assert jobs.score_pending_job.delay().get() == 0  # nothing pending any more
    assert jobs.rescore_all_job.delay().get() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
def test_the_corpus_lock_excludes_other_sessions_on_postgresql_and_is_released_on_failure():
    import psycopg

    params = connection.get_connection_params()
    other = psycopg.connect(**{k: v for k, v in params.items() if k in ("host", "port", "user", "password", "dbname")},
                            autocommit=True)

    def free() -> bool:
        got = other.execute("SELECT pg_try_advisory_lock(%s)", [locks.lock_id(locks.CORPUS_KEY)]).fetchone()[0]
        if got:
            other.execute("SELECT pg_advisory_unlock(%s)", [locks.lock_id(locks.CORPUS_KEY)])
        return got

    try:
        with locks.corpus_lock():
            assert not free()
        assert free()
        with pytest.raises(RuntimeError):
            with locks.corpus_lock():
                raise RuntimeError("a failing scoring run")
        assert free()  # released on failure too
    finally:
        other.close()


def test_on_sqlite_a_file_database_is_locked_with_a_file_beside_it(tmp_path, monkeypatch):
    lock_file = tmp_path / "db.sqlite3.scoring-lock"
    monkeypatch.setattr(locks, "sqlite_lock_path", lambda: lock_file)
    if connection.vendor != "sqlite":
        pytest.skip("the file lock is SQLite's")

    def taken_elsewhere() -> bool:
        with lock_file.open("a") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(f, fcntl.LOCK_UN)
            return False

    with locks.corpus_lock():
        assert taken_elsewhere()
    assert not taken_elsewhere()
    # A second run waits for the first.
    order = []
    def second_run():
        with locks.corpus_lock():
            order.append("second")

    with locks.corpus_lock():
        waiter = threading.Thread(target=second_run)
        waiter.start()
        waiter.join(0.3)
        order.append("first done")
    waiter.join(5)
    assert order == ["first done", "second"]


def test_the_sqlite_lock_file_sits_beside_the_database_and_memory_databases_need_none(settings):
    if connection.vendor != "sqlite":
        pytest.skip("the file lock is SQLite's")
    assert locks.sqlite_lock_path() is None  # the test database lives in memory
    saved = connection.settings_dict["NAME"]
    try:
        connection.settings_dict["NAME"] = "/srv/concordance/db.sqlite3"
        assert locks.sqlite_lock_path() == Path("/srv/concordance/db.sqlite3.scoring-lock")
    finally:
        connection.settings_dict["NAME"] = saved


def test_importing_scoring_engine_loads_neither_django_nor_celery():
    import subprocess
    import sys

    code = "import sys, scoring.engine; print(sorted({'django', 'celery'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_admin_upload_says_so_and_is_imported_and_scored_here(admin_client, settings,
                                                                                     tmp_path):
    import socket

    from config import celery_app

    with socket.socket() as probe:  # a port nothing listens on: the broker is down
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}  # before settings change
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.update(broker_url=f"redis://127.0.0.1:{port}/0", task_always_eager=False)
    _forget_connections(celery_app)
    try:
        upload = SimpleUploadedFile("tiny.jsonl", TINY.read_bytes())
        # Not followed: the page after it would read the tables the job is writing (in-memory SQLite's shared
        # cache locks whole tables, where a database file in WAL mode lets readers be).
        response = admin_client.post(reverse("admin:sources_article_import"), {"file": upload})
        assert response.status_code == 302
        [message] = [str(m) for m in get_messages(response.wsgi_request)]
        assert "the job queue is unreachable" in message
        runner.wait_all()  # before reading the job's table (see above)
        job = BackgroundJob.objects.get(kind="import")
    finally:
        celery_app.conf.update(saved)
        _forget_connections(celery_app)
    assert job.status == "done" and job.result == "imported 3, updated 0, rejected 0, unchanged 0"
    assert Article.objects.count() == 3 and current_scores() == 3
    assert not any((tmp_path / "uploads").iterdir())  # imported and deleted, not stranded


def _forget_connections(app) -> None:
    """Make the app look up its broker connections again, so the next job goes to the broker configured now. Not
    closed: kombu keeps pools in a global registry by broker url, and would hand the closed pool out again."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.parametrize("command, args", [("score_articles", []), ("score_articles", ["--pending"]),
                                           ("load_demo", ["--path", str(TINY.parent)])])
def test_scoring_commands_score_under_the_corpus_lock(monkeypatch, command, args):
    from contextlib import contextmanager
    from importlib import import_module

    from django.core.management import call_command

    from scoring import tasks

    held = []

    @contextmanager
    def recording_lock():
        held.append(True)
        yield
        held.append(False)

    def scoring(*a, **k):
        assert held and held[-1], "scored outside the corpus lock"

    module = import_module(f"scoring.management.commands.{command}")
    monkeypatch.setattr(module, "corpus_lock", recording_lock)
    monkeypatch.setattr(tasks, "score_all", scoring)
    monkeypatch.setattr(tasks, "score_pending_articles", scoring)
    call_command(command, *args, stdout=open(os.devnull, "w"))
    assert held == [True, False]
