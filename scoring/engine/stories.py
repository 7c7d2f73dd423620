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
import sys
from array import array
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from scipy import sparse

from scoring.engine.text import cosine

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

    def cosine(self, other: "Bag") -> float:
        return cosine(dict(self.items()), dict(other.items()))

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


def pair_score(a: StoryDoc, b: StoryDoc, p: StoryParams) -> float:
    """How strongly two articles look like reports of one event (about 0-1.2)."""
    return combine(a, b, a.body.cosine(b.body), a.lead.cosine(b.lead), p)


def combine(a: StoryDoc, b: StoryDoc, body_cos: float, lead_cos: float, p: StoryParams) -> float:
    """A pair's score from its two cosines, its dates and its leads' weekdays."""
    gap = abs((a.day - b.day).days) if a.day and b.day else None
    if gap is not None and gap > p.window_days:
        return 0.0
    s = (1 - p.lead_weight) * body_cos + p.lead_weight * lead_cos
    if a.when and b.when and not a.when & b.when:
        s *= p.when_conflict
    if gap is not None:
        s += p.same_day_bonus if gap <= 1 else p.near_day_bonus if gap <= 3 else 0.0
    return s


def candidate_pairs(docs: list[StoryDoc], window_days: int = 7) -> set[tuple[int, int]]:
    """Index pairs (i < j) worth scoring: they share MIN_SHARED salient words and fall in one time window."""
    vocab: dict[str, int] = {}
    indptr, cols = array("q", [0]), array("q")  # typed arrays, as in _unit_rows
    for doc in docs:
        terms = [t for t, _ in sorted(doc.body.items(), key=lambda kv: (-kv[1], kv[0]))[:SALIENT_BODY]]
        terms += [t for t, _ in sorted(doc.lead.items(), key=lambda kv: (-kv[1], kv[0]))[:SALIENT_LEAD]
                  if t not in terms]
        cols.extend(vocab.setdefault(t, len(vocab)) for t in terms)
        indptr.append(len(cols))
    salient = sparse.csr_matrix((np.ones(len(cols), dtype=np.float32), np.frombuffer(cols, dtype=np.int64),
                                 np.frombuffer(indptr, dtype=np.int64)), shape=(len(docs), max(1, len(vocab))))
    salient.sort_indices()
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


def _time_blocks(docs: list[StoryDoc], window_days: int) -> list[list[int]]:
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


def group_stories(docs: list[StoryDoc], params: StoryParams = StoryParams()) -> list[list[int]]:
    """Indices of docs grouped into stories; deterministic (ties broken by article id)."""
    body, lead = _unit_rows([d.body for d in docs]), _unit_rows([d.lead for d in docs])
    scores = {}
    by_first: dict[int, list[int]] = defaultdict(list)
    for i, j in candidate_pairs(docs, params.window_days):
        by_first[i].append(j)
    for i, js in by_first.items():
        js = sorted(js)
        body_cos = (body[js] @ body[i].T).toarray().ravel()
        lead_cos = (lead[js] @ lead[i].T).toarray().ravel()
        for j, bc, lc in zip(js, body_cos, lead_cos):
            s = combine(docs[i], docs[j], float(bc), float(lc), params)
            if s > 0:
                scores[(i, j)] = s
    cluster_of = list(range(len(docs)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(docs))}
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], docs[kv[0][0]].id, docs[kv[0][1]].id))
    for (i, j), s in ordered:
        if s < params.link_threshold:
            break
        a, b = cluster_of[i], cluster_of[j]
        if a == b or not _fits_window(members[a] + members[b], docs, params.window_days):
            continue
        if _average_link(members[a], members[b], docs, scores, params) >= params.link_threshold:
            small, big = sorted((a, b), key=lambda c: (len(members[c]), c))
            for k in members[small]:
                cluster_of[k] = big
            members[big].extend(members.pop(small))
    groups = [sorted(m, key=lambda k: docs[k].id) for m in members.values()]
    return sorted(groups, key=lambda g: docs[g[0]].id)


def _unit_rows(vectors: list[Bag]) -> sparse.csr_matrix:
    """The weighted bags as rows of one sparse matrix, each scaled to unit length (dot product = cosine).

    Built from typed arrays in CSR form: 8 bytes a value, where a list holds a pointer and a float object
    (32 bytes) for each while the matrix is made.
    """
    vocab: dict[str, int] = {}
    indptr, cols, vals = array("q", [0]), array("q"), array("d")
    for vec in vectors:
        norm = sum(v * v for v in vec.values()) ** 0.5 or 1.0
        cols.extend(vocab.setdefault(t, len(vocab)) for t in vec)
        vals.extend(v / norm for v in vec.values())
        indptr.append(len(cols))
    m = sparse.csr_matrix((np.frombuffer(vals, dtype=np.float64), np.frombuffer(cols, dtype=np.int64),
                           np.frombuffer(indptr, dtype=np.int64)), shape=(len(vectors), max(1, len(vocab))))
    m.sort_indices()  # the canonical order a COO build gives, so sums run in the same order as before
    return m


def _average_link(a: list[int], b: list[int], docs, scores, params) -> float:
    total = 0.0
    for i in a:
        for j in b:
            key = (i, j) if (i, j) in scores else (j, i)
            # A pair the index did not propose is scored now: rare, as both clusters are already close.
            total += scores[key] if key in scores else pair_score(docs[i], docs[j], params)
    return total / (len(a) * len(b))


def _fits_window(idx: list[int], docs, window_days: int) -> bool:
    days = [docs[i].day for i in idx if docs[i].day]
    return not days or (max(days) - min(days)).days <= window_days


def story_id(article_ids: list[str]) -> str:
    """A stable id for a story: a hash of its earliest article id (unchanged when later articles join)."""
    return "s-" + hashlib.sha1(min(article_ids).encode("utf-8")).hexdigest()[:12]
