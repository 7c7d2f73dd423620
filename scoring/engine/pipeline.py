"""The engine end to end: articles in, stories, consensus, findings, fidelity and outlet scores out.

Three jobs, three modules: prepare.py makes each article ready (body, sentences, chrome), storypass.py holds a
story's policy (copies, detectors, consensus, the no-consensus rule, scores), runner.py maps work over worker
processes and spills it to files. This module strings them together: prepare and group, pass 1 per story, the
outlets' reliability and the learned fingerprints across stories, pass 2 per story, outlet scores.
"""
from __future__ import annotations

import heapq
import logging
import os
import tempfile
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from scoring.engine import fidelity, fingerprints, runner, stories, storypass
from scoring.engine.params import DEFAULT_PARAMS, Params
from scoring.engine.prepare import Prepared, empty_story_doc, packed, prepare, story_doc, unpacked
from scoring.engine.text import word_weight
from scoring.engine.types import ArticleResult, ArticleText, CorpusResult, Observation, StoryResult
from scoring.engine.version import ENGINE_VERSION

logger = logging.getLogger(__name__)
# Below this many articles a corpus is scored in-process: starting workers costs more than it saves.
PARALLEL_MIN_ARTICLES = 200


def group_articles(articles: list[ArticleText], workers: int | None = None,
                   params: Params = DEFAULT_PARAMS) -> list[list[str]]:
    """Article ids grouped into stories, without scoring (to find which stored stories new articles join)."""
    articles = sorted(articles, key=lambda a: a.id)
    with _workers(articles, workers) as pool:
        groups = stories.group_stories(pool.imap(_story_doc_of, pool.items, chunksize=64), params.stories)
    return [[articles[i].id for i in g] for g in groups]


def story_docs(articles: Iterable[ArticleText], workers: int | None = None) -> list[stories.StoryDoc]:
    """What story grouping reads of each article (prepared alone, so a doc depends on its article only): a caller
    that links in rounds over growing sets prepares each article once."""
    with _workers(list(articles), workers) as pool:
        return list(pool.imap(_story_doc_of, pool.items, chunksize=64))


@dataclass
class Ahead:
    """Articles prepared before a run: their story docs (to link them first) and where their preparations lie
    (so that the run that scores them does not prepare them again). Made by prepared_ahead."""

    params: Params
    docs: dict[str, stories.StoryDoc]
    where: dict[str, tuple[str, int, int]]


@dataclass(frozen=True)
class _Ready:
    """An article of a run prepared ahead (only its id crosses to the workers)."""

    id: str


@contextmanager
def prepared_ahead(articles: Iterable[ArticleText], workers: int | None = None,
                   params: Params | None = None) -> Iterator[Ahead]:
    """Prepare these articles once for two uses: linking them to the stored corpus (their story docs, see
    linked_docs), then the score_stories run that scores them with the stories they join (`ahead=`). A newsroom's
    arrivals are most of the articles such a run prepares; preparing them twice cost a third of its time. The
    preparations lie in a temporary folder until the block ends."""
    params = params or DEFAULT_PARAMS
    with tempfile.TemporaryDirectory(prefix="concordance-ahead-") as folder:
        ahead = Ahead(params, {}, {})
        with _workers(list(articles), workers) as pool:
            for doc, where in pool.imap(partial(_story_doc_kept, folder, params), pool.items, chunksize=64):
                ahead.docs[doc.id], ahead.where[doc.id] = doc, where
        yield ahead


def linked_docs(docs: Iterable[stories.StoryDoc], new_ids: set[str], params: Params = DEFAULT_PARAMS) -> set[str]:
    """Ids of the articles (given by their story docs, see story_docs) linked to any of new_ids, directly or
    through others, by pairs that reach the story link threshold (see stories.link_components): the articles whose
    stories the new ones may change."""
    docs = sorted(docs, key=lambda d: d.id)
    components = stories.link_components(docs, params.stories)
    return {docs[i].id for c in components if any(docs[i].id in new_ids for i in c) for i in c}


