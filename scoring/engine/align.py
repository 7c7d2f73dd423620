"""Stage 3a: align sentences across a story's articles, find copies, and diff a copy against its source.

Sentence similarity is the cosine of word-weighted bags of content words, computed for all sentences of
a story at once as one sparse matrix product. An article is a copy of another when most of its sentences
have a close counterpart there (spinning keeps names, numbers and most words, so a spun copy still
matches its source sentence by sentence). Copies form groups; each group has one root, the member the
other outlets agree with most, and every member is diffed against the root, never against its nearest
sibling: a spun copy that was copied again still shows every swap.
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

from scoring.engine.text import STOPWORDS, Sentence, Token, word_weight, zipf

MATCH_SIM = 0.5  # a sentence "has a counterpart" at this cosine
COPY_COVERAGE = 0.5  # share of the shorter article's prose in matched sentences that makes a copy...
COPY_EXPLAINED = 0.5  # ...when at least this share of it is explained as copied (see copied_share)
ALIGN_SIM = 0.25  # weakest sentence similarity kept at all
# A run of words repeated in order counts as copied prose when it holds at least COPY_RUN plain words (see
# plain_words): "has been in Russia for a" is a sentence's frame; "said on Monday" or "the fire broke out" is
# the stock wording every report of an event may use.
COPY_RUN = 4
# A heavily reworded copy keeps fewer long runs. It still counts as a copy when at least REWORDED_EXPLAINED of its
# prose is explained by runs of REWORDED_RUN plain words and at least COPY_OWN of it restates what only the
# source says (see own_share): independent reports of one press conference share short stock phrases too, but
# what one of them says, the others say as well.
REWORDED_RUN = 2
REWORDED_EXPLAINED = 0.3
COPY_OWN = 0.25
# A source sentence's last (or first) TAIL_SWAP words or fewer, replaced by a longer run of the copy: the copy's
# first (last) words of that run are the swap, the rest a clause it added ("... in the main hall." -> "... in the
# main chamber on Monday, when ...").
TAIL_SWAP = 2
# Two articles of one outlet are versions of one article when each has at most this share of its words out of
# place in the other (see versions): an update adds or changes a sentence or two.
VERSION_DIFFERING = 0.2
# k verbatim copies of one text count as sqrt(k) voices: more than one (wire copy is republished unchanged far
# more often than a spun rewrite), fewer than k (they add no evidence of their own). See choose_root.
VERBATIM_EXPONENT = 0.5
# Voices outside a copy group vote on a difference when they use one side's fixed phrase (the changed words
# with a neighbour, two content words at least: "White House", "tax returns", not "at the") and at least
# OUTSIDE_MARGIN more of them use it than the other side's: one report can use either wording by chance.
PHRASE_CONTENT_WORDS = 2
OUTSIDE_MARGIN = 2


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
    """Whether a was published before b, both times known. A date, or a datetime at midnight exactly (how a date
    is read in), is compared by day: it says nothing about the hour."""
    x, y = as_time(a.published), as_time(b.published)
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


@dataclass(frozen=True)
class Change:
    """A run of tokens of the copy that differs from the source: copy[a0:a1] where the source has `ref`."""

    a0: int  # token indices into the copy sentence
    a1: int
    ref: tuple[Token, ...]  # the source's tokens in their place (may be empty)
    # The article `ref` comes from, when it is not the comparison's source: a root's changes are found
    # through its copies (settle_by_majority), each copy's words with their own offsets and text.
    source: Doc | None = field(default=None, compare=False)


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
        order = np.lexsort((sim.indices, -sim.data, doc_of, row_of))  # by row, doc, best first, then position
        row_of, doc_of = row_of[order], doc_of[order]
        local = (sim.indices[order] - self.offset[doc_of]).tolist()
        pairs = list(zip(local, sim.data[order].tolist()))
        # Where a (row, doc) run starts: each run is one list.
        starts = np.flatnonzero(np.r_[True, (row_of[1:] != row_of[:-1]) | (doc_of[1:] != doc_of[:-1])])
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
            from scoring.engine.facts import mentions

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
                self._own[key] = [not in_regions(t.start, t.end, quotes) for t in sentence.tokens]
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
            from scoring.engine.facts import classes

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
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in links:
        parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def copy_groups(matrix: StoryMatrix, alone=()) -> list[list[int]]:
    """Groups of docs that copy one another (a doc alone is a group of one), by union of copy pairs; the docs in
    `alone` (earlier versions, see versions()) are left out of every pair."""
    n = len(matrix.docs)
    links = ((a, b) for a in range(n) for b in range(a + 1, n)
             if a not in alone and b not in alone and _is_copy_pair(matrix, a, b))
    return sorted(connected_groups(n, links), key=lambda g: matrix.docs[g[0]].id)


def _is_copy_pair(matrix: StoryMatrix, a: int, b: int) -> bool:
    shorter, longer = (a, b) if _words(matrix.docs[a]) <= _words(matrix.docs[b]) else (b, a)
    # Independent reports of one event share names and quotations; a copy also shares the prose around them.
    if matrix.coverage(shorter, longer) < COPY_COVERAGE:
        return False
    return (matrix.copied_share_reaches(shorter, longer, COPY_EXPLAINED)
            or (matrix.own_share(shorter, longer) >= COPY_OWN
                and matrix.copied_share_reaches(shorter, longer, REWORDED_EXPLAINED, REWORDED_RUN)))


def versions(matrix: StoryMatrix, urls: list[str]) -> dict[int, int]:
    """Earlier version -> latest version, for the articles of one outlet that are versions of one article: the same
    URL, or near-identical texts (each has at most VERSION_DIFFERING of its words out of place in the other).

    A newsroom updates an article, or republishes it with a correction: that is one voice, not two, and the
    earlier text is not a copy of the later one. The latest (by publication time where known, else the last id)
    is the one scored; the earlier ones are shown as its versions.
    """
    docs = matrix.docs
    links = []
    for a in range(len(docs)):
        for b in range(a + 1, len(docs)):
            if docs[a].outlet != docs[b].outlet:
                continue
            same_url = bool(urls[a]) and _url_key(urls[a]) == _url_key(urls[b])
            if same_url or (_near_identical(matrix, a, b) and _near_identical(matrix, b, a)):
                links.append((a, b))
    out = {}
    for group in connected_groups(len(docs), links):
        if len(group) < 2:
            continue
        latest = group[-1]
        for d in reversed(group[:-1]):
            if published_before(docs[latest], docs[d]):
                latest = d
        out.update({d: latest for d in group if d != latest})
    return out


def _near_identical(matrix: StoryMatrix, a: int, b: int) -> bool:
    """At most VERSION_DIFFERING of doc a's words are out of place in doc b, counting its sentences b has no
    counterpart for (differing_words leaves those out) as out of place too."""
    allowed = VERSION_DIFFERING * _words(matrix.docs[a])
    if (1 - matrix.coverage(a, b)) * _words(matrix.docs[a]) > allowed:
        return False
    return matrix.differing_words(a, b) <= allowed


def _url_key(url: str) -> str:
    """A URL without its scheme, query, fragment and trailing slash: tracking parameters make no new article."""
    url = url.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return url.split("://", 1)[-1].lower()


def _words(doc: Doc) -> int:
    return sum(len(s.tokens) for s in doc.sentences)


def verbatim_classes(matrix: StoryMatrix, group: list[int]) -> dict[int, int]:
    """Member -> the first member of its verbatim class: members whose shared sentences are word for word
    the same (one only added chrome or a sidebar to the other's text).

    A verbatim copy repeats its original and adds no evidence of its own about the wording (Dong,
    Berti-Equille and Srivastava 2009): in the votes inside a copy group a class of k members weighs
    k ** VERBATIM_EXPONENT, not k.
    """
    links = ((a, b) for i, a in enumerate(group) for b in group[i + 1:]
             if matrix.differing_words(a, b) == 0 and matrix.differing_words(b, a) == 0)
    index = {d: k for k, d in enumerate(group)}
    out = {}
    for members in connected_groups(len(group), ((index[a], index[b]) for a, b in links)):
        for k in members:
            out[group[k]] = group[members[0]]
    return out


def class_weights(cls: dict[int, int]) -> dict[int, float]:
    """Class head -> its weight in a vote: k verbatim copies count as k ** VERBATIM_EXPONENT voices."""
    sizes: dict[int, int] = {}
    for head in cls.values():
        sizes[head] = sizes.get(head, 0) + 1
    return {head: k ** VERBATIM_EXPONENT for head, k in sizes.items()}


def choose_root(matrix: StoryMatrix, group: list[int]) -> int:
    """The member of a copy group most likely to be the original.

    First the medoid: the member that differs least, word for word, from all the others (each verbatim
    class weighed as in settle_by_majority). Each copy alters the source in its own places, so the member
    closest to all of them is the one that agrees with the majority at each place, even when the source
    itself is not in the corpus, and a spun copy copied again verbatim does not outweigh two others.
    Between two members (a source and one copy) that is a tie, and the original is the one the outlets
    outside the group agree with best (they did not copy the swaps), then the one with the more common
    wording (spinners swap common words for rarer ones); earlier publication and id break the remaining
    ties.

    Only a member published no later than every other (where both times are known) can be the root: an article is
    never the source of one published before it, and a later article does not become the root of earlier ones.
    """
    if len(group) == 1:
        return group[0]
    first = [d for d in group if not any(published_before(matrix.docs[o], matrix.docs[d]) for o in group)]
    outside = [d for d in range(len(matrix.docs)) if d not in group]

    def support(d: int) -> float:
        doc = matrix.docs[d]
        agree = 0.0
        for s in range(len(doc.sentences)):
            agree += max((m[0][1] for o in outside if (m := matrix.matches(d, s, o))), default=0.0)
        return agree / max(1, len(doc.sentences))

    words = {d: {t.norm for s in matrix.docs[d].sentences for t in s.tokens} for d in group}

    def commonness(d: int) -> float:
        # Mean Zipf frequency of the words this member does not share with every other member.
        others = [words[o] for o in group if o != d]
        shared = set.intersection(*others) if others else set()
        own = [zipf(w) for w in words[d] - shared if w not in STOPWORDS]
        return sum(own) / len(own) if own else 7.0

    cls = verbatim_classes(matrix, group)
    weight = class_weights(cls)

    def disagreement(d: int) -> float:
        return sum(w * (matrix.differing_words(d, o) + matrix.differing_words(o, d))
                   for o, w in sorted(weight.items()) if o != cls[d])

    def key(d: int):
        doc = matrix.docs[d]
        return (disagreement(d), -round(support(d), 3), -round(commonness(d), 2), str(doc.day or "9999"), doc.id)

    return min(first or group, key=key)


def settle_by_majority(matrix: StoryMatrix, comparisons: dict[int, "Comparison"], group: list[int],
                       root: int, outside: list[str] = ()) -> dict[int, "Comparison"]:
    """Give each difference between a copy and the root to the side that has the more support.

    The copy's and the root's verbatim classes stand for their wordings, and every other class of the group
    votes for the wording it keeps (a class of k members weighs k ** VERBATIM_EXPONENT). The voices outside
    the group (`outside`: each one's normalised words) were written independently, so they do not share the
    sentence; they vote only on fixed phrases (see PHRASE_CONTENT_WORDS and OUTSIDE_MARGIN): "United States"
    against a spinner's "Joined Along States". Where the copy's wording has the more support, it is the root
    that changed the text there: the change moves to the root's comparison and to those of the root's
    verbatim copies, which repeat it.
    """
    cls = verbatim_classes(matrix, group)
    weight = class_weights(cls)

    def says(o: int, d: int, s: int, words: str) -> bool:
        """Does member o, in its sentence closest to sentence s of member d, have these words?"""
        best = matrix.matches(d, s, o)
        return bool(best) and words in " " + " ".join(matrix._norms[o][best[0][0]]) + " "

    def root_changed(d: int, s: int, sentence: Sentence, ch: Change) -> bool:
        """Does the copy's wording at this change have more support than the root's?"""
        mine, ref = [t.norm for t in sentence.tokens[ch.a0:ch.a1]], [t.norm for t in ch.ref]
        mine_s, ref_s = " " + " ".join(mine) + " ", " " + " ".join(ref) + " "
        for_copy, for_root = weight[cls[d]], weight[cls[root]]
        for o in sorted(set(weight) - {cls[d], cls[root]}):
            has_mine, has_ref = says(o, d, s, mine_s), says(o, d, s, ref_s)
            for_copy += weight[o] * (has_mine and not has_ref)
            for_root += weight[o] * (has_ref and not has_mine)
        left = [t.norm for t in sentence.tokens[max(0, ch.a0 - 1):ch.a0]]
        right = [t.norm for t in sentence.tokens[ch.a1:ch.a1 + 1]]
        copy_out, root_out = phrase_users(outside, mine, left, right), phrase_users(outside, ref, left, right)
        margin = len(copy_out - root_out) - len(root_out - copy_out)
        if abs(margin) >= OUTSIDE_MARGIN:
            for_copy, for_root = for_copy + max(margin, 0), for_root + max(-margin, 0)
        return for_copy > for_root

    settled: dict[int, Comparison] = {}
    moved: dict[int, list[Change]] = {}
    root_source = None
    root_doc = matrix.docs[root]
    for d, comp in sorted(comparisons.items()):
        diffs = []
        index = {id(sent): k for k, sent in enumerate(comp.doc.sentences)}
        for diff in comp.diffs:
            keep = []
            s = index[id(diff.sentence)]
            for ch in diff.changes:
                if ch.a1 > ch.a0 and ch.ref and root_changed(d, s, diff.sentence, ch):
                    rs = _sentence_at(root_doc, ch.ref[0].start)
                    # The root's words must be one run of one of its sentences: a copy that merged two source
                    # sentences has changes whose `ref` runs across the boundary, which no single sentence of
                    # the root can hold. Such a change stays with the copy.
                    a0 = _run_in(root_doc.sentences[rs].tokens, ch.ref) if rs is not None else None
                    if a0 is not None:
                        mine = tuple(diff.sentence.tokens[ch.a0:ch.a1])
                        moved.setdefault(rs, []).append(Change(a0, a0 + len(ch.ref), mine, comp.doc))
                        root_source = root_source or comp.doc
                        continue
                keep.append(ch)
            diffs.append(SentenceDiff(diff.sentence, diff.ref, tuple(keep)))
        settled[d] = Comparison(comp.doc, comp.source, comp.similarity, diffs)
    if moved:
        moved_diffs = {s: _first_of_each(chs) for s, chs in sorted(moved.items())}
        settled[root] = Comparison(root_doc, root_source, 1.0,
                                   [SentenceDiff(root_doc.sentences[s], (), chs) for s, chs in moved_diffs.items()])
        for d in group:
            if d != root and cls[d] == cls[root]:
                settled[d].diffs.extend(_repeated(matrix, root, d, moved_diffs))
    return settled


def phrase_users(texts: list[str], words: list[str], left: list[str], right: list[str]) -> set[int]:
    """Indices of the texts (normalised words, space-separated) that use these words as a fixed phrase: with
    the word before or after them, the pair holding PHRASE_CONTENT_WORDS content words at least."""
    needles = [" " + " ".join(f) + " " for f in (left + words, words + right)
               if sum(w not in STOPWORDS for w in f) >= PHRASE_CONTENT_WORDS]
    return {k for k, text in enumerate(texts) if any(n in text for n in needles)} if needles else set()


def _repeated(matrix: StoryMatrix, root: int, d: int, moved: dict[int, tuple[Change, ...]]) -> list[SentenceDiff]:
    """The root's changes at the same words of its verbatim copy d (its sentences are word for word the
    root's, so token positions carry over)."""
    out = []
    for s, changes in moved.items():
        best = matrix.matches(root, s, d)
        if best and matrix._norms[d][best[0][0]] == matrix._norms[root][s]:
            out.append(SentenceDiff(matrix.docs[d].sentences[best[0][0]], (), changes))
    return out


def _first_of_each(changes: list[Change]) -> tuple[Change, ...]:
    """One change per span and wording, the first found (copies are visited in order), sorted by position.

    Not a set: its order follows string hashes, which differ between runs, and the survivor decides which
    copy a finding quotes.
    """
    first: dict[tuple, Change] = {}
    for c in changes:
        first.setdefault((c.a0, c.a1, tuple(t.norm for t in c.ref)), c)
    return tuple(sorted(first.values(), key=lambda c: (c.a0, c.a1)))


def _run_in(tokens: tuple[Token, ...], run: tuple[Token, ...]) -> int | None:
    """Where `run` (tokens of the same text) starts as a contiguous run of `tokens`, or None."""
    a0 = next((i for i, t in enumerate(tokens) if t.start == run[0].start), None)
    if a0 is None or [t.start for t in tokens[a0:a0 + len(run)]] != [t.start for t in run]:
        return None
    return a0


def _sentence_at(doc: Doc, offset: int) -> int | None:
    for i, s in enumerate(doc.sentences):
        if s.start <= offset < s.end:
            return i
    return None


def reference_for(matrix: StoryMatrix, d: int, s: int, root: int) -> list[int]:
    """The root's sentences that sentence s of doc d was made from (one, or two when a copy merged them)."""
    found = [(i, sim) for i, sim in matrix.matches(d, s, root) if sim >= ALIGN_SIM]
    if not found:
        return []
    best = found[0]
    if best[1] < MATCH_SIM * 0.8:
        return []
    picked = [best[0]]
    # A spinner often merges two source sentences into one: take a second one if it covers other words.
    mine = {t.norm for t in matrix.docs[d].sentences[s].tokens if t.norm not in STOPWORDS}
    got = {t.norm for t in matrix.docs[root].sentences[best[0]].tokens}
    for i, sim in found[1:3]:
        extra = {t.norm for t in matrix.docs[root].sentences[i].tokens} - got
        if sim >= ALIGN_SIM and len(mine & extra) >= 3:
            picked.append(i)
            break
    return sorted(picked)


def token_changes(copy: list[Token], ref: list[Token], max_run: int = 6) -> list[Change]:
    """Runs of the copy's tokens replaced relative to the source tokens (moves are not changes)."""
    a = [t.norm for t in copy]
    b = [t.norm for t in ref]
    if a == b:
        # A sentence copied word for word (most of a wire copy's): the diff would find one equal run, no change.
        return []
    changes: list[Change] = []
    _diff(a, b, 0, len(a), copy, ref, changes, max_run, depth=0)
    return sorted(changes, key=lambda c: c.a0)


def _diff(a, b, lo, hi, copy, ref, out, max_run, depth):
    sm = difflib.SequenceMatcher(None, a[lo:hi], b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        i1, i2 = i1 + lo, i2 + lo
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 <= max_run and j2 - j1 <= max_run + 2:
            if not _moved(a[i1:i2], b, j1, j2):
                out.append(Change(i1, i2, tuple(ref[j1:j2])))
        elif tag == "replace" and depth == 0 and j2 - j1 <= TAIL_SWAP and (j2 == len(b) or j1 == 0):
            # The source's last (or first) words replaced by a longer run: a clause the copy added after (before)
            # the sentence's end (start), and the words in their place before (after) it swapped.
            n = j2 - j1
            k0 = i1 if j2 == len(b) else i2 - n
            if not _moved(a[k0:k0 + n], b, j1, j2):
                out.append(Change(k0, k0 + n, tuple(ref[j1:j2])))
        elif tag in ("replace", "delete") and i2 - i1 > 2 and depth < 1:
            # A long run of the copy with no counterpart here: a clause moved elsewhere in the sentence.
            # Align it on its own against the whole source sentence.
            _diff(a, b, i1, i2, copy, ref, out, max_run, depth + 1)
        elif tag == "delete" and i2 - i1 <= 2 and depth == 0:
            out.append(Change(i1, i2, ()))  # words added by the copy ("also", "not")
        elif tag == "insert" and j2 - j1 <= 2 and depth == 0 and 0 < i1 < len(a):
            out.append(Change(i1, i1, tuple(ref[j1:j2])))  # words dropped by the copy


def _moved(seg: list[str], b: list[str], j1: int, j2: int) -> bool:
    """The copy's words are all present in the source outside the replaced run: reordering, not a swap."""
    rest = b[:j1] + b[j2:]
    return all(w in rest for w in seg) and len(seg) > 1


@dataclass(frozen=True)
class SentenceDiff:
    sentence: Sentence  # of the copy
    ref: tuple[Token, ...]  # the source tokens it was made from
    changes: tuple[Change, ...]


@dataclass
class Comparison:
    """A copy set against the root of its copy group: what the detectors read."""

    doc: Doc
    source: Doc
    similarity: float
    diffs: list[SentenceDiff]


def compare(matrix: StoryMatrix, d: int, root: int) -> Comparison:
    """Diff every sentence of doc d against the root's sentences it was made from."""
    doc, src = matrix.docs[d], matrix.docs[root]
    diffs = []
    for s, sent in enumerate(doc.sentences):
        picked = reference_for(matrix, d, s, root)
        if not picked:
            continue
        ref = [t for i in picked for t in src.sentences[i].tokens]
        diffs.append(SentenceDiff(sent, tuple(ref), tuple(token_changes(list(sent.tokens), ref))))
    return Comparison(doc, src, matrix.copied_share(d, root), diffs)


def in_regions(start: int, end: int, regions: list[tuple[int, int]]) -> bool:
    """Whether [start, end) lies inside one of the regions (sorted, not overlapping)."""
    k = bisect.bisect_right(regions, (start, float("inf"))) - 1
    return k >= 0 and regions[k][0] <= start and end <= regions[k][1]
