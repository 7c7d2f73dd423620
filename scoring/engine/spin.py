"""Detector: spin, the automated synonym swapping of a copied text.

Given a copy aligned to its source, every replaced run of ordinary words (not a fact: those are drift)
is a swap. A swap that breaks a fixed phrase of the source ("military deal" -> "military cope") is what
spinning tools leave behind; the span is the swapped words and `expected` is the source's wording.
"""
from __future__ import annotations

from scoring.engine.align import Comparison, in_regions
from scoring.engine.facts import fact_change
from scoring.engine.text import STOPWORDS
from scoring.engine.types import Finding

SPIN_SEVERITY = 0.5  # a swap of content words
LIGHT_SEVERITY = 0.2  # a swap of function words only ("in" -> "at")


def swaps(comparison: Comparison, names: bool = False):
    """(the copy sentence's tokens, the change, the article its original words come from) for every swap of a
    comparison that changes no fact; with `names`, swaps inside names too (facts.change_kind's "name")."""
    doc = comparison.doc
    for diff in comparison.diffs:
        toks = diff.sentence.tokens
        for ch in diff.changes:
            if ch.a1 <= ch.a0 or not ch.ref:
                continue  # added or dropped words are not swaps
            start, end = toks[ch.a0].start, toks[ch.a1 - 1].end
            kind = fact_change(list(toks), ch, diff.ref, in_regions(start, end, doc.quotes))
            if kind is None or (names and kind == "name"):  # other facts changed: the drift detector's
                yield toks, ch, ch.source or comparison.source


def find_spin(comparison: Comparison, support) -> list[Finding]:
    """Spin findings of a copy against its source; `support(tokens)` names the articles stating the original."""
    doc = comparison.doc
    findings = []
    for toks, ch, src in swaps(comparison):
        start, end = toks[ch.a0].start, toks[ch.a1 - 1].end
        content = [t.norm for t in toks[ch.a0:ch.a1] if t.norm not in STOPWORDS]
        expected = src.text[ch.ref[0].start:ch.ref[-1].end]
        severity = SPIN_SEVERITY if content else LIGHT_SEVERITY
        findings.append(Finding(
            kind="spin", start=start, end=end, text=doc.text[start:end], expected=expected,
            support=support(ch.ref), severity=severity, detail="swap",
            explanation=f"Copied from {src.outlet} with words swapped: the source says “{expected}”.",
        ))
    return findings
