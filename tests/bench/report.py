"""docs/BENCHMARKS.md from one run's results: the stamp (date, machine, commit, command), then every table.

Nothing here measures; it only formats what run.py measured, and says plainly what did not run and why.
"""
from __future__ import annotations

import math
import os
import platform
import re
import subprocess
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tests.bench.child import ROOT
from tests.bench.endtoend import Step
from tests.bench.peak import SAMPLE_SECONDS

DASHBOARD_TARGET_MS = 150  # issue 5: every page under 150 ms server time at 10k articles
SCALE_TARGETS = {"seconds": 600, "page_ms": 200, "rss_mb": 2048}  # issue 6: 100k articles on PostgreSQL
ARRIVAL_TARGET_S = 30  # issue 20: 1,000 new articles into a stored, scored 100k corpus on PostgreSQL


@dataclass
class Results:
    """Everything one run measured (or the reason it did not)."""

    command: str
    mode: str
    sizes: list[int]
    started: float = field(default_factory=time.time)
    stamp: dict = field(default_factory=dict)
    corpus: str = ""
    engine: dict[int, dict | str] = field(default_factory=dict)  # size -> measurement, or why there is none
    baseline: dict[int, dict | str] = field(default_factory=dict)
    stories: dict[int, dict | str] = field(default_factory=dict)  # the stories stage alone, size -> measurement
    e2e: dict[str, dict[int, list[Step] | str]] = field(default_factory=dict)  # database -> size -> steps
    e2e_notes: dict[str, str] = field(default_factory=dict)  # database -> why it did not run at all
    dashboards: dict[str, dict | str] = field(default_factory=dict)  # database -> pages measured, or why not
    arrivals: dict[int, Step | str] = field(default_factory=dict)  # PostgreSQL size -> the everyday step, or why not
    load: str = ""
    quality: tuple[str, str] | str = "not run"  # (command, output) or why not
    quality_real: dict = field(default_factory=dict)  # the evaluation's real part (its JSON report's "real")
    finished: float = 0.0


# ---------------------------------------------------------------- the stamp


def _git(*args: str) -> str:
    run = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30)
    return run.stdout.strip() if run.returncode == 0 else ""


def machine_stamp() -> dict:
    """Date, CPU model, cores, RAM, OS, Python, commit (with 'dirty' when the tree has changes), load average."""
    cpu = platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    ram = float("nan")
    try:
        kib = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal:"))
        ram = kib / 1024 / 1024
    except (OSError, StopIteration):
        pass
    changed = [line for line in _git("status", "--porcelain").splitlines() if line.strip()]
    commit = _git("rev-parse", "--short=12", "HEAD") or "unknown"
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu, "cores": os.cpu_count(), "ram_gib": ram,
        "system": f"{platform.system()} {platform.release()}, Python {platform.python_version()}",
        "commit": commit + (f" (dirty: {len(changed)} uncommitted paths in the tree)" if changed else ""),
        "load": loadavg(),
    }


def loadavg() -> str:
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "unknown"


# ---------------------------------------------------------------- arithmetic


def growth_exponent(points: list[tuple[int, float]]) -> float | None:
    """k in time ~ n^k: the least-squares slope of log(time) against log(n); None with fewer than 2 sizes."""
    points = [(n, t) for n, t in points if n > 0 and t > 0]
    if len({n for n, _ in points}) < 2:
        return None
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def _k(points: list[tuple[int, float]]) -> str:
    k = growth_exponent(points)
    if k is None:
        return "not fitted (needs two sizes)"
    sizes = ", ".join(_size(n) for n, _ in points)
    return f"**{k:.2f}** (fit over {sizes}{'; two points, so the slope between them' if len(points) == 2 else ''})"


