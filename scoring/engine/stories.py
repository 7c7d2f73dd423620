"""Stage 2: group the articles that report one event into stories.

Candidate pairs come from an inverted index over each article's most salient words (blocking, as search
engines and record linkage do): two articles are compared only when they share at least MIN_SHARED of
them, and only within the time window of each other, and words that half the window's articles use are not
salient. The work therefore grows with the number of similar pairs, not with all pairs. Candidates are scored
by weighted cosine over the whole body, over the lead (title and first sentences: the lead names the event,
so two reports of related but different events share background words but not their leads) and over the
names (people, places, organisations: who and where), scaled by how far apart they were published. Clusters
are merged greedily by average link, strongest pair first, so a story's articles stay close to each other
(one broad campaign does not chain into one story), a story past BIG_STORY articles grows only while its
articles stay closer still, and two stories that each gathered meet_size reports (two events of one topic in the
same days) join only at meet_link. Time follows each story: its strong pairs fall within the window of each other,
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
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from scoring.engine.joined import Joined
# The index and pair scorer live in story_index.py; their names stay importable from here.
from scoring.engine.story_index import _Index, _Similarity, candidate_pairs  # the index and pair scorer

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
    when_conflict_undated: float = 0.6  # the same, either undated (unknown whether published on one day)
    window_days: int = 7  # two dated articles further apart than this are never one event's pair
    span_days: int = 14  # nor one story's first and last: a trial of two weeks, not a year of its hearings
    big_story_link: float = 0.45  # average link needed for a merge that makes a story of over BIG_STORY articles
    attach_link: float = 0.28  # a report left alone joins the story it is closest to at this average link
    attach_size: int = 2  # so do the reports of stories of at most this many articles (to a bigger story); 0: none
    meet_size: int = 8  # two stories of at least this many articles each (two events of one topic, each with its
    meet_link: float = 0.52  # reports gathered) join only at this average link; 0: no such bound


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


def group_stories(docs: Iterable[StoryDoc], params: StoryParams = StoryParams(),
                  pairs_of=candidate_pairs) -> list[list[int]]:
    """Indices of docs grouped into stories; deterministic (ties broken by article id).

    The docs are read once, in order, and only their rows in sparse matrices are kept, not their bags: given a
    generator, the bags of a whole corpus are never in memory together. `pairs_of`: how the pairs worth scoring
    are found: the index's candidates (story_index.window_pairs, every pair, is what the evaluation measures
    them against).
    """
    index, sim, pairs, scores = _strong_pairs(docs, params, pairs_of)
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
    strong = order[scores[order] >= params.link_threshold]
    for (i, j), score in zip(pairs[strong].tolist(), scores[strong].tolist()):
        a, b = cluster_of[i], cluster_of[j]
        if a == b:
            continue
        state = (a, b, len(members[a]), len(members[b]))
        if state in apart:
            continue
        first, last = min(span[a][0], span[b][0]), max(span[a][1], span[b][1])
        # Two reports alone: their average link is this pair's score (a fifth of the links asked at 100k articles).
        if (last - first > params.span_days
                or (score if len(members[a]) == len(members[b]) == 1 else sim.average_link(members[a], members[b]))
                < _needed(len(members[a]), len(members[b]), params)):
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
    # Only the pairs with an article of a story small enough to attach are read: by now most strong pairs lie
    # within or between big stories, and a loop in Python over all of them cost more than the attaching.
    cluster = np.asarray(cluster_of, dtype=np.int64)
    size = np.zeros(len(cluster_of), dtype=np.int64)
    size[list(members)] = [len(m) for m in members.values()]
    a_of, b_of = cluster[pairs[:, 0]], cluster[pairs[:, 1]]
    small = (a_of != b_of) & ((size[a_of] <= params.attach_size) | (size[b_of] <= params.attach_size))
    near: dict[int, set[int]] = defaultdict(set)
    for a, b in zip(a_of[small].tolist(), b_of[small].tolist()):
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
        if best >= _needed(len(members[a]), len(members[b]), params) - (params.link_threshold - params.attach_link):
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


def _needed(size_a: int, size_b: int, params: StoryParams) -> float:
    """The average link a merge of stories of these sizes needs: past BIG_STORY articles, a story whose articles no
    longer share a core (one campaign's debates, polls and rallies) stops growing; and two stories that each
    gathered meet_size reports on their own (two events of one topic in the same days, each reported widely)
    join only when their reports are as close across as reports of one event are."""
    needed = params.link_threshold
    if size_a + size_b > BIG_STORY:
        needed = max(needed, params.big_story_link)
    if params.meet_size and min(size_a, size_b) >= params.meet_size:
        needed = max(needed, params.meet_link)
    return needed


def _strong_pairs(docs: Iterable[StoryDoc], params: StoryParams, pairs_of=candidate_pairs):
    """The corpus indexed, its pair scorer, and its candidate pairs (`pairs_of`) that reach the link threshold or
    the attach threshold, with scores."""
    index = _Index(docs)
    sim = _Similarity(index, params)
    pairs = pairs_of(index, params.window_days)
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
    joined = Joined(len(index.docs))
    for i, j in pairs.tolist():
        joined.join(i, j)
    return joined.groups()


def story_id(article_ids: list[str]) -> str:
    """A stable id for a story: a hash of its earliest article id (unchanged when later articles join)."""
    return "s-" + hashlib.sha1(min(article_ids).encode("utf-8")).hexdigest()[:12]
