"""`make bench`: measure speed, memory, end to end, dashboard, load and quality; rewrite docs/BENCHMARKS.md.

    .venv/bin/python -m tests.bench.run [--quick] [--full] [--out docs/BENCHMARKS.md] [--budget-minutes M]

Default: 1k and 10k articles within a 28-minute budget (so `make bench` stays under 30 minutes on a
2-core machine). `--full` adds 100k and lifts the budget. `--quick`: 1k only, the small evaluation world,
a 10 s load test. Cheap steps run first; before each expensive one the run projects its duration from the
rates already measured and skips it, with the reason in the document, when it would overrun the budget.
Every child process is also stopped at the budget's end, so the run cannot hang.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import endtoend, report
from tests.bench.child import PYTHON, ROOT, run_child, stories_docs
from tests.bench.corpus import Corpora, write_corpora

SIZES = {"quick": [1_000], "default": [1_000, 10_000], "full": [1_000, 10_000, 100_000]}
# The stories stage alone (grouping, issue 20's growth exponent from 10k to 100k): cheap beside the engine, so it
# reaches 100k in every mode but --quick; it runs last, after everything the default budget was set for.
STORIES_SIZES = {"quick": [1_000], "default": [1_000, 10_000, 100_000], "full": [1_000, 10_000, 100_000]}
STORIES_ROUNDS = 3  # grouping passes per size, interleaved across sizes (see _stories)
BASELINE_SIZES = (1_000, 10_000)  # quadratic in time and memory: 100k would need ~80 GB for its distance matrix
DEFAULT_BUDGET_MINUTES = 28
LARGE = 100_000  # the size of issue 6's scale target
ARRIVALS_FROM = 10_000  # sizes at which the everyday case (new articles into the scored corpus) is measured


class Budget:
    """The run's deadline, and the projections that decide whether an expensive step still fits."""

    def __init__(self, minutes: float | None):
        self.deadline = None if not minutes else time.monotonic() + minutes * 60

    def left(self) -> float:
        return float("inf") if self.deadline is None else self.deadline - time.monotonic()

    def refuse(self, projected_s: float | None) -> str:
        """'' when a step projected to take this long fits, else the reason it is skipped."""
        if projected_s is None or projected_s <= self.left():
            return ""
        return (f"skipped: projected {projected_s / 60:.1f} min from the rates measured at smaller sizes, with "
                f"{max(0.0, self.left()) / 60:.1f} min of the budget left (`--full` or `--budget-minutes 0` "
                "runs it)")


def _projection(measured: dict[int, float], n: int, power: float = 1.0) -> float | None:
    if not measured:
        return None
    m = max(measured)
    return measured[m] * (n / m) ** power


def _measure(results: dict, what: str, seconds, power: float, corpora: Corpora, n: int, budget: Budget,
             folder: Path) -> None:
    """One fresh-process measurement (`tests.bench.child WHAT`) at size n, unless projected to overrun the budget.

    `results` maps size -> measurement or reason; `seconds(measurement)` is what the projection scales, with
    the given power of the size.
    """
    done = {k: seconds(v) for k, v in results.items() if isinstance(v, dict)}
    reason = budget.refuse(_projection(done, n, power))
    if reason:
        results[n] = reason
        return
    out = folder / f"{what}-{n}.json"
    run = run_child([PYTHON, "-m", "tests.bench.child", what, str(corpora.paths[n]), str(out)],
                    timeout=budget.left() if budget.deadline else None)
    if run.ok:
        results[n] = {**json.loads(out.read_text(encoding="utf-8")), "peak_rss_mb": run.peak_rss_mb,
                      "worker_peak_mb": run.worker_peak_mb, "tree_pss_mb": run.tree_pss_mb}
    print(f"{what} {n}: {round(seconds(results[n]), 1) if run.ok else run.failure()}", flush=True)
    if not run.ok:
        results[n] = run.failure()


def _engine(results: report.Results, corpora: Corpora, n: int, budget: Budget, folder: Path) -> None:
    _measure(results.engine, "engine", lambda m: m["read_s"] + m["tokenize_s"] + m["engine_s"], 1.0,
             corpora, n, budget, folder)