def _size(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def _gap(lead: list[str], reason: str, columns: int) -> str:
    """A table row for something that did not run: the leading cells, the reason, empty cells after."""
    cells = lead + [reason.replace("|", "/")] + [""] * (columns - len(lead) - 1)
    return "| " + " | ".join(cells) + " |"


def _f(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


# ---------------------------------------------------------------- sections


def render(r: Results) -> str:
    """The whole document."""
    s = r.stamp
    by = f"`{r.command}`"
    stamp_line = f"_{s['date']} · {s['cpu']}, {s['cores']} cores · commit {s['commit']} · {by}_"
    parts = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`.venv/bin/python -m tests.bench.run`); never edited by hand, but for the sections "
        "between marker comments (`make attack`'s, and paired engine comparisons, each with its own date and "
        "commands), which it keeps. Every other figure below comes from the run stamped here: rerun the command to "
        "reproduce it (figures vary with the machine and its load).",
        "",
        "| | |",
        "| --- | --- |",
        f"| date | {s['date']} (the run took {_f((r.finished - r.started) / 60)} min) |",
        f"| machine | {s['cpu']}, {s['cores']} cores, {_f(s['ram_gib'])} GiB RAM; {s['system']} |",
        f"| commit | {s['commit']} |",
        f"| command | {by} ({r.mode}) |",
        f"| load average (1, 5, 15 min) | at the start {s['load']}; at the end {s.get('load_end', '?')} "
        "(other work on the machine slows every figure) |",
        f"| sizes | {', '.join(_size(n) for n in r.sizes)} articles{_sizes_note(r)} |",
        f"| corpus | {r.corpus} |",
        "",
        _targets(r),
    ]
    sections = [_engine(r), _end_to_end(r), _dashboard(r),
                r.load.strip() + "\n" if r.load else "## 4. Load test\n\nNot run.\n", _quality(r)]
    for section in sections:  # each section carries the stamp, so a figure quoted alone keeps its provenance
        parts += [section, stamp_line, ""]
        if section is sections[0] and kept_paired_section():
            parts += [kept_paired_section(), ""]  # engine A/B runs made by hand, with their own dates and commands
        if section is sections[3] and kept_attack_section():
            parts += [kept_attack_section(), ""]  # written by `make attack`, with its own stamp
    return "\n".join(parts)


ATTACK_START, ATTACK_END = "<!-- attack: written by make attack -->", "<!-- /attack -->"
BENCHMARKS = Path(__file__).resolve().parents[2] / "docs" / "BENCHMARKS.md"


# Paired, alternated engine runs of two commits in one session (the only fair comparison on a shared machine):
# written by hand with their commands, kept here as make attack's section is.
PAIRED_START, PAIRED_END = "<!-- paired: engine comparisons run by hand, kept by make bench -->", "<!-- /paired -->"


def kept_attack_section(path: Path = BENCHMARKS) -> str:
    """The attack subsection `make attack` wrote into BENCHMARKS.md (markers included), kept across `make bench`."""
    return _kept(ATTACK_START, ATTACK_END, path)


def kept_paired_section(path: Path = BENCHMARKS) -> str:
    """The paired engine comparisons written into BENCHMARKS.md by hand (markers included), kept across `make bench`."""
    return _kept(PAIRED_START, PAIRED_END, path)


def _kept(start_marker: str, end_marker: str, path: Path) -> str:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = text.find(start_marker), text.find(end_marker)
    return text[start:end + len(end_marker)] if 0 <= start < end else ""


def _sizes_note(r: Results) -> str:
    if r.mode == "quick":
        return " (`--quick`: 1k only, the small evaluation world, a 10 s load test)"
    if 100_000 not in r.sizes:
        rates = {n: m["engine_s"] / n for n, m in r.engine.items() if isinstance(m, dict)}
        if not rates:
            return " (100k runs only with `--full`)"
        projected = rates[max(rates)] * 100_000 / 60
        return (f" (100k runs only with `--full`: at the engine rate measured at {_size(max(rates))}, the engine pass "
                f"alone would take about {_f(projected, 0)} min, beyond the 30-minute budget of `make bench`; the stories stage alone runs at 100k, section 1)")
    return ""


def _cell_seconds(value: dict | str | None, key: str) -> float | None:
    return value[key] if isinstance(value, dict) else None


