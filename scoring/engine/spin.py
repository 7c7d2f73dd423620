"""Detector: spin, the automated synonym swapping of a copied text.

Given a copy aligned to its source, a swap is a word or fixed phrase replaced by a near-synonym inside a sentence
whose frame the copy kept: the words on both sides of it are the source's, and most of the sentence is the
source's, word for word. The replacement is rarer in general English than the original (wordfreq), or less used
by the story's articles ("tear fuel" where the others write "tear gas"). That is what spinning tools
leave behind. A copy desk's edits are not spin (facts.edit_kind): spellings, inflections, function words,
abbreviations, clauses rewritten at another length, numbers and times restated; nor is a changed fact
(facts.change_kind: that is drift). The whole copy weighs too: an edited copy (more clauses rewritten than words
swapped) has no spin unless it is dense with swaps, and a lone swap is not spin (corroborated). One word said in a
string of content words nobody else writes ("seven day stretch" for week: an expansion) is spin beside other changes.
A change that swaps no word (a phrase moved inside its sentence, function words put where content words were:
moves.py) is never spin.
The span is the swapped words and `expected` is the source's wording.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel
from wordfreq import zipf_frequency

from scoring.engine.align import PHRASE_CONTENT_WORDS, Comparison
from scoring.engine.facts import classes, edit_kind
from scoring.engine.moves import empty, moved
from scoring.engine.text import STOPWORDS, Token
from scoring.engine.types import Finding

SPIN_SEVERITY = 0.5  # a swap of content words
RARER, IN_FRAME, REFRAMED = "rarer", "in frame", "reframed"
# One word said in a string of others in an intact frame, the string no other voice writes ("seven day stretch" for
# week): a tool's paraphrase, but weaker evidence than a swap (a copy desk also says a word at greater length: "former
# civil war foes" for nations), so it shows only beside min_changes other changes (corroborated).
EXPANDED = "expanded"
# A word respelled in another house style ("center" for centre, "protestors", "fire-bomb" for firebomb): a copy desk's
# edit, never a tool's (a spinning tool swaps words and leaves the spelling it found). It is no swap, and it is evidence
# that the copy is an edited one, as a rewritten clause is.
RESPELLED = "respelled"
# A copy is an edited one when more of its changes rewrite clauses (REFRAMED: a phrase rewritten at another length, or
# the words around it changed too) than swap words or facts: a copy desk rewrites clauses and changes a word here and
# there; a spinning tool swaps words and leaves the frames (on ECB+'s wire copies every copy with spin findings but one
# rewrote more clauses than it swapped words; no spun copy of the evaluation worlds does). Its single-word changes are
# the editor's, not spin, unless the copy is dense with swaps.
# A change that swaps no word (moves.py): a phrase moved inside its sentence (the copy gains no word or loses none), or
# function words and a count's modifiers put where content words were ("at", "roughly"). It is never spin, even in a
# dense copy, and it counts as a clause rewritten for the edited-copy test: it is how a sentence is restructured.
MOVED = "moved"


@dataclass(frozen=True)
class SpinParams:
    """The spin detector's thresholds (params.DetectorParams.spin_thresholds); the defaults are the engine's."""

    # The frame a swap sits in: the frame_context words on each side of it are the source's words there (or the
    # sentence ends there in both), and at least frame_kept of the copy sentence's words are the source's, in order.
    # A spinner changes a few words of each sentence; an editor who rewrites a clause changes the frame too.
    frame_context: int = 2
    frame_kept: float = 0.4
    # A replacement is rarer when its Zipf frequency (wordfreq, the whole phrase) is below the original's by more
    # than rarer_zipf; within that margin the two are equally common words and only the story's usage can tell.
    rarer_zipf: float = 0.1
    # A replacement that at least idiom_users voices outside the copy's group write, with the same neighbour, and no
    # fewer than write the original, is how the story is told ("the storm hit"), not a spinner's oddity.
    idiom_users: int = 2
    # A copy with at least dense_swaps swaps in intact frames is a spinner's output: there, a replacement no rarer
    # than the original is a swap too, and so is one next to another swap (its frame rewritten by the tool).
    dense_swaps: int = 5
    dense_share: float = 0.5  # ...and at least this many per sentence it shares with its source: a spinner touches
    # most sentences; an editor who changes a word in every few sentences of a long update does not reach it.
    # A copy shows spin only with at least min_changes changes against its source, swaps and changed facts together
    # (corroborated): one word changed in a whole copy is as often a copy desk's synonym ("teenager" for boy) as a
    # tool's swap, and calling it spin would accuse an honest outlet. A light spinner's two or three swaps, or a swap
    # beside a changed fact, are still found, and a tool's recurring single swap is found by the learned fingerprints.
    min_changes: int = 2


DEFAULT_SPIN = SpinParams()
# Time words (weekdays, months, "today") and numbers on either side of a change restate a fact ("today" for on
# Monday, "24 kilometres" for 15 miles, "multiple" for 11): the drift detector judges them, and what it does not call a
# changed fact is a copy desk's restatement. A spinning tool swaps ordinary words; in a copy dense with swaps such a
# change still counts (a tool's "12 month stretch" for year).
_TIME_CLASSES = ("weekday", "month")


def swaps(comparison: Comparison, names: bool = False, texts: list[str] = (), outside: list[str] = (),
          params: SpinParams = DEFAULT_SPIN):
    """(the copy sentence's tokens, the change, the article its original words come from, the verdict: RARER,
    EXPANDED, or in a dense copy IN_FRAME or REFRAMED) for every swap of a comparison that changes no fact; with
    `names`, swaps inside names too (facts.change_kind's "name").
    `texts`: the story's articles as normalised words (" a b c "), for how many of them use each wording;
    `outside`: the same for the voices outside the copy's group (each voice's articles as one text).

    A replacement no rarer than the original, or one whose frame changed too, counts only in a copy dense with
    swaps (dense_swaps or more in intact frames, dense_share or more per shared sentence): a spinning tool
    rewrites phrase after phrase, some of them into commoner words ("talk" for discussion), where a copy desk
    changes a word here and there."""
    found = []
    facts = 0  # changed facts (the drift detector's): evidence against an edited copy, as swaps are
    for diff in comparison.diffs:
        toks = diff.sentence.tokens
        for ch in diff.changes:
            if ch.a1 <= ch.a0 or not ch.ref or ch.a1 > len(toks):
                continue  # added or dropped words are not swaps
            src = ch.source or comparison.source
            kind = comparison.fact(diff, ch)
            facts += kind is not None
            if kind is None or (names and kind == "name"):  # other facts changed: the drift detector's
                verdict = _verdict(comparison, diff, ch, src, texts, outside, params) if kind is None else RARER
                if verdict:
                    found.append((verdict, (toks, ch, src)))
    swapped = sum(1 for verdict, _ in found if verdict in (RARER, IN_FRAME))
    dense = swapped >= params.dense_swaps and swapped >= params.dense_share * len(comparison.diffs)
    # An expansion weighs as a clause rewritten here: it is no evidence that the copy is not an edited one.
    rewrites = sum(1 for verdict, _ in found if verdict in (REFRAMED, EXPANDED, RESPELLED, MOVED))
    if not dense and rewrites > swapped + facts:
        return  # an edited copy (see above): its word changes are the editor's
    for verdict, swap in found:
        if verdict in (RARER, EXPANDED) or (dense and verdict in (IN_FRAME, REFRAMED)):
            yield swap + (verdict,)


def _verdict(comparison: Comparison, diff, ch, src, texts, outside, params: SpinParams) -> str:
    """substitution()'s verdict on a change, computed once per comparison for the same story texts and
    thresholds (the spin detector and the fingerprints both ask: Comparison.wording)."""
    key = (id(diff), id(ch))
    held = comparison.wording.get(key)
    if held is not None and held[0] is texts and held[1] is outside and held[2] == params:
        return held[3]
    verdict = substitution(diff.sentence.tokens, ch.a0, ch.a1, _ref_sentence(diff, ch, src), texts, outside, params)
    comparison.wording[key] = (texts, outside, params, verdict)
    return verdict


def _ref_sentence(diff, ch, src) -> tuple[list[Token], int, int]:
    """The tokens the change's original words sit in, and where: the source sentence(s) the copy's sentence was
    made from, or for a root's change (found through a copy) the copy's sentence holding them."""
    ref = list(diff.ref)
    if not ref or ch.ref[0] not in ref:
        ref = next((list(s.tokens) for s in src.sentences if s.start <= ch.ref[0].start < s.end), list(ch.ref))
    j1 = next((j for j, t in enumerate(ref) if t.start == ch.ref[0].start), 0)
    return ref, j1, j1 + len(ch.ref)


def substitution(toks, a0: int, a1: int, reference: tuple[list[Token], int, int], texts: list[str] = (),
                 outside: list[str] = (), params: SpinParams = DEFAULT_SPIN) -> str:
    """Whether copy tokens toks[a0:a1], where the source has ref[j1:j2] (`reference` = (ref, j1, j2)), are a
    spinner's swap: RARER for a near-synonym in an intact frame, rarer or less used than the original; IN_FRAME
    for one in an intact frame that is not; REFRAMED for one whose frame changed too; "" for an edit
    (facts.edit_kind)."""
    ref, j1, j2 = reference
    new, old = list(toks[a0:a1]), ref[j1:j2]
    edit = edit_kind(new, old, list(toks), outside)
    if edit in (None, "rewording", "expansion") and (empty(toks, a0, a1, old) or moved(new, old, toks, ref)):
        return MOVED  # no word swapped: a phrase moved, or a clause restructured around function words (moves.py)
    if edit == "rewording":
        return REFRAMED  # a phrase rewritten at another length: a swap only among a spinner's many
    expansion = edit == "expansion"  # one word said in a string of others ("seven day stretch" for week)
    if edit in ("spelling", "punctuation"):
        return RESPELLED
    if edit is not None and not expansion:
        return ""
    if not expansion and (_restates_fact(new) or _restates_fact(old)):
        # A number or a time restated (see _TIME_CLASSES): a swap only among a spinner's many. An expansion is one
        # word for a string of content words ("twelve month stretch" for year), not a value for another.
        return REFRAMED
    k = params.frame_context
    if ([t.norm for t in toks[max(0, a0 - k):a0]] != [t.norm for t in ref[max(0, j1 - k):j1]]
            or [t.norm for t in toks[a1:a1 + k]] != [t.norm for t in ref[j2:j2 + k]]):
        return REFRAMED
    mine, theirs = [t.norm for t in toks], [t.norm for t in ref]
    if (len(mine) + len(theirs) - Indel.distance(mine, theirs)) / 2 < params.frame_kept * len(mine):
        return REFRAMED
    new_n, old_n = " ".join(t.norm for t in new), " ".join(t.norm for t in old)
    new_outside = _users(outside, toks, a0, a1, new_n)
    if new_outside >= max(params.idiom_users, _users(outside, ref, j1, j2, old_n)) or (expansion and new_outside):
        # Independent reports write it too: an expression of the story, whatever its frequency. An expansion is a
        # tool's only when no other voice says it so.
        return IN_FRAME
    new_users, old_users = _users(texts, toks, a0, a1, new_n), _users(texts, ref, j1, j2, old_n)
    if _zipf(new_n) < _zipf(old_n) - params.rarer_zipf or new_users < old_users:
        return EXPANDED if expansion else RARER
    return IN_FRAME


def _restates_fact(tokens) -> bool:
    """Whether a side of a change holds a number or a time word (see _TIME_CLASSES)."""
    cls = classes()
    return any(t.norm[:1].isdigit() or cls.get(t.norm) in _TIME_CLASSES for t in tokens)


def corroborated(spins: list[Finding], drifts: list[Finding], params: SpinParams = DEFAULT_SPIN) -> list[Finding]:
    """A copy's spin findings, kept when the copy shows at least params.min_changes changes against its source: its
    swaps and its changed facts (`drifts`, the drift detector's findings on the same comparison) together."""
    changes = sum(1 for f in spins if f.detail != "expansion") + sum(1 for f in drifts if f.kind == "drift")
    return spins if changes >= params.min_changes else []


@lru_cache(maxsize=65536)
def _zipf(phrase: str) -> float:
    return zipf_frequency(phrase, "en")


def _users(texts: list[str], toks, a0: int, a1: int, words: str) -> int:
    """How many of the texts use these words with the word before or after them, as this sentence does, or alone
    when they are a phrase of their own (PHRASE_CONTENT_WORDS content words: "city council")."""
    before = " ".join(t.norm for t in toks[max(0, a0 - 1):a0])
    after = " ".join(t.norm for t in toks[a1:a1 + 1])
    needles = [f" {p} " for p in (f"{before} {words}" if before else "", f"{words} {after}" if after else "") if p]
    if sum(t.norm not in STOPWORDS for t in toks[a0:a1]) >= PHRASE_CONTENT_WORDS:
        needles = [f" {words} "]
    return sum(any(n in text for n in needles) for text in texts)


def find_spin(comparison: Comparison, support, texts: list[str] = (), outside: list[str] = (),
              params: SpinParams = DEFAULT_SPIN) -> list[Finding]:
    """Spin findings of a copy against its source; `support(tokens)` names the articles stating the original;
    `texts` and `outside` as in swaps(); `params` its thresholds."""
    doc = comparison.doc
    findings = []
    for toks, ch, src, verdict in swaps(comparison, texts=texts, outside=outside, params=params):
        start, end = toks[ch.a0].start, toks[ch.a1 - 1].end
        expected = src.text[ch.ref[0].start:ch.ref[-1].end]
        findings.append(Finding(
            kind="spin", start=start, end=end, text=doc.text[start:end], expected=expected,
            support=support(ch.ref), severity=SPIN_SEVERITY, detail="expansion" if verdict == EXPANDED else "swap",
            source=src.id, source_start=ch.ref[0].start, source_end=ch.ref[-1].end,
            explanation=f"Copied from {src.outlet} with words swapped: the source says “{expected}”.",
        ))
    return findings
