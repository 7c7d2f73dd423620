"""The corpus lock: one scoring run at a time, so no run saves over another's work.

A scoring run reads articles, computes for a while, then saves, and ends by recomputing every outlet score from
every stored article score; two runs that interleave would rest on what the other had not yet written. So the lock
spans the whole run (read, compute, save), while the save itself goes in its own short `transaction.atomic()`
(tasks.save_results), so a reader never sees half a result and a killed worker leaves none:

    with corpus_lock():
        result = engine(...)
        save(result)                 # @transaction.atomic

- PostgreSQL: a session advisory lock on a hash of the corpus key. Advisory rather than `select_for_update`,
  because a run may start stories that have no row to lock yet; and not inside one transaction, so the computing
  holds no transaction open. A worker that dies loses its connection, and PostgreSQL frees its lock.
- SQLite: one database, one machine: a file lock (flock) beside the database file serialises every run, and
  the kernel frees it when the process dies. An in-memory database (the test suite) is seen by one process
  only and needs none. (Its writers are serialised anyway: settings open transactions with BEGIN IMMEDIATE.)

Do not nest it: on SQLite a second call inside the first waits for itself.
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection

CORPUS_KEY = "corpus"

logger = logging.getLogger(__name__)


@contextmanager
def corpus_lock() -> Iterator[None]:
    """Hold the whole corpus exclusively for the block: every scoring run takes it."""
    with _held(CORPUS_KEY):
        yield


def lock_id(key: str) -> int:
    """The signed 64-bit PostgreSQL advisory lock number of a key (namespaced, so other apps' locks differ)."""
    digest = hashlib.blake2b(f"concordance:{key}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def sqlite_lock_path() -> Path | None:
    """The lock file beside the SQLite database file; None for an in-memory database."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(name).with_name(Path(name).name + ".scoring-lock")


@contextmanager
def _held(key: str) -> Iterator[None]:
    if connection.vendor == "sqlite":
        with _file_lock(sqlite_lock_path()):
            yield
    elif connection.vendor == "postgresql":
        with _advisory_lock(key):
            yield
    else:
        raise ImproperlyConfigured(f"scoring locks support SQLite and PostgreSQL, not {connection.vendor}")


@contextmanager
def _file_lock(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    with path.open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # freed on close, or by the kernel when the process dies
        yield


@contextmanager
def _advisory_lock(key: str) -> Iterator[None]:
    number, taken = lock_id(key), False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [number])
            taken = True
        yield
    finally:
        if taken:
            _release(number)


def _release(number: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [number])
    except DatabaseError:
        # The connection is unusable (an aborted transaction around us, a dropped link): closing it is the
        # one sure way to free its session locks, which would otherwise block every other worker.
        logger.warning("could not release the scoring lock; closing the database connection to free it")
        connection.close()
