"""The engine end to end: articles in, stories, consensus, findings, fidelity and outlet scores out.

Detectors are called through their modules (spin.find_spin, not an imported name) so that an evaluation
can replace one and watch the metrics fall.
"""
from __future__ import annotations

import ctypes
import gc
import itertools
import logging
import multiprocessing
import os
import pickle
import signal
import stat
import sys
import tempfile
import time
import traceback
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from scoring.engine import (align, consensus, drift, entities, extract, fidelity, fingerprints, sidebar, spin,
                            stories)
from scoring.engine.fidelity import DEFAULT_WEIGHTS, Weights
from scoring.engine.text import (Sentence, Token, content_norms, idf_vector, quote_regions, split_sentences,
                                 tokenize, word_weight)
from scoring.engine.types import ArticleResult, ArticleText, CorpusResult, Finding, Observation, StoryResult
from scoring.engine.version import ENGINE_VERSION

LEAD_SENTENCES = 2
logger = logging.getLogger(__name__)
_WHEN = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


@dataclass
class Prepared:
    article: ArticleText
    extracted: extract.Extracted
    doc: align.Doc
    chrome: list[Finding]  # boilerplate and sidebar findings


def prepare(article: ArticleText) -> Prepared:
    """Extract the body, split it into sentences and find the page's chrome and headline lists."""
    ex = extract.extract(article.text, article.html, article.title)
    sentences, quotes = [], []
    for b in ex.body_blocks:
        sentences += split_sentences(ex.text, b.start, b.end)
        quotes += quote_regions(ex.text, b.start, b.end)
    doc = align.Doc(article.id, article.outlet, ex.text, sentences, stories.as_day(article.published), quotes,
                    article.published)
    return Prepared(article, ex, doc, _chrome_findings(ex))


def _chrome_findings(ex: extract.Extracted) -> list[Finding]:
    out = []
    verdicts = {v.block: v for v in sidebar.classify_blocks(ex)}
    for b in ex.blocks:
        text = ex.text[b.start:b.end]
        v = verdicts.get(b)
        if v is not None and v.partisan:
            out.append(Finding(
                kind="sidebar", start=b.start, end=b.end, text=text, severity=1.0, detail="partisan",
                explanation=f"A list of {v.items} headlines, {v.slanted} of them in loaded wording "
                            f"({', '.join(v.examples[:4])}), placed in the story's page.",
            ))
        elif b.kind in ("boilerplate", "headlines"):
            out.append(Finding(
                kind="boilerplate", start=b.start, end=b.end, text=text, severity=0.0,
                detail="headlines" if b.kind == "headlines" else "chrome",
                explanation="Site chrome, removed from the body and not held against the outlet.",
            ))
    return out


def _story_doc(p: Prepared) -> stories.StoryDoc:
    body = [n for s in p.doc.sentences for n in content_norms(s.tokens)]
    lead_sents = p.doc.sentences[:LEAD_SENTENCES]
    lead = content_norms(tokenize(p.article.title)) + [n for s in lead_sents for n in content_norms(s.tokens)]
    when = frozenset(t.norm for s in lead_sents for t in s.tokens if t.norm in _WHEN)
    names = entities.names((s.tokens for s in p.doc.sentences), tokenize(p.article.title))
    return stories.StoryDoc(p.article.id, stories.Bag(idf_vector(body)), stories.Bag(idf_vector(lead)), p.doc.day,
                            when, stories.Bag(idf_vector(names)))


# Below this many articles a corpus is scored in-process: starting workers costs more than it saves.
PARALLEL_MIN_ARTICLES = 200


def group_articles(articles: list[ArticleText], workers: int | None = None) -> list[list[str]]:
    """Article ids grouped into stories, without scoring (to find which stored stories new articles join)."""
    articles = sorted(articles, key=lambda a: a.id)
    with _Workers(articles, workers) as pool:
        groups = stories.group_stories(pool.imap(_story_doc_of, pool.items, chunksize=64))
    return [[articles[i].id for i in g] for g in groups]