def _stories(results: report.Results, corpora: Corpora, sizes: list[int], budget: Budget, folder: Path) -> None:
    """The stories stage alone: each size's docs prepared once (`stories-docs`), then STORIES_ROUNDS rounds of one
    grouping pass per size, each pass a fresh process (`stories-pass`), the sizes in rising order in one round and
    falling in the next. A pass's time moves by a fifth and more with the machine's other load, and the exponent is
    a ratio of two sizes' times: passes measured minutes apart would put the machine's drift into it. Each size's
    figure is its best pass; every pass is kept for the document."""
    prepared: dict[int, dict] = {}
    for n in sizes:
        reason = budget.refuse(_projection({k: v["prepare_wall"] for k, v in prepared.items()}, n))
        if reason:
            results.stories[n] = reason
            continue
        out = folder / f"stories-{n}.json"
        run = run_child([PYTHON, "-m", "tests.bench.child", "stories-docs", str(corpora.paths[n]), str(out)],
                        timeout=budget.left() if budget.deadline else None)
        if not run.ok:
            results.stories[n] = run.failure()
            continue
        prepared[n] = {**json.loads(out.read_text(encoding="utf-8")), "prepare_wall": run.seconds,
                       "prepare_peak_mb": run.peak_rss_mb, "docs": stories_docs(out), "passes": []}
        print(f"stories {n}: docs prepared in {prepared[n]['prepare_s']:.1f} s", flush=True)
    for r in range(STORIES_ROUNDS):
        for n in (sorted(prepared) if r % 2 == 0 else sorted(prepared, reverse=True)):
            m = prepared[n]
            walls = {k: max(x["seconds"] for x in v["passes"]) for k, v in prepared.items() if v["passes"]}
            if budget.refuse(walls.get(n) or _projection(walls, n)):
                continue  # a size keeps the passes it has when the budget runs short
            out = folder / f"stories-{n}-pass{r}.json"
            run = run_child([PYTHON, "-m", "tests.bench.child", "stories-pass", str(m["docs"]), str(out)],
                            timeout=budget.left() if budget.deadline else None)
            if run.ok:
                m["passes"].append({**json.loads(out.read_text(encoding="utf-8")), "seconds": run.seconds,
                                    "peak_rss_mb": run.peak_rss_mb})
            else:
                m.setdefault("failure", f"pass {r + 1}: {run.failure()}")
            print(f"stories {n} pass {r + 1}: "
                  f"{round(m['passes'][-1]['group_cpu_s'], 2) if run.ok else run.failure()}", flush=True)
    for n, m in prepared.items():
        passes = m["passes"]
        counts = sorted({p["stories"] for p in passes})
        if "failure" in m or not passes or len(counts) > 1:  # a best pass must not hide a failed or different one
            results.stories[n] = m.get("failure") or (f"the passes made {counts} stories" if passes
                                                      else "no grouping pass completed")
            continue
        results.stories[n] = {
            "articles": m["articles"], "stories": passes[0]["stories"], "per_week": m["per_week"],
            "prepare_s": m["prepare_s"], "read_docs_s": min(p["read_docs_s"] for p in passes),
            "group_s": min(p["group_s"] for p in passes), "group_cpu_s": min(p["group_cpu_s"] for p in passes),
            "cpu_passes": [p["group_cpu_s"] for p in passes],
            "peak_rss_mb": max(p["peak_rss_mb"] for p in passes), "prepare_peak_mb": m["prepare_peak_mb"]}


def _baseline(results: report.Results, corpora: Corpora, n: int, budget: Budget, folder: Path) -> None:
    # Pairwise distances: quadratic.
    _measure(results.baseline, "baseline", lambda m: m["baseline_s"], 2.0, corpora, n, budget, folder)


def _e2e_projection(by_size: dict, n: int) -> float | None:
    """Import and scoring scaled from the largest completed size; migrating an empty database costs the same."""
    done = {k: v for k, v in by_size.items() if isinstance(v, list) and len(v) == 3 and all(s.run.ok for s in v)}
    if not done:
        return None
    migrate = done[max(done)][0].run.seconds
    return migrate + _projection({k: sum(s.run.seconds for s in v[1:]) for k, v in done.items()}, n)


