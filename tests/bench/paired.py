"""Paired engine runs of source trees (two commits), alternated in one session.

On a machine shared with other work this is the only fair comparison of two commits: each figure alone moves with
the load.

    git -C . worktree add /tmp/base BASE_COMMIT     # or: mkdir /tmp/base && git archive BASE | tar -x -C /tmp/base
    ln -s "$PWD/.venv" /tmp/base/.venv
    python3 -m tests.bench.paired --rounds 3 CORPUS.jsonl /tmp/base .

Each run is `nice -n 5 .venv/bin/python -m tests.bench.child engine CORPUS OUT` in that tree (a fresh process, two
workers on two cores, as `make bench` runs it); round r runs the trees in order, the next round in reverse. Printed
per run: the engine seconds the child measured, its wall time, and the user and system CPU seconds of the child and
the workers it forked (from wait4, which counts the children a process waited for).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path


def run_once(tree: Path, corpus: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="concordance-paired-") as folder:
        out = Path(folder) / "engine.json"
        started = time.perf_counter()
        proc = subprocess.Popen(["nice", "-n", "5", ".venv/bin/python", "-m", "tests.bench.child", "engine",
                                 str(corpus), str(out)], cwd=tree)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if status != 0:
            raise SystemExit(f"{tree}: the engine child failed (status {status})")
        data = json.loads(out.read_text(encoding="utf-8"))
    return {"engine_s": data["engine_s"], "wall_s": wall, "user_s": usage.ru_utime, "sys_s": usage.ru_stime,
            "stories": data["stories"], "findings": data["findings"], "load": os.getloadavg()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="an import-format JSONL corpus (see tests/bench/corpus.py)")
    parser.add_argument("trees", type=Path, nargs="+", help="source trees, each with its .venv")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("round | tree | engine s | wall s | user s | sys s | stories | findings | load (1 min)")
    for r in range(args.rounds):
        for tree in args.trees if r % 2 == 0 else args.trees[::-1]:
            x = run_once(tree.resolve(), args.corpus.resolve())
            print(f"{r} | {tree} | {x['engine_s']:.1f} | {x['wall_s']:.1f} | {x['user_s']:.1f} | {x['sys_s']:.1f} | "
                  f"{x['stories']} | {x['findings']} | {x['load']:.1f}", flush=True)


if __name__ == "__main__":
    main()
