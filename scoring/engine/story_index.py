"""Stage 2's index: the corpus read once for grouping, its candidate pairs and their scores (see stories.py).

Each article's bags of words (body, lead, names) become rows of sparse matrices scaled to unit length, so a cosine
is a dot product; the inverted index over its salient words proposes the pairs worth scoring (blocking); and
_Similarity scores pairs and the average link between clusters from those rows. stories.py merges the clusters.
"""
from __future__ import annotations

import bisect
import operator
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from scipy.sparse import _sparsetools  # the C loops under scipy's row indexing and element-wise product

if TYPE_CHECKING:  # annotations only: stories.py imports this module
    from scoring.engine.stories import StoryDoc, StoryParams

SALIENT_BODY = 20  # highest-weighted body words per article in the index
SALIENT_LEAD = 10  # and lead words
MIN_SHARED = 3  # salient words two articles must share to be compared
MAX_DF = 0.5  # a word in more than this share of a window's articles (and over 50 of them) is not salient


def candidate_pairs(index: "_Index", window_days: int = 7) -> np.ndarray:
    """Index pairs (i < j) worth scoring, the rows of an (m, 2) array in increasing order: they share MIN_SHARED
    salient words and fall in one time window. An array, not a set of tuples: at 100k articles there are about a
    million pairs, and a tuple of two ints costs 15 times the 8 bytes of a pair here."""
    salient, n = index.salient.matrix(), len(index.docs)
    # A block spans two windows, so it holds dated pairs up to 2 * window_days - 1 days apart. Those further apart
    # than the window score zero (see _Similarity._combine) and average_link leaves them out, so they are not
    # proposed: about a fifth of a block's pairs, whose scoring grew with how crowded the stream is.
    day = _ordinals(index.docs)
    found = []
    for block in _time_blocks(index.docs, window_days):
        block = np.asarray(block, dtype=np.int64)
        sub = salient[block]
        df = np.asarray(sub.sum(axis=0)).ravel()
        common = (df > MAX_DF * len(block)) & (df > 50)
        if common.any():
            sub = sub @ sparse.diags((~common).astype(np.float32))
        shared = sparse.triu(sub @ sub.T, k=1).tocoo()
        keep = shared.data >= MIN_SHARED
        i, j = block[shared.row[keep]], block[shared.col[keep]]
        near = _within(day, i, j, window_days)
        i, j = i[near], j[near]
        found.append(np.minimum(i, j) * n + np.maximum(i, j))
    # Sorted, then each pair once (a pair within a slot is found by two blocks): np.unique gives the same keys,
    # but its hashing took twice as long as the rest of this function at 100k articles.
    keys = np.sort(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
    keys = keys[np.diff(keys, prepend=-1) != 0]
    return np.stack([keys // max(n, 1), keys % max(n, 1)], axis=1)


def window_pairs(index: "_Index", window_days: int = 7) -> np.ndarray:
    """Every pair (i < j) of docs within the window of each other (an undated doc: with every doc), in the form
    candidate_pairs gives: the quadratic reference that blocking is measured against (`python -m
    scoring.evaluation.grouping --every-pair`), for corpora of a few thousand articles."""
    n = len(index.docs)
    i, j = np.triu_indices(n, 1)
    near = _within(_ordinals(index.docs), i, j, window_days)
    return np.stack([i[near], j[near]], axis=1).astype(np.int64)


def _ordinals(docs: list[_Dated]) -> np.ndarray:
    """Each doc's day as a proleptic ordinal, -1 when undated."""
    return np.array([d.day.toordinal() if d.day else -1 for d in docs], dtype=np.int64)


def _within(day: np.ndarray, i: np.ndarray, j: np.ndarray, window_days: int) -> np.ndarray:
    """Which pairs (i[k], j[k]) lie within the window of each other (an undated doc: of every doc)."""
    return (day[i] < 0) | (day[j] < 0) | (np.abs(day[i] - day[j]) <= window_days)


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


@dataclass(frozen=True)
class _Dated:
    """What grouping keeps of a doc besides its rows: its id (for ties), its day and its lead's weekdays."""

    id: str
    day: date | None
    when: frozenset[str]


class _Rows:
    """Bags of words as the rows of a sparse matrix, added one bag at a time.

    Typed arrays in CSR form: 12 bytes a value (a 4-byte column, an 8-byte weight), where a list holds a pointer
    and an int or float object (32 bytes) for each; 32-bit indices, as scipy keeps them (64-bit ones it would
    copy). Columns are numbered in order of first use.
    """

    def __init__(self):
        self.column: dict[str, int] = {}
        self.indptr, self.cols, self.weights, self.norms = array("i", [0]), array("i"), array("d"), array("d")

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
        indptr = np.frombuffer(self.indptr, dtype=np.int32)
        if unit:
            lengths = np.diff(indptr)
            vals = np.frombuffer(self.weights, dtype=np.float64) / np.repeat(np.frombuffer(self.norms), lengths)
        else:
            vals = np.ones(len(self.cols), dtype=np.float32)
        m = sparse.csr_matrix((vals, np.frombuffer(self.cols, dtype=np.int32), indptr),
                              shape=(len(indptr) - 1, max(1, len(self.column))))
        m.sort_indices()  # the canonical order a COO build gives, so sums run in the same order as before
        return m


class _Index:
    """A corpus read once for grouping: unit rows of the bodies, of the leads and of the names, the salient words
    of each doc (SALIENT_BODY of its body, SALIENT_LEAD of its lead), and each doc's _Dated."""

    def __init__(self, docs: Iterable[StoryDoc]):
        body, lead, names, self.salient = _Rows(), _Rows(), _Rows(), _Rows()
        self.docs: list[_Dated] = []
        for doc in docs:
            # A report that is all lead (a brief whose one paragraph is its title) is compared by its lead: an empty
            # body would count as a body that shares nothing.
            whole = doc.body if len(doc.body) else doc.lead
            body.add(whole.words, whole.weights)
            lead.add(doc.lead.words, doc.lead.weights)
            names.add(doc.names.words if doc.names else (), doc.names.weights if doc.names else array("d"))
            terms = whole.top(SALIENT_BODY)
            terms += [t for t in doc.lead.top(SALIENT_LEAD) if t not in terms]
            self.salient.add(terms)
            self.docs.append(_Dated(doc.id, doc.day, doc.when))
        self.body = body.matrix(unit=True)
        del body  # its weights, before the next matrix is made
        self.lead = lead.matrix(unit=True)
        self.names = names.matrix(unit=True)


class _Similarity:
    """Pair scores of one corpus from its unit rows, so a cosine is a dot product.

    Pairs are scored in vectorised chunks (row by row, scipy's per-call overhead outweighed the arithmetic). Every pair
    scored is remembered, zeros too: candidate pairs in sorted arrays, a pair the index did not propose (scored
    when average link first needs it) in a dict, since the same cluster pairs are asked about again as clusters
    grow.
    """

    CHUNK = 2_000  # pairs per vectorised step: its rows, two copies of each pair's bags, are held at once
    # Up to this many article pairs, average_link looks them up one by one in Python: most cluster pairs asked
    # are this small, and numpy's cost per call outweighed the arithmetic there.
    SMALL_LINK = 64

    def __init__(self, index: _Index, params: StoryParams):
        self.docs, self.body, self.lead, self.names = index.docs, index.body, index.lead, index.names
        self.params = params
        self.n = len(self.docs)
        self.dated = np.array([d.day is not None for d in self.docs], dtype=bool)
        self.day = np.array([d.day.toordinal() if d.day else 0 for d in self.docs], dtype=np.int64)
        self.day_of = [d.day.toordinal() if d.day else None for d in self.docs]  # the same, for the loop in Python
        # Each doc's lead weekdays as the bits of an integer, so "share none" is one AND for all pairs.
        bit: dict[str, int] = {}
        masks = [sum(1 << bit.setdefault(w, len(bit)) for w in d.when) for d in self.docs]
        self.when = np.array(masks, dtype=np.int64 if len(bit) <= 63 else object)  # more: Python ints
        self.extra: dict[int, float] = {}
        self.remember(np.empty((0, 2), dtype=np.int64), np.empty(0))

    def score_pairs(self, pairs: np.ndarray) -> np.ndarray:
        """The scores of these (i, j) pairs, the rows of an (m, 2) array (a pair out of the time window: zero)."""
        out = np.empty(len(pairs))
        for start in range(0, len(pairs), self.CHUNK):
            i, j = pairs[start:start + self.CHUNK, 0], pairs[start:start + self.CHUNK, 1]
            out[start:start + len(i)] = self._combine(i, j, _row_dots(self.body, i, j), _row_dots(self.lead, i, j),
                                                      _row_dots(self.names, i, j))
        return out

    def _combine(self, i: np.ndarray, j: np.ndarray, body_cos: np.ndarray, lead_cos: np.ndarray,
                 names_cos: np.ndarray | None = None) -> np.ndarray:
        """How strongly each pair looks like reports of one event (0 to about 2), from the cosines of their bodies,
        of their leads and of their names, their dates and their leads' weekdays.

        Time scales the text's evidence rather than adding to it: in a newsroom's stream every article is of the
        same days, and a bonus for that alone would join unrelated reports. An undated article is judged by its
        text alone."""
        p = self.params
        names_cos = np.zeros_like(body_cos) if names_cos is None else names_cos
        s = p.body_weight * body_cos + p.lead_weight * lead_cos + p.names_weight * names_cos
        wa, wb = self.when[i], self.when[j]
        dated, gap = self.dated[i] & self.dated[j], np.abs(self.day[i] - self.day[j])
        # Reports published on different days each name their own day's news ("on Tuesday, senators said"): there a
        # different weekday says less. Undated, either may hold: a follow-up is as often undated (the seeds' arrival
        # before the meeting), so the factor is its own (see docs/ENGINE.md).
        conflict = np.where(dated, np.where(gap > 0, p.when_conflict_other_days, p.when_conflict),
                            p.when_conflict_undated)
        s = np.where((wa != 0) & (wb != 0) & ((wa & wb) == 0), s * conflict, s)
        gain = np.where(gap <= 1, p.same_day, np.where(gap <= p.near_days, p.near_day, 0.0)) * names_cos
        factor = np.where(gap <= p.near_days, 1.0 + gain, np.where(gap <= p.window_days, p.far_days, 0.0))
        return np.where(dated, s * factor, s)

    def dated_otherwise(self, a: list[int], b: list[int]) -> bool:
        """Whether the leads of a date the event on other weekdays than most leads of b that date it (a
        follow-up: the arrival the day before the meeting)."""
        mine = 0
        for k in a:
            mine |= int(self.when[k])
        if not mine:
            return False
        theirs = [int(self.when[k]) for k in b if self.when[k]]
        return sum(1 for w in theirs if not w & mine) * 2 > len(theirs)

    def remember(self, pairs: np.ndarray, scores: np.ndarray) -> None:
        """Keep these scores (of pairs in increasing order) for average_link."""
        self.keys, self.values = pairs[:, 0] * self.n + pairs[:, 1], np.ascontiguousarray(scores)
        # Views that Python's bisect and indexing read without copying (one key, one score at a time).
        self.key_seq, self.value_seq = memoryview(self.keys), memoryview(self.values)

    def average_link(self, a: list[int], b: list[int]) -> float:
        """The mean score of the pairs across clusters a and b. Dated pairs further apart than the window say
        nothing either way (a story that runs for days has first and last reports a week apart) and are left out;
        when every pair is, the clusters do not link."""
        if len(a) * len(b) > self.SMALL_LINK:
            return self._average_link_arrays(a, b)
        day, n, window = self.day_of, self.n, self.params.window_days
        keys = []
        for x in a:
            dx = day[x]
            for y in b:
                dy = day[y]
                if dx is None or dy is None or abs(dx - dy) <= window:
                    keys.append(x * n + y if x < y else y * n + x)
        if not keys:
            return 0.0
        known, values = self.key_seq, self.value_seq
        scores = []
        for key in keys:
            pos = bisect.bisect_left(known, key)
            scores.append(values[pos] if pos < len(known) and known[pos] == key else None)
        if None in scores:
            self._score_extra([k for k, v in zip(keys, scores) if v is None])
            scores = [self.extra[k] if v is None else v for k, v in zip(keys, scores)]
        # Summed left to right, in the order of the pairs (as _average_link_arrays sums them).
        return sum(scores) / len(keys)

    def _average_link_arrays(self, a: list[int], b: list[int]) -> float:
        """average_link for larger clusters, its pairs in arrays."""
        ia, ib = np.asarray(a, dtype=np.int64)[:, None], np.asarray(b, dtype=np.int64)[None, :]
        far = (self.dated[ia] & self.dated[ib] & (np.abs(self.day[ia] - self.day[ib]) > self.params.window_days))
        near = ~far.ravel()
        if not near.any():
            return 0.0
        keys = (np.minimum(ia, ib) * self.n + np.maximum(ia, ib)).ravel()[near]
        known, values = np.zeros(len(keys), dtype=bool), np.zeros(len(keys))
        if len(self.keys):
            pos = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
            known = self.keys[pos] == keys
            values = np.where(known, self.values[pos], 0.0)
        missing = np.flatnonzero(~known)
        if len(missing):
            self._score_extra(keys[missing].tolist())
            values[missing] = [self.extra[int(k)] for k in keys[missing]]
        # Summed left to right, in the order of the pairs (as sum() would): the same bits whatever numpy's
        # pairwise summation would give.
        return sum(values.tolist()) / len(keys)

    def _score_extra(self, keys: list[int]) -> None:
        """Score and remember the pairs of these keys the index did not propose (rare, as both clusters are
        already close)."""
        # Each key asked of the dict: a set minus its keys() would walk all of them, every pair scored so far.
        new = sorted({k for k in keys if k not in self.extra})
        if new:
            pairs = np.array([(k // self.n, k % self.n) for k in new], dtype=np.int64).reshape(-1, 2)
            self.extra.update(zip(new, self.score_pairs(pairs).tolist()))


def _row_dots(m: sparse.csr_matrix, rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
    """The dot product of row rows_a[k] with row rows_b[k] of m, for every k.

    The sums of m[rows_a].multiply(m[rows_b]).sum(axis=1), bit for bit: the same C loops of scipy pick the rows and
    multiply them (each pair's products in the order of their columns), and np.add.reduceat sums each pair's
    products as scipy's sum does. Called directly, without the checks and copies around them in scipy, which cost
    more than the loops themselves for the few pairs average_link scores at a time."""
    k = len(rows_a)
    ptr_a, cols_a, vals_a = _rows_of(m, rows_a)
    ptr_b, cols_b, vals_b = _rows_of(m, rows_b)
    most = len(cols_a) + len(cols_b)  # the room scipy gives the product
    ptr = np.empty(k + 1, dtype=m.indptr.dtype)
    cols, vals = np.empty(most, dtype=m.indptr.dtype), np.empty(most)
    _sparsetools.csr_elmul_csr(k, m.shape[1], ptr_a, cols_a, vals_a, ptr_b, cols_b, vals_b, ptr, cols, vals)
    out = np.zeros(k)
    rows = np.flatnonzero(np.diff(ptr))  # pairs that share a word
    if len(rows):
        out[rows] = np.add.reduceat(vals[:ptr[-1]], ptr[rows])
    return out


def _rows_of(m: sparse.csr_matrix, rows: np.ndarray):
    """These rows of m as the three arrays of a CSR matrix (indptr, indices, data), as m[rows] holds them."""
    rows = rows.astype(m.indptr.dtype)
    ptr = np.zeros(len(rows) + 1, dtype=m.indptr.dtype)
    np.cumsum(m.indptr[rows + 1] - m.indptr[rows], out=ptr[1:])
    cols, vals = np.empty(ptr[-1], dtype=m.indptr.dtype), np.empty(ptr[-1], dtype=m.data.dtype)
    _sparsetools.csr_row_index(len(rows), rows, m.indptr, m.indices, m.data, cols, vals)
    return ptr, cols, vals
