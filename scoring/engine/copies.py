"""Stage 3c: copies. Which articles of a story copy one another, which member of a copy group is the original, and
which side of each difference inside a group the other members and outlets support.

An article is a copy of another when most of its sentences have a close counterpart there (spinning keeps names,
numbers and most words, so a spun copy still matches its source sentence by sentence) and the prose around them
is repeated too. Copies form groups; each group has one root, the member the other outlets agree with most, and
every member is diffed against the root, never against its nearest sibling: a spun copy that was copied again still
shows every swap. An outlet's earlier versions of one article are one voice with the latest, not copies.
"""
from __future__ import annotations

from dataclasses import dataclass

from scoring.engine.diffs import Change, Comparison, SentenceDiff
from scoring.engine.joined import Joined
from scoring.engine.matrix import MATCH_SIM, Doc, StoryMatrix, connected_groups, published_before
from scoring.engine.text import STOPWORDS, Sentence, Token, zipf

COPY_COVERAGE = 0.5  # share of the shorter article's prose in matched sentences that makes a copy...
COPY_EXPLAINED = 0.5  # ...when at least this share of it is explained as copied (see copied_share)
# A heavily reworded copy keeps fewer long runs. It still counts as a copy when at least REWORDED_EXPLAINED of its
# prose is explained by runs of REWORDED_RUN plain words and at least COPY_OWN of it restates what only the
# source says (see own_share): independent reports of one press conference share short stock phrases too, but
# what one of them says, the others say as well.
REWORDED_RUN = 2
REWORDED_EXPLAINED = 0.3
COPY_OWN = 0.25
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


@dataclass(frozen=True)
class CopyParams:
    """What makes a copy and a version (the constants above are the defaults; see them for why)."""

    coverage: float = COPY_COVERAGE
    explained: float = COPY_EXPLAINED
    reworded_run: int = REWORDED_RUN
    reworded_explained: float = REWORDED_EXPLAINED
    own: float = COPY_OWN
    version_differing: float = VERSION_DIFFERING


def copy_groups(matrix: StoryMatrix, alone=(), params: CopyParams = CopyParams()) -> list[list[int]]:
    """Groups of docs that copy one another (a doc alone is a group of one), by union of copy pairs; the docs in
    `alone` (earlier versions, see versions()) are left out of every pair."""
    n = len(matrix.docs)
    joined = Joined(n)
    for a in range(n):
        for b in range(a + 1, n):
            # A pair already joined through others is not tested: its link would change no group, and the tests
            # of a story's copies of one source were most of copy detection's time.
            if a not in alone and b not in alone and joined.find(a) != joined.find(b) and _is_copy_pair(
                    matrix, a, b, params):
                joined.join(a, b)
    return sorted(joined.groups(), key=lambda g: matrix.docs[g[0]].id)


def _is_copy_pair(matrix: StoryMatrix, a: int, b: int, params: CopyParams) -> bool:
    shorter, longer = (a, b) if _words(matrix.docs[a]) <= _words(matrix.docs[b]) else (b, a)
    # Independent reports of one event share names and quotations; a copy also shares the prose around them.
    if matrix.coverage(shorter, longer) < params.coverage:
        return False
    return (matrix.copied_share_reaches(shorter, longer, params.explained)
            or (matrix.own_share(shorter, longer) >= params.own
                and matrix.copied_share_reaches(shorter, longer, params.reworded_explained, params.reworded_run)))


def versions(matrix: StoryMatrix, urls: list[str], params: CopyParams = CopyParams()) -> dict[int, int]:
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
            if same_url or (_near_identical(matrix, a, b, params) and _near_identical(matrix, b, a, params)):
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


def _near_identical(matrix: StoryMatrix, a: int, b: int, params: CopyParams) -> bool:
    """At most VERSION_DIFFERING of doc a's words are out of place in doc b, counting its sentences b has no
    counterpart for (differing_words leaves those out) as out of place too."""
    allowed = params.version_differing * _words(matrix.docs[a])
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
             if _same_wording(matrix, a, b) and _same_wording(matrix, b, a))
    index = {d: k for k, d in enumerate(group)}
    out = {}
    for members in connected_groups(len(group), ((index[a], index[b]) for a, b in links)):
        for k in members:
            out[group[k]] = group[members[0]]
    return out


def _same_wording(matrix: StoryMatrix, a: int, b: int) -> bool:
    """Whether each sentence of doc a that doc b shares is word for word b's closest sentence, or that sentence with
    a run of words before or after it (or the run's without it).

    A run at a sentence's edge is what a page's chrome leaves when it has no stop of its own and the text comes on
    one line: "Advertisement", "Share this story Facebook Twitter Email Print" or "(c) 2024 All rights reserved."
    cannot be split off as a sentence and is read as the start or end of the story's sentence next to it. A
    republication that only added such chrome has still changed no word of the text it repeats.
    """
    for s, mine in enumerate(matrix._norms[a]):
        best = matrix.matches(a, s, b)
        if not best or best[0][1] < MATCH_SIM * 0.8:
            continue  # a sentence of its own (as in differing_words)
        theirs = matrix._norms[b][best[0][0]]
        if mine == theirs:
            continue
        short, long = (mine, theirs) if len(mine) < len(theirs) else (theirs, mine)
        if not short or (long[:len(short)] != short and long[-len(short):] != short):
            return False
    return True


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
    members: dict[int, list[int]] = {}
    for d in group:
        members.setdefault(cls[d], []).append(d)

    def disagreement(d: int) -> float:
        # A class's wording is what its members share: each class is read through its median member (the lower
        # one of two), so neither the chrome one member glued to a sentence (see _same_wording) nor the sentences
        # one member lacks decide it, whichever member heads the class.
        def apart(o: int) -> int:
            return matrix.differing_words(d, o) + matrix.differing_words(o, d)

        return sum(w * sorted(map(apart, members[head]))[(len(members[head]) - 1) // 2]
                   for head, w in sorted(weight.items()) if head != cls[d])

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
