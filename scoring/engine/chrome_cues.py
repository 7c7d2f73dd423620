"""Stage 1's pieces: the lines of a text, each split into its sentences (units), and each unit's chrome cues
(chrome patterns, appeal words, whether it addresses the reader). chrome.py labels the units from these; extract.py
turns the labels into blocks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from scoring.engine import lexicon
from scoring.engine.text import _SENTENCE_END_RE as _SENTENCE_BREAK_RE  # the sentence splitter's own rules
from scoring.engine.text import QUOTE_CHARS, _abbreviation_before

_WORD_RE = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# First and second person: a site addressing its readers. Case-sensitive, so that "US" is not "us".
_PRONOUNS = frozenset(f"{p}{c}" for p in ("we", "you") for a in ("'", "’") for c in ("", a + "re", a + "ll", a + "ve", a + "d")
                      ) | {"our", "ours", "us", "your", "yours"}
_CAPITAL_PRONOUNS = frozenset(w[:1].upper() + w[1:] for w in _PRONOUNS if w != "us")
# Capitalised, only where a sentence or quotation begins: "The We Company" is a name.
_CAPITAL_PRONOUN_RE = re.compile(r"(?:^|[.!?…:;] |[\"“‘(])\W*(?:We|Ours?|You|Yours?)(?!\w)")
MIN_UNIT_WORDS = 3  # a shorter piece of a line is not a sentence of its own (see sentence_units)


class Cues(NamedTuple):
    """The chrome cues of a line or sentence."""

    patterns: int  # chrome_patterns.txt alternatives that match in it
    appeal: int  # appeal words in it, counted only when it addresses the reader
    reader: bool  # first or second person outside quotation marks (case-sensitive: "US" is not "us")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    words: int
    para: int  # paragraph number: lines separated by a blank line are in different paragraphs
    line: int = 0  # the line of the text it is part of (a line of several sentences is split into them)


def split_lines(text: str) -> list[Line]:
    lines, para, blank = [], 0, False
    for m in re.finditer(r"[^\n]*", text):
        raw = m.group()
        if not raw.strip():
            if m.start() != m.end() or (m.start() > 0 and text[m.start() - 1] == "\n"):
                blank = True
            continue
        if blank and lines:
            para += 1
        blank = False
        s = m.start() + (len(raw) - len(raw.lstrip()))
        e = m.start() + len(raw.rstrip())
        lines.append(Line(s, e, text[s:e], len(_WORD_RE.findall(text, s, e)), para))
    return lines


def sentence_units(text: str, lines: list[Line]) -> list[Line]:
    """The lines, each line of several sentences split into its sentences (with the sentence splitter's rules
    for abbreviations): chrome is decided a sentence at a time."""
    units = []
    for k, line in enumerate(lines):
        cuts, cursor = [], line.start
        for m in _SENTENCE_BREAK_RE.finditer(text, line.start, line.end):
            if m.end() >= line.end:
                break
            if (m.group().startswith(".") and _abbreviation_before(text, cursor, m.start())) or m.start() - cursor < 3:
                continue
            cuts.append(m.end())
            cursor = m.end()
        if not cuts:
            units.append(Line(line.start, line.end, line.text, line.words, line.para, k))
            continue
        # A piece of fewer than MIN_UNIT_WORDS words joins the sentence before it (or after it, first in its line):
        # "Donald J." is an initial, "'Jail!'" an exclamation, not sentences to judge on their own.
        spans = []
        for s, e in zip([line.start] + cuts, cuts + [line.end]):
            words = len(text[s:e].split())  # whitespace-separated: close enough to _WORD_RE's count, far cheaper
            if spans and (words < MIN_UNIT_WORDS or spans[-1][2] < MIN_UNIT_WORDS) and not (
                    _chrome_piece(text, *spans[-1][:2]) or _chrome_piece(text, s, e)):
                spans[-1] = (spans[-1][0], e, spans[-1][2] + words)
            else:
                spans.append((s, e, words))
        for s, e, words in spans:
            while s < e and text[s].isspace():
                s += 1
            if s < e:
                units.append(Line(s, e, text[s:e], words, line.para, k))
    return units


def _chrome_piece(text: str, s: int, e: int) -> bool:
    """A short piece of a line that matches a chrome pattern ("© 2026 WBC."): kept apart from its neighbour."""
    return len(_WORD_RE.findall(text, s, e)) < MIN_UNIT_WORDS and lexicon.line_patterns("chrome_patterns.txt").search(
        text[s:e].strip())


def _unit_cues(text: str, units: list[Line]) -> list[Cues]:
    """Each unit's cues, reading quotations across its whole line: a quotation often runs over several
    sentences, and "you" inside it is the speaker's, not the site's. A line is scanned once for the patterns
    that may match anywhere; only the lines with such a match have them counted sentence by sentence."""
    patterns = lexicon.line_patterns("chrome_patterns.txt")
    bounds: dict[int, list[int]] = {}
    for u in units:
        bounds.setdefault(u.line, [u.start, u.end])[1] = u.end
    floating = {k: patterns.floating_in(text[s:e]) for k, (s, e) in bounds.items()}
    quoted = {k: any(q in text[s:e] for q in QUOTE_CHARS) for k, (s, e) in bounds.items()}
    masked: dict[int, str] = {}
    out = []
    for u in units:
        own = u.text
        if quoted[u.line]:
            first = bounds[u.line][0]
            if u.line not in masked:
                masked[u.line] = _outside_quotes(text[first:bounds[u.line][1]])
            own = masked[u.line][u.start - first:u.end - first]
        out.append(_cues(u.text, own, patterns.count(u.text, floating[u.line])))
    return out


def _cues(t: str, own: str | None = None, patterns: int | None = None) -> Cues:
    """The cues of t; `own`: t with quotations blanked out, and `patterns`, when known."""
    if patterns is None:
        patterns = lexicon.line_patterns("chrome_patterns.txt").count(t)
    if own is None:
        own = _outside_quotes(t) if any(q in t for q in QUOTE_CHARS) else t
    words = {w.strip(_PUNCTUATION) for w in own.split()}
    reader = bool(words & _PRONOUNS) or bool(words & _CAPITAL_PRONOUNS and _CAPITAL_PRONOUN_RE.search(own))
    appeal = len({w.lower() for w in words} & lexicon.word_set("appeal_words.txt")) if reader else 0
    return Cues(patterns, appeal, reader)


_QUOTED_RE = re.compile(f"[{QUOTE_CHARS}][^{QUOTE_CHARS}]*[{QUOTE_CHARS}]")


def _outside_quotes(t: str) -> str:
    """The text with its quotations blanked out (same length)."""
    return _QUOTED_RE.sub(lambda m: " " * len(m.group()), t)


def _appeal_words(t: str) -> int:
    """How many of the appeal words (scoring/data/appeal_words.txt) the text uses."""
    return len({w.strip(_PUNCTUATION) for w in t.lower().split()} & lexicon.word_set("appeal_words.txt"))


_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?…-—–*/"