def linked_articles(articles: list[ArticleText], new_ids: set[str], workers: int | None = None) -> set[str]:
    """Ids of the articles linked to any of new_ids, directly or through others, by pairs that reach the story
    link threshold (see stories.link_components): the articles whose stories the new ones may change."""
    articles = sorted(articles, key=lambda a: a.id)
    with _Workers(articles, workers) as pool:
        components = stories.link_components(pool.imap(_story_doc_of, pool.items, chunksize=64))
    return {articles[i].id for c in components if any(articles[i].id in new_ids for i in c) for i in c}


def score_corpus(articles: list[ArticleText], weights: Weights | None = None,
                 workers: int | None = None, before_story: Callable[[list[str]], None] | None = None) -> CorpusResult:
    """Stories, consensus, findings and fidelity for a list of ArticleText. Same input, same output,
    whatever the number of worker processes (`workers`: None for one per CPU, 1 for none). A story whose scoring
    raises is in the result with its `error` and without its articles (see score_stories)."""
    weights = weights or DEFAULT_WEIGHTS
    story_results, article_results = [], []
    with score_stories(sorted(articles, key=lambda a: a.id), weights, workers, before_story=before_story) as scored:
        for story, results in scored:
            story_results.append(story)
            article_results.extend(results)
    article_results.sort(key=lambda a: a.id)
    day_of = {a.id: stories.as_day(a.published) for a in articles}
    rows = [(a.outlet, a.fidelity) for a in article_results]
    history = fidelity.outlet_history([(a.outlet, a.fidelity, day_of[a.id]) for a in article_results], weights)
    return CorpusResult(ENGINE_VERSION, story_results, article_results, fidelity.outlet_scores(rows, weights), history)


@contextmanager
def score_stories(articles: Iterable[ArticleText], weights: Weights | None = None, workers: int | None = None,
                  observed: Iterable[Observation] = (), before_story: Callable[[list[str]], None] | None = None,
                  ) -> Iterator[Iterator[tuple[StoryResult, list[ArticleResult]]]]:
    """Score the corpus, then give its results a story at a time: (StoryResult, its ArticleResults), in story order.

    `articles` must come in order of their ids (ValueError otherwise: the output must not depend on the order),
    and are read once, as a generator gives them: each is handed to a worker, prepared, and written to a
    temporary file with what later passes need of it, so the texts of a whole corpus are never in memory together.
    Everything is computed on entering; the results wait in temporary files too (deleted on leaving) and are read
    back one story at a time, so a caller that saves as it reads (the Django bridge) never holds a corpus of
    results either. Outlet scores are left to the caller (score_corpus computes them from all the fidelities).
    `observed`: the swap observations (StoryResult.observations) of stories scored earlier and not scored again
    here, so that a run over a few stories knows the spin fingerprints the whole corpus taught.

    Faults are isolated by story: an article whose preparation raises, or a story whose scoring raises, gives that
    story as a StoryResult with its `error` (logged with the story's and articles' ids) and no ArticleResults; every
    other story is scored as usual. `before_story(article_ids)` is called before each story is scored, in the
    process that scores it; what it raises fails that story like an engine error (tests use it to fail one story).
    """
    weights = weights or DEFAULT_WEIGHTS
    stated, changed = defaultdict(int), defaultdict(float)
    with tempfile.TemporaryDirectory(prefix="concordance-engine-") as folder:
        with _Workers(_in_id_order(articles), workers) as pool:
            # Read as the workers make them: a doc's bags are dropped once its rows are in the story index. Each
            # article is prepared once: the worker that makes its doc also writes what pass 1 needs of it to a file.
            prepared = []

            def docs():
                for doc, where in pool.imap(partial(_story_doc_kept, folder), pool.items, chunksize=64):
                    prepared.append(where)
                    yield doc

            started = time.perf_counter()
            groups = [[prepared[i] for i in g] for g in stories.group_stories(docs())]
            logger.info("engine: %d articles prepared and grouped into %d stories in %.1f s", len(prepared),
                        len(groups), time.perf_counter() - started)
            # Pass 1, a story at a time: copies and their diffs (they do not depend on anyone's reliability). Each
            # story's state is compacted (see _StoryState.compact) and written by the process that made it to a
            # file of its own, so the states of the whole corpus are never in memory together and never cross a
            # pipe; only where each one lies and its per-outlet counts come back.
            states, observations, started = [], list(observed), time.perf_counter()
            for where, story_stated, story_changed, story_observed in pool.imap(partial(_first_pass, folder, before_story), groups,
                                                                                chunksize=4):
                states.append(where)
                observations.extend(story_observed)
                for o, n in story_stated.items():
                    stated[o] += n
                for o, n in story_changed.items():
                    changed[o] += n
            logger.info("engine: pass 1 (copies, spin, copy drift) in %.1f s", time.perf_counter() - started)
            # Truth discovery, one step: an outlet whose copies swap or change facts is a less reliable voice.
            reliability = _reliability(stated, changed)
            # The swaps spinners repeat, learned from every story's copies (and the earlier runs' `observed`).
            learned = fingerprints.learn(observations)
            logger.info("engine: %d spin fingerprints learned from %d observations", len(learned), len(observations))
            # Pass 2, a story at a time, in the workers too: consensus weighted by reliability, drift against it,
            # scores; each story's results are written to a file the same way.
            started = time.perf_counter()
            results = list(pool.imap(partial(_second_pass, folder, reliability, weights, learned), states,
                                     chunksize=4))
            logger.info("engine: pass 2 (consensus, drift, fidelity) in %.1f s", time.perf_counter() - started)
        yield _read_spilled(results)


