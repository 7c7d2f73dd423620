"""Fresh-process measurements: a runner that records a child's wall time and peak memory, and the engine,
lower-bound and baseline passes the children run.

    .venv/bin/python -m tests.bench.child engine CORPUS.jsonl OUT.json
    .venv/bin/python -m tests.bench.child baseline CORPUS.jsonl OUT.json
    .venv/bin/python -m tests.bench.child stories-docs CORPUS.jsonl OUT.json   (docs written to OUT.docs.pickle)
    .venv/bin/python -m tests.bench.child stories-pass OUT.docs.pickle PASS.json

Each pass runs in its own interpreter, so its peak memory (VmHWM, see peak.py) is its own, not the run's.
The engine child imports only the engine (no Django, no scikit-learn), so its peak is the engine's.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


@dataclass
class ChildRun:
    """What one subprocess did: wall seconds, peak resident memory, exit code and output."""

    command: list[str]
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    worker_peak_mb: float = 0.0  # the largest peak of the processes it forked (0: none)
    tree_pss_mb: float = float("nan")  # the highest sampled PSS of it and its children together (see peak.py)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def failure(self) -> str:
        """A one-line reason for a failed run (for the document), '' when it succeeded."""
        if self.timed_out:
            return f"stopped at the time limit after {self.seconds:.0f} s"
        if self.returncode != 0:
            last = (self.stderr.strip() or self.stdout.strip()).splitlines()[-1:] or [""]
            return f"exit code {self.returncode}: {last[0][:300]}"
        return ""


def run_child(args: list[str], env: dict | None = None, timeout: float | None = None) -> ChildRun:
    """Run a command from the repository root; its wall time, and for a Python script or module its own peak RSS
    (through tests/bench/peak.py; NaN for anything else, or when it was killed before writing it)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory(prefix="concordance-peak-") as folder:
        peak_file = Path(folder) / "peak.txt"
        command = args
        if args[0] == PYTHON and args[1:2] != ["-c"]:
            command = [PYTHON, "-m", "tests.bench.peak", str(peak_file), *args[1:]]
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err)
        stopped = threading.Event()

        def stop() -> None:
            stopped.set()
            proc.kill()

        timer = threading.Timer(timeout, stop) if timeout else None
        if timer:
            timer.start()
        try:
            proc.wait()
        finally:
            if timer:
                timer.cancel()
        seconds = time.perf_counter() - started
        own, workers, tree = (int(x) / 1024 for x in peak_file.read_text().split()) if peak_file.exists() else (
            float("nan"), float("nan"), float("nan"))
        out.seek(0)
        err.seek(0)
        return ChildRun(args, seconds, own if own > 0 else float("nan"), proc.returncode,
                        out.read().decode(errors="replace"), err.read().decode(errors="replace"), stopped.is_set(),
                        workers, tree if tree > 0 else float("nan"))


def read_corpus(path: Path) -> list:
    """The import-format JSONL corpus as engine records (ArticleText), as scoring.evaluation.run reads it."""
    from scoring.engine.types import ArticleText

    articles = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                published = date.fromisoformat(r["published"][:10]) if r.get("published") else None
                articles.append(ArticleText(id=r["id"], outlet=r["outlet"], text=r.get("text") or "",
                                            title=r.get("title") or "", published=published, url=r.get("url") or ""))
    return articles


