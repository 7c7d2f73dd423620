"""Text helpers every stage uses: tokens and sentences with offsets, normal forms, word weights.

Offsets always refer to the text exactly as it came in; nothing here rewrites the text itself.
"""
from __future__ import annotations

import math
import re
import threading
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

import Stemmer  # PyStemmer: the Snowball project's own stemmers, in C

# A token: a word (letters, digits, inner apostrophes, hyphens, periods in abbreviations like U.S.)
# or a number with thousands separators / decimals. Punctuation is not a token: the diff compares words.
_TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., U.N.
    r"|%|\b[Pp]er [Cc]ent\b"  # one token either way: house style, not a change
    r"|\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?"  # 10,000  3.5  1990s  4th
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W_]+)*"  # words, with inner apostrophes and hyphens
    , re.UNICODE)

_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|[.!?…]+[\"'”’)\]]*\s*$")
# Abbreviations that end with a period without ending the sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr", "sr",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "etc", "inc", "ltd", "co", "corp", "u.s", "u.k", "u.n", "e.g", "i.e", "approx",
}

_LAST_WORD_RE = re.compile(r"([A-Za-z.]+)\.$")

# Characters read back from a period for the word before it: a run of letters cut by the window is longer
# than every abbreviation (see _abbreviation_before).
_LAST_WORD_WINDOW = max(map(len, _ABBREVIATIONS)) + 2

QUOTE_CHARS = "\"“”„«»"
_QUOTE_RE = re.compile(f"[{QUOTE_CHARS}]")

_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
    "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100",
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
}
_MONTH_ABBREVIATIONS = {
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
    "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november",
    "dec": "december",
}
# House style differences that change no fact: they normalise to one form before comparing.
_HONORIFICS = {"mr", "mrs", "ms", "dr", "mx"}
_HOUSE_STYLE = {
    "%": "percent", "per cent": "percent", "pc": "percent", "bn": "billion",
    # "300m" is metres or million: both long forms fold into the abbreviation (a swap between them is not seen).
    "million": "m", "mn": "m", "metres": "m", "meters": "m", "metre": "m", "meter": "m",
    "mins": "minutes", "min": "minutes", "hrs": "hours", "hr": "hour", "yrs": "years", "km": "kilometres",
    "kilometers": "kilometres", "st": "street", "rd": "road",
}


class Token(NamedTuple):
    """A named tuple, not a frozen dataclass: a corpus has millions of tokens, and a tuple is built about
    twice as fast (frozen dataclasses set each field through object.__setattr__) and is a little smaller."""

    text: str  # as in the source
    norm: str  # normal form used for comparison
    start: int
    end: int


class Sentence(NamedTuple):
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]


@lru_cache(maxsize=500_000)
def normalize_word(word: str) -> str:
    """Lower case, straight apostrophes, house-style variants folded (five->5, Sept->september, -ise->-ize)."""
    w = word.lower().replace("’", "'").replace("‘", "'")
    if w in _HOUSE_STYLE:
        return _HOUSE_STYLE[w]
    if w in _NUMBER_WORDS:
        return _NUMBER_WORDS[w]
    if w in _MONTH_ABBREVIATIONS:
        return _MONTH_ABBREVIATIONS[w]
    if w[:1].isdigit():
        return w.replace(",", "")
    if w.endswith("'s"):
        w = w[:-2]
    # British and American spelling of the same word is no change of fact.
    for uk, us in (("isation", "ization"), ("ised", "ized"), ("ising", "izing"), ("ises", "izes"),
                   ("our", "or"), ("yse", "yze")):
        if len(w) > 6 and w.endswith(uk):
            return w[: -len(uk)] + us
    return w


_new_tuple = tuple.__new__


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word and number tokens of text[start:end] with absolute offsets; honorifics dropped."""
    end = len(text) if end is None else end
    tokens = []
    append = tokens.append
    # The engine's hottest loop: the Token is built with tuple.__new__, skipping the named tuple's Python-level
    # __new__, which took about a fifth of the loop's time.
    for m in _TOKEN_RE.finditer(text, start, end):
        word = m.group()
        norm = normalize_word(word)
        s, e = m.span()
        if norm in _HONORIFICS and text[e:e + 1] in (".", " "):
            continue
        append(_new_tuple(Token, (word, norm, s, e)))
    return tokens


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of text[start:end], never crossing a line break, with absolute offsets."""
    end = len(text) if end is None else end
    sentences = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        ls, le = start + line.start(), start + line.end()
        cursor = ls
        for m in _SENTENCE_END_RE.finditer(text, ls, le):
            if m.group().startswith(".") and _abbreviation_before(text, cursor, m.start()):
                continue
            if m.start() - cursor < 3 and m.end() < le:
                continue
            _add_sentence(text, cursor, m.end(), sentences)
            cursor = m.end()
        if cursor < le:
            _add_sentence(text, cursor, le, sentences)
    return sentences


