"""Stage 2: group the articles that report one event into stories.

Candidate pairs come from an inverted index over each article's most salient words (blocking, as search
engines and record linkage do): two articles are compared only when they share at least MIN_SHARED of
them, and only within the time window of each other, and words that half the window's articles use are not
salient. The work therefore grows with the number of similar pairs, not with all pairs. Candidates are scored
by weighted cosine over the whole body, over the lead (title and first sentences: the lead names the event,
so two reports of related but different events share background words but not their leads) and over the
names (people, places, organisations: who and where), scaled by how far apart they were published. Clusters
are merged greedily by average link, strongest pair first, so a story's articles stay close to each other
(one broad campaign does not chain into one story), and a story past BIG_STORY articles grows only while its
articles stay closer still. Time follows each story: its strong pairs fall within the window of each other,
its pairs further apart are left out of the average, and its first and last articles lie at most span_days
apart, so a story may run for days without a year of one affair's hearings chaining into one. Then a report
left alone (or in a story of two) joins the story it is closest to at a lower average link (attach_link), unless
its lead dates the event on another day: a report of one event that shares less wording is not split off.

Every weight is corpus-independent (word frequencies of general English), and clusters in different
components of the graph of strong pairs never meet, so grouping a component alone gives the stories a run
over the whole corpus gives it (see link_components): new articles are grouped with the component they join.
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
_NEVER = 10**9  # an undated cluster's first day (after every date) and, negated, its last
BIG_STORY = 40  # a story past this many articles must be tighter: see StoryParams.big_story_link


class Bag:
    """A weighted bag of words kept compact for a whole corpus: its words, interned so that documents share
    them (also when a bag arrives from a worker process), and their weights in one typed array."""

    __slots__ = ("words", "weights")

    def __init__(self, vector: dict[str, float]):
        self.words = tuple(map(sys.intern, vector))
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
        # As its words and its array (pickled as bytes), not as a dict: the main process unpickles a bag from
        # every article of a corpus.
        return _unpickled_bag, (self.words, self.weights)


def _unpickled_bag(words: tuple[str, ...], weights: array) -> Bag:
    bag = Bag.__new__(Bag)
    bag.words, bag.weights = tuple(map(sys.intern, words)), weights
    return bag


@dataclass(frozen=True)
class StoryDoc:
    id: str
    body: Bag  # weighted bag of content words of the body
    lead: Bag  # the same for the title and first sentences
    day: date | None
    when: frozenset[str] = frozenset()  # weekdays and dates the lead gives for the event
    names: Bag | None = None  # weighted bag of the names in the title and body (see entities.py)


@dataclass(frozen=True)
class StoryParams:
    link_threshold: float = 0.35  # average link needed to join two clusters
    body_weight: float = 0.4  # shares of the body's, the lead's and the names' cosines in a pair's score
    lead_weight: float = 0.3
    names_weight: float = 0.3
    same_day: float = 1.2  # published within a day: the text counts 1 + this times the cosine of the pair's names
    near_day: float = 0.6  # within near_days
    near_days: int = 3
    far_days: float = 0.85  # further apart, within the window, the text evidence counts a little less
    when_conflict: float = 0.6  # leads that date the event differently ("on Monday" / "on Tuesday"): a follow-up
    when_conflict_other_days: float = 0.9  # the same, published on different days
    window_days: int = 7  # two dated articles further apart than this are never one event's pair
    span_days: int = 14  # nor one story's first and last: a trial of two weeks, not a year of its hearings
    big_story_link: float = 0.45  # average link needed for a merge that makes a story of over BIG_STORY articles
    attach_link: float = 0.28  # a report left alone joins the story it is closest to at this average link
    attach_size: int = 2  # so do the reports of stories of at most this many articles (to a bigger story); 0: none


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


def candidate_pairs(index: "_Index", window_days: int = 7) -> np.ndarray:
    """Index pairs (i < j) worth scoring, the rows of an (m, 2) array in increasing order: they share MIN_SHARED
    salient words and fall in one time window. An array, not a set of tuples: at 100k articles there are about a
    million pairs, and a tuple of two ints costs 15 times the 8 bytes of a pair here."""
    salient, n = index.salient.matrix(), len(index.docs)
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
        found.append(np.minimum(i, j) * n + np.maximum(i, j))
    keys = np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
    return np.stack([keys // max(n, 1), keys % max(n, 1)], axis=1)


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
    index, sim, pairs, scores = _strong_pairs(docs, params)
    docs = index.docs
    rank = np.empty(len(docs), dtype=np.int64)
    rank[sorted(range(len(docs)), key=lambda k: docs[k].id)] = np.arange(len(docs))
    # Strongest pair first, ties by the two articles' ids; pairs under the link threshold never merge clusters
    # (they may attach a report left alone, see _attach).
    order = np.lexsort((rank[pairs[:, 1]], rank[pairs[:, 0]], -scores))
    cluster_of = list(range(len(docs)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(docs))}
    # The first and last day of each cluster's dated articles (an undated one spans nothing).
    span = {i: (d.day.toordinal(), d.day.toordinal()) if d.day else (_NEVER, -_NEVER) for i, d in enumerate(docs)}
    # Cluster pairs found too far apart, with their sizes then: two clusters joined by many strong pairs that
    # stay apart are asked again for each of those pairs, and the answer cannot change until one of them grows
    # (a cluster only grows, so its size names its members).
    apart: set[tuple[int, int, int, int]] = set()
    for i, j in pairs[order[scores[order] >= params.link_threshold]].tolist():
        a, b = cluster_of[i], cluster_of[j]
        if a == b:
            continue
        state = (a, b, len(members[a]), len(members[b]))
        if state in apart:
            continue
        first, last = min(span[a][0], span[b][0]), max(span[a][1], span[b][1])
        if (last - first > params.span_days
                or sim.average_link(members[a], members[b]) < _needed(len(members[a]) + len(members[b]), params)):
            apart.add(state)
        else:
            small, big = sorted((a, b), key=lambda c: (len(members[c]), c))
            for k in members[small]:
                cluster_of[k] = big
            members[big].extend(members.pop(small))
            span[big] = (first, last)
            del span[small]
    _attach(members, cluster_of, span, sim, pairs[scores >= params.attach_link], params)
    groups = [sorted(m, key=lambda k: docs[k].id) for m in members.values()]
    return sorted(groups, key=lambda g: docs[g[0]].id)


def _attach(members, cluster_of, span, sim, pairs, params: StoryParams) -> None:
    """Reports left alone (in stories of at most attach_size) join the story they are closest to, at a lower
    average link than a merge needs: one report of an event that shares less wording with the others is not
    split from them. Not when its lead dates the event on another weekday than the story's (a follow-up), nor
    past span_days. Every attachment is decided on the stories before any is made, and a story that gains a
    report does not move itself, so the order they are made in does not matter."""
    near: dict[int, set[int]] = defaultdict(set)
    for i, j in pairs.tolist():
        a, b = cluster_of[i], cluster_of[j]
        if a != b:
            near[a].add(b)
            near[b].add(a)
    moves = []
    for a in sorted(near):
        if len(members[a]) > params.attach_size:
            continue
        links = []
        for b in near[a]:
            if len(members[b]) <= len(members[a]):
                continue
            first, last = min(span[a][0], span[b][0]), max(span[a][1], span[b][1])
            if last - first > params.span_days or sim.dated_otherwise(members[a], members[b]):
                continue
            links.append((sim.average_link(members[a], members[b]), b))
        if not links:
            continue
        best, b = max(links, key=lambda x: (x[0], -x[1]))
        if best >= _needed(len(members[a]) + len(members[b]), params) - (params.link_threshold - params.attach_link):
            moves.append((a, b))
    gaining = {b for _, b in moves}
    for a, b in moves:
        if a in gaining:  # a story that gains a report stays where it is
            continue
        for k in members[a]:
            cluster_of[k] = b
        members[b].extend(members.pop(a))
        span[b] = (min(span[a][0], span[b][0]), max(span[a][1], span[b][1]))
        del span[a]


def _needed(size: int, params: StoryParams) -> float:
    """The average link a merge into a story of this many articles needs: past BIG_STORY articles, a story whose
    articles no longer share a core (one campaign's debates, polls and rallies) stops growing."""
    return params.link_threshold if size <= BIG_STORY else max(params.link_threshold, params.big_story_link)


def _strong_pairs(docs: Iterable[StoryDoc], params: StoryParams):
    """The corpus indexed, its pair scorer, and its candidate pairs that reach the link threshold or the attach
    threshold, with scores."""
    index = _Index(docs)
    sim = _Similarity(index, params)
    pairs = candidate_pairs(index, params.window_days)
    scores = sim.score_pairs(pairs)
    sim.remember(pairs, scores)
    strong = scores >= min(params.link_threshold, params.attach_link)
    return index, sim, pairs[strong], scores[strong]


def link_components(docs: Iterable[StoryDoc], params: StoryParams = StoryParams()) -> list[list[int]]:
    """Indices of docs in the connected components of the graph of strong pairs (at or above the lower of the
    link and attach thresholds), each sorted, in order of their first index. Grouping merges clusters and
    attaches reports only along strong pairs, so every story lies within one component and a component's
    stories do not depend on the docs outside it: an article that arrives later is grouped with the component
    it joins, and gets the stories a run over the whole corpus would give."""
    index, _, pairs, _ = _strong_pairs(docs, params)
    parent = list(range(len(index.docs)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, j in pairs.tolist():
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    out: dict[int, list[int]] = defaultdict(list)
    for k in range(len(parent)):
        out[root(k)].append(k)
    return sorted(out.values())


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

    def __init__(self, index: _Index, params: StoryParams):
        self.docs, self.body, self.lead, self.names = index.docs, index.body, index.lead, index.names
        self.params = params
        self.n = len(self.docs)
        self.dated = np.array([d.day is not None for d in self.docs], dtype=bool)
        self.day = np.array([d.day.toordinal() if d.day else 0 for d in self.docs], dtype=np.int64)
        # Each doc's lead weekdays as the bits of an integer, so "share none" is one AND for all pairs.
        bit: dict[str, int] = {}
        masks = [sum(1 << bit.setdefault(w, len(bit)) for w in d.when) for d in self.docs]
        self.when = np.array(masks, dtype=np.int64 if len(bit) <= 63 else object)  # more: Python ints
        self.keys, self.values = np.empty(0, dtype=np.int64), np.empty(0)
        self.extra: dict[int, float] = {}

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
        # different weekday says less.
        conflict = np.where(dated & (gap > 0), p.when_conflict_other_days, p.when_conflict)
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
        self.keys, self.values = pairs[:, 0] * self.n + pairs[:, 1], scores

    def average_link(self, a: list[int], b: list[int]) -> float:
        """The mean score of the pairs across clusters a and b. Dated pairs further apart than the window say
        nothing either way (a story that runs for days has first and last reports a week apart) and are left out;
        when every pair is, the clusters do not link."""
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
            new = sorted({int(k) for k in keys[missing]} - self.extra.keys())
            if new:  # rare, as both clusters are already close
                pairs = np.array([(k // self.n, k % self.n) for k in new], dtype=np.int64).reshape(-1, 2)
                self.extra.update(zip(new, self.score_pairs(pairs).tolist()))
            values[missing] = [self.extra[int(k)] for k in keys[missing]]
        # Summed left to right, in the order of the pairs (as sum() would): the same bits whatever numpy's
        # pairwise summation would give.
        return sum(values.tolist()) / len(keys)


def _row_dots(m: sparse.csr_matrix, rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
    """The dot product of row rows_a[k] with row rows_b[k] of m, for every k."""
    return np.asarray(m[rows_a].multiply(m[rows_b]).sum(axis=1)).ravel()


def story_id(article_ids: list[str]) -> str:
    """A stable id for a story: a hash of its earliest article id (unchanged when later articles join)."""
    return "s-" + hashlib.sha1(min(article_ids).encode("utf-8")).hexdigest()[:12]
