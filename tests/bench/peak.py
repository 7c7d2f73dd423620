"""Run a Python script or module as __main__, then write its peak memory, and its workers', to a file.

    .venv/bin/python -m tests.bench.peak PEAK.txt manage.py score_articles
    .venv/bin/python -m tests.bench.peak PEAK.txt -m tests.bench.child engine CORPUS OUT

Why not the kernel's ru_maxrss from wait4: Linux carries the parent's high-water mark into a child across
fork and exec, so every child of the (large) benchmark process would report at least the parent's peak.
VmHWM belongs to the process image started by exec, so it is the step's own peak.

The engine forks worker processes for large batches; their largest ru_maxrss (RUSAGE_CHILDREN, read here
after they have exited) is written too. It includes the pages a worker shares with the main process, which
it inherited at the fork, so main + workers x largest worker is an upper bound on the step's memory.

What the step really held at once is the proportional set size (PSS) of the process and its children summed:
a page shared by k processes counts 1/k in each, so shared pages count once in the sum. A thread samples it every
SAMPLE_SECONDS (from /proc/PID/smaps_rollup) and the highest sum is written third; a peak shorter than the
interval can be missed, so it is a lower bound, beside the upper bound above.
"""
from __future__ import annotations

import os
import resource
import runpy
import sys
import threading
from pathlib import Path

SAMPLE_SECONDS = 0.25


def vm_hwm_kib() -> int:
    """Peak resident memory of this process image (VmHWM), in KiB; -1 when /proc does not say."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return -1


def _pss_kib(pid: int | str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:  # a child that has just exited, or no /proc
        pass
    return 0


def _children(pid: int) -> list[str]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += task.read_text().split()
        except OSError:
            pass
    return found


class TreePss:
    """The highest PSS of this process plus its children, sampled in a daemon thread until stop()."""

    def __init__(self):
        self.peak_kib, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(SAMPLE_SECONDS):
            total = _pss_kib(me) + sum(_pss_kib(child) for child in _children(me))
            self.peak_kib = max(self.peak_kib, total)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kib or -1


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit("usage: python -m tests.bench.peak PEAK.txt (SCRIPT | -m MODULE) [ARGS...]")
    out, target = Path(sys.argv[1]), sys.argv[2:]
    tree = TreePss()
    try:
        if target[0] == "-m" and len(target) > 1:
            sys.argv = [target[1], *target[2:]]
            runpy.run_module(target[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = list(target)
            sys.path[0] = str(Path(target[0]).resolve().parent)  # as `python SCRIPT` would set it
            runpy.run_path(target[0], run_name="__main__")
    finally:  # also on SystemExit (a command's exit code) and errors: the peak so far is still the peak
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux; 0 without children
        out.write_text(f"{vm_hwm_kib()} {workers} {tree.stop()}", encoding="utf-8")


if __name__ == "__main__":
    main()
