"""Run a Python script or module as __main__, then write its peak memory, and its workers', to a file.

    .venv/bin/python -m tests.bench.peak PEAK.txt manage.py score_articles
    .venv/bin/python -m tests.bench.peak PEAK.txt -m tests.bench.child engine CORPUS OUT

Why not the kernel's ru_maxrss from wait4: Linux carries the parent's high-water mark into a child across
fork and exec, so every child of the (large) benchmark process would report at least the parent's peak.
VmHWM belongs to the process image started by exec, so it is the step's own peak.

The engine forks worker processes for large batches; their largest ru_maxrss (RUSAGE_CHILDREN, read here
after they have exited) is written too. It includes the pages a worker shares with the main process, which
it inherited at the fork, so main + workers x largest worker is an upper bound on the step's memory.
"""
from __future__ import annotations

import resource
import runpy
import sys
from pathlib import Path


def vm_hwm_kib() -> int:
    """Peak resident memory of this process image (VmHWM), in KiB; -1 when /proc does not say."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return -1


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit("usage: python -m tests.bench.peak PEAK.txt (SCRIPT | -m MODULE) [ARGS...]")
    out, target = Path(sys.argv[1]), sys.argv[2:]
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
        out.write_text(f"{vm_hwm_kib()} {workers}", encoding="utf-8")


if __name__ == "__main__":
    main()
