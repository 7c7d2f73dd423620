"""Detector: is a list of headlines found in a page a *partisan* sidebar, or neutral chrome?

A list of other headlines ("Most Read", "Related") is ordinary site furniture. It becomes a partisan
sidebar when most of its headlines are political and its wording is loaded: invective, one-sided labels,
sensational markers. Both word lists are in scoring/data/ (loaded_terms.txt, political_terms.txt).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.engine import lexicon
from scoring.engine.extract import Block, Extracted

# A headline counts as slanted when it is political and loaded, or carries two loaded terms.
# The list is partisan when at least this share of its headlines are slanted (and at least two are).
PARTISAN_SHARE = 0.25
_SHOUT_RE = re.compile(r"\b[A-Z]{4,}\b")  # a shouted word (not an acronym of 2-3 letters)


@dataclass(frozen=True)
class SidebarVerdict:
    block: Block
    partisan: bool
    slanted: int  # headlines judged slanted
    items: int
    examples: tuple[str, ...]  # the loaded terms that decided it, for the explanation


def headline_slant(headline: str) -> tuple[bool, list[str]]:
    """Whether one headline is slanted, and the loaded or political terms found in it."""
    loaded = [m.group().lower() for m in lexicon.phrase_regex("loaded_terms.txt").finditer(headline)]
    political = [m.group().lower() for m in lexicon.phrase_regex("political_terms.txt").finditer(headline)]
    if _SHOUT_RE.search(headline) or headline.rstrip().endswith("!"):
        loaded.append("shouting")
    slanted = (bool(loaded) and bool(political)) or len(loaded) >= 2
    return slanted, loaded + political


def classify_blocks(extracted: Extracted) -> list[SidebarVerdict]:
    """A verdict for every headline list of the article (partisan or neutral)."""
    verdicts = []
    text = extracted.text
    for block in extracted.blocks:
        if block.kind != "headlines":
            continue
        slanted, examples = 0, []
        for s, e in block.items:
            is_slanted, terms = headline_slant(text[s:e])
            if is_slanted:
                slanted += 1
                examples.extend(t for t in terms if t not in examples)
        n = max(1, len(block.items))
        partisan = slanted >= 2 and slanted / n >= PARTISAN_SHARE
        verdicts.append(SidebarVerdict(block, partisan, slanted, len(block.items), tuple(examples[:6])))
    return verdicts
