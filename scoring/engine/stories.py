"""Stage 2: group the articles that report one event into stories.

Candidate pairs come from an inverted index over each article's most salient words (blocking, as search
engines and record linkage do): two articles are compared only when they share at least MIN_SHARED of
them, and only within the time window, and words that half the window's articles use are not salient.
The work therefore grows with the number of similar pairs, not with all pairs. Candidates are scored by
weighted cosine over the whole body and over the lead (title and first sentences: the lead names the
event, so two reports of related but different events share background words but not their leads).
Clusters are merged greedily by average link, strongest pair first; a story never spans more than the
time window.
"""
from __future__ import annotations

import hashlib
import operator
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from scipy import sparse

SALIENT_BODY = 20  # highest-weighted body words per article in the index
SALIENT_LEAD = 10  # and lead words
MIN_SHARED = 3  # salient words two articles must share to be compared
MAX_DF = 0.5  # a word in more than this share of a window's articles (and over 50 of them) is not salient


class Bag:
    """A weighted bag of words kept compact for a whole corpus: its words, interned so that documents share
    them (also when a bag arrives from a worker process), and their weights in one typed array."""

    __slots__ = ("words", "weights")

    def __init__(self, vector: dict[str, float]):
        self.words = tuple(sys.intern(w) for w in vector)
        self.weights = array("d", vector.values())

    def items(self):
        return zip(self.words, self.weights)

    def values(self):
        return self.weights

    def __iter__(self):
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)

    def top(self, n: int) -> list[str]:
        """The n words of highest weight, ties by word."""
        if len(self.weights) > n:
            cut = sorted(self.weights, reverse=True)[n - 1]  # only words at or above it can be in the top n
            ranked = sorted((-v, t) for t, v in self.items() if v >= cut)
        else:
            ranked = sorted((-v, t) for t, v in self.items())
        return [t for _, t in ranked[:n]]

    def __reduce__(self):
        return Bag, (dict(self.items()),)


@dataclass(frozen=True)
class StoryDoc:
    id: str
    body: Bag  # weighted bag of content words of the body
    lead: Bag  # the same for the title and first sentences
    day: date | None
    when: frozenset[str] = frozenset()  # weekdays and dates the lead gives for the event


@dataclass(frozen=True)
class StoryParams:
    link_threshold: float = 0.35  # average link needed to join two clusters
    lead_weight: float = 0.5  # share of the lead's cosine in a pair's score
    same_day_bonus: float = 0.2  # published within a day: time itself is evidence of one event
    near_day_bonus: float = 0.1  # within three days
    when_conflict: float = 0.75  # leads that date the event differently ("on Monday" / "on Tuesday")
    window_days: int = 7  # no story spans more than this


def as_day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):  # an ISO 8601 date or datetime, as the import format writes it
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            raise ValueError(f"published: {value!r} is not an ISO 8601 date") from None
    return value


def combine(a: StoryDoc | _Dated, b: StoryDoc | _Dated, body_cos: float, lead_cos: float, p: StoryParams) -> float:
    """How strongly two articles look like reports of one event (about 0-1.2), from the cosines of their bodies
    and of their leads, their dates and their leads' weekdays."""
    gap = abs((a.day - b.day).days) if a.day and b.day else None
    if gap is not None and gap > p.window_days:
        return 0.0
    s = (1 - p.lead_weight) * body_cos + p.lead_weight * lead_cos
    if a.when and b.when and not a.when & b.when:
        s *= p.when_conflict
    if gap is not None:
        s += p.same_day_bonus if gap <= 1 else p.near_day_bonus if gap <= 3 else 0.0
    return s


