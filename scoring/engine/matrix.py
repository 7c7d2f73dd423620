"""Stage 3a: the sentence matrix of a story, every sentence set against every other by similarity.

Sentence similarity is the cosine of word-weighted bags of content words, computed for all sentences of a story at
once as one sparse matrix product. The matrix also answers what copy detection asks of a pair of articles (how much
of one's own prose the other's sentences cover, or explain as copied) and caches each sentence's fact mentions.
"""
from __future__ import annotations

import bisect
import difflib
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time

import numpy as np
from rapidfuzz.distance import Indel
from scipy import sparse

from scoring.engine.joined import Joined
from scoring.engine.text import STOPWORDS, Sentence, word_weight

MATCH_SIM = 0.5  # a sentence "has a counterpart" at this cosine
ALIGN_SIM = 0.25  # weakest sentence similarity kept at all
# A run of words repeated in order counts as copied prose when it holds at least COPY_RUN plain words (see
# plain_words): "has been in Russia for a" is a sentence's frame; "said on Monday" or "the fire broke out" is
# the stock wording every report of an event may use.
COPY_RUN = 4


@dataclass
class Doc:
    """One article of a story as the alignment sees it."""

    id: str
    outlet: str
    text: str
    sentences: list[Sentence]
    day: object = None
    quotes: list[tuple[int, int]] = field(default_factory=list)
    published: object = None  # date or datetime as given (None when unknown): who can have copied whom


def published_before(a: Doc, b: Doc) -> bool:
    """Whether a was published before b, both times known (see earlier)."""
    return earlier(a.published, b.published)


def earlier(x, y) -> bool:
    """Whether time x is before time y (as ArticleText.published may hold them), both known. A date, or a datetime
    at midnight exactly (how a date is read in), is compared by day: it says nothing about the hour."""
    x, y = as_time(x), as_time(y)
    if x is None or y is None:
        return False
    timed = [isinstance(v, datetime) and v.timetz().replace(tzinfo=None) != time(0) for v in (x, y)]
    if all(timed) and (x.tzinfo is None) == (y.tzinfo is None):
        return x < y
    return (x.date() if isinstance(x, datetime) else x) < (y.date() if isinstance(y, datetime) else y)


