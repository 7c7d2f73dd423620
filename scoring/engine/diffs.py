"""Stage 3b: a copy diffed against its source, sentence by sentence: the runs of words it replaced, added or dropped.

Each sentence of the copy is set against the source sentence(s) it was made from (one, or two a copy merged), and
its words against theirs; a run the copy moved elsewhere in the sentence is no change. The detectors read the
resulting Comparison.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from scoring.engine.changes import fact_change
from scoring.engine.matrix import ALIGN_SIM, MATCH_SIM, Doc, StoryMatrix, in_regions
from scoring.engine.slots import currency
from scoring.engine.text import STOPWORDS, Sentence, Token

# A source sentence's last (or first) TAIL_SWAP words or fewer, replaced by a longer run of the copy: the copy's
# first (last) words of that run are the swap, the rest a clause it added ("... in the main hall." -> "... in the
# main chamber on Monday, when ...").
TAIL_SWAP = 2


@dataclass(frozen=True)
class Change:
    """A run of tokens of the copy that differs from the source: copy[a0:a1] where the source has `ref`."""

    a0: int  # token indices into the copy sentence
    a1: int
    ref: tuple[Token, ...]  # the source's tokens in their place (may be empty)
    # The article `ref` comes from, when it is not the comparison's source: a root's changes are found
    # through its copies (settle_by_majority), each copy's words with their own offsets and text.
    source: Doc | None = field(default=None, compare=False)


def reference_for(matrix: StoryMatrix, d: int, s: int, root: int) -> list[int]:
    """The root's sentences that sentence s of doc d was made from (one, or two when a copy merged them)."""
    found = [(i, sim) for i, sim in matrix.matches(d, s, root) if sim >= ALIGN_SIM]
    if not found:
        return []
    best = found[0]
    if best[1] < MATCH_SIM * 0.8:
        return []
    picked = [best[0]]
    if len(found) == 1:
        return picked
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
    # (diff, change) -> its classification (see fact): the objects themselves are held by `diffs`, so their ids
    # stay theirs while the comparison lives.
    _facts: dict = field(default_factory=dict, repr=False, compare=False)
    # (diff, change) -> spin.substitution's verdict on it, likewise decided once: the spin detector and the
    # fingerprints both read every swap of a comparison (spin.swaps).
    wording: dict = field(default_factory=dict, repr=False, compare=False)

    def fact(self, diff: SentenceDiff, ch: Change) -> str | None:
        """The kind of fact a replaced run `ch` of `diff` changes ('number', 'quote', ...; changes.fact_change), or
        None for wording. Decided once per change, on first asking: spin, drift and the fingerprints all read it
        here, so a change is never a changed fact to one detector and a swap to another."""
        key = (id(diff), id(ch))
        if key not in self._facts:
            toks = diff.sentence.tokens
            in_quote = quoted(self.doc, toks[ch.a0].start, toks[ch.a1 - 1].end, ch, ch.source or self.source)
            kind = fact_change(list(toks), ch, diff.ref, in_quote)
            if kind == "number" and _converted(self.doc, toks, ch, diff.ref, ch.source or self.source):
                kind = None
            self._facts[key] = kind
        return self._facts[key]


def _converted(doc: Doc, toks, ch: Change, ref: tuple[Token, ...], src: Doc) -> bool:
    """Whether the replaced amount and its original do not name the same currency ("$100 million" / "€75m", or a
    currency on one side only): a conversion, or an amount whose unit one side leaves unsaid, as slots.py reads
    amounts; not a changed value. The symbols are no tokens, so the texts are read."""
    i = next((k for k in range(ch.a0, ch.a1) if toks[k].norm[:1].isdigit()), None)
    first = next((t for t in ch.ref if t.norm[:1].isdigit()), None)
    if i is None or first is None:
        return False
    # The source's number within its sentence, so that the words after it (a scale, a currency word) are read too.
    seq = ref if any(t is first for t in ref) else ch.ref
    j = next(k for k, t in enumerate(seq) if t is first)
    mine, theirs = currency(doc.text, toks, i), currency(src.text, seq, j)
    return mine != theirs


def quoted(doc, start: int, end: int, ch: Change, src) -> bool:
    """Whether a change sits inside quotation marks in the copy and its original inside quotation marks in the source:
    only then is it a speaker's words changed. A quotation set against the source's own prose (a press release's
    quote against its "About" line) is another sentence."""
    return in_regions(start, end, doc.quotes) and bool(ch.ref) and in_regions(ch.ref[0].start, ch.ref[-1].end,
                                                                                   src.quotes)


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