def candidate_pairs(index: "_Index", window_days: int = 7) -> set[tuple[int, int]]:
    """Index pairs (i < j) worth scoring: they share MIN_SHARED salient words and fall in one time window."""
    salient, docs = index.salient.matrix(), index.docs
    pairs: set[tuple[int, int]] = set()
    for block in _time_blocks(docs, window_days):
        sub = salient[block]
        df = np.asarray(sub.sum(axis=0)).ravel()
        common = (df > MAX_DF * len(block)) & (df > 50)
        if common.any():
            sub = sub @ sparse.diags((~common).astype(np.float32))
        shared = sparse.triu(sub @ sub.T, k=1).tocoo()
        keep = shared.data >= MIN_SHARED
        for r, c in zip(shared.row[keep], shared.col[keep]):
            i, j = block[r], block[c]
            pairs.add((min(i, j), max(i, j)))
    return pairs


def _time_blocks(docs: list[_Dated], window_days: int) -> list[list[int]]:
    """Overlapping blocks of doc indices, each spanning two windows, so every pair within a window shares a
    block; undated docs join every block (their time is unknown)."""
    by_slot: dict[int, list[int]] = defaultdict(list)
    undated = []
    for i, doc in enumerate(docs):
        if doc.day is None:
            undated.append(i)
        else:
            by_slot[doc.day.toordinal() // max(1, window_days)].append(i)
    if not by_slot:
        return [undated] if undated else []
    return [by_slot[k] + by_slot.get(k + 1, []) + undated for k in sorted(by_slot)]


def group_stories(docs: Iterable[StoryDoc], params: StoryParams = StoryParams()) -> list[list[int]]:
    """Indices of docs grouped into stories; deterministic (ties broken by article id).

    The docs are read once, in order, and only their rows in sparse matrices are kept, not their bags: given a
    generator, the bags of a whole corpus are never in memory together.
    """
    index = _Index(docs)
    sim = _Similarity(index, params)
    scores = sim.score_pairs(sorted(candidate_pairs(index, params.window_days)))
    docs = index.docs
    cluster_of = list(range(len(docs)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(docs))}
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], docs[kv[0][0]].id, docs[kv[0][1]].id))
    for (i, j), s in ordered:
        if s < params.link_threshold:
            break
        a, b = cluster_of[i], cluster_of[j]
        if a == b or not _fits_window(members[a] + members[b], docs, params.window_days):
            continue
        if sim.average_link(members[a], members[b]) >= params.link_threshold:
            small, big = sorted((a, b), key=lambda c: (len(members[c]), c))
            for k in members[small]:
                cluster_of[k] = big
            members[big].extend(members.pop(small))
    groups = [sorted(m, key=lambda k: docs[k].id) for m in members.values()]
    return sorted(groups, key=lambda g: docs[g[0]].id)


@dataclass(frozen=True)
class _Dated:
    """What grouping keeps of a doc besides its rows: its id (for ties), its day and its lead's weekdays."""

    id: str
    day: date | None
    when: frozenset[str]


class _Rows:
    """Bags of words as the rows of a sparse matrix, added one bag at a time.

    Typed arrays in CSR form: 8 bytes a value, where a list holds a pointer and a float object (32 bytes) for
    each. Columns are numbered in order of first use.
    """

    def __init__(self):
        self.column: dict[str, int] = {}
        self.indptr, self.cols, self.weights, self.norms = array("q", [0]), array("q"), array("d"), array("d")

    def add(self, words, weights=None) -> None:
        """A row of these (distinct) words, with these weights (or ones)."""
        column = self.column
        fresh = [t for t in words if t not in column]
        column.update(zip(fresh, range(len(column), len(column) + len(fresh))))
        self.cols.extend(map(column.__getitem__, words))
        self.indptr.append(len(self.cols))
        if weights is not None:
            self.weights.extend(weights)
            self.norms.append(sum(map(operator.mul, weights, weights)) ** 0.5 or 1.0)

    def matrix(self, unit: bool = False) -> sparse.csr_matrix:
        """The rows, with their weights each scaled to unit length (dot product = cosine) when `unit`, else
        ones."""
        indptr = np.frombuffer(self.indptr, dtype=np.int64)
        if unit:
            lengths = np.diff(indptr)
            vals = np.frombuffer(self.weights, dtype=np.float64) / np.repeat(np.frombuffer(self.norms), lengths)
        else:
            vals = np.ones(len(self.cols), dtype=np.float32)
        m = sparse.csr_matrix((vals, np.frombuffer(self.cols, dtype=np.int64), indptr),
                              shape=(len(indptr) - 1, max(1, len(self.column))))
        m.sort_indices()  # the canonical order a COO build gives, so sums run in the same order as before
        return m