def as_time(value):
    """A date or datetime from what ArticleText.published may hold (an ISO 8601 string too); None if unreadable."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return value


class StoryMatrix:
    """All sentence-to-sentence similarities of one story."""

    def __init__(self, docs: list[Doc]):
        self.docs = docs
        self.index: list[tuple[int, int]] = [(d, s) for d, doc in enumerate(docs) for s in range(len(doc.sentences))]
        self.offset = np.cumsum([0] + [len(doc.sentences) for doc in docs])
        self._first_row = self.offset.tolist()  # as plain ints: row() is called in the inner loops
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        self._norms = [[tuple([t.norm for t in sent.tokens]) for sent in doc.sentences] for doc in docs]
        for r, (d, s) in enumerate(self.index):
            # Counted in C, in order of first use (as the dict it replaced): the vocabulary's columns keep their order.
            counts = Counter([norm for norm in self._norms[d][s] if norm not in STOPWORDS])
            for norm, c in counts.items():
                w = word_weight(norm)
                if w > 0:
                    rows.append(r)
                    cols.append(vocab.setdefault(norm, len(vocab)))
                    vals.append(w * (1 + math.log(c)))
        m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(self.index), max(1, len(vocab))))
        norms = np.sqrt(m.multiply(m).sum(axis=1)).A1
        norms[norms == 0] = 1
        m = sparse.diags(1 / norms) @ m
        sim = (m @ m.T).tocoo()
        keep = sim.data >= ALIGN_SIM
        self.sim = sparse.csr_matrix((sim.data[keep], (sim.row[keep], sim.col[keep])), shape=sim.shape)
        self.sim.sort_indices()
        self._mentions: dict[tuple[int, int], list] = {}
        self._compacted = False
        self._own: dict[tuple[int, int], list[bool]] = {}
        self._plain: dict[tuple[int, int], list[bool]] = {}
        self._covered: np.ndarray | None = None
        self._row_matches: list[dict[int, list[tuple[int, float]]]] | None = None
        self._differing: dict[tuple[int, int], int] = {}

    def compact(self) -> None:
        """Drop the caches only copy detection and diffs use; keep the similarities and the fact mentions
        already computed (sentences without any are dropped: the tokens to find them are gone)."""
        self._own, self._plain, self._row_matches, self._differing = {}, {}, None, {}
        self._norms, self._covered = [], None
        self._mentions = {k: v for k, v in self._mentions.items() if v}
        self._compacted = True

    def row(self, d: int, s: int) -> int:
        return self._first_row[d] + s

    def matches(self, d: int, s: int, other: int) -> list[tuple[int, float]]:
        """(sentence index, similarity) of doc `other`'s sentences similar to sentence s of doc d, best first."""
        if self._row_matches is None:
            self._row_matches = self._find_matches()
        return self._row_matches[self._first_row[d] + s].get(other, [])

    def _find_matches(self) -> list[dict[int, list[tuple[int, float]]]]:
        """Every row's matches, split by document and sorted, for the whole matrix at once: copy detection asks
        for nearly every row, and numpy sorts all of them in one call where a call per row cost more than its
        sort."""
        sim, rows = self.sim, len(self.index)
        out: list[dict[int, list[tuple[int, float]]]] = [{} for _ in range(rows)]
        if not sim.nnz:
            return out
        row_of = np.repeat(np.arange(rows), np.diff(sim.indptr))
        doc_of = np.searchsorted(self.offset, sim.indices, side="right") - 1
        # The entries lie by row and by position in the row (sorted indices), so each (row, doc) run is in one piece
        # already: where a run starts, and each run is one list. Sorted by run, best first, in a stable sort, they
        # stay by position among equals: the order of a sort by row, doc, best first, then position.
        new_run = np.r_[True, (row_of[1:] != row_of[:-1]) | (doc_of[1:] != doc_of[:-1])]
        order = np.lexsort((-sim.data, np.cumsum(new_run)))
        local = (sim.indices[order] - self.offset[doc_of]).tolist()  # doc_of is the same all along a run
        pairs = list(zip(local, sim.data[order].tolist()))
        starts = np.flatnonzero(new_run)
        firsts = starts.tolist()
        # Each run's bounds zipped in (not looked up by index): the loop runs once per run, hundreds of thousands
        # of times in a large story.
        for r, doc, a, b in zip(row_of[starts].tolist(), doc_of[starts].tolist(), firsts, firsts[1:] + [len(pairs)]):
            out[r][doc] = pairs[a:b]
        return out

    def mentions(self, d: int, s: int) -> list:
        """Fact mentions of sentence s of doc d (computed once: detectors ask for them repeatedly)."""
        key = (d, s)
        if key not in self._mentions:
            if self._compacted:
                return []
            from scoring.engine.mentions import mentions

            self._mentions[key] = mentions(self.docs[d].sentences[s])
        return self._mentions[key]

    def own_words(self, d: int, s: int) -> list[bool]:
        """For each token of the sentence: is it the outlet's own prose (outside quotation marks)?

        Independent reports quote the same speakers word for word; only the prose around the quotes tells
        a copy from an independent report.
        """
        key = (d, s)
        if key not in self._own:
            quotes, sentence = self.docs[d].quotes, self.docs[d].sentences[s]
            # The quotations that begin before the sentence ends; the last of them ends last (they are sorted and
            # apart). When it ends before the sentence begins, no token is quoted: most sentences, spared a
            # search per token.
            k = bisect.bisect_left(quotes, (sentence.end,))
            if k == 0 or quotes[k - 1][1] <= sentence.start:
                self._own[key] = [True] * len(sentence.tokens)
            else:
                self._own[key] = _outside_regions(sentence.tokens, quotes)
        return self._own[key]

    def copied_share(self, a: int, b: int) -> float:
        """Share of doc a's own prose that its closest sentences in doc b explain as copied: runs of two or
        more words of prose repeated in order (see plain_words), and short swaps (up to three words for up
        to three) between such runs.

        This is the trace a copy leaves, spun or not: the frame of each sentence survives word for word
        around the swapped words. Independent reports of one event share names, numbers and quotations,
        but not their sentences' frames (on same-event reports from different newsrooms it stays under 0.3).
        """
        total = explained = 0
        for s in range(len(self.docs[a].sentences)):
            total += sum(self.own_words(a, s))
            explained += self._explained(a, s, b)
        return explained / total if total else 0.0

    def copied_share_reaches(self, a: int, b: int, share: float, run: int = COPY_RUN) -> bool:
        """copied_share(a, b) >= share, reading only as many sentences as it takes to know: the diffs are most
        of copy detection's time, and a copy's first sentences usually settle it."""
        own = [sum(self.own_words(a, s)) for s in range(len(self.docs[a].sentences))]
        total = sum(own)
        if not total:
            return 0.0 >= share
        explained, unread = 0, total
        for s, words in enumerate(own):
            # Each sentence explains at most its own words, and a correctly rounded division is monotonic, so
            # both early answers are the ones the full sum would give.
            if explained / total >= share:
                return True
            if (explained + unread) / total < share:
                return False
            explained += self._explained(a, s, b, run)
            unread -= words
        return explained / total >= share

    def _explained(self, a: int, s: int, b: int, run: int = COPY_RUN) -> int:
        """The words of sentence s of doc a's own prose that its closest sentence in doc b explains as copied."""
        best = self.matches(a, s, b)
        if not best or best[0][1] < MATCH_SIM * 0.8:
            return 0
        mine, theirs = self._norms[a][s], self._norms[b][best[0][0]]
        if mine == theirs:
            ops = [("equal", 0, len(mine), 0, len(mine))]  # the same sentence: no diff needed
        else:
            ops = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes()
        own, plain = self.own_words(a, s), self.plain_words(a, s)
        prose = [tag == "equal" and sum(plain[i1:i2]) >= run for tag, i1, i2, _, _ in ops]
        explained = 0
        for k, (tag, i1, i2, j1, j2) in enumerate(ops):
            framed = 0 < k < len(ops) - 1 and prose[k - 1] and prose[k + 1]
            if prose[k] or (tag == "replace" and framed and i2 - i1 <= 3 and j2 - j1 <= 3):
                explained += sum(own[i1:i2])
        return explained

    def own_share(self, a: int, b: int) -> float:
        """Share of doc a's own prose in sentences with a counterpart (MATCH_SIM) in doc b and in no other doc of
        the story: what a restates of b that nobody else says. A copy restates its source's own material;
        an independent report of a shared event restates what every report says."""
        total = shared = 0
        for s in range(len(self.docs[a].sentences)):
            words = sum(self.own_words(a, s))
            total += words
            best = self.matches(a, s, b)
            if not best or best[0][1] < MATCH_SIM:
                continue
            elsewhere = (self.matches(a, s, c) for c in range(len(self.docs)) if c not in (a, b))
            if not any(m and m[0][1] >= MATCH_SIM for m in elsewhere):
                shared += words
        return shared / total if total else 0.0

    def differing_words(self, a: int, b: int) -> int:
        """Words of doc a that its closest sentences in doc b do not have in the same place."""
        if (a, b) in self._differing:
            return self._differing[(a, b)]
        differing = 0
        for s, mine in enumerate(self._norms[a]):
            best = self.matches(a, s, b)
            if not best or best[0][1] < MATCH_SIM * 0.8:
                continue  # a sentence of its own: not a disagreement about the shared text
            theirs = self._norms[b][best[0][0]]
            if mine != theirs:
                # Longest common subsequence by indel distance (rapidfuzz, in C++): the words not in it differ.
                common = (len(mine) + len(theirs) - Indel.distance(mine, theirs)) // 2
                differing += len(mine) - common
        self._differing[(a, b)] = differing
        return differing

    def plain_words(self, d: int, s: int) -> list[bool]:
        """For each token of the sentence: is it a plain word, neither a number, nor a capitalised name, nor a
        fact word (weekday, unit, role)? A shared run of two plain words or more is prose ("has been in Russia
        for a"); "14 million pounds" or "on Tuesday" is a fact every report of the event repeats."""
        key = (d, s)
        if key not in self._plain:
            from scoring.engine.mentions import classes

            fact_words = classes()
            self._plain[key] = [not t.norm[:1].isdigit() and not t.text[:1].isupper() and t.norm not in fact_words
                                for t in self.docs[d].sentences[s].tokens]
        return self._plain[key]

    def coverage(self, a: int, b: int) -> float:
        """Share of doc a's own prose in sentences that have a close counterpart in doc b."""
        if self._covered is None:
            self._covered = self._covered_words()
        total = self._covered[a, a]
        return self._covered[a, b] / total if total else 0.0

    def _covered_words(self) -> np.ndarray:
        """[a, b]: the words of doc a's own prose in sentences with a counterpart (similarity MATCH_SIM or more)
        in doc b; [a, a] is all of them. For all pairs at once, as sparse products: coverage is asked of every
        pair of a story, and a loop over each pair's sentences went over every sentence once per other article."""
        rows, docs = len(self.index), len(self.docs)
        doc_of_row = np.array([d for d, _ in self.index], dtype=np.int64)
        own = np.array([sum(self.own_words(d, s)) for d, s in self.index], dtype=np.float64)
        in_doc = sparse.csr_matrix((np.ones(rows), (np.arange(rows), doc_of_row)), shape=(rows, docs))
        countered = ((self.sim >= MATCH_SIM).astype(np.float64) @ in_doc) > 0  # row has a counterpart in doc
        countered = countered.astype(np.float64).toarray()
        countered[np.arange(rows), doc_of_row] = 1.0  # the diagonal counts every word: the total
        by_doc = sparse.csr_matrix((own, (doc_of_row, np.arange(rows))), shape=(docs, rows))
        return by_doc @ countered


def connected_groups(n: int, links) -> list[list[int]]:
    """The connected components of n items joined by (i, j) links (union-find), each in index order."""
    joined = Joined(n)
    for i, j in links:
        joined.join(i, j)
    return joined.groups()


def _outside_regions(tokens, regions: list[tuple[int, int]]) -> list[bool]:
    """For each token (in order of their offsets): not in_regions(its start, its end, regions). The region that
    may hold a token is the last one that begins at or before it, which only moves forward from one token to the
    next: found by walking the regions from the first token's, not by a search per token."""
    out, last = [], len(regions) - 1
    k = bisect.bisect_right(regions, (tokens[0].start, float("inf"))) - 1 if tokens else -1
    for t in tokens:
        while k < last and regions[k + 1][0] <= t.start:
            k += 1
        out.append(not (k >= 0 and regions[k][0] <= t.start and t.end <= regions[k][1]))
    return out


def in_regions(start: int, end: int, regions: list[tuple[int, int]]) -> bool:
    """Whether [start, end) lies inside one of the regions (sorted, not overlapping)."""
    k = bisect.bisect_right(regions, (start, float("inf"))) - 1
    return k >= 0 and regions[k][0] <= start and end <= regions[k][1]
