"""Detector: factual drift, a fact that contradicts what the other outlets say.

Two routes. In a copy, a replaced run that changes a fact (a number, a weekday, a duration, a
nationality, a role, a name, words inside quotation marks, the direction of an action, an invented
cause) is drift against its source. In an independent report, a sentence that matches other outlets'
sentences about the same thing but gives another value of the same kind (another weekday, another count
of the same unit) is drift when at least two independent outlets agree on the value it contradicts.
"""
from __future__ import annotations

from collections import defaultdict

from scoring.engine import align
from scoring.engine.align import Comparison, StoryMatrix, in_regions
from scoring.engine.facts import Mention, change_kind
from scoring.engine.types import Finding

DRIFT_SEVERITY = 1.0
WEAK_SEVERITY = 0.5  # only the copy's own source states the original value
CONSENSUS_SIM = 0.3  # sentences this similar may state the same fact (its kind must match too)
# Fact classes compared across independent reports. A sentence names one time and one count of a thing,
# but often several nationalities or roles (one per actor), so those are compared only inside copies.
SLOT_CLASSES = ("weekday", "duration", "number", "date", "month")
# A duration says how long the event lasts however it is phrased ("take two years", "last two years");
# counts and days need the same cue word to be about the same thing.
CUELESS_CLASSES = ("duration",)

_EXPLAIN = {
    "number": "a number differs", "duration": "a duration differs", "weekday": "the day differs",
    "month": "the date differs", "date": "the date differs", "nationality": "a nationality differs",
    "role": "a person's role differs", "name": "a name differs", "medium": "what was published differs",
    "quote": "words inside a quotation differ", "direction": "the direction of the action is reversed",
    "causality": "a causal link was added", "negation": "a negation was added or dropped",
}


def find_drift(comparison: Comparison, support) -> list[Finding]:
    """Drift findings of a copy against its source; `support(tokens)` names the articles stating the original."""
    doc = comparison.doc
    findings = []
    for diff in comparison.diffs:
        toks = list(diff.sentence.tokens)
        for ch in diff.changes:
            src = ch.source or comparison.source
            if ch.a1 <= ch.a0:
                continue
            start, end = toks[ch.a0].start, toks[ch.a1 - 1].end
            kind = change_kind(toks, ch.a0, ch.a1, ch.ref, in_regions(start, end, doc.quotes))
            if kind is None:
                continue
            expected = src.text[ch.ref[0].start:ch.ref[-1].end] if ch.ref else ""
            who = support(ch.ref) if ch.ref else (src.id,)
            findings.append(Finding(
                kind="drift", start=start, end=end, text=doc.text[start:end], expected=expected,
                support=who, severity=DRIFT_SEVERITY if len(who) >= 2 else WEAK_SEVERITY, detail=kind,
                explanation=f"Copied from {src.outlet}, but {_EXPLAIN[kind]}: the source says “{expected}”.",
            ))
    return findings


def find_consensus_drift(matrix: StoryMatrix, d: int, voice_of: list[int], weight: dict[int, float]) -> list[Finding]:
    """Drift of an independent report against sentences of at least two other independent voices.

    `voice_of[k]` is the copy group of doc k (copies count once); `weight[group]` the voice's reliability.
    """
    doc = matrix.docs[d]
    findings = []
    for s, sent in enumerate(doc.sentences):
        mine = _single_slots(matrix.mentions(d, s))
        if not mine:
            continue
        near = [(o, i, sim) for o in range(len(matrix.docs)) if voice_of[o] != voice_of[d]
                for i, sim in matrix.matches(d, s, o) if sim >= CONSENSUS_SIM]
        for m in mine:
            # Each other voice's claim: its most similar sentence giving one value of the same kind.
            claims: dict[int, tuple[float, str, align.Doc, Mention]] = {}
            for o, i, sim in near:
                # The same kind of value about the same thing: same unit, and the same cue word before it
                # ("turnout was 34%" against "turnout was 31%", not "won 2,184" against "received 1,907").
                values = [x for x in matrix.mentions(o, i) if x.cls == m.cls and x.unit == m.unit
                          and (x.cue == m.cue or m.cls in CUELESS_CLASSES)]
                if len({x.value for x in values}) != 1:
                    continue  # silent on it, or several values: no single claim to compare
                g = voice_of[o]
                if g not in claims or sim > claims[g][0]:
                    claims[g] = (sim, values[0].value, matrix.docs[o], values[0])
            votes: dict[str, float] = defaultdict(float)
            holders: dict[str, list] = defaultdict(list)
            for g, (_, value, other, x) in sorted(claims.items()):
                votes[value] += weight.get(g, 1.0)
                holders[value].append((other, x))
            if not votes or m.value in votes:
                continue
            value, total = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
            if len(holders[value]) < 2 or total < 1.0:
                continue
            ref_doc, ref = holders[value][0]
            expected = ref_doc.text[ref.start:ref.end]
            findings.append(Finding(
                kind="drift", start=m.start, end=m.end, text=doc.text[m.start:m.end], expected=expected,
                support=tuple(sorted(h.id for h, _ in holders[value])), severity=DRIFT_SEVERITY, detail=m.cls,
                explanation=f"{len(holders[value])} independent outlets report “{expected}” here; "
                            f"{_EXPLAIN.get(m.cls, 'a fact differs')}.",
            ))
    return findings


def _single_slots(found):
    """Mentions whose class (and unit) occurs once in the sentence: one claim, comparable across reports."""
    count = defaultdict(int)
    for m in found:
        count[(m.cls, m.unit)] += 1
    return [m for m in found if m.cls in SLOT_CLASSES and count[(m.cls, m.unit)] == 1]