def _in_id_order(articles: Iterable[ArticleText]) -> Iterator[ArticleText]:
    last = None
    for a in articles:
        if last is not None and a.id < last:
            raise ValueError(f"articles must come in order of their ids: {a.id!r} came after {last!r}")
        last = a.id
        yield a


def _story_doc_of(article: ArticleText) -> stories.StoryDoc:
    p = _prepared_or_failed(article)
    return _story_doc(p) if isinstance(p, Prepared) else _empty_story_doc(article)


def _story_doc_kept(folder: str, article: ArticleText):
    """The article's story doc, and where its preparation was written for pass 1 (see _packed)."""
    p = _prepared_or_failed(article)
    if isinstance(p, _Failed):  # a story of its own (its doc shares no words), which fails in pass 1
        return _empty_story_doc(article), _spill(folder, "prepared", p)
    return _story_doc(p), _spill(folder, "prepared", _packed(p))


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


def _prepared_or_failed(article: ArticleText):
    try:
        return prepare(article)
    except Exception as exc:  # one bad article must not stop the run: its story fails, the others are scored
        logger.exception("engine: article %s could not be prepared", article.id)
        return _Failed((article.id,), article.title, _error_text(exc))


def _empty_story_doc(article: ArticleText) -> stories.StoryDoc:
    return stories.StoryDoc(article.id, stories.Bag({}), stories.Bag({}), stories.as_day(article.published), frozenset())


def _packed(p: Prepared) -> tuple:
    """A prepared article for pass 1, its tokens in a compact form: their normal forms in one string and their
    offsets in one array. Token tuples would be most of the record, and slower to unpickle than to make again
    from the text; from this form they are made in about half the time tokenizing takes."""
    text = p.extracted.text
    tokens = [t for s in p.doc.sentences for t in s.tokens]
    return (p.article, None if text == p.article.text else text, p.extracted.blocks,
            [(s.start, s.end, len(s.tokens)) for s in p.doc.sentences], p.doc.quotes, p.chrome,
            _NORM_SEPARATOR.join(t.norm for t in tokens), array("q", [x for t in tokens for x in (t.start, t.end)]))


_NORM_SEPARATOR = "\n"  # never inside a token: tokens are words and numbers (see text.tokenize)
_new_tuple = tuple.__new__


