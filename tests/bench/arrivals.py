"""The everyday case alone, paired: 1,000 articles arriving into a stored, scored corpus on PostgreSQL, for two source
trees in one session (each figure alone moves with the machine's load; see paired.py).

    python3 -m tests.bench.arrivals build 10000 TREE DBNAME        # corpora + a scored database, by TREE's code
    python3 -m tests.bench.arrivals measure ARRIVING.jsonl --rounds 2 TREE:DBNAME [TREE:DBNAME ...]
    python3 -m tests.bench.arrivals drop DBNAME [...]

`build` writes the benchmark corpora of that size with their arrivals (tests/bench/corpus.py, under
/tmp/concordance-arrivals/N) and runs `end_to_end` (migrate, import, score) into a new database DBNAME, with the
tree's code: a tree that stores what arrivals need at scoring time has it stored, as a deployment would. `measure`
clones each database (CREATE DATABASE ... TEMPLATE, so every run starts from the same scored corpus) and times
`manage.py import_articles ARRIVING` in that tree with Celery eager (`endtoend.arrival`: import, linking, rescoring of
the touched stories, outlet scores); round r runs the trees in order, the next round in reverse.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.endtoend import POSTGRES_SERVER, environment

FOLDER = Path("/tmp/concordance-arrivals")


def _admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(statement)


def _run(tree: Path, args: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    proc = subprocess.run(["nice", "-n", "10", str(tree / ".venv/bin/python"), *args], cwd=tree, env=env,
                          capture_output=True, text=True)
    return time.perf_counter() - started, proc


def _cpu_seconds() -> float:
    """User and system CPU seconds of the children this process has waited for (a step and its workers): on a
    shared machine the wall time moves with the load, the CPU much less."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(n: int, tree: Path, name: str) -> None:
    from tests.bench.corpus import write_corpora

    folder = FOLDER / str(n)
    if not (folder / str(n) / "arriving" / "articles.jsonl").exists():
        write_corpora([n], folder, arrivals_from=n)
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    env = environment(f"{POSTGRES_SERVER}/{name}")
    for args, extra in ((["migrate", "--noinput"], {}),
                        (["import_articles", str(folder / str(n) / "articles.jsonl")],
                         {"CELERY_BROKER_URL": "memory://"}),
                        (["score_articles"], {})):
        seconds, proc = _run(tree, ["manage.py", *args], {**env, **extra})
        print(f"{args[0]}: {seconds:.1f} s, exit {proc.returncode}: {proc.stdout.strip()[-200:]}", flush=True)
        if proc.returncode:
            raise SystemExit(proc.stderr[-3000:])
    print(f"arrivals: {folder / str(n) / 'arriving' / 'articles.jsonl'}")


def measure(arriving: Path, pairs: list[str], rounds: int) -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    print("round | tree | database | arrival s | CPU s | peak MB | load (1 min) | summary")
    for r in range(rounds):
        for pair in pairs if r % 2 == 0 else pairs[::-1]:
            tree, name = pair.rsplit(":", 1)
            clone = f"{name}_arrival"
            _admin(f'DROP DATABASE IF EXISTS "{clone}" WITH (FORCE)')
            _admin(f'CREATE DATABASE "{clone}" TEMPLATE "{name}"')
            peak = FOLDER / f"{clone}.peak"
            peak.unlink(missing_ok=True)
            cpu = _cpu_seconds()
            try:  # tests.bench.peak writes the process's own peak (VmHWM) first, in KiB
                seconds, proc = _run(Path(tree).resolve(), ["-m", "tests.bench.peak", str(peak), "manage.py",
                                                            "import_articles", str(arriving.resolve())],
                                     environment(f"{POSTGRES_SERVER}/{clone}"))
            finally:
                _admin(f'DROP DATABASE IF EXISTS "{clone}" WITH (FORCE)')
            if proc.returncode:
                raise SystemExit(proc.stderr[-3000:])
            cpu = _cpu_seconds() - cpu
            summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
            peak_mb = int(peak.read_text().split()[0]) / 1024
            print(f"{r} | {tree} | {name} | {seconds:.1f} | {cpu:.1f} | {peak_mb:.0f} | {os.getloadavg()[0]:.1f} | "
                  f"{summary}", flush=True)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("size", type=int)
    b.add_argument("tree", type=Path)
    b.add_argument("database")
    m = sub.add_parser("measure")
    m.add_argument("arriving", type=Path)
    m.add_argument("pairs", nargs="+", help="TREE:DATABASE, a source tree (with its .venv) and a database built by it")
    m.add_argument("--rounds", type=int, default=1)
    d = sub.add_parser("drop")
    d.add_argument("databases", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "build":
        build(args.size, args.tree.resolve(), args.database)
    elif args.command == "measure":
        measure(args.arriving, args.pairs, args.rounds)
    else:
        for name in args.databases:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main(sys.argv[1:])