def _e2e(results: report.Results, db: str, corpora: Corpora, n: int, budget: Budget, folder: Path,
         dashboard: bool = False) -> str | None:
    """One database at one size (and the dashboard on it when asked); returns the SQLite URL it filled, else None."""
    by_size = results.e2e.setdefault(db, {})
    if db in results.e2e_notes:
        return None
    reason = budget.refuse(_e2e_projection(by_size, n))
    if reason:
        by_size[n] = reason
        return None
    if db == "SQLite":
        url = f"sqlite:///{folder / f'e2e-{n}.sqlite3'}"
        by_size[n] = endtoend.end_to_end(url, corpora.paths[n], budget.deadline)
    else:
        with endtoend.postgres_database() as url:
            by_size[n] = endtoend.end_to_end(url, corpora.paths[n], budget.deadline)
            if dashboard:  # measured before the database is dropped
                _dashboard(results, "PostgreSQL", url, n, by_size[n], budget, folder)
            if n in corpora.arrivals:  # after the dashboard, which measures the corpus as the run stored it
                _arrival(results, url, corpora.arrivals[n], n, by_size[n], budget)
    steps = by_size[n]
    print(f"{db} {n}: " + ", ".join(f"{s.name} {s.run.seconds:.1f}s{'' if s.run.ok else ' FAILED'}" for s in steps),
          flush=True)
    return url if db == "SQLite" and _complete(steps) else None


def _arrival(results: report.Results, url: str, arriving: Path, n: int, steps, budget: Budget) -> None:
    if not _complete(steps):
        results.arrivals[n] = f"the PostgreSQL end-to-end run at {n:,} articles did not complete"
    elif budget.left() < 120:  # a generous bound: the step rescores only the stories the newcomers join
        results.arrivals[n] = f"skipped: {max(0.0, budget.left()) / 60:.1f} min of the budget left"
    else:
        results.arrivals[n] = endtoend.arrival(url, arriving, budget.deadline)
    got = results.arrivals[n]
    print(f"arrival into PostgreSQL {n}: " + (f"{got.run.seconds:.1f}s{'' if got.run.ok else ' FAILED'}"
                                               if isinstance(got, endtoend.Step) else got), flush=True)


def _complete(steps) -> bool:
    return isinstance(steps, list) and len(steps) == 3 and all(s.run.ok for s in steps)


def _dashboard(results: report.Results, db: str, url: str | None, n: int, steps, budget: Budget,
               folder: Path) -> None:
    if url is None or not _complete(steps):
        results.dashboards[db] = f"the {db} end-to-end run at {n:,} articles did not complete (section 2)"
    else:
        run, data = endtoend.dashboard(url, folder / f"static-{db}", budget.deadline)
        results.dashboards[db] = data if data else run.failure()
    print(f"dashboard ({db}) at {n}: {'done' if isinstance(results.dashboards[db], dict) else results.dashboards[db]}",
          flush=True)


def _databases(results: report.Results, corpora: Corpora, n: int, budget: Budget, folder: Path,
               dashboard_size: int) -> None:
    """End to end on SQLite, the dashboard when this is its size, then PostgreSQL (the most expensive, last).

    At 100k articles only PostgreSQL runs, with the dashboard on it: that is the scale issue 6 asks about, and a
    newsroom at that size runs PostgreSQL (SQLite is the single-machine default).
    """
    if n < LARGE:
        url = _e2e(results, "SQLite", corpora, n, budget, folder)
        if n == dashboard_size:
            _dashboard(results, "SQLite", url, n, results.e2e["SQLite"].get(n), budget, folder)
    else:
        results.e2e["SQLite"][n] = ("not run: at 100k articles only PostgreSQL is measured (SQLite is the "
                                    "single-machine default; its growth is fitted from the smaller sizes)")
    _e2e(results, "PostgreSQL", corpora, n, budget, folder, dashboard=n >= LARGE)


