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
def pattern_list(name: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in lines(name))


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
