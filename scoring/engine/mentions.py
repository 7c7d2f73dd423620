"""Fact units inside sentences: numbers with their unit, durations, weekdays, dates, months, nationalities, roles,
media. Facts belong to closed word classes (scoring/data/fact_classes.txt) or are numbers; what a value is said of
is read from the words around it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from scoring.engine import lexicon
from scoring.engine.slots import TIME_OF_DAY, is_address, number_unit
from scoring.engine.text import STOPWORDS, Sentence, Token

# Words whose day depends on when the report was written: never compared with a named day or with each other.
RELATIVE_DAYS = frozenset({"today", "yesterday", "tomorrow", "tonight"})
_ARTICLE_NUMBERS = {"a": "1", "an": "1", "one": "1", "single": "1", "several": "several", "few": "few"}


@dataclass(frozen=True)
class Mention:
    cls: str  # number | duration | weekday | month | nationality | role | medium | name
    value: str  # normal form, e.g. "1 week", "monday", "10000 troops"
    unit: str  # what the value counts or qualifies (for numbers and durations), else ""
    start: int  # character offsets in the article
    end: int
    cue: str = ""  # the last plain word before it (not a name): what the value is about ("turnout", "began", "won")
    after: str = ""  # the word after it ("three weeks *before*", "two years *after*")
    part: bool = False  # a number inside a compound value (a decimal, a time of day, a score): not a value alone
    # Content words around it (CONTEXT_WORDS either side, not its unit): what the value is said of ("140 passengers
    # were *evacuated*"), for comparing it with the value another report states about the same thing.
    context: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()  # the names its sentence mentions: who and where the value is said of


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
    stamp_end = 0  # tokens before it belong to a page's stamp (see _stamp)
    for i, t in enumerate(toks):
        c = cls.get(t.norm)
        # Most tokens can begin no mention: skipped before anything else is read of them (the loop reads every
        # token of a corpus).
        if c not in _MENTION_CLASSES and not t.norm[:1].isdigit() and not (
                t.norm in _ARTICLE_NUMBERS and i + 1 < len(toks) and cls.get(toks[i + 1].norm) == "duration"):
            continue
        if i < stamp_end:
            continue
        cue = _cue(toks, i)
        if c == "weekday" and _stamp(toks, i):
            stamp_end = i + 4  # the weekday and its date: the day the page was written, not a day of the event
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.norm[:1].isdigit() or (t.norm in _ARTICLE_NUMBERS and nxt and cls.get(nxt.norm) == "duration"):
            value = _ARTICLE_NUMBERS.get(t.norm, t.norm)
            if nxt and cls.get(nxt.norm) == "duration":
                unit = nxt.norm.rstrip("s")
                # How long something lasts is often said far from what lasts ("construction ... should last two
                # years"): a duration's context is its whole sentence.
                out.append(Mention("duration", f"{value} {unit}", "", t.start, nxt.end, cue, _norm_at(toks, i + 2),
                                   context=_context(toks, i, i + 2, len(toks))))
            elif nxt and cls.get(nxt.norm) == "month":
                out.append(Mention("date", f"{nxt.norm} {value}", "", t.start, nxt.end, cue, _norm_at(toks, i + 2),
                                   context=_context(toks, i, i + 2)))
            elif not is_address(toks, i):  # an address is a place, not a count (slots.is_address)
                # The unit: the word after, or an amount's scale with its currency ("m euros", slots.number_unit).
                unit, j = number_unit(sentence.text, t.start - sentence.start, toks, i)
                after = nxt.norm if nxt and not nxt.norm[:1].isdigit() else ""
                out.append(Mention("number", value, unit, t.start, t.end, cue, after, _compound(sentence, toks, i),
                                   _context(toks, i, j)))
        elif c in ("weekday", "nationality", "role", "medium"):
            out.append(Mention(c, t.norm, "", t.start, t.end, cue, _norm_at(toks, i + 1), context=_time_context(
                toks, i, i + 1) if c == "weekday" else _context(toks, i, i + 1)))
        elif c == "month":
            out.append(Mention("month", t.norm, "", t.start, t.end, cue, _norm_at(toks, i + 1),
                               context=_time_context(toks, i, i + 1)))
    if out:
        names = _names_of(toks)
        out = [replace(m, names=names) for m in out]
    return out


# The classes of the words that begin a mention by themselves (a number or an article number begins one too).
_MENTION_CLASSES = frozenset({"weekday", "nationality", "role", "medium", "month"})


def _cue(toks, i: int) -> str:
    """The last plain word before toks[i] (see _plain), '' when none: what a value there is about."""
    for k in range(i - 1, -1, -1):
        if _plain(toks[k], k):
            return toks[k].norm
    return ""


CONTEXT_WORDS = 4
# Words that say a weekday of something ("on Tuesday", "last Friday", "until Monday"): a weekday after one is a day
# of the story, even with its full date.
_DAY_OF = frozenset("on last next this by since until till from before after early late every each of".split())


def _stamp(toks, i: int) -> bool:
    """Whether weekday toks[i] is a page's stamp: followed by a full date with its year ("WEDNESDAY 03 JULY 2013",
    "Wednesday, July 3, 2013") and not said of anything. In a text without paragraph breaks the stamp runs into the
    story's first sentence, where its weekday (the day the page was written) would be set against the event's."""
    if i and toks[i - 1].norm in _DAY_OF:
        return False
    cls = classes()
    rest = [t.norm for t in toks[i + 1:i + 4]]
    if len(rest) < 3 or not (rest[2].isdigit() and len(rest[2]) == 4):
        return False
    return (rest[0].isdigit() and cls.get(rest[1]) == "month") or (cls.get(rest[0]) == "month" and rest[1].isdigit())


def _context(toks, i: int, j: int, width: int = CONTEXT_WORDS) -> frozenset[str]:
    """Content words among the `width` tokens before toks[i] and after toks[j - 1] (j - 1 being its unit)."""
    indices = list(range(max(0, i - width), i)) + list(range(j, min(len(toks), j + width)))
    return frozenset(toks[k].norm for k in indices if _plain(toks[k], k))


def _time_context(toks, i: int, j: int) -> frozenset[str]:
    """A day's or month's context without the words of its own time expression ("Saturday *night*": every night has
    one, whatever happened in it; slots.TIME_OF_DAY)."""
    return _context(toks, i, j) - TIME_OF_DAY


def _names_of(toks) -> frozenset[str]:
    """Capitalised words inside a sentence (not its first word, not a fact word such as a weekday): its names."""
    cls = classes()
    return frozenset(t.norm for t in toks[1:] if t.text[:1].isupper() and t.norm not in STOPWORDS
                     and t.norm not in cls and not t.norm[:1].isdigit())


def _plain(t: Token, position: int = 1) -> bool:
    """A word that can say what a value is about: a content word, not a number, and not a name (names around a value
    are whoever else the sentence mentions: "Creighton" in both "had five points as Creighton won" and "scored 23
    points for Creighton")."""
    return t.norm not in STOPWORDS and not t.norm[:1].isdigit() and (position == 0 or not t.text[:1].isupper())


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