def _quality(results: report.Results, world: str, budget: Budget, folder: Path) -> None:
    command = f".venv/bin/python -m scoring.evaluation --world {world} --json report.json"
    run = run_child([PYTHON, "-m", "scoring.evaluation", "--world", world, "--json", str(folder / "quality.json")],
                    timeout=budget.left() if budget.deadline else None)
    results.quality = (command, run.stdout) if run.ok else run.failure()
    if run.ok:
        try:  # the real part, for section 5's summary beside the worlds (absent when it did not run)
            results.quality_real = json.loads((folder / "quality.json").read_text(encoding="utf-8")).get("real") or {}
        except (OSError, ValueError):
            results.quality_real = {}
    print(f"quality ({world}): {'done' if run.ok else results.quality}", flush=True)


def _load(results: report.Results, seconds: int, clients: int) -> None:
    from tests.bench import load

    try:
        section = load.run(seconds=seconds, clients=clients)
    except Exception as e:  # a failed load test is reported in the document, the other figures still stand
        section = f"## Load test\n\nFailed: {type(e).__name__}: {e}\n"
    results.load = section.replace("## ", "## 4. ", 1)
    print("load test: done", flush=True)


def bench(mode: str, out: Path, budget_minutes: float | None, command: str) -> report.Results:
    """Run every measurement of this mode and write the document; returns the results."""
    sizes = SIZES[mode]
    results = report.Results(command=command, mode=mode, sizes=sizes)
    results.stamp = report.machine_stamp()
    budget = Budget(budget_minutes)
    results.e2e = {"SQLite": {}, "PostgreSQL": {}}
    problem = endtoend.postgres_problem()
    with tempfile.TemporaryDirectory(prefix="concordance-bench-") as tmp:
        folder = Path(tmp)
        if problem:
            results.e2e_notes["PostgreSQL"] = f"{endtoend.POSTGRES_SERVER} is not reachable ({problem})"
        stories_sizes = STORIES_SIZES[mode]
        corpora = write_corpora(sorted(set(sizes) | set(stories_sizes)), folder / "corpora",
                                arrivals_from=None if problem else ARRIVALS_FROM)
        results.corpus = (f"{corpora.source}; the base world has {corpora.base_articles:,} articles in "
                          f"{corpora.base_stories:,} stories")
        print(f"corpora written: {', '.join(str(n) for n in corpora.paths)}", flush=True)
        small, rest = sizes[0], sizes[1:]
        dashboard_size = 10_000 if 10_000 in sizes else small
        # The smallest size and the fixed-cost parts first: their rates drive the projections that follow.
        _engine(results, corpora, small, budget, folder)
        _baseline(results, corpora, small, budget, folder)
        _databases(results, corpora, small, budget, folder, dashboard_size)
        _quality(results, "small" if mode == "quick" else "full", budget, folder)
        _load(results, 10 if mode == "quick" else 60, 50)
        for n in rest:
            _engine(results, corpora, n, budget, folder)
            if n in BASELINE_SIZES:
                _baseline(results, corpora, n, budget, folder)
            _databases(results, corpora, n, budget, folder, dashboard_size)
        _stories(results, corpora, stories_sizes, budget, folder)
    results.stamp["load_end"] = report.loadavg()
    results.finished = time.time()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_suffix(out.suffix + ".tmp")
    tmp_out.write_text(report.render(results), encoding="utf-8")
    tmp_out.replace(out)  # all or nothing: a reader never sees half a document
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__.splitlines()[0])
    speed = parser.add_mutually_exclusive_group()
    speed.add_argument("--quick", action="store_true", help="1k only, the small evaluation world, a 10 s load test")
    speed.add_argument("--full", action="store_true", help="add 100k articles; no time budget")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "BENCHMARKS.md")
    parser.add_argument("--budget-minutes", type=float, default=None,
                        help=f"skip steps projected to overrun (default {DEFAULT_BUDGET_MINUTES}; none with --full; "
                             "0 for none)")
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full" if args.full else "default"
    budget = args.budget_minutes if args.budget_minutes is not None else (None if args.full else DEFAULT_BUDGET_MINUTES)
    given = argv if argv is not None else sys.argv[1:]
    shown = ".venv/bin/python -m tests.bench.run" + "".join(f" {a}" for a in given)
    bench(mode, args.out, budget or None, shown)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