def _unpacked(packed: tuple) -> Prepared:
    """What prepare(article) returned, from _packed's record."""
    article, text, blocks, spans, quotes, chrome, norms, offsets = packed
    text = article.text if text is None else text
    norms = norms.split(_NORM_SEPARATOR) if len(offsets) else []
    starts, ends = offsets[0::2], offsets[1::2]
    sentences, k = [], 0
    for start, end, n in spans:
        tokens = tuple([_new_tuple(Token, (text[a:b], norm, a, b))
                        for norm, a, b in zip(norms[k:k + n], starts[k:k + n], ends[k:k + n])])
        sentences.append(Sentence(start, end, text[start:end], tokens))
        k += n
    doc = align.Doc(article.id, article.outlet, text, sentences, stories.as_day(article.published), quotes,
                    article.published)
    return Prepared(article, extract.Extracted(text, blocks), doc, chrome)


def _first_pass(folder: str, before_story, group: list[tuple]):
    """Pass 1 of one story (where each of its articles' preparations lies), its compacted state written to a file
    in `folder`: returns where it lies and the outlets' sentence and change counts for their reliability. A story
    whose pass 1 raises is written as a _Failed record instead, and counts nothing."""
    members = list(_read_spilled(group))
    ids = [m.ids[0] if isinstance(m, _Failed) else m[0].id for m in members]
    try:
        failed = [m for m in members if isinstance(m, _Failed)]
        if failed:
            raise _ArticleFailed(f"article {failed[0].ids[0]}: {failed[0].error}")
        if before_story is not None:
            before_story(ids)
        st = _StoryState([_unpacked(p) for p in members])
    except Exception as exc:
        return _spill(folder, "states", _failed_story(ids, members, exc)), {}, {}, ()
    st.compact()
    stated, changed = defaultdict(int), defaultdict(float)
    for d, doc in enumerate(st.docs):
        stated[doc.outlet] += len(doc.sentences)
        for f in st.copy_findings.get(d, []):
            if f.kind in ("spin", "drift"):  # an "updated" value is no change of the outlet's own
                changed[doc.outlet] += 1.0 if f.kind == "drift" else 0.5
    return _spill(folder, "states", st), dict(stated), dict(changed), st.observations


