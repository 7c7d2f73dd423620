"""A worker busy with a job when Redis goes away survives: it finishes the job, reconnects when Redis is back, and
runs the next job. Real Redis (the test's own, stopped and started again) and a real worker started as
docs/WORKERS.md says (gossip, mingle and heartbeat on), in the prefork pool and the solo pool."""
from __future__ import annotations

import json

from scoring.engine import ENGINE_VERSION
from tests.jobs.conftest import base_env, manage, wait_for
from tests.jobs.test_worker import _hold_scoring_lock, _worker_waits_for_the_lock


def scored(db) -> int:
    return db.value(f"SELECT count(*) FROM scoring_articlescore WHERE engine_version = '{ENGINE_VERSION}'")


def write_batch(path, first: int, count: int):
    with path.open("w") as f:
        for n in range(first, first + count):
            f.write(json.dumps({"id": f"a{n}", "outlet": f"Outlet {n % 2}",
                                "text": f"Article {n}: the council approved bridge number {n} on Monday."}) + "\n")
    return path


import time

import pytest


@pytest.mark.parametrize("pool", ["prefork", "solo"])
def test_a_busy_worker_survives_the_loss_of_redis_and_runs_the_next_job(worker_db, own_redis, tmp_path, pool):
    from tests.jobs.conftest import Workers

    env = base_env(worker_db.url, CELERY_BROKER_URL=own_redis.url)
    workers = Workers(env, tmp_path)
    try:
        manage("import_articles", str(write_batch(tmp_path / "first.jsonl", 0, 4)), env=env)
        release = _hold_scoring_lock(worker_db)
        try:
            worker, log = workers.start(pool=pool, as_documented=True)
            wait_for(lambda: _worker_waits_for_the_lock(worker_db), 60, "the job to be running (waiting for the lock)")
            own_redis.stop()  # while the job runs
            time.sleep(5)
            own_redis.start()
            if pool == "prefork":  # (the solo pool runs the job in the thread that would reconnect)
                wait_for(lambda: log.read_text().count("Connected to redis") >= 2 or worker.poll() is not None, 60,
                         "the worker to reconnect while its job still runs")
        finally:
            release()
        wait_for(lambda: scored(worker_db) == 4, 60, "the running job to finish")
        manage("import_articles", str(write_batch(tmp_path / "second.jsonl", 4, 4)), env=env)
        wait_for(lambda: scored(worker_db) == 8 or worker.poll() is not None, 120,
                 "the worker to run the next job once Redis is back")
        assert worker.poll() is None, f"the worker exited:\n{log.read_text()[-3000:]}"
        assert scored(worker_db) == 8
        assert "Unrecoverable error" not in log.read_text()
    finally:
        workers.stop_all()