def score_corpus(articles: list[ArticleText], params: Params | None = None,
                 workers: int | None = None, before_story: Callable[[list[str]], None] | None = None) -> CorpusResult:
    """Stories, consensus, findings and fidelity for a list of ArticleText. Same input, same output,
    whatever the number of worker processes (`workers`: None for one per CPU, 1 for none). `params`: every
    parameter of the run (params.Params; None for the defaults). A story whose scoring raises is in the result
    with its `error` and without its articles (see score_stories)."""
    params = params or DEFAULT_PARAMS
    weights = params.weights
    story_results, article_results = [], []
    with score_stories(sorted(articles, key=lambda a: a.id), params, workers, before_story=before_story) as scored:
        for story, results in scored:
            story_results.append(story)
            article_results.extend(results)
    article_results.sort(key=lambda a: a.id)
    day_of = {a.id: stories.as_day(a.published) for a in articles}
    rows = [(a.outlet, a.fidelity) for a in article_results]
    history = fidelity.outlet_history([(a.outlet, a.fidelity, day_of[a.id]) for a in article_results], weights)
    return CorpusResult(ENGINE_VERSION, story_results, article_results, fidelity.outlet_scores(rows, weights), history)


@contextmanager
def score_stories(articles: Iterable[ArticleText], params: Params | None = None, workers: int | None = None,
                  observed: Iterable[Observation] = (), before_story: Callable[[list[str]], None] | None = None,
                  keep_doc: Callable[[stories.StoryDoc], None] | None = None, ahead: Ahead | None = None,
                  ) -> Iterator[Iterator[tuple[StoryResult, list[ArticleResult]]]]:
    """Score the corpus, then give its results a story at a time: (StoryResult, its ArticleResults), in story order.

    `articles` must come in order of their ids (ValueError otherwise: the output must not depend on the order),
    and are read once, as a generator gives them: each is handed to a worker, prepared, and written to a
    temporary file with what later passes need of it, so the texts of a whole corpus are never in memory together.
    Stories, pass 1 and what it teaches are computed on entering; pass 2 runs in the workers as the caller reads
    (saving one story while the workers score the next). Results wait in temporary files too (deleted on leaving)
    and are read back one story at a time, so a caller that saves as it reads (the Django bridge) never holds a
    corpus of results either. Leaving before the last result stops the workers. Outlet scores are left to the
    caller (score_corpus computes them from all the fidelities).
    `observed`: the swap observations (StoryResult.observations) of stories scored earlier and not scored again
    here, so that a run over a few stories knows the spin fingerprints the whole corpus taught.

    Faults are isolated by story: an article whose preparation raises, or a story whose scoring raises, gives that
    story as a StoryResult with its `error` (logged with the story's and articles' ids) and no ArticleResults; every
    other story is scored as usual. `before_story(article_ids)` is called before each story is scored, in the
    process that scores it; what it raises fails that story like an engine error (tests use it to fail one story).
    `keep_doc(doc)` is given each article's story doc as grouping reads it (the bridge stores them, so that later
    arrivals link against the stored articles without preparing them again: see story_docs).
    `ahead`: articles of the run already prepared (prepared_ahead, with the same params), scored without being
    prepared again; an article given both ways is taken from `ahead`. The output is that of a run given them all.
    """
    params = params or DEFAULT_PARAMS
    if ahead is not None and ahead.params != params:
        raise ValueError("articles prepared ahead with other parameters than the run's")
    items = _in_id_order(_with_ready(articles, ahead))
    stated, changed = defaultdict(int), defaultdict(float)
    with tempfile.TemporaryDirectory(prefix="concordance-engine-") as folder:
        with _workers(items, workers) as pool:
            # Read as the workers make them: a doc's bags are dropped once its rows are in the story index. Each
            # article is prepared once: the worker that makes its doc also writes what pass 1 needs of it to a file.
            prepared = []

            def docs():
                for doc, where in pool.imap(partial(_story_doc_kept, folder, params), pool.items, chunksize=64):
                    if isinstance(doc, _Ready):
                        doc, where = ahead.docs[doc.id], ahead.where[doc.id]
                    prepared.append(where)
                    if keep_doc is not None:
                        keep_doc(doc)
                    yield doc

            started = time.perf_counter()
            groups = [[prepared[i] for i in g] for g in stories.group_stories(docs(), params.stories)]
            logger.info("engine: %d articles prepared and grouped into %d stories in %.1f s", len(prepared),
                        len(groups), time.perf_counter() - started)
            # Pass 1, a story at a time: copies and their diffs (they do not depend on anyone's reliability). Each
            # story's state is compacted (see storypass.StoryState.compact) and written by the process that made it
            # to a file of its own, so the states of the whole corpus are never in memory together and never cross a
            # pipe; only where each one lies and its per-outlet counts come back.
            states, observations, started = [], list(observed), time.perf_counter()
            first_pass = partial(_first_pass, folder, params, before_story)
            for where, story_stated, story_changed, story_observed in pool.imap(first_pass, groups, chunksize=4):
                states.append(where)
                observations.extend(story_observed)
                for o, n in story_stated.items():
                    stated[o] += n
                for o, n in story_changed.items():
                    changed[o] += n
            logger.info("engine: pass 1 (copies, spin, copy drift) in %.1f s", time.perf_counter() - started)
            # Truth discovery, one step: an outlet whose copies swap or change facts is a less reliable voice.
            reliability = storypass.outlet_reliability(stated, changed)
            # The swaps spinners repeat, learned from every story's copies (and the earlier runs' `observed`).
            learned = (fingerprints.learn(observations, params.detectors.fingerprint_min_stories)
                       if params.detectors.fingerprints else fingerprints.Fingerprints())
            logger.info("engine: %d spin fingerprints learned from %d observations", len(learned), len(observations))
            # Pass 2, a story at a time, in the workers too: consensus weighted by reliability, drift against it,
            # scores; each story's results are written to a file the same way, and read back by the caller as soon
            # as it and the stories before it are done: the caller saves a story while the workers score the next
            # ones, where waiting for all of them would leave the workers idle while it saves.
            results = pool.imap(partial(_second_pass, folder, reliability, learned), states, chunksize=4)
            yield runner.read_spilled(_logged_when_done(results, "engine: pass 2 (consensus, drift, fidelity) "
                                                                 "and reading its results in %.1f s"))