def _abbreviation_before(text: str, cursor: int, dot: int) -> bool:
    """Is the run of letters and periods that ends at this period (from `cursor` on) an abbreviation?

    Read from a short window, not from the sentence's start (that search scanned the whole sentence at each
    period). A run the window cuts is as long as the window and ends with a letter (a period there would have
    begun the sentence end), so it is longer than any abbreviation, cut or not.
    """
    prev = _LAST_WORD_RE.search(text, max(cursor, dot - _LAST_WORD_WINDOW), dot + 1)
    return bool(prev) and prev.group(1).lower().rstrip(".") in _ABBREVIATIONS


def _add_sentence(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    tokens = tuple(tokenize(text, start, end))
    if tokens:
        out.append(Sentence(start, end, text[start:end], tokens))


def quote_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans between paired quotation marks, pairing in order whatever the direction of the marks.

    Copied and spun text often loses the direction of curly quotes (a closing mark used to open),
    so marks are paired by position, not by shape. Spacing still tells a mark that can only open (a word begins
    after it, none ends before it) from one that can only close: a quotation left open (a long quote whose
    paragraphs each open with a mark, run together on one line in flat text) is dropped where the next one opens,
    instead of every later mark pairing the wrong way round. Well-formed text pairs as by position.
    """
    end = len(text) if end is None else end
    out, opened = [], None
    for m in _QUOTE_RE.finditer(text, start, end):
        i = m.start()
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        opens = (before.isspace() or before in "([") and not after.isspace()
        closes = not before.isspace() and (after.isspace() or not after.isalnum())
        if opened is None:
            opened = i  # any mark opens: a spinner glues a quotation's marks to the wrong words ("a” sacred fight”")
        elif opens and not closes:
            # The quotation before was left open: where it ended is unknown, so it is no region (a region up to this
            # mark took the outlet's own prose for a quotation on ECB+ flat text); this mark opens another.
            opened = i
        else:
            out.append((opened + 1, i))
            opened = None
    return out


@lru_cache(maxsize=200_000)
def word_weight(norm: str) -> float:
    """How much a shared word says two texts report the same thing: rare words more (inverse log frequency).

    Frequencies come from wordfreq's shipped English data, so the weight of a word does not depend on
    the corpus being scored (one article scores the same alone or among thousands).
    """
    if norm[:1].isdigit():
        return 6.0
    if len(norm) < 2:
        return 0.0
    zipf = _zipf(norm)
    # Zipf 7 ("the") weighs ~0, zipf 3 (rare word) ~4, unknown words (names) 6.
    return max(0.0, min(6.0, 7.0 - zipf)) if zipf > 0 else 6.0


@lru_cache(maxsize=200_000)
def _zipf(norm: str) -> float:
    from wordfreq import zipf_frequency  # imported lazily: loading its data takes ~0.3 s

    return zipf_frequency(norm, "en")


def zipf(norm: str) -> float:
    """Zipf frequency of a word in general English (0 when unknown, 7+ for 'the')."""
    return _zipf(norm)


STOPWORDS = frozenset(
    "a an the and or but if of at by for with about against between into through during before after above "
    "below to from up down in out on off over under again further then once here there when where why how all "
    "any both each few more most other some such no nor not only own same so than too very s t can will just "
    "don should now is are was were be been being have has had having do does did doing i me my we our you your "
    "he him his she her it its they them their what which who whom this that these those am would could may "
    "might must shall also as said says say told".split()
)


def content_norms(tokens) -> list[str]:
    return [t.norm for t in tokens if t.norm not in STOPWORDS]


def idf_vector(norms) -> dict[str, float]:
    """Sparse weighted bag of words: counts times word weight (sublinear), in order of first use."""
    vec = {}
    for n, c in Counter(norms).items():  # counted in C, in order of first use as a dict would
        w = word_weight(n)
        if w > 0:
            vec[n] = (1 + math.log(c)) * w
    return vec


_stemmers = threading.local()  # a Stemmer object must not be shared between threads


def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a word: "robbers", "robber" -> "robber"; "stole" stays."""
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = Stemmer.Stemmer("english")
    return stemmer.stemWord(word)


@lru_cache(maxsize=200_000)
def _stem_weight(norm: str) -> tuple[str, float]:
    # A number stays as written ("1990s" is not "1990").
    return (norm if norm[:1].isdigit() else stem(norm)), word_weight(norm)


def stem_vector(norms) -> dict[str, float]:
    """idf_vector keyed by stems, so that two reports of one event that inflect its words differently ("armed
    robbers stole diamonds", "an armed robber stole a diamond") share them. A stem counts the uses of all its
    forms and weighs as the rarest of them."""
    found: dict[str, tuple[int, float]] = {}  # stem -> (uses, weight)
    for n, c in Counter(norms).items():
        s, w = _stem_weight(n)
        if w > 0:
            if s in found:  # another form of a stem already seen (rare: most words of a text have one form)
                used, weight = found[s]
                c, w = c + used, max(w, weight)
            found[s] = (c, w)
    return {s: (1 + math.log(c)) * w for s, (c, w) in found.items()}
