"""The admin's upload and Rescore under gunicorn as the README runs it (sync workers, a timeout): the request answers
at once, a background job imports and scores the corpus beyond the worker's timeout, and nothing is left behind
(no engine process, no job running). A real gunicorn on 127.0.0.1, on a database of its own (PostgreSQL when the
suite runs on it)."""
from __future__ import annotations

import json
import re
import secrets

import requests

from tests.bench.load import gunicorn
from tests.conftest import ROOT
from tests.jobs.conftest import base_env, manage, wait_for

DEMO = ROOT / "sources" / "demo" / "articles.jsonl"
COPIES = 6  # 59 x 6 = 354 articles: enough for the engine to fork its worker processes


def corpus() -> bytes:
    rows = []
    for copy in range(COPIES):
        for line in DEMO.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            record.update(id=f"{record['id']}-{copy}", url=f"https://copies.example/{copy}/{record['id']}",
                          text=record["text"] + f"\n\n(Copy {copy}.)")
            rows.append(json.dumps(record))
    return ("\n".join(rows) + "\n").encode()


def descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        try:
            children = open(f"/proc/{parent}/task/{parent}/children").read().split()
        except OSError:
            continue
        found += [int(c) for c in children]
        frontier += [int(c) for c in children]
    return found


def test_an_upload_and_a_rescore_answer_at_once_and_run_as_background_jobs_under_gunicorn(worker_db, tmp_path):
    password = secrets.token_urlsafe(16)
    env = base_env(worker_db.url, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1",
                   SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0",
                   SECURE_HSTS_SECONDS="0", IMPORT_UPLOAD_DIR=str(tmp_path / "uploads"),
                   STATIC_ROOT=str(tmp_path / "static"), DJANGO_SUPERUSER_USERNAME="boss",
                   DJANGO_SUPERUSER_PASSWORD=password)
    manage("collectstatic", "--noinput", env=env)  # DEBUG off serves the hashed static files
    manage("ensure_admin", env=env)
    # A timeout far below the time the work takes: a request that did the work itself would be killed.
    with gunicorn(env, tmp_path / "gunicorn.log", "--workers", "1", "--timeout", "5", "--graceful-timeout", "120",
                  stop_seconds=150) as (port, server):
        base = f"http://127.0.0.1:{port}"
        session = requests.Session()

        def csrf(path):
            page = session.get(base + path, timeout=30)
            assert page.status_code == 200, path
            return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

        login = session.post(base + "/admin/login/", data={"username": "boss", "password": password,
                                                           "csrfmiddlewaretoken": csrf("/admin/login/")},
                             allow_redirects=False, timeout=30)
        assert login.status_code == 302
        answer = session.post(base + "/admin/sources/article/import/",
                              data={"csrfmiddlewaretoken": csrf("/admin/sources/article/import/")},
                              files={"file": ("copies.jsonl", corpus())}, allow_redirects=False, timeout=30)
        assert answer.status_code == 302

        def unfinished():
            return worker_db.value("SELECT count(*) FROM sources_backgroundjob WHERE status IN ('queued', 'running')")

        wait_for(lambda: unfinished() == 0, 300, "the import job to finish")
        assert worker_db.value("SELECT count(*) FROM sources_article") == 59 * COPIES
        assert worker_db.value("SELECT count(*) FROM scoring_articlescore") == 59 * COPIES
        first = worker_db.value("SELECT min(id) FROM sources_article")
        answer = session.post(base + "/admin/sources/article/", data={
            "csrfmiddlewaretoken": csrf("/admin/sources/article/"), "action": "rescore", "_selected_action": first},
            allow_redirects=False, timeout=30)
        assert answer.status_code == 302
        wait_for(lambda: unfinished() == 0, 300, "the rescore job to finish")
        jobs = worker_db.rows("SELECT kind, status, result FROM sources_backgroundjob ORDER BY id")
        assert [(kind, status) for kind, status, _ in jobs] == [("import", "done"), ("rescore", "done")], jobs
        # The selected article's stories, not the corpus: at least its own story, never every article.
        rescored = int(jobs[1][2].split()[1])
        story_size = worker_db.value("SELECT count(*) FROM sources_article WHERE story_id = "
                                     f"(SELECT story_id FROM sources_article WHERE id = {first})")
        assert story_size <= rescored < 59 * COPIES, jobs[1][2]
        # Nothing left behind: the gunicorn worker has no engine process under it.
        wait_for(lambda: len(descendants(server.pid)) == 1, 30, "only the gunicorn worker to remain")
        log = (tmp_path / "gunicorn.log").read_text()
        assert "WORKER TIMEOUT" not in log and "Traceback" not in log, log[-2000:]
