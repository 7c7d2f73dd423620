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

# Each headline scores 1 when its wording is loaded (invective, sensational framing, shouting) and 0.5 when
# it is political but plainly worded. The list is partisan when its mean score reaches PARTISAN_SHARE and at
# least MIN_LOADED of its headlines are loaded: one-sided wording, not merely political news.
PARTISAN_SHARE = 0.35
MIN_LOADED = 1
_QUOTED_RE = re.compile(r"[\"“][^\"“”]{1,80}[\"”]|‘[^‘’]{1,80}’|(?<![\w])'[^']{1,80}'(?![\w])")
_SHOUT_RE = re.compile(r"\b[A-Z]{4,}\b")  # a shouted word (not an acronym of 2-3 letters)


@dataclass(frozen=True)
class SidebarVerdict:
    block: Block
    partisan: bool
    slanted: int  # headlines with loaded wording
    items: int
    examples: tuple[str, ...]  # the loaded terms that decided it, for the explanation


def headline_slant(headline: str) -> tuple[float, list[str]]:
    """A headline's slant (1 loaded, 0.5 political, 0 neither) and the terms that decided it."""
    # The outlet's own voice only: a loaded word inside quotation marks reports what someone else said.
    own = _QUOTED_RE.sub(" ", headline)
    loaded = [m.group().lower() for m in lexicon.phrase_regex("loaded_terms.txt").finditer(own)]
    if _SHOUT_RE.search(own) or headline.rstrip().endswith("!"):
        loaded.append("shouting")
    if loaded:
        return 1.0, loaded
    political = [m.group().lower() for m in lexicon.phrase_regex("political_terms.txt").finditer(headline)]
    return (0.5, political) if political else (0.0, [])


def classify_blocks(extracted: Extracted, partisan_share: float = PARTISAN_SHARE,
                    min_loaded: int = MIN_LOADED) -> list[SidebarVerdict]:
    """A verdict for every headline list of the article (partisan or neutral; the thresholds: see PARTISAN_SHARE)."""
    verdicts = []
    text = extracted.text
    for block in extracted.blocks:
        if block.kind != "headlines":
            continue
        total, loaded, examples = 0.0, 0, []
        for s, e in block.items:
            slant, terms = headline_slant(text[s:e])
            total += slant
            loaded += slant == 1.0
            examples.extend(t for t in terms if slant == 1.0 and t not in examples)
        n = max(1, len(block.items))
        partisan = loaded >= min_loaded and total / n >= partisan_share
        verdicts.append(SidebarVerdict(block, partisan, loaded, len(block.items), tuple(examples[:6])))
    return verdicts
