"""A function mapped over many items in forked worker processes, and results spilled to temporary files.

Knows nothing of news: the pipeline (pipeline.py) decides what runs where and what is spilled. The output of a
map is the same in worker processes as in this one.
"""
from __future__ import annotations

import ctypes
import gc
import itertools
import multiprocessing
import os
import pickle
import signal
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor


def spill(folder: str, kind: str, obj) -> tuple[str, int, int]:
    """Append obj, pickled, to this process's file of this kind in `folder`; returns (file, offset, length)."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    path = os.path.join(folder, f"{os.getpid()}.{kind}")
    with open(path, "ab") as f:
        offset = f.tell()
        f.write(data)
    return path, offset, len(data)


def read_spilled(spilled):
    """The objects written by spill(), one at a time, in the order given."""
    files = {}
    try:
        for path, offset, length in spilled:
            f = files.get(path) or files.setdefault(path, open(path, "rb"))
            f.seek(offset)
            yield pickle.loads(f.read(length))
    finally:
        for f in files.values():
            f.close()


def _run_chunk(fn, chunk: list) -> list:
    return [fn(x) for x in chunk]


GC_YOUNG = 50_000  # allocations between collections of the youngest generation while the engine runs (default 700)


class Workers:
    """imap() over the items, in forked worker processes when that pays, else in this process.

    `items` is what the first step maps over: read ahead `min_items` to decide (fewer, and starting workers costs
    more than it saves), then given again whole as `self.items`. `before_fork` runs once before the workers are
    forked, to load what they should share rather than each load (word lists). Workers run only pure functions.
    Where fork is unavailable, or this process is itself a daemon (a Celery prefork worker may not have
    children), everything runs here; the output is the same either way. A worker that dies
    fails the call (BrokenProcessPool) instead of leaving it waiting.
    """

    AHEAD = 4  # chunks in flight per worker: enough to keep them busy, few enough to keep the input streaming

    def __init__(self, items: Iterable, workers: int | None, min_items: int,
                 before_fork: Callable[[], object] | None = None):
        self.n = workers if workers is not None else (os.cpu_count() or 1)
        self.before_fork = before_fork
        items = iter(items)
        head = list(itertools.islice(items, min_items))
        self.items, self.pool = itertools.chain(head, items), None
        self.parallel = (self.n > 1 and len(head) >= min_items
                         and "fork" in multiprocessing.get_all_start_methods()
                         and not multiprocessing.current_process().daemon)

    def __enter__(self) -> "Workers":
        # The engine makes millions of small tuples (tokens, matches) and frees nearly all of them by reference
        # count, yet each 700 of them set off a collection, and the older generations' collections walk the whole
        # heap. Few of its objects form cycles, so the youngest generation is collected every GC_YOUNG allocations
        # instead; the callers' setting comes back on leaving. Forked workers inherit it.
        self.thresholds = gc.get_threshold()
        gc.set_threshold(max(GC_YOUNG, self.thresholds[0]), *self.thresholds[1:])
        if self.parallel:
            if self.before_fork is not None:
                self.before_fork()
            # Out of the collector's reach until the workers are done: a collection in a worker writes to every
            # object it inherited, which would copy the pages it shares with this process.
            gc.freeze()
            self.pool = ProcessPoolExecutor(self.n, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_worker_started, initargs=(os.getpid(),))
        return self

    def imap(self, fn, items, chunksize: int) -> Iterator:
        """fn over the items, the results in order, each as soon as it and those before it are done. The items are
        read only as workers free up (Executor.map would read them all first, and hold them until done)."""
        if self.pool is None:
            return map(fn, items)
        return self._bounded(fn, iter(items), chunksize)

    def _bounded(self, fn, items: Iterator, chunksize: int) -> Iterator:
        pending: deque = deque()
        while chunk := list(itertools.islice(items, chunksize)):
            pending.append(self.pool.submit(_run_chunk, fn, chunk))
            if len(pending) >= self.AHEAD * self.n:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=exc[0] is not None)
            gc.unfreeze()
        gc.set_threshold(*self.thresholds)


# Handlers a web or job server installs (gunicorn, Celery) that a forked worker must not keep: it inherits them, and
# one that ignores SIGTERM outlives everything sent to stop it.
_DEFAULT_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGTTIN", "SIGTTOU",
                    "SIGWINCH", "SIGALRM")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _worker_started(parent: int) -> None:
    """In each forked worker, first: die with the parent, default signal handling, no inherited socket.

    A worker left behind by a killed parent (a web request killed at its timeout) would otherwise live on with
    the parent's sockets: the client's connection (the browser waits for ever) and the database session, with the
    locks it holds. A worker needs none of them; it talks to the parent through pipes only.
    """
    for name in _DEFAULT_SIGNALS:
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        # The kernel kills this process when the thread that forked it ends, whatever way it ends.
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above: nobody would read the results
        os._exit(1)
    _close_inherited_sockets()


def _close_inherited_sockets() -> None:
    try:
        fds = [int(fd) for fd in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc (not Linux): the parent-death check above is Linux-only too
        return
    for fd in fds:
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            continue  # the descriptor listdir itself used, already closed