class _Index:
    """A corpus read once for grouping: unit rows of the bodies and of the leads, the salient words of each doc
    (SALIENT_BODY of its body, SALIENT_LEAD of its lead), and each doc's _Dated."""

    def __init__(self, docs: Iterable[StoryDoc]):
        body, lead, self.salient = _Rows(), _Rows(), _Rows()
        self.docs: list[_Dated] = []
        for doc in docs:
            body.add(doc.body.words, doc.body.weights)
            lead.add(doc.lead.words, doc.lead.weights)
            terms = doc.body.top(SALIENT_BODY)
            terms += [t for t in doc.lead.top(SALIENT_LEAD) if t not in terms]
            self.salient.add(terms)
            self.docs.append(_Dated(doc.id, doc.day, doc.when))
        self.body, self.lead = body.matrix(unit=True), lead.matrix(unit=True)


class _Similarity:
    """Pair scores of one corpus from its unit rows, so a cosine is a dot product.

    Candidate pairs are scored in vectorised chunks (row by row, scipy's per-call overhead outweighed the
    arithmetic). A pair the index did not propose is scored when average link first needs it and remembered,
    since the same cluster pairs are asked about again as clusters grow.
    """

    CHUNK = 2_000  # pairs per vectorised step: its rows, two copies of each pair's bags, are held at once

    def __init__(self, index: _Index, params: StoryParams):
        self.docs, self.body, self.lead, self.params = index.docs, index.body, index.lead, params
        self.scores: dict[tuple[int, int], float] = {}  # (i, j), i < j: every pair scored so far, zeros too

    def score_pairs(self, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], float]:
        """The pairs' scores, those above zero (a pair out of the time window scores zero)."""
        out = {}
        for start in range(0, len(pairs), self.CHUNK):
            chunk = pairs[start:start + self.CHUNK]
            rows = np.array(chunk, dtype=np.int64).reshape(-1, 2)
            body_cos, lead_cos = (_row_dots(m, rows[:, 0], rows[:, 1]) for m in (self.body, self.lead))
            for (i, j), bc, lc in zip(chunk, body_cos.tolist(), lead_cos.tolist()):
                s = self.scores[(i, j)] = combine(self.docs[i], self.docs[j], bc, lc, self.params)
                if s > 0:
                    out[(i, j)] = s
        return out

    def average_link(self, a: list[int], b: list[int]) -> float:
        keys = [(min(i, j), max(i, j)) for i in a for j in b]
        missing = sorted({k for k in keys if k not in self.scores})
        if missing:
            self.score_pairs(missing)  # rare, as both clusters are already close
        return sum(self.scores[k] for k in keys) / len(keys)


def _row_dots(m: sparse.csr_matrix, rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
    """The dot product of row rows_a[k] with row rows_b[k] of m, for every k."""
    return np.asarray(m[rows_a].multiply(m[rows_b]).sum(axis=1)).ravel()


def _fits_window(idx: list[int], docs, window_days: int) -> bool:
    days = [docs[i].day for i in idx if docs[i].day]
    return not days or (max(days) - min(days)).days <= window_days


def story_id(article_ids: list[str]) -> str:
    """A stable id for a story: a hash of its earliest article id (unchanged when later articles join)."""
    return "s-" + hashlib.sha1(min(article_ids).encode("utf-8")).hexdigest()[:12]