def _targets(r: Results) -> str:
    rows = []
    for db, issue, target, size in (("SQLite", "issue 5", DASHBOARD_TARGET_MS, 10_000),
                                    ("PostgreSQL", "issue 6", SCALE_TARGETS["page_ms"], 100_000)):
        pages = r.dashboards[db]["pages"] if isinstance(r.dashboards.get(db), dict) else []
        if pages:
            worst = max(pages, key=lambda p: p["median_ms"])
            n = r.dashboards[db]["articles"]
            met = all(p["median_ms"] < target for p in pages)
            rows.append(f"| {issue}: every dashboard page under {target} ms server time at {size // 1000}k articles "
                        f"({db}) | slowest median: {worst['page']} {_f(worst['median_ms'], 0)} ms at {n:,} articles | "
                        f"{'yes' if met else 'no'}{'' if n >= size else f' (measured below {size // 1000}k)'} |")
    pg = r.e2e.get("PostgreSQL", {}).get(100_000)
    if isinstance(pg, list) and all(step.run.ok for step in pg) and len(pg) == 3:
        total = sum(step.run.seconds for step in pg)
        # What a step held at once: its process and workers' summed PSS (shared pages once; see tests/bench/peak.py).
        # Beside it the upper bound, main + workers x largest worker, which counts the shared pages in every worker.
        workers = r.engine[100_000].get("workers", 1) if isinstance(r.engine.get(100_000), dict) else 1
        peak = max(step.run.tree_pss_mb for step in pg)
        bound = max(max(step.run.peak_rss_mb for step in pg), pg[-1].run.peak_rss_mb + workers * pg[-1].run.worker_peak_mb)
        rows.append(f"| issue 6: 100k articles on PostgreSQL, import + stories + scores within 10 min | "
                    f"{_f(total / 60)} min | {'yes' if total <= SCALE_TARGETS['seconds'] else 'no'} |")
        rows.append(f"| issue 6: peak memory under 2 GB at 100k | {_f(peak, 0)} MiB (largest step, its processes' "
                    f"summed PSS sampled every {SAMPLE_SECONDS} s); upper bound {_f(bound, 0)} MiB (main process + "
                    f"{workers} x its largest worker, shared pages counted in each) | "
                    f"{'yes' if peak < SCALE_TARGETS['rss_mb'] else 'no'} |")
    else:
        rows.append("| issue 6: 100k articles on PostgreSQL within 10 min, peak memory under 2 GB | "
                    "not measured in this run (`--full` measures 100k) | - |")
    arrival = r.arrivals.get(100_000)
    if isinstance(arrival, Step) and arrival.run.ok:
        rows.append(f"| issue 20: 1,000 new articles into a stored, scored 100k corpus on PostgreSQL (import, "
                    f"stories, rescoring, outlet scores) under {ARRIVAL_TARGET_S} s | {_f(arrival.run.seconds)} s, "
                    f"peak PSS {_f(arrival.run.tree_pss_mb, 0)} MiB | "
                    f"{'yes' if arrival.run.seconds < ARRIVAL_TARGET_S else 'no'} |")
    else:
        why = arrival.run.failure() if isinstance(arrival, Step) else (arrival or "`--full` measures 100k")
        rows.append(f"| issue 20: 1,000 new articles into a scored 100k corpus on PostgreSQL under "
                    f"{ARRIVAL_TARGET_S} s | not measured in this run ({why}) | - |")
    return "\n".join(["## Targets", "", "| requirement | measured | met |", "| --- | --- | --- |", *rows, ""])


