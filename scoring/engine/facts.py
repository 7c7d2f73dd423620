"""Fact units inside sentences: numbers with their unit, durations, weekdays, dates, nationalities, roles,
quoted words; and the judgement whether a difference between a copy and its source changes a fact.

Facts belong to closed word classes (scoring/data/fact_classes.txt) or are numbers and names; a swap
inside one of them is drift, a swap of ordinary words is style (spin when it breaks a fixed phrase).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from scoring.engine import lexicon
from rapidfuzz import fuzz

from scoring.engine.text import STOPWORDS, Sentence, Token

_ARTICLE_NUMBERS = {"a": "1", "an": "1", "one": "1", "single": "1", "several": "several", "few": "few"}
_NEGATIONS = {"not", "no", "never", "n't", "neither", "nor", "without", "cannot"}


@dataclass(frozen=True)
class Mention:
    cls: str  # number | duration | weekday | month | nationality | role | medium | name
    value: str  # normal form, e.g. "1 week", "monday", "10000 troops"
    unit: str  # what the value counts or qualifies (for numbers and durations), else ""
    start: int  # character offsets in the article
    end: int
    cue: str = ""  # the content word before it: what the value is about ("turnout", "began", "won")
    after: str = ""  # the word after it ("three weeks *before*", "two years *after*")
    part: bool = False  # a number inside a compound value (a decimal, a time of day, a score): not a value alone
    # Content words around it (CONTEXT_WORDS either side, not its unit): what the value is said of ("140 passengers
    # were *evacuated*"), for comparing it with the value another report states about the same thing.
    context: frozenset[str] = frozenset()


def classes() -> dict[str, str]:
    return lexicon.classes("fact_classes.txt")


@lru_cache(maxsize=None)
def direction_sides() -> dict[str, int]:
    """word -> pair number * 2 + side (0 or 1): opposite words share the pair and differ in side."""
    out = {}
    for k, line in enumerate(lexicon.lines("direction_pairs.txt")):
        left, _, right = line.partition("|")
        for side, words in enumerate((left, right)):
            for w in words.split(","):
                if w.strip():
                    out.setdefault(w.strip().lower(), k * 2 + side)
    return out


def mentions(sentence: Sentence) -> list[Mention]:
    """Fact mentions of a sentence, in order."""
    cls = classes()
    toks = sentence.tokens
    out: list[Mention] = []
    cue = ""
    for i, t in enumerate(toks):
        if i and toks[i - 1].norm not in STOPWORDS and not toks[i - 1].norm[:1].isdigit():
            cue = toks[i - 1].norm
        c = cls.get(t.norm)
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.norm[:1].isdigit() or (t.norm in _ARTICLE_NUMBERS and nxt and cls.get(nxt.norm) == "duration"):
            value = _ARTICLE_NUMBERS.get(t.norm, t.norm)
            if nxt and cls.get(nxt.norm) == "duration":
                unit = nxt.norm.rstrip("s")
                out.append(Mention("duration", f"{value} {unit}", "", t.start, nxt.end, cue, _norm_at(toks, i + 2),
                                   context=_context(toks, i, i + 2)))
            elif nxt and cls.get(nxt.norm) == "month":
                out.append(Mention("date", f"{nxt.norm} {value}", "", t.start, nxt.end, cue, _norm_at(toks, i + 2),
                                   context=_context(toks, i, i + 2)))
            else:
                unit = nxt.norm if nxt and not nxt.norm[:1].isdigit() else ""
                out.append(Mention("number", value, unit, t.start, t.end, cue, unit, _compound(sentence, toks, i),
                                   _context(toks, i, i + 2)))
        elif c in ("weekday", "nationality", "role", "medium"):
            out.append(Mention(c, t.norm, "", t.start, t.end, cue, _norm_at(toks, i + 1), context=_context(toks, i, i + 1)))
        elif c == "month":
            out.append(Mention("month", t.norm, "", t.start, t.end, cue, _norm_at(toks, i + 1),
                               context=_context(toks, i, i + 1)))
    return out


CONTEXT_WORDS = 4


def _context(toks, i: int, j: int) -> frozenset[str]:
    """Content words among the CONTEXT_WORDS tokens before toks[i] and after toks[j - 1] (j - 1 being its unit)."""
    around = toks[max(0, i - CONTEXT_WORDS):i] + toks[j:j + CONTEXT_WORDS]
    return frozenset(t.norm for t in around if t.norm not in STOPWORDS and not t.norm[:1].isdigit())


_JOINERS = frozenset({".", ":", ",", "/", "-", "–"})  # between the parts of "6.4", "10:30", "20-13", "1, 500"
_CLOCK = frozenset({"a", "p", "am", "pm"})


def _norm_at(toks, i: int) -> str:
    return toks[i].norm if i < len(toks) else ""


def _compound(sentence: Sentence, toks, i: int) -> bool:
    """Whether number token i is part of a compound value: joined to a neighbouring number by a decimal point, a
    colon, a comma, a slash or a dash ("6. 4", "10:30", "20-13"), or a time of day ("10 a. m.")."""
    def joined(a, b) -> bool:
        gap = sentence.text[a.end - sentence.start:b.start - sentence.start].strip()
        return a.norm[:1].isdigit() and b.norm[:1].isdigit() and gap in _JOINERS
    if i > 0 and joined(toks[i - 1], toks[i]):
        return True
    if i + 1 < len(toks) and (joined(toks[i], toks[i + 1]) or toks[i + 1].norm in _CLOCK):
        return True
    return False


def change_kind(copy: list[Token], a0: int, a1: int, ref: tuple[Token, ...], in_quote: bool) -> str | None:
    """The kind of fact a replacement changes ('number', 'nationality', 'quote', ...), or None for wording."""
    cls = classes()
    new = [t.norm for t in copy[a0:a1]]
    old = [t.norm for t in ref]
    if set(new) & _NEGATIONS != set(old) & _NEGATIONS:
        return "negation"
    for kind in ("weekday", "month", "nationality", "medium", "role"):
        n = {w for w in new if cls.get(w) == kind}
        o = {w for w in old if cls.get(w) == kind}
        if n and o and n != o:
            return "role" if kind == "role" else kind
    n_num = {w for w in new if w[:1].isdigit()}
    o_num = {w for w in old if w[:1].isdigit()}
    if n_num != o_num and (n_num or o_num):
        return "number"
    n_dur = {w.rstrip("s") for w in new if cls.get(w) == "duration"}
    o_dur = {w.rstrip("s") for w in old if cls.get(w) == "duration"}
    if n_dur and o_dur and n_dur != o_dur:
        return "duration"
    sides = direction_sides()
    n_side = {sides[w] for w in new if w in sides}
    o_side = {sides[w] for w in old if w in sides}
    if any((s ^ 1) in o_side for s in n_side) and not n_side & o_side:
        return "direction"
    if any(cls.get(w) == "causal" for w in new) and not any(cls.get(w) == "causal" for w in old):
        return "causality"
    if a1 - a0 <= 3 and len(ref) <= 3 and _different_names(_names(copy[a0:a1], copy), _names(ref, None)):
        return "name"
    if in_quote and new and old:
        return "quote"
    return None


def _names(tokens, sentence) -> set[str]:
    """Capitalised words inside a sentence (not its first word, not shouted): likely names."""
    first = sentence[0] if sentence else None
    return {t.norm for t in tokens
            if t.text[:1].isupper() and not t.text.isupper() and t is not first and t.norm not in classes()}


def _different_names(new: set[str], old: set[str]) -> bool:
    """Both sides name someone, and no name of one is a spelling variant of a name of the other."""
    if not new or not old:
        return False
    return not any(fuzz.ratio(a, b) >= 80 for a in new for b in old)
