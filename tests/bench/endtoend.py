"""End to end through the product's own commands, and dashboard server time, each step in a fresh process.

`end_to_end` runs `manage.py migrate`, `manage.py import_articles` and `manage.py score_articles` against a
fresh database (a temporary SQLite file, or a PostgreSQL database created for the run and dropped after).
The import runs with CELERY_BROKER_URL=memory://, so the scoring job it queues goes to an in-process broker
with no worker, as on a deployment with workers where the import returns at once; `score_articles` then
scores every article as the worker would. (Eagerly, `import_articles` would score inside the import, and the
two costs could not be told apart.)

    .venv/bin/python -m tests.bench.endtoend dashboard OUT.json   # with DATABASE_URL etc. set: see environment()
"""
from __future__ import annotations

import json
import os
import re
import secrets
import statistics
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from tests.bench.child import PYTHON, ChildRun, run_child

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
DASHBOARD_REPEATS = 5


@dataclass
class Step:
    """One timed command of an end-to-end run."""

    name: str
    command: str  # as a reader would type it
    run: ChildRun
    summary: str = ""  # the command's own one-line summary


def environment(database_url: str, **extra: str) -> dict:
    """The environment of a step: this database, DEBUG off as in production, no inherited Django/Celery settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(DATABASE_URL=database_url, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), LOG_LEVEL="ERROR",
               ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0",
               CSRF_COOKIE_SECURE="0", SECURE_HSTS_SECONDS="0", **extra)
    return env


def _remaining(deadline: float | None) -> float | None:
    return None if deadline is None else max(1.0, deadline - time.monotonic())


def end_to_end(database_url: str, corpus: Path, deadline: float | None = None) -> list[Step]:
    """Migrate, import and score `corpus` into an empty database; stops at the first failed step."""
    env = environment(database_url)
    plan = [  # (name, arguments of manage.py, environment, the command as the document shows it)
        ("migrate", ["migrate", "--noinput"], env, "manage.py migrate --noinput"),
        ("import_articles", ["import_articles", str(corpus)], {**env, "CELERY_BROKER_URL": "memory://"},
         "CELERY_BROKER_URL=memory:// manage.py import_articles articles.jsonl"),
        ("score_articles", ["score_articles"], env, "manage.py score_articles"),
    ]
    steps = []
    for name, args, step_env, shown in plan:
        run = run_child([PYTHON, "manage.py", *args], step_env, _remaining(deadline))
        summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
        steps.append(Step(name, shown, run, summary))
        if not run.ok:
            break
    return steps


def arrival(database_url: str, arriving: Path, deadline: float | None = None) -> Step:
    """The everyday case: new articles imported into the stored, scored database of `end_to_end`, scored as they
    arrive. Celery runs eagerly here (no broker), so the import's own process scores the stories the newcomers
    join (the stored articles they link to and those stories' other articles) and recomputes the outlet scores,
    as a worker would: the step's time is what a newsroom waits for."""
    run = run_child([PYTHON, "manage.py", "import_articles", str(arriving)], environment(database_url),
                    _remaining(deadline))
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    return Step("arrival", "manage.py import_articles arriving.jsonl", run, summary)


def imported_count(steps: list[Step]) -> int | None:
    """How many articles the import step says it imported (None when it did not run)."""
    for s in steps:
        m = re.match(r"imported (\d+)", s.summary) if s.name == "import_articles" else None
        if m:
            return int(m.group(1))
    return None


def postgres_problem(server: str = POSTGRES_SERVER) -> str:
    """'' when the PostgreSQL server accepts a connection, else why not."""
    import psycopg

    try:
        psycopg.connect(f"{server}/postgres", connect_timeout=3).close()
        return ""
    except psycopg.Error as e:
        return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


@contextmanager
def postgres_database(server: str = POSTGRES_SERVER) -> Iterator[str]:
    """A fresh, empty database for one run (its URL), dropped afterwards whatever happens."""
    import psycopg
    from psycopg import sql

    name = f"concordance_bench_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def dashboard(database_url: str, static_root: Path, deadline: float | None = None) -> tuple[ChildRun, dict | None]:
    """Collect static files (DEBUG off needs the manifest), then time every dashboard page in a fresh process."""
    env = environment(database_url, STATIC_ROOT=str(static_root))
    collect = run_child([PYTHON, "manage.py", "collectstatic", "--noinput"], env, _remaining(deadline))
    if not collect.ok:
        return collect, None
    out = static_root.parent / "dashboard.json"
    run = run_child([PYTHON, "-m", "tests.bench.endtoend", "dashboard", str(out)], env, _remaining(deadline))
    return run, (json.loads(out.read_text(encoding="utf-8")) if run.ok else None)


def _dashboard_pages() -> list[tuple[str, str]]:
    """(label, path) of every dashboard page; the detail pages show the largest outlet, story and article."""
    from django.db.models import Count

    from scoring.models import ArticleScore
    from sources.models import Outlet, Story

    outlet = Outlet.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()
    story = Story.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()
    score = ArticleScore.objects.current().annotate(n=Count("findings")).order_by("-n", "pk").first()
    if not (outlet and story and score):
        raise RuntimeError("the database has no scored articles: run the end-to-end steps first")
    return [("overview", "/"), ("outlet list", "/outlets/"),
            (f"outlet ({outlet.n} articles)", f"/outlets/{outlet.slug}/"), ("story list", "/stories/"),
            (f"story ({story.n} articles)", f"/stories/{story.pk}/"),
            (f"article ({score.n} findings)", f"/articles/{score.article_id}/"),
            # A word of most news reports: the search's worst case, many matches to rank and cut to its limit.
            ("search for 'said'", "/search/?q=said")]


def measure_dashboard(repeats: int = DASHBOARD_REPEATS) -> dict:
    """Server time of each page through the Django test client: one warm-up, the median of `repeats`, queries."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sources.models import Article

    user = get_user_model().objects.create_superuser("bench-" + secrets.token_hex(4), password=None)
    client = Client()
    client.force_login(user)
    pages = []
    for label, path in _dashboard_pages():
        response = client.get(path)  # warm-up: first-use caches (templates, word lists) are not the page's cost
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:  # counted apart: capturing has a cost of its own
            client.get(path)
        pages.append({"page": label, "path": path, "median_ms": statistics.median(times) * 1000,
                      "max_ms": max(times) * 1000, "queries": len(queries), "bytes": len(response.content)})
    return {"articles": Article.objects.count(), "repeats": repeats, "pages": pages}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "dashboard":
        print("usage: python -m tests.bench.endtoend dashboard OUT.json", file=sys.stderr)
        return 2
    Path(argv[1]).write_text(json.dumps(measure_dashboard()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