def _engine(r: Results) -> str:
    lines = [
        "## 1. Engine throughput and memory",
        "",
        "Each size runs in a fresh process (`python -m tests.bench.child engine CORPUS OUT`): read the JSONL corpus, "
        "the lower-bound pass (`scoring.engine.text.tokenize` over every text), then `scoring.engine.score_corpus` "
        "over all articles at once, with one worker process per CPU (the product's default). Peak RSS is the child's "
        "own high-water mark (VmHWM: interpreter, corpus and engine); \"before the engine\" is its peak after "
        "reading and tokenizing; \"largest worker\" is the highest ru_maxrss of the workers it forked, pages "
        "shared with the main process included (so main + workers x largest worker bounds the total); \"PSS\" is the "
        "highest sampled sum of the proportional set sizes of the child and its workers, which counts shared pages "
        "once (what they held together; see `tests/bench/peak.py`). The ratio is engine seconds over "
        "lower-bound (read + tokenize) seconds measured in the same process.",
        "",
        "| articles | stories | tokens | read s | tokenize s | engine s | articles/s | engine / lower bound | "
        "workers | peak RSS MiB | largest worker MiB | PSS with workers MiB | RSS before the engine MiB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    engine_points, bound_points = [], []
    for n in r.sizes:
        m = r.engine.get(n, "not run")
        if not isinstance(m, dict):
            lines.append(_gap([f"{n:,}"], m, 13))
            continue
        bound = m["read_s"] + m["tokenize_s"]
        engine_points.append((n, m["engine_s"]))
        bound_points.append((n, bound))
        lines.append(f"| {m['articles']:,} | {m['stories']:,} | {m['tokens']:,} | {_f(m['read_s'], 2)} | "
                     f"{_f(m['tokenize_s'], 2)} | {_f(m['engine_s'])} | {_f(m['articles'] / m['engine_s'])} | "
                     f"{_f(m['engine_s'] / bound)}x | {m.get('workers', 1)} | {_f(m['peak_rss_mb'], 0)} | "
                     f"{_f(m.get('worker_peak_mb', 0), 0)} | {_f(m.get('tree_pss_mb', float('nan')), 0)} | "
                     f"{_f(m['rss_before_engine_mb'], 0)} |")
    lines += [
        "",
        f"Growth exponent (time ~ n^k, least squares of log time against log n): engine {_k(engine_points)}; "
        f"lower bound {_k(bound_points)}.",
        "",
        "Naive baseline (`scoring/evaluation/baseline.py`: TF-IDF complete-link stories, closest-sentence "
        "alignment, token diff, trailing-block rule) on the same corpora, each in a fresh process "
        "(`python -m tests.bench.child baseline CORPUS OUT`):",
        "",
        "| articles | baseline s | baseline articles/s | engine s / baseline s | baseline peak RSS MiB |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    baseline_points = []
    for n in sorted(r.baseline):
        b = r.baseline[n]
        if not isinstance(b, dict):
            lines.append(_gap([f"{n:,}"], b, 5))
            continue
        baseline_points.append((n, b["baseline_s"]))
        e = _cell_seconds(r.engine.get(n), "engine_s")
        ratio = f"{_f(e / b['baseline_s'])}x" if e else "-"
        lines.append(f"| {b['articles']:,} | {_f(b['baseline_s'])} | {_f(b['articles'] / b['baseline_s'])} | {ratio} | "
                     f"{_f(b['peak_rss_mb'], 0)} |")
    lines += ["", f"Baseline growth exponent: {_k(baseline_points)}.", ""]
    return "\n".join(lines + _stories(r))


def _stories(r: Results) -> list[str]:
    """The stories stage alone: issue 20 asks its growth exponent from 10k to 100k to stay at most 1.1."""
    if not r.stories:
        return []
    lines = [
        "### The stories stage",
        "",
        "Grouping alone (`scoring.engine.stories.group_stories`). Each size's story docs are prepared once, by one "
        "worker per CPU, into a file (`python -m tests.bench.child stories-docs CORPUS OUT`); then every size gets "
        "three grouping passes, each in a fresh process (`python -m tests.bench.child stories-pass DOCS OUT`) that "
        "reads the docs back one at a time, as the engine feeds them. The passes are interleaved: one round of every "
        "size in rising order, the next in falling order, so that a change in the machine's speed during the run "
        "falls on every size alike rather than on the ratio the exponent is. Reading the file back is timed alone "
        "and taken off, so \"grouping\" is the stage's own time: wall seconds and the CPU seconds of its process "
        "(the steadier figure on a shared machine), each the best of the passes; every pass's CPU seconds are "
        "listed, in the order they ran. Preparing a doc is per article; grouping is the part that compares "
        "articles with each other. \"A week\" is the mean number of dated articles in a calendar week that has "
        "any: the bench corpus repeats its base world every 60 days, so the bigger corpora are more crowded in "
        "time as well as longer, and a window's pairs grow faster than its articles. Peak RSS is a grouping "
        "pass's (the largest), preparing's in brackets.",
        "",
        "| articles | stories | a week | preparing docs s | grouping s | grouping CPU s | CPU s of each pass | "
        "peak RSS MiB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    wall, cpu = [], []
    for n in sorted(r.stories):
        m = r.stories[n]
        if not isinstance(m, dict):
            lines.append(_gap([f"{n:,}"], m, 8))
            continue
        wall.append((n, m["group_s"]))
        cpu.append((n, m["group_cpu_s"]))
        lines.append(f"| {m['articles']:,} | {m['stories']:,} | {_f(m.get('per_week', float('nan')), 0)} | "
                     f"{_f(m['prepare_s'])} | {_f(m['group_s'], 2)} | "
                     f"{_f(m['group_cpu_s'], 2)} | {', '.join(_f(x, 2) for x in m.get('cpu_passes', []))} | "
                     f"{_f(m['peak_rss_mb'], 0)} ({_f(m.get('prepare_peak_mb', float('nan')), 0)}) |")
    upper = [(n, t) for n, t in cpu if n >= 10_000]
    lines += ["", f"Growth exponent of grouping from 10k (issue 20: at most 1.1): CPU {_k(upper)}; wall "
                  f"{_k([(n, t) for n, t in wall if n >= 10_000])}. Over every size: CPU {_k(cpu)}.", ""]
    return lines


def _end_to_end(r: Results) -> str:
    lines = [
        "## 2. End to end: import and scoring into a database",
        "",
        "Per database and size, into a fresh database (a temporary SQLite file; a PostgreSQL database created "
        "for the run and dropped after), each step a fresh process with DATABASE_URL set and DEBUG off: "
        "`manage.py migrate --noinput`, `manage.py import_articles articles.jsonl` (through "
        "`sources.importing.import_paths`), `manage.py score_articles` (`scoring.tasks.score_all`: stories, "
        "consensus, findings, article and outlet scores saved). The import runs with "
        "`CELERY_BROKER_URL=memory://`, so the scoring job it queues goes to an in-process broker with no worker "
        "(as with real workers, the import returns at once) and `score_articles` then does that work; eagerly, "
        "the import would include the scoring. Peak RSS is each step's own high-water mark (VmHWM, written at exit "
        "by `tests/bench/peak.py`); the score step's engine also forks one worker per CPU, whose largest peak "
        "(pages shared with the main process included) is the third figure. The last figure is the score step's "
        "highest sampled PSS, main process and workers summed, which counts their shared pages once.",
        "",
        "| database | articles | migrate s | import s | import articles/s | score s | score articles/s | "
        "import + score s | peak RSS import / score / score's largest worker MiB | `score_articles` said | "
        "score PSS with workers MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    fits = []
    for db, by_size in r.e2e.items():
        points = []
        if db in r.e2e_notes:
            lines.append(_gap([db, "-"], f"skipped: {r.e2e_notes[db]}", 11))
            continue
        for n in r.sizes:
            steps = by_size.get(n, "not run")
            if not isinstance(steps, list):
                lines.append(_gap([db, f"{n:,}"], steps, 11))
                continue
            got = {s.name: s for s in steps}
            failed = next((s for s in steps if not s.run.ok), None)
            if failed:
                lines.append(_gap([db, f"{n:,}"], f"`{failed.command}` failed ({failed.run.failure()})", 11))
                continue
            imp, score = got["import_articles"].run, got["score_articles"].run
            points.append((n, score.seconds))
            lines.append(
                f"| {db} | {n:,} | {_f(got['migrate'].run.seconds)} | {_f(imp.seconds)} | {_f(n / imp.seconds)} | "
                f"{_f(score.seconds)} | {_f(n / score.seconds)} | {_f(imp.seconds + score.seconds)} | "
                f"{_f(imp.peak_rss_mb, 0)} / {_f(score.peak_rss_mb, 0)} / {_f(score.worker_peak_mb, 0)} | "
                f"{got['score_articles'].summary} | {_f(score.tree_pss_mb, 0)} |")
        fits.append(f"{db} score step {_k(points)}")
    lines += ["", "Growth exponent of the score step: " + "; ".join(fits) + "." if fits else "", ""]
    return "\n".join(lines + _arrivals(r))


def _arrivals(r: Results) -> list[str]:
    lines = [
        "### The everyday case: new articles into the scored corpus",
        "",
        "After the PostgreSQL run above (and its dashboard), the next articles of the same scaled world are "
        "imported into that stored, scored database: `manage.py import_articles arriving.jsonl` with Celery eager "
        "(no broker), so the command itself scores what they touch, as a worker would: the newcomers, the stored "
        "articles they link to and every story those belong to, then the outlet scores. Most newcomers open new "
        "stories; those at the seam of the corpus join stories it already holds. Peak figures as in the table above.",
        "",
        "| stored articles | new articles | seconds | peak RSS MiB | PSS with workers MiB | the command said |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    if not r.arrivals:
        return lines[:2] + ["Not measured in this run (PostgreSQL from 10k articles).", ""]
    for n in sorted(r.arrivals):
        step = r.arrivals[n]
        if not isinstance(step, Step) or not step.run.ok:
            lines.append(_gap([f"{n:,}"], step.run.failure() if isinstance(step, Step) else step, 6))
            continue
        new = re.match(r"imported (\d+)", step.summary)
        lines.append(f"| {n:,} | {new.group(1) if new else '?'} | {_f(step.run.seconds)} | "
                     f"{_f(step.run.peak_rss_mb, 0)} | {_f(step.run.tree_pss_mb, 0)} | {step.summary} |")
    return lines + [""]


def _dashboard(r: Results) -> str:
    lines = ["## 3. Dashboard server time", ""]
    if not r.dashboards:
        return "\n".join(lines + ["Not measured in this run.", ""])
    for db, d in r.dashboards.items():
        lines += _dashboard_table(db, d)
    return "\n".join(lines)


def _dashboard_table(db: str, d: dict | str) -> list[str]:
    if not isinstance(d, dict):
        return [f"{db}: not measured: {d}", ""]
    target = DASHBOARD_TARGET_MS if db == "SQLite" else SCALE_TARGETS["page_ms"]
    issue = "issue 5" if db == "SQLite" else "issue 6"
    lines = [
        f"### {db}, {d['articles']:,} articles",
        "",
        f"The {db} database of section 2 at {d['articles']:,} articles, DEBUG off (collected static files), "
        f"logged in as a superuser created for the run, each page through the Django test client in a fresh "
        f"process (`python -m tests.bench.endtoend dashboard OUT`): one warm-up request, then the median and "
        f"maximum of {d['repeats']} requests, then one more request with its queries counted. The detail pages "
        f"show the outlet and the story with the most articles and the article with the most findings. Target "
        f"({issue}): under {target} ms each.",
        "",
        "| page | path | median ms | max ms | queries | HTML KiB |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for p in d["pages"]:
        lines.append(f"| {p['page']} | `{p['path']}` | {_f(p['median_ms'])} | {_f(p['max_ms'])} | {p['queries']} | "
                     f"{_f(p['bytes'] / 1024, 0)} |")
    return lines + [""]


def _quality(r: Results) -> str:
    lines = ["## 5. Quality summary (engine vs naive baseline vs thresholds)", ""]
    if not isinstance(r.quality, tuple):
        return "\n".join(lines + [f"Not run: {r.quality}", ""])
    command, output = r.quality
    lines += real_news_summary(r.quality_real)
    return "\n".join(lines + [f"Output of `{command}` (metrics defined in docs/EVALUATION.md):", "", "```",
                              output.strip(), "```", ""])


REAL_COLUMNS = (("penalised", "penalised"), ("findings_per_100", "findings / 100"), ("losing_30", "losing > 30%"),
                ("prose_lost", "words lost"), ("stories_f1", "stories F1"))


def real_news_summary(real: dict) -> list[str]:
    """The real part beside the worlds: per real corpus, the engine's (and the baseline's) false alarms, prose
    lost and stories, and how many of the goals of issues 17, 19 and 24 the engine meets (report only)."""
    if not real or not real.get("metrics"):
        return ["Real news: not run (the evaluation's real part runs with `--world full` or `--parts real`).", ""]
    engine, base = real["metrics"].get("engine", {}), real["metrics"].get("baseline", {})
    met, measured = real.get("goals_met", (0, 0))
    lines = [f"Real, unaltered news (engine / baseline; every penalising finding on them is presumed false). The "
             f"engine meets {met} of the {measured} goals measured (full list in the output below).", "",
             "| corpus | " + " | ".join(title for _, title in REAL_COLUMNS) + " |",
             "| --- |" + " ---: |" * len(REAL_COLUMNS)]

    def cell(corpus: str, key: str) -> str:
        values = [m.get(corpus, {}).get(key) for m in (engine, base)]
        if all(v is None for v in values):
            return ""
        return " / ".join("-" if v is None else f"{v:.3f}" if key != "findings_per_100" else f"{v:.1f}"
                          for v in values)

    for corpus in real.get("corpora", {}):
        if corpus in engine and "penalised" in engine[corpus] or "error" in engine.get(corpus, {}):
            row = [cell(corpus, k) for k, _ in REAL_COLUMNS]
            if engine.get(corpus, {}).get("error"):
                row[0] = "engine crashed / " + row[0].split(" / ")[-1]
            lines.append(f"| {corpus} | " + " | ".join(row) + " |")
    return lines + [""]