def _second_pass(folder: str, reliability: dict[str, float], weights: Weights, learned: fingerprints.Fingerprints,
                 where):
    """Pass 2 of the story whose state lies at `where`; returns where its results were written."""
    (st,) = _read_spilled([where])
    if not isinstance(st, _Failed):
        try:
            return _spill(folder, "results", st.finish(reliability, weights, learned))
        except Exception as exc:
            st = _failed_story([d.id for d in st.docs], [m.article for m in st.members], exc)
    return _spill(folder, "results", (StoryResult(stories.story_id(list(st.ids)), st.title, list(st.ids), [],
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


def _spill(folder: str, kind: str, obj) -> tuple[str, int, int]:
    """Append obj, pickled, to this process's file of this kind in `folder`; returns (file, offset, length)."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    path = os.path.join(folder, f"{os.getpid()}.{kind}")
    with open(path, "ab") as f:
        offset = f.tell()
        f.write(data)
    return path, offset, len(data)


def _read_spilled(spilled):
    """The objects written by _spill, one at a time, in the order given."""
    files = {}
    try:
        for path, offset, length in spilled:
            f = files.get(path) or files.setdefault(path, open(path, "rb"))
            f.seek(offset)
            yield pickle.loads(f.read(length))
    finally:
        for f in files.values():
            f.close()


def _run_chunk(fn, chunk: list) -> list:
    return [fn(x) for x in chunk]


GC_YOUNG = 50_000  # allocations between collections of the youngest generation while the engine runs (default 700)


class _Workers:
    """imap() over the corpus, in forked worker processes when that pays, else in this process.

    `items` is what the first step maps over (the articles): read ahead PARALLEL_MIN_ARTICLES to decide, then
    given again whole as `self.items`. Workers are forked (they inherit the loaded word lists) and run only the
    engine's pure functions. Where fork is unavailable, or this process is itself a daemon (a Celery prefork
    worker may not have children), everything runs here; the output is the same either way. A worker that dies
    fails the call (BrokenProcessPool) instead of leaving it waiting.
    """

    AHEAD = 4  # chunks in flight per worker: enough to keep them busy, few enough to keep the input streaming

    def __init__(self, items: Iterable, workers: int | None):
        self.n = workers if workers is not None else (os.cpu_count() or 1)
        items = iter(items)
        head = list(itertools.islice(items, PARALLEL_MIN_ARTICLES))
        self.items, self.pool = itertools.chain(head, items), None
        self.parallel = (self.n > 1 and len(head) >= PARALLEL_MIN_ARTICLES
                         and "fork" in multiprocessing.get_all_start_methods()
                         and not multiprocessing.current_process().daemon)

    def __enter__(self) -> "_Workers":
        # The engine makes millions of small tuples (tokens, matches) and frees nearly all of them by reference
        # count, yet each 700 of them set off a collection, and the older generations' collections walk the whole
        # heap: a fifth of the engine's time (1,500 articles, one process). Few of its objects form cycles, so
        # the youngest generation is collected every GC_YOUNG allocations instead; the callers' setting comes back
        # on leaving. Forked workers inherit it.
        self.thresholds = gc.get_threshold()
        gc.set_threshold(max(GC_YOUNG, self.thresholds[0]), *self.thresholds[1:])
        if self.parallel:
            word_weight("news")  # load the word frequencies once, before forking, so workers share them
            # Out of the collector's reach until the workers are done: a collection in a worker writes to every
            # object it inherited, which would copy the pages it shares with this process.
            gc.freeze()
            self.pool = ProcessPoolExecutor(self.n, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_worker_started, initargs=(os.getpid(),))
        return self

    def imap(self, fn, items, chunksize: int) -> Iterator:
        """fn over the items, the results in order, each as soon as it and those before it are done. The items are
        read only as workers free up (Executor.map would read them all first, and hold them until done)."""
        if self.pool is None:
            return map(fn, items)
        return self._bounded(fn, iter(items), chunksize)

    def _bounded(self, fn, items: Iterator, chunksize: int) -> Iterator:
        pending: deque = deque()
        while chunk := list(itertools.islice(items, chunksize)):
            pending.append(self.pool.submit(_run_chunk, fn, chunk))
            if len(pending) >= self.AHEAD * self.n:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=exc[0] is not None)
            gc.unfreeze()
        gc.set_threshold(*self.thresholds)


# Handlers a web or job server installs (gunicorn, Celery) that a forked worker must not keep: it inherits them, and
# one that ignores SIGTERM outlives everything sent to stop it.
_DEFAULT_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGTTIN", "SIGTTOU",
                    "SIGWINCH", "SIGALRM")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _worker_started(parent: int) -> None:
    """In each forked worker, first: die with the parent, default signal handling, no inherited socket.

    A worker left behind by a killed parent (a web request killed at its timeout) would otherwise live on with
    the parent's sockets: the client's connection (the browser waits for ever) and the database session, with the
    locks it holds. The engine needs none of them; it talks to the parent through pipes only.
    """
    for name in _DEFAULT_SIGNALS:
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        # The kernel kills this process when the thread that forked it ends, whatever way it ends.
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above: nobody would read the results
        os._exit(1)
    _close_inherited_sockets()


def _close_inherited_sockets() -> None:
    try:
        fds = [int(fd) for fd in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc (not Linux): the parent-death check above is Linux-only too
        return
    for fd in fds:
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            continue  # the descriptor listdir itself used, already closed


class _StoryState:
    def __init__(self, members: list[Prepared]):
        self.members = members
        self.docs = [p.doc for p in members]
        self.id = stories.story_id([d.id for d in self.docs])
        self.matrix = align.StoryMatrix(self.docs)
        # An outlet's earlier versions of an article: one voice with the latest, never compared with it.
        self.version_of = align.versions(self.matrix, [p.article.url for p in members])
        self.groups = align.copy_groups(self.matrix, self.version_of)
        self.voice_of = [0] * len(self.docs)
        self.root_of = list(range(len(self.docs)))
        for g, group in enumerate(self.groups):
            root = align.choose_root(self.matrix, group)
            for d in group:
                self.voice_of[d], self.root_of[d] = g, root
        self._join_versions()
        self._norm_text = [" " + " ".join(t.norm for s in d.sentences for t in s.tokens) + " " for d in self.docs]
        self.copy_findings: dict[int, list[Finding]] = defaultdict(list)
        # Per article, the fixed phrases of each swap its comparison showed (see fingerprints.swap_phrases).
        self.swap_phrases: dict[int, dict[tuple[int, int], set[tuple[str, str]]]] = {}
        self.comparisons: dict[int, align.Comparison] = {}
        self.similarity: dict[int, float] = {}  # a copy's similarity to its root (kept after compact())
        # Each voice's words, for the votes of the voices outside a copy group on its fixed phrases.
        voice_text = ["".join(self._norm_text[d] for d in group) for group in self.groups]
        self.published = [p.article.published for p in members]
        published = {doc.id: when for doc, when in zip(self.docs, self.published)}
        for g, group in enumerate(self.groups):
            if len(group) == 1:
                continue
            root = self.root_of[group[0]]
            comps = {d: align.compare(self.matrix, d, root) for d in group if d != root}
            outside = voice_text[:g] + voice_text[g + 1:]
            for d, comp in align.settle_by_majority(self.matrix, comps, group, root, outside).items():
                if d != root:
                    self.comparisons[d] = comp
                    self.similarity[d] = comp.similarity
                support = self._supporter(d)
                self.copy_findings[d] = _drift_over_spin(
                    spin.find_spin(comp, support, self._norm_text, outside),
                    drift.find_drift(comp, support, published))
                self.swap_phrases[d] = fingerprints.swap_phrases(comp, self._norm_text, outside)
        pairs = [pair for spans in self.swap_phrases.values() for found in spans.values() for pair in found]
        lowered = [doc.text.lower() for doc in self.docs] if pairs else []
        self.observations = tuple(fingerprints.observe(pairs, lowered, self.voice_of))

    def _join_versions(self) -> None:
        """Earlier versions leave the copy groups and speak with the latest version's voice."""
        if not self.version_of:
            return
        self.groups = [[d for d in group if d not in self.version_of] for group in self.groups]
        self.groups = [group for group in self.groups if group]
        for g, group in enumerate(self.groups):
            for d in group:
                self.voice_of[d] = g
        for d, latest in self.version_of.items():
            self.voice_of[d], self.root_of[d] = self.voice_of[latest], d

    def compact(self) -> None:
        """Keep what pass 2 needs, drop what only pass 1 used: tokens, diffs and the alignment caches.

        Pass 2 reads sentence spans (their text is sliced from the article's), the similarity matrix and each
        sentence's fact mentions, which are computed here, while the tokens they come from are still there.
        What stays is about 36 KB an article (measured with tracemalloc on the benchmark corpus).
        """
        for d, doc in enumerate(self.docs):
            for s in range(len(doc.sentences)):
                self.matrix.mentions(d, s)
            doc.sentences = [Sentence(x.start, x.end, "", ()) for x in doc.sentences]
        self.matrix.compact()
        self.comparisons, self._norm_text = {}, []

    def _supporter(self, d: int):
        def support(ref_tokens) -> tuple[str, ...]:
            needle = " " + " ".join(t.norm for t in ref_tokens) + " "
            return tuple(sorted(self.docs[o].id for o in range(len(self.docs))
                                if o != d and needle in self._norm_text[o]))
        return support

    def finish(self, reliability: dict[str, float], w: Weights, learned: fingerprints.Fingerprints | None = None):
        weight = {}
        for g, group in enumerate(self.groups):
            weight[g] = max(reliability.get(self.docs[d].outlet, 1.0) for d in group)
        cons = consensus.build_consensus(self.matrix, self.voice_of, weight, self.id)
        has_consensus = cons.independent_voices >= 2
        articles = []
        learned = learned or fingerprints.Fingerprints()
        lowered = [doc.text.lower() for doc in self.docs] if len(learned) else []
        ids = [doc.id for doc in self.docs]
        for d, p in enumerate(self.members):
            copied = [f for f in self.copy_findings.get(d, []) if not self._contradicted(d, f, learned)]
            findings = list(p.chrome) + copied
            version_of = self.version_of.get(d)  # an earlier version: no comparison, so no finding of its own
            if lowered and version_of is None:
                spans = [(s.start, s.end) for s in self.docs[d].sentences]
                findings += learned.findings(d, lowered, self.voice_of, ids, spans,
                                             [(f.start, f.end) for f in findings], self.docs[d].text)
            if self.root_of[d] == d and has_consensus and version_of is None:
                findings += drift.find_consensus_drift(self.matrix, d, self.voice_of, weight, self.published)
            # Compared: against a consensus, or (a copy) against its own source; an earlier version is shown, not scored.
            compared = (has_consensus or d in self.similarity) and version_of is None
            if not compared:
                findings = [_unpenalised(f) if f.kind in fidelity.PENALISED else f for f in findings]
            findings = _dedupe(findings)
            fid, components = fidelity.article_fidelity(findings, w) if compared else fidelity.not_compared()
            body = p.extracted.body_blocks
            similarity = self.similarity.get(d)
            articles.append(ArticleResult(
                id=p.article.id, outlet=p.article.outlet, story=self.id, fidelity=fid, components=components,
                findings=findings, body=p.extracted.text,
                body_start=body[0].start if body else 0, body_end=body[-1].end if body else 0,
                copy_of=self.docs[self.root_of[d]].id if similarity is not None else None,
                copy_similarity=round(similarity, 3) if similarity is not None else None,
                has_consensus=has_consensus, covered=cons.covered[d],
                version_of=self.docs[version_of].id if version_of is not None else None,
                omitted=[f.id for f in cons.facts if f.id not in cons.covered[d]],
                unverified=[(p.doc.sentences[s].start, p.doc.sentences[s].end) for s in cons.unverified[d]],
            ))
        story = StoryResult(self.id, self._title(), [d.id for d in self.docs], cons.facts, has_consensus,
                            self.observations)
        return story, articles

    def _contradicted(self, d: int, f: Finding, learned: fingerprints.Fingerprints) -> bool:
        """A swap whose phrases are a learned fingerprint the wrong way round: the copy group's vote gave the
        spinner's wording to the source (see fingerprints.py)."""
        pairs = self.swap_phrases.get(d, {}).get((f.start, f.end), ())
        return f.kind in ("spin", "drift") and any(learned.contradicted(spun, orig) for spun, orig in pairs)

    def _title(self) -> str:
        roots = sorted({self.root_of[d] for d in range(len(self.docs))},
                       key=lambda d: (str(self.docs[d].day or "9999"), self.docs[d].id))
        for d in roots:
            if self.members[d].article.title:
                return self.members[d].article.title
        doc = self.docs[roots[0]]
        return doc.text[doc.sentences[0].start:doc.sentences[0].end][:200] if doc.sentences else doc.id


def _reliability(stated: dict[str, int], changed: dict[str, float]) -> dict[str, float]:
    """Outlet reliability in (0, 1]: the share of its articles' sentences that its copies left unchanged."""
    return {o: (1 + stated[o] - min(changed.get(o, 0.0), stated[o])) / (1 + stated[o]) for o in stated}


def _unpenalised(f: Finding) -> Finding:
    return Finding(f.kind, f.start, f.end, f.text, f.expected, f.support, 0.0,
                   f.explanation + " (Not compared: too few independent outlets for a consensus, and no source "
                                   "it copies; not penalised.)", f.detail)


def _drift_over_spin(spins: list[Finding], drifts: list[Finding]) -> list[Finding]:
    """A copy's findings: a change drift judged a changed fact (or an updated value) is not also a swap."""
    facts = {(f.start, f.end) for f in drifts}
    return [f for f in spins if (f.start, f.end) not in facts] + drifts


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per kind and span; sorted by position."""
    seen, out = set(), []
    for f in sorted(findings, key=lambda f: (f.start, f.end, f.kind)):
        key = (f.kind, f.start, f.end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