def _logged_when_done(items: Iterable, message: str) -> Iterator:
    """The items, then `message` logged with the seconds from the first read to the last."""
    started = time.perf_counter()
    yield from items
    logger.info(message, time.perf_counter() - started)


def _in_id_order(articles: Iterable[ArticleText]) -> Iterator[ArticleText]:
    last = None
    for a in articles:
        if last is not None and a.id < last:
            raise ValueError(f"articles must come in order of their ids: {a.id!r} came after {last!r}")
        last = a.id
        yield a


def _with_ready(articles: Iterable[ArticleText], ahead: Ahead | None) -> Iterator[ArticleText | _Ready]:
    """The run's articles in order of their ids, those prepared ahead as _Ready (they must come in id order too)."""
    if ahead is None:
        return iter(articles)
    fresh = (a for a in articles if a.id not in ahead.docs)
    return heapq.merge(fresh, map(_Ready, sorted(ahead.docs)), key=lambda a: a.id)


def _story_doc_of(article: ArticleText) -> stories.StoryDoc:
    p = _prepared_or_failed(article)
    return story_doc(p) if isinstance(p, Prepared) else empty_story_doc(article)


def _story_doc_kept(folder: str, params: Params, article: ArticleText | _Ready):
    """The article's story doc, and where its preparation was written for pass 1 (see prepare.packed); an
    article prepared ahead comes back as it went (the caller holds its doc)."""
    if isinstance(article, _Ready):
        return article, None
    p = _prepared_or_failed(article, params)
    if isinstance(p, _Failed):  # a story of its own (its doc shares no words), which fails in pass 1
        return empty_story_doc(article), runner.spill(folder, "prepared", p)
    return story_doc(p), runner.spill(folder, "prepared", packed(p))


