"""The engine's output does not depend on how it ran: worker processes, or string-hash seeds."""
import json
import os
import subprocess
import sys

from scoring.engine import pipeline, runner, score_corpus
from tests.bench.child import read_corpus
from tests.conftest import ROOT, shared_path

DEMO = ROOT / "sources" / "demo" / "articles.jsonl"

# The small evaluation world (8 real clusters with copies, spun copies of copies and edited roots): an
# engine that iterated a set of tokens there gave three different outputs under three hash seeds.
SCORE_WORLD = """
import hashlib, json, sys
from pathlib import Path
from scoring.engine import score_corpus
from scoring.evaluation.worlds import build_world, write_world
from tests.bench.child import read_corpus
articles, _ = write_world(build_world(seed=0, clusters=8), Path(sys.argv[1]))
result = score_corpus(read_corpus(articles), workers=1).to_dict()
print(hashlib.sha256(json.dumps(result, sort_keys=True).encode()).hexdigest(), len(result["articles"]))
"""


def test_workers_give_the_same_output_as_one_process(monkeypatch):
    articles = read_corpus(DEMO)
    alone = score_corpus(articles, workers=1).to_dict()
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", 0)  # the demo is small: make it use the pool
    assert runner.Workers(articles, 2, pipeline.PARALLEL_MIN_ARTICLES).parallel  # else this would compare a process with itself
    assert score_corpus(articles, workers=2).to_dict() == alone


def test_the_output_does_not_follow_string_hashes(tmp_path):
    # Python salts str hashes per process; iterating a set of strings (or of tuples holding them) follows
    # the salt, so an engine that let such an order reach its output would differ from run to run.
    shared_path("realdata", "basil_same_event_triplets")
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", SCORE_WORLD, str(tmp_path / seed)], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True)
        outputs.add(run.stdout)
    assert len(outputs) == 1
    assert int(outputs.pop().split()[1]) > 50


def test_two_threads_scoring_at_once_each_get_their_own_corpus():
    # A web process (eager Celery) may score an upload in one thread while another thread scores too.
    from concurrent.futures import ThreadPoolExecutor

    articles = read_corpus(DEMO)
    halves = [articles[: len(articles) // 2], articles[len(articles) // 2:]]
    alone = [score_corpus(h, workers=1).to_dict() for h in halves]
    with ThreadPoolExecutor(2) as threads:
        together = list(threads.map(lambda h: score_corpus(h, workers=1).to_dict(), halves * 3))
    assert together == alone * 3


def test_a_caller_that_stops_reading_stops_the_workers_and_leaves_no_files(monkeypatch, tmp_path):
    # Pass 2 runs in the workers as the caller reads (it saves one story while they score the next ones): a caller
    # that leaves early, as a save that raises does, must not leave them running or their files behind.
    import multiprocessing
    import tempfile

    from scoring.engine import score_stories

    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    articles = sorted(read_corpus(DEMO), key=lambda a: a.id)
    with score_stories(iter(articles), workers=2) as scored:
        first_story, _ = next(scored)
        assert multiprocessing.active_children()  # the pool is still there, scoring the next stories
    assert first_story.articles
    assert not multiprocessing.active_children()
    assert not list(tmp_path.iterdir())
