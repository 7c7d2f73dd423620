"""Word lists in scoring/data/: read once on first use, never at import."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """Non-comment, non-blank lines of scoring/data/<name>."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    return frozenset(line.lower() for line in lines(name))


@lru_cache(maxsize=None)
def phrase_regex(name: str) -> re.Pattern:
    """One alternation matching any phrase of the list on word boundaries (case-insensitive)."""
    phrases = sorted(lines(name), key=len, reverse=True)
    parts = [re.escape(p) + (r"(?!\w)" if p[-1].isalnum() else "") for p in phrases]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


@lru_cache(maxsize=None)
def line_patterns(name: str) -> "LinePatterns":
    """The file's regular expressions (one per line), to ask whether any of them is in a line of text."""
    return LinePatterns(lines(name))


class LinePatterns:
    """Case-insensitive regular expressions; `search(line)` says whether any of them matches in the line.

    Each pattern is split into its top-level alternatives, searched one at a time, and an alternative that
    begins with a literal ("newsletter" in `\\bnewsletter\\b`) is searched only where the line contains that
    literal: a substring test is several times cheaper than a regex scan, and most lines contain none of them.
    One alternation of everything would be slower still: Python's re tries every branch at every position.
    (The literal test lower-cases both sides, as re.IGNORECASE mostly does; the rare letters whose lower case
    is two characters, like the Turkish dotted capital I, could hide a match the regex alone would find.)
    """

    def __init__(self, patterns) -> None:
        self.alternatives = [(re.compile(alt, re.IGNORECASE), _literal_prefix(alt).lower())
                             for p in patterns for alt in _top_level_alternatives(p)]
        # Anchored at the start: tried only there (match), and only where the text begins with their literal.
        self.anchored = [(r, lit) for (r, lit) in self.alternatives if r.pattern.startswith("^")]
        self.floating = [(r, lit) for (r, lit) in self.alternatives if not r.pattern.startswith("^")]
        # One alternation of the anchored ones, tried at the start only: a sentence matching none (most) costs
        # one call.
        self.any_anchored = re.compile("|".join(f"(?:{r.pattern})" for r, _ in self.anchored) or "(?!)",
                                       re.IGNORECASE)

    def search(self, line: str) -> bool:
        low = line.lower()
        return any((not literal or literal in low) and regex.search(line) for regex, literal in self.alternatives)

    def count(self, line: str, floating: list | None = None) -> int:
        """How many of the alternatives match in the line (each counted once). `floating`: the alternatives not
        anchored at the start to try (floating_in of the whole line the sentence is part of), else all."""
        low = line.lower()
        n = 0
        if self.any_anchored.match(line):
            n = sum(1 for regex, literal in self.anchored if low.startswith(literal) and regex.match(line))
        for regex, literal in self.floating if floating is None else floating:
            n += (not literal or literal in low) and regex.search(line) is not None
        return n

    def floating_in(self, text: str) -> list:
        """The alternatives not anchored at the start that match somewhere in the text (a whole line: one scan
        for all its sentences, which need try only these)."""
        low = text.lower()
        return [(regex, literal) for regex, literal in self.floating if (not literal or literal in low)
                and regex.search(text)]


def _top_level_alternatives(pattern: str) -> list[str]:
    """`a|b(c|d)` -> [`a`, `b(c|d)`]: splits at the bars outside groups, character classes and escapes."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1  # the escaped character is a literal
        elif c == "[":  # to the class's closing bracket: a "]" first in the class, or escaped, is a member
            i += 2 if pattern[i + 1:i + 2] == "^" else 1
            i += pattern[i:i + 1] == "]"
            while pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return parts + [pattern[start:]]


def _literal_prefix(alternative: str) -> str:
    """The plain text every match of the alternative begins with, after any `^` and `\\b` ('' if none)."""
    i = 0
    while alternative.startswith(("^", "\\b"), i):
        i += 1 if alternative[i] == "^" else 2
    j = i
    while j < len(alternative) and alternative[j] not in "()[]{}?*+|.\\$^":
        j += 1
    # A quantifier that may drop the last character ("comments?") leaves it out of the prefix.
    if j < len(alternative) and alternative[j] in "?*{":
        j -= 1
    return alternative[i:max(i, j)]


@lru_cache(maxsize=None)
def classes(name: str) -> dict[str, str]:
    """A 'class: word, word' file as word -> class (closed word classes used by the drift detector)."""
    out = {}
    for line in lines(name):
        cls, _, words = line.partition(":")
        for w in words.split(","):
            if w.strip():
                out[w.strip().lower()] = cls.strip()
    return out