@dataclass(frozen=True)
class _Failed:
    """An article whose preparation raised, or a story whose scoring raised: reported in place of its results."""

    ids: tuple[str, ...]  # the article ids
    title: str
    error: str


def _error_text(exc: BaseException) -> str:
    """What went wrong and where, the same on every run: "IndexError: tuple index out of range (spin.py:27 in swaps)"."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({os.path.basename(frames[-1].filename)}:{frames[-1].lineno} in {frames[-1].name})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def _prepared_or_failed(article: ArticleText, params: Params = DEFAULT_PARAMS):
    try:
        return prepare(article, params)
    except Exception as exc:  # one bad article must not stop the run: its story fails, the others are scored
        logger.exception("engine: article %s could not be prepared", article.id)
        return _Failed((article.id,), article.title, _error_text(exc))


def _first_pass(folder: str, params: Params, before_story, group: list[tuple]):
    """Pass 1 of one story (where each of its articles' preparations lies), its compacted state written to a file
    in `folder`: returns where it lies and the outlets' sentence and change counts for their reliability. A story
    whose pass 1 raises is written as a _Failed record instead, and counts nothing."""
    members = list(runner.read_spilled(group))
    ids = [m.ids[0] if isinstance(m, _Failed) else m[0].id for m in members]
    try:
        failed = [m for m in members if isinstance(m, _Failed)]
        if failed:
            raise _ArticleFailed(f"article {failed[0].ids[0]}: {failed[0].error}")
        if before_story is not None:
            before_story(ids)
        st = storypass.StoryState([unpacked(p) for p in members], params)
    except Exception as exc:
        return runner.spill(folder, "states", _failed_story(ids, members, exc)), {}, {}, ()
    st.compact()
    stated, changed = st.outlet_counts()
    return runner.spill(folder, "states", st), stated, changed, st.observations


def _second_pass(folder: str, reliability: dict[str, float], learned: fingerprints.Fingerprints, where):
    """Pass 2 of the story whose state lies at `where`; returns where its results were written."""
    (st,) = runner.read_spilled([where])
    if not isinstance(st, _Failed):
        try:
            return runner.spill(folder, "results", st.finish(reliability, learned))
        except Exception as exc:
            st = _failed_story([d.id for d in st.docs], [m.article for m in st.members], exc)
    return runner.spill(folder, "results", (StoryResult(stories.story_id(list(st.ids)), st.title, list(st.ids), [],
                                                  has_consensus=False, error=st.error), []))


class _ArticleFailed(Exception):
    """A story member whose preparation raised (the story cannot be scored without it)."""


def _failed_story(ids: list[str], members: list, exc: Exception) -> _Failed:
    """The _Failed record of a story whose scoring raised `exc`, logged with the story's and articles' ids."""
    error = str(exc) if isinstance(exc, _ArticleFailed) else _error_text(exc)
    logger.error("engine: story %s (articles %s) failed: %s", stories.story_id(ids), ", ".join(ids), error,
                 exc_info=not isinstance(exc, _ArticleFailed))
    titles = [m.title if isinstance(m, (_Failed, ArticleText)) else m[0].title for m in members]
    return _Failed(tuple(ids), next((t for t in titles if t), ""), error)


def _workers(items: Iterable, workers: int | None) -> runner.Workers:
    # The word frequencies are loaded once, before forking, so that the workers share them.
    return runner.Workers(items, workers, PARALLEL_MIN_ARTICLES, before_fork=partial(word_weight, "news"))
