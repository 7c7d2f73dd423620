"""Real services for the worker tests: Redis on 127.0.0.1:6379 (database 15), a database a worker process
can see, and worker processes started (and always stopped) by the test.

pytest-django's test database cannot serve here: on SQLite it lives in this process's memory. Each worker test
gets its own database instead, migrated by `manage.py migrate` in a subprocess: a SQLite file, or, when the suite
runs on PostgreSQL (DATABASE_URL), a fresh PostgreSQL database beside the suite's. The test reads it with plain SQL.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import ROOT

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own for tests


def wait_for(predicate, timeout: float, what: str, interval: float = 0.2):
    """Poll until predicate() is truthy; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout:g} s waiting for {what}")


class Broker:
    """Redis database 15 under a key prefix of this test's own, so test runs side by side never meet.

    Only keys under the prefix are deleted afterwards: flushing the database would pull the jobs out from under
    another run (another engineer's suite, in the same checkout)."""

    def __init__(self, client, prefix: str):
        self.client = client
        self.prefix = prefix

    def queued(self, queue: str = "celery") -> int:
        """Jobs waiting in the queue (Celery's default queue is a Redis list of that name)."""
        return self.client.llen(self.prefix + queue)

    def unacknowledged(self) -> int:
        """Jobs handed to a worker and not yet acknowledged."""
        return self.client.hlen(self.prefix + "unacked")

    def first_queued(self, queue: str = "celery") -> bytes:
        return self.client.lindex(self.prefix + queue, 0)

    def env(self) -> dict:
        return {"CELERY_BROKER_URL": REDIS_URL, "CELERY_KEY_PREFIX": self.prefix}

    def clear(self) -> None:
        for key in self.client.scan_iter(match=self.prefix + "*"):
            self.client.delete(key)


@pytest.fixture
def broker():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as e:
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS_URL} is not reachable ({e}), and CI requires it")
        pytest.skip(f"Redis at {REDIS_URL} is not reachable ({e}); the worker tests need it")
    broker = Broker(client, f"concordance-test-{uuid.uuid4().hex[:12]}:")
    yield broker
    broker.clear()
    client.close()


class WorkerDatabase:
    """A migrated database for worker processes: its DATABASE_URL, plain SQL queries, and its lock file."""

    def __init__(self, url: str, sqlite_path: Path | None = None):
        self.url = url
        self.sqlite_path = sqlite_path

    @property
    def is_postgresql(self) -> bool:
        return self.sqlite_path is None

    def connect(self):
        if self.is_postgresql:
            import psycopg

            return psycopg.connect(self.url, autocommit=True)
        return sqlite3.connect(self.sqlite_path, timeout=30, isolation_level=None)

    def rows(self, sql: str) -> list[tuple]:
        connection = self.connect()
        try:
            return [tuple(row) for row in connection.execute(sql).fetchall()]
        finally:
            connection.close()

    def value(self, sql: str):
        return self.rows(sql)[0][0]


def manage(*args: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run manage.py in a subprocess; fail with its output when it fails."""
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)
    if done.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def base_env(database_url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "PYTEST_"))}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings", LOG_LEVEL="INFO", **extra)
    return env


@pytest.fixture
def worker_db(tmp_path):
    suite_url = os.environ.get("DATABASE_URL", "")
    if suite_url.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = f"concordance_jobs_{uuid.uuid4().hex[:12]}"
        parts = urlsplit(suite_url)
        url = urlunsplit(parts._replace(path=f"/{name}"))
        with psycopg.connect(suite_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        database = WorkerDatabase(url)
    else:
        path = tmp_path / "worker.sqlite3"
        database = WorkerDatabase(f"sqlite:///{path}", sqlite_path=path)
    try:
        manage("migrate", "--noinput", "-v", "0", env=base_env(database.url))
        yield database
    finally:
        if database.is_postgresql:
            with psycopg.connect(suite_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Workers:
    """Start `celery -A config worker --pool=solo -c 1` processes (or another pool); every one still running is
    stopped at teardown."""

    def __init__(self, env: dict, folder: Path):
        self.env = env
        self.folder = folder
        self.processes: list[tuple[subprocess.Popen, Path]] = []

    def start(self, pool: str = "solo", as_documented: bool = False, **extra_env: str) -> tuple[subprocess.Popen, Path]:
        """as_documented: the command docs/WORKERS.md gives (gossip, mingle and heartbeat on), not the lean one."""
        log = self.folder / f"worker-{len(self.processes) + 1}.log"
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}", "-c", "1",
                   "--loglevel=INFO", "-n", f"jobs-test-{len(self.processes) + 1}-{os.getpid()}@%h"]
        if not as_documented:
            command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        with log.open("w") as out:
            process = subprocess.Popen(command, cwd=ROOT, env={**self.env, **extra_env}, stdout=out,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append((process, log))
        wait_for(lambda: "ready." in log.read_text() or process.poll() is not None, 60, f"worker ready ({log})")
        if process.poll() is not None:
            pytest.fail(f"the worker exited at start:\n{log.read_text()}")
        return process, log

    def stop_all(self) -> None:
        for process, _ in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # warm shutdown: finish the job at hand, then exit
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.fixture
def workers(worker_db, broker, tmp_path):
    pool = Workers(base_env(worker_db.url, **broker.env()), tmp_path)
    yield pool
    pool.stop_all()


class OwnRedis:
    """A redis-server of the test's own on a free port of 127.0.0.1, which the test may stop and start again (the
    shared Redis cannot be stopped under other test runs). No persistence: a restart starts empty, as a Redis
    that lost its data would."""

    def __init__(self, folder: Path):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.folder = folder
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        wait_for(lambda: _pings(client), 20, f"redis-server on port {self.port}")
        client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # as `systemctl stop redis`
            self.process.wait()
        self.process = None


def _pings(client) -> bool:
    import redis

    try:
        return client.ping()
    except redis.RedisError:
        return False


@pytest.fixture
def own_redis(tmp_path):
    import shutil

    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed, and CI requires it")
        pytest.skip("redis-server is not installed; the broker-loss test starts one of its own")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()