def _peak_rss_mb() -> float:
    """This process's peak resident memory so far (VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_engine(corpus: Path) -> dict:
    """Read the corpus, tokenize it (the lower bound), then score it with the engine; seconds and counts."""
    from scoring.engine import ENGINE_VERSION, score_corpus
    from scoring.engine.pipeline import PARALLEL_MIN_ARTICLES
    from scoring.engine.text import tokenize

    started = time.perf_counter()
    articles = read_corpus(corpus)
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    tokens = sum(len(tokenize(a.text)) for a in articles)  # each list dropped at once: no memory held
    tokenize_s = time.perf_counter() - started
    before_engine = _peak_rss_mb()
    started = time.perf_counter()
    result = score_corpus(articles)  # workers: one per CPU, as the product runs it
    engine_s = time.perf_counter() - started
    return {"articles": len(articles), "tokens": tokens, "stories": len(result.stories),
            "findings": sum(len(a.findings) for a in result.articles), "engine_version": ENGINE_VERSION,
            "workers": os.cpu_count() if len(articles) >= PARALLEL_MIN_ARTICLES else 1,
            "read_s": read_s, "tokenize_s": tokenize_s, "engine_s": engine_s,
            "rss_before_engine_mb": before_engine, "peak_rss_mb": _peak_rss_mb()}


def measure_baseline(corpus: Path) -> dict:
    """Read the corpus and score it with the naive baseline of scoring/evaluation/baseline.py."""
    from scoring.evaluation import baseline

    articles = read_corpus(corpus)
    started = time.perf_counter()
    result = baseline.score(articles)
    baseline_s = time.perf_counter() - started
    return {"articles": len(articles), "stories": len(result["stories"]), "baseline_s": baseline_s,
            "baseline_version": baseline.VERSION, "peak_rss_mb": _peak_rss_mb()}


def _prepared_docs(articles: list, path: Path) -> None:
    """Every article's story doc, prepared by one worker per CPU as the product prepares them, pickled one after
    another into `path` (so the corpus's docs are never in memory together)."""
    import multiprocessing
    import pickle

    from scoring.engine.pipeline import _story_doc_of

    with multiprocessing.get_context("fork").Pool() as pool, open(path, "wb") as fh:
        for doc in pool.imap(_story_doc_of, articles, chunksize=64):
            pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _read_docs(path: Path):
    import pickle

    with open(path, "rb") as fh:
        while True:
            try:
                yield pickle.load(fh)
            except EOFError:
                return


def prepare_stories(corpus: Path, out: Path) -> dict:
    """The stories stage's input: every article's story doc, prepared by one worker per CPU into a file beside
    `out` (`stories_docs(out)`), for the grouping passes (`group_stories_pass`) to read."""
    from collections import Counter

    articles = sorted(read_corpus(corpus), key=lambda a: a.id)
    path = stories_docs(out)
    started = time.perf_counter()
    _prepared_docs(articles, path)
    prepare_s = time.perf_counter() - started
    # How crowded the corpus's time is: grouping compares articles within a week or two of each other.
    weeks = Counter(doc.day.toordinal() // 7 for doc in _read_docs(path) if doc.day)
    return {"articles": len(articles), "prepare_s": prepare_s,
            "per_week": len(articles) and sum(weeks.values()) / max(1, len(weeks)), "peak_rss_mb": _peak_rss_mb()}


def stories_docs(out: Path) -> Path:
    """Where prepare_stories puts the docs of the measurement it writes to `out`."""
    return out.with_suffix(".docs.pickle")


def group_stories_pass(docs: Path) -> dict:
    """One grouping pass (`stories.group_stories`) over prepared docs, read back one at a time as the engine feeds
    them. Reading the file back is timed on its own first and taken off, so `group_s` is grouping's own time
    (wall and this process's CPU)."""
    from scoring.engine import ENGINE_VERSION
    from scoring.engine.stories import group_stories

    wall, cpu = time.perf_counter(), time.process_time()
    n = sum(1 for _ in _read_docs(docs))
    read_wall, read_cpu = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    groups = group_stories(_read_docs(docs))
    group_wall, group_cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"articles": n, "stories": len(groups), "engine_version": ENGINE_VERSION, "read_docs_s": read_wall,
            "group_s": group_wall - read_wall, "group_cpu_s": group_cpu - read_cpu, "peak_rss_mb": _peak_rss_mb()}


# "stories-docs" writes its docs beside OUT (stories_docs); "stories-pass" reads such a docs file, not a corpus.
MEASURES = {"engine": lambda corpus, out: measure_engine(corpus),
            "baseline": lambda corpus, out: measure_baseline(corpus),
            "stories-docs": prepare_stories, "stories-pass": lambda docs, out: group_stories_pass(docs)}


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in MEASURES:
        print(f"usage: python -m tests.bench.child {{{'|'.join(MEASURES)}}} CORPUS.jsonl|DOCS OUT.json",
              file=sys.stderr)
        return 2
    what, source, out = argv
    Path(out).write_text(json.dumps(MEASURES[what](Path(source), Path(out))), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
