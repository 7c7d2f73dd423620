"""The engine's worker processes never outlive the process that forked them, stop on SIGTERM whatever handlers
their parent had, and hold none of its sockets (a client's connection, a database session). No database."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signals are Linux's")

# A parent as a web or job server would be: it ignores SIGTERM and holds a socket, then maps a slow function
# over enough items for the engine to fork its workers, and says when they are running.
PARENT = textwrap.dedent("""
    import signal, socket, sys, time
    from scoring.engine.pipeline import PARALLEL_MIN_ARTICLES
    from scoring.engine.runner import Workers

    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    held = socket.create_server(("127.0.0.1", 0))
    with Workers([0.2] * (PARALLEL_MIN_ARTICLES * 50), 2, PARALLEL_MIN_ARTICLES) as pool:
        for n, _ in enumerate(pool.imap(time.sleep, pool.items, chunksize=1)):
            if n == 0:
                print("running", flush=True)
""")


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.fixture
def parent():
    process = subprocess.Popen([sys.executable, "-c", PARENT], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        assert process.stdout.readline().strip() == "running"
        # The pool's workers, not its manager thread: processes whose parent is this one.
        assert wait_until(lambda: len(children(process.pid)) == 2)
        yield process
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group, whatever the test found
        except ProcessLookupError:
            pass
        process.wait()


def test_the_engine_workers_die_with_their_parent(parent):
    workers = children(parent.pid)
    os.kill(parent.pid, signal.SIGKILL)  # as gunicorn kills a worker at its timeout
    parent.wait()
    assert wait_until(lambda: not any(alive(pid) for pid in workers)), "orphaned engine workers survived"


def test_the_engine_workers_stop_on_sigterm_and_hold_no_socket_of_their_parent(parent):
    workers = children(parent.pid)
    sockets = [os.readlink(f"/proc/{parent.pid}/fd/{fd}") for fd in os.listdir(f"/proc/{parent.pid}/fd")]
    assert any(link.startswith("socket:") for link in sockets)  # the parent's listening socket
    for pid in workers:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        assert not [link for link in links if link.startswith("socket:")]
    os.kill(workers[0], signal.SIGTERM)  # the parent ignores SIGTERM; its worker must not
    assert wait_until(lambda: not alive(workers[0]))
