"""The benchmark's pieces work at 50 articles (corpus, engine and baseline children, end to end, dashboard,
the document). No timing is asserted: `make bench` measures, the suite only proves the measuring runs."""
import json

import pytest

from scoring.evaluation.worlds import scale, write_world
from tests.bench import endtoend, report
from tests.bench import run as bench_run
from tests.bench.child import PYTHON, read_corpus, run_child
from tests.bench.corpus import Corpora, _part, demo_world

N = 50


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The demo corpus scaled to 50 articles (needs no ../shared), written in import format."""
    path, _ = write_world(scale(demo_world(), N), tmp_path_factory.mktemp("bench-corpus"))
    return path


def test_the_demo_world_scales_to_the_requested_size_with_unique_ids(corpus):
    articles = read_corpus(corpus)
    assert len(articles) == N
    assert len({a.id for a in articles}) == N


def test_the_growth_exponent_recovers_a_known_power():
    assert report.growth_exponent([(1_000, 2.0), (10_000, 2.0 * 10 ** 1.5), (100_000, 2.0 * 100 ** 1.5)]) \
        == pytest.approx(1.5)
    assert report.growth_exponent([(1_000, 3.0)]) is None


@pytest.mark.parametrize("what", ["engine", "baseline"])
def test_a_measuring_child_writes_its_counts(corpus, tmp_path, what):
    out = tmp_path / "out.json"
    run = run_child([PYTHON, "-m", "tests.bench.child", what, str(corpus), str(out)], timeout=300)
    assert run.ok, run.stderr
    measured = json.loads(out.read_text())
    assert measured["articles"] == N
    assert measured["stories"] >= 1
    assert run.peak_rss_mb > 0


def test_the_stories_stage_prepares_docs_once_and_groups_them_in_interleaved_fresh_passes(tmp_path, capsys):
    sizes = [25, N]
    world = scale(demo_world(), N)
    paths = {n: write_world(_part(world, world.articles[:n]), tmp_path / str(n))[0] for n in sizes}
    results = report.Results(command="bench", mode="quick", sizes=sizes)
    bench_run._stories(results, Corpora("demo", N, 1, paths, {}), sizes, bench_run.Budget(None), tmp_path)
    for n in sizes:
        measured = results.stories[n]
        assert isinstance(measured, dict), measured
        assert measured["articles"] == n and measured["stories"] >= 1
        assert len(measured["cpu_passes"]) == bench_run.STORIES_ROUNDS
        assert measured["group_cpu_s"] == min(measured["cpu_passes"])
        assert measured["peak_rss_mb"] > 0 and measured["prepare_peak_mb"] > 0
    order = [line.split(" pass")[0] for line in capsys.readouterr().out.splitlines() if " pass " in line]
    assert order == ["stories 25", "stories 50", "stories 50", "stories 25", "stories 25", "stories 50"]
    assert any(row.startswith("| 50 |") for row in report._stories(results))


def test_a_stories_size_that_fails_is_reported_and_the_other_sizes_measured(tmp_path):
    world = scale(demo_world(), N)
    paths = {N: write_world(_part(world, world.articles), tmp_path / "ok")[0], 2 * N: tmp_path / "missing.jsonl"}
    results = report.Results(command="bench", mode="quick", sizes=[N, 2 * N])
    bench_run._stories(results, Corpora("demo", N, 1, paths, {}), [N, 2 * N], bench_run.Budget(None), tmp_path)
    assert isinstance(results.stories[N], dict)
    assert "missing.jsonl" in results.stories[2 * N]


def test_a_failing_child_is_reported_with_its_error(tmp_path):
    run = run_child([PYTHON, "-m", "tests.bench.child", "engine", str(tmp_path / "missing.jsonl"),
                     str(tmp_path / "out.json")], timeout=300)
    assert not run.ok
    assert "missing.jsonl" in run.failure()


def test_a_child_reports_its_own_peak_memory_not_its_parents(tmp_path):
    big, small = tmp_path / "big.py", tmp_path / "small.py"
    big.write_text("block = bytearray(150 * 2**20)\nfor i in range(0, len(block), 4096):\n    block[i] = 1\n")
    small.write_text("pass\n")
    grown, idle = run_child([PYTHON, str(big)], timeout=300), run_child([PYTHON, str(small)], timeout=300)
    assert grown.ok and idle.ok
    assert grown.peak_rss_mb >= 150
    assert idle.peak_rss_mb < grown.peak_rss_mb - 100


def test_a_child_reports_the_largest_peak_of_the_workers_it_forked(tmp_path):
    script = tmp_path / "forks.py"
    script.write_text("import multiprocessing\n"
                      "def grow(_):\n    block = bytearray(150 * 2**20)\n    block[::4096] = b'1' * len(block[::4096])\n"
                      "if __name__ == '__main__':\n"
                      "    with multiprocessing.get_context('fork').Pool(1) as pool:\n        pool.map(grow, [0])\n")
    run = run_child([PYTHON, str(script)], timeout=300)
    assert run.ok, run.stderr
    assert run.worker_peak_mb >= 150
    assert run.peak_rss_mb < run.worker_peak_mb - 100  # the main process did not grow


def test_pages_a_child_shares_with_its_workers_count_once_in_the_tree_pss(tmp_path):
    script = tmp_path / "shares.py"
    script.write_text("import multiprocessing, time\n"
                      "block = bytearray(150 * 2**20)\nblock[::4096] = b'1' * len(block[::4096])\n"
                      "def hold(_):\n    time.sleep(1.5)\n    return block[4096]\n"
                      "if __name__ == '__main__':\n"
                      "    with multiprocessing.get_context('fork').Pool(2) as pool:\n        pool.map(hold, [0, 1], 1)\n")
    run = run_child([PYTHON, str(script)], timeout=300)
    assert run.ok, run.stderr
    assert run.peak_rss_mb >= 150 and run.worker_peak_mb >= 150  # each counts the block it holds or shares
    assert 150 <= run.tree_pss_mb < 250  # together they held it once


def test_a_child_past_its_time_limit_is_stopped():
    run = run_child([PYTHON, "-c", "import time; time.sleep(60)"], timeout=0.5)
    assert run.timed_out and not run.ok
    assert "time limit" in run.failure()


def test_end_to_end_and_dashboard_run_on_a_sqlite_database(corpus, tmp_path):
    steps = endtoend.end_to_end(f"sqlite:///{tmp_path / 'bench.sqlite3'}", corpus)
    assert [s.name for s in steps] == ["migrate", "import_articles", "score_articles"]
    assert all(s.run.ok for s in steps), [s.run.failure() for s in steps]
    assert endtoend.imported_count(steps) == N
    assert steps[-1].summary.startswith(f"scored {N} articles")
    run, data = endtoend.dashboard(f"sqlite:///{tmp_path / 'bench.sqlite3'}", tmp_path / "static")
    assert run.ok, run.stderr
    assert data["articles"] == N
    assert [p["path"].split("/")[1] for p in data["pages"]] == ["", "outlets", "outlets", "stories", "stories",
                                                                "articles", "search"]
    assert all(p["queries"] > 0 for p in data["pages"])


def test_new_articles_arrive_into_the_scored_database_and_are_scored_as_they_arrive(corpus, tmp_path):
    bigger = scale(demo_world(), N + 20)
    assert bigger.articles[:N] == scale(demo_world(), N).articles  # the arrivals follow the corpus exactly
    arriving, _ = write_world(_part(bigger, bigger.articles[N:]), tmp_path / "arriving")
    url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    assert all(s.run.ok for s in endtoend.end_to_end(url, corpus))
    step = endtoend.arrival(url, arriving)
    assert step.run.ok, step.run.failure()
    assert step.summary.startswith("imported 20")
    import sqlite3

    from scoring.engine import ENGINE_VERSION
    with sqlite3.connect(tmp_path / "bench.sqlite3") as db:  # scored in the import's own process (Celery eager)
        scored = db.execute("SELECT COUNT(DISTINCT article_id) FROM scoring_articlescore WHERE engine_version = ?",
                            (ENGINE_VERSION,)).fetchone()[0]
    assert scored == N + 20


def test_the_document_names_what_did_not_run_and_carries_the_stamp():
    results = report.Results(command=".venv/bin/python -m tests.bench.run", mode="default", sizes=[1_000, 10_000])
    results.stamp = {"date": "2026-01-01 00:00 UTC", "cpu": "Some CPU", "cores": 2, "ram_gib": 4.0,
                     "system": "Linux", "commit": "abc123 (dirty)", "load": "0.1 0.1 0.1", "load_end": "0.2 0.2 0.2"}
    results.engine = {1_000: {"articles": 1_000, "tokens": 5, "stories": 3, "findings": 1, "read_s": 1.0,
                              "tokenize_s": 1.0, "engine_s": 10.0, "rss_before_engine_mb": 50.0,
                              "peak_rss_mb": 90.0},
                      10_000: "skipped: projected 99 min"}
    results.e2e = {"SQLite": {}, "PostgreSQL": {}}
    results.e2e_notes = {"PostgreSQL": "not reachable"}
    results.quality = "the evaluation needs ../shared"
    results.arrivals = {10_000: "skipped: 0.5 min of the budget left"}
    text = report.render(results)
    assert "skipped: 0.5 min of the budget left" in text
    assert "1,000 new articles into a scored 100k corpus on PostgreSQL under 30 s | not measured" in text
    assert "abc123 (dirty)" in text and "Some CPU" in text and "2026-01-01" in text
    assert "skipped: projected 99 min" in text
    assert "5.0x" in text  # engine 10 s over a lower bound of 1 + 1 s
    assert "not reachable" in text and "the evaluation needs ../shared" in text


def test_the_stories_stage_is_fitted_from_10k_on_and_a_gap_is_named():
    results = report.Results(command="bench", mode="default", sizes=[1_000, 10_000])
    results.stamp = {"date": "2026-01-01 00:00 UTC", "cpu": "Some CPU", "cores": 2, "ram_gib": 4.0,
                     "system": "Linux", "commit": "abc123", "load": "0.1 0.1 0.1"}
    results.e2e = {"SQLite": {}, "PostgreSQL": {}}

    def stage(n, cpu):
        return {"articles": n, "stories": n // 10, "prepare_s": n / 100, "read_docs_s": 0.1, "group_s": cpu,
                "group_cpu_s": cpu, "peak_rss_mb": 100.0}

    # 1k -> 10k grows as n^1 (10x), 10k -> 100k as n^1.5 (31.6x): the fit from 10k must read the second slope.
    results.stories = {1_000: stage(1_000, 1.0), 10_000: stage(10_000, 10.0), 100_000: stage(100_000, 316.23)}
    text = report.render(results)
    assert "### The stories stage" in text
    assert "from 10k (issue 20: at most 1.1): CPU **1.50** (fit over 10k, 100k" in text
    results.stories[100_000] = "skipped: projected 40 min"
    text = report.render(results)
    assert "| 100,000 | skipped: projected 40 min |" in text
    assert "CPU not fitted (needs two sizes)" in text


def test_a_paired_comparison_written_by_hand_is_kept_with_its_markers(tmp_path):
    section = f"{report.PAIRED_START}\n### Paired runs\n\nbase 80 s, head 60 s\n{report.PAIRED_END}"
    doc = tmp_path / "BENCHMARKS.md"
    doc.write_text(f"# Benchmarks\n\n## 1. Engine\n\n{section}\n\n## 2. End to end\n", encoding="utf-8")
    assert report.kept_paired_section(doc) == section
    doc.write_text("# Benchmarks\n\nno comparison here\n", encoding="utf-8")
    assert report.kept_paired_section(doc) == ""
