"""Locks that make scoring safe when several workers score at once: no lost update, no story scored twice at once.

A scoring run reads articles, computes for a while, then saves; two runs over one story must not interleave,
or the later save would rest on what the other run had not yet written. So the lock spans the whole run
(read, compute, save), while the save itself goes in its own short `transaction.atomic()` (tasks.save_results),
so a reader never sees half a result and a killed worker leaves none:

    with story_locks(keys):          # keys: Story.key values, or any string such as "outlet:7"
        result = engine(...)
        save(result)                 # @transaction.atomic

- PostgreSQL: session advisory locks on a hash of each key. Advisory rather than `select_for_update` on Story
  rows, because a story two new articles are about to start has no row to lock yet; and not inside one
  transaction, so the computing holds no transaction open. Every holder first takes the corpus key (shared
  for story locks, exclusive for `corpus_lock`), then its story keys in one sorted order, so two workers never
  wait for each other in a cycle. A worker that dies loses its connection, and PostgreSQL frees its locks.
- SQLite: one database, one machine: a file lock (flock) beside the database file serialises every run, and
  the kernel frees it when the process dies. An in-memory database (the test suite) is seen by one process
  only and needs none. (Its writers are serialised anyway: settings open transactions with BEGIN IMMEDIATE.)

Take every lock a run needs in one call, and do not nest the helpers: a second call inside the first would
take locks out of order (and, on SQLite, wait for itself).
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection

CORPUS_KEY = "corpus"

logger = logging.getLogger(__name__)


@contextmanager
def story_locks(keys: Iterable[str]) -> Iterator[None]:
    """Hold these keys exclusively (and the corpus shared) for the block: one run per story at a time."""
    with _held(exclusive=keys, shared=[CORPUS_KEY]):
        yield


@contextmanager
def corpus_lock() -> Iterator[None]:
    """Hold the whole corpus exclusively for the block: for runs that rewrite every story and outlet score."""
    with _held(exclusive=[CORPUS_KEY], shared=[]):
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
def _held(exclusive: Iterable[str], shared: Iterable[str]) -> Iterator[None]:
    if connection.vendor == "sqlite":
        with _file_lock(sqlite_lock_path()):
            yield
    elif connection.vendor == "postgresql":
        with _advisory_locks(exclusive, shared):
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
def _advisory_locks(exclusive: Iterable[str], shared: Iterable[str]) -> Iterator[None]:
    shared_ids = sorted({lock_id(k) for k in shared})
    exclusive_ids = sorted({lock_id(k) for k in exclusive} - set(shared_ids))
    taken: list[tuple[str, int]] = []  # (unlock function, lock id), to release in reverse order
    try:
        with connection.cursor() as cursor:
            for number in shared_ids:  # the corpus first: see the module docstring
                cursor.execute("SELECT pg_advisory_lock_shared(%s)", [number])
                taken.append(("pg_advisory_unlock_shared", number))
            for number in exclusive_ids:
                cursor.execute("SELECT pg_advisory_lock(%s)", [number])
                taken.append(("pg_advisory_unlock", number))
        yield
    finally:
        _release(taken)


def _release(taken: list[tuple[str, int]]) -> None:
    try:
        with connection.cursor() as cursor:
            for unlock, number in reversed(taken):
                cursor.execute(f"SELECT {unlock}(%s)", [number])
    except DatabaseError:
        # The connection is unusable (an aborted transaction around us, a dropped link): closing it is the
        # one sure way to free its session locks, which would otherwise block every other worker.
        logger.warning("could not release scoring locks; closing the database connection to free them")
        connection.close()
