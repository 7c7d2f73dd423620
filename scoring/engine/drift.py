"""Detector: factual drift, a fact that contradicts what the other outlets say about the same thing.

Two routes. In a copy, a short replaced run that swaps one value of a fact slot for another of the same slot (a
number of the same unit, a weekday, a duration, a nationality, a role, a name, words inside quotation marks, the
direction of an action, an invented cause) is drift against its source. In an independent report, a sentence that
matches other outlets' sentences about the same thing but gives another value in the same slot (the same kind of
value with the same cue word and unit) is drift when at least two independent outlets of about the same time agree
on the value it contradicts.

Like with like: a clause replaced by another clause, a value added or dropped, a value stated elsewhere in the
other sentence (the same fact reordered), different units, relative days ("today", "yesterday", which depend on
when each report was written) and house-style variants of one name are never compared.

Developing stories: counts, tolls and amounts (UPDATABLE) change as a story develops. Such a value is compared only
with reports of about the same time (DriftParams.update_window_hours); an early report whose value later reports
replaced gets an "updated" finding that costs nothing; a copy's changed count that another later report carries too
is the source's update (updates.py).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from scoring.engine import align
from scoring.engine.align import Comparison, StoryMatrix
from scoring.engine.drift_checks import (_hyphenated_number, _initial_name, _kept, _names_in, _objects_dropped,
                                         _shares_words, _split_decimal, _stated_in)
from scoring.engine.facts import RELATIVE_DAYS, Mention
from scoring.engine.text import STOPWORDS
from scoring.engine.timing import days_in, later, same_time
from scoring.engine.types import Finding
from scoring.engine.updates import a_year, carried_later

DRIFT_SEVERITY = 1.0
WEAK_SEVERITY = 0.5  # only the copy's own source states the original value
# Fact classes compared across independent reports. A sentence names one time and one count of a thing,
# but often several nationalities or roles (one per actor), so those are compared only inside copies.
SLOT_CLASSES = ("weekday", "duration", "number", "date", "month")
# Values a developing story updates (counts, tolls, amounts): compared only with reports of about the same time. A
# year is read as a number but is a date (updates.a_year): it does not update.
UPDATABLE = ("number",)
# Words after a duration that place it in time: "three weeks before" and "three days after" are different slots.
TIME_RELATIONS = frozenset({"before", "after", "ago", "later", "earlier", "until", "since", "from", "into", "on"})

_EXPLAIN = {
    "number": "a number differs", "duration": "a duration differs", "weekday": "the day differs",
    "month": "the date differs", "date": "the date differs", "nationality": "a nationality differs",
    "role": "a person's role differs", "name": "a name differs", "medium": "what was published differs",
    "quote": "words inside a quotation differ", "direction": "the direction of the action is reversed",
    "causality": "a causal link was added", "negation": "a negation was added or dropped",
    "object": "what the action is aimed at differs",
}


@dataclass(frozen=True)
class DriftParams:
    """The drift detector's thresholds (params.DetectorParams.drift_thresholds); the defaults are the engine's."""

    # A word this common in general English (Zipf, wordfreq: once in 500,000 words or more) that begins a sentence is
    # taken for an ordinary word, not a name ("Even", "May", "Will"); the names of people and places are rarer
    # ("White" 5.5).
    common_word_zipf: float = 5.7
    # A copy's sentence that keeps less than this share of its words from the source sentence it was set against (in
    # order) was aligned with another sentence ("..., Hastings said." against "..., and Capt."): its values are not
    # compared. A changed value leaves the rest of its sentence as it was.
    kept_share: float = 0.4
    # A copy's sentence with more than this share of its words changed was rewritten, or aligned with another
    # sentence: its values are not compared with the source's.
    rewritten_share: float = 2 / 3
    # Sentences this similar say the same thing (consensus.FACT_SIM): only then are their values compared (the slot
    # must match too). Less similar sentences of one story often state facts of other events.
    consensus_sim: float = 0.3
    # "About the same time": published at most this many hours apart. When only the days are known, reports of the
    # same or of adjacent days may be that close and are compared; an unknown time is no evidence of an update, so it
    # is compared (timing.same_time).
    update_window_hours: float = 12.0
    same_length: float = 0.1  # two durations within this share of each other are one length said in two units


DEFAULT_DRIFT = DriftParams()


# ---------------------------------------------------------------- copies


def find_drift(comparison: Comparison, support, published: dict[str, object] | None = None,
               params: DriftParams = DEFAULT_DRIFT, earlier: dict[str, list[align.Doc]] | None = None,
               story: list[align.Doc] | None = None) -> list[Finding]:
    """Drift findings of a copy against its source; `support(tokens)` names the articles stating the original,
    `published` maps article ids to their publication times (for the values developing stories update), `earlier`
    the latest version's id to its outlet's earlier versions of the article (copies.versions), `story` the story's
    articles (later reports that carry a copy's updated count); `params` the thresholds."""
    doc = comparison.doc
    published = published or {}
    earlier = earlier or {}
    findings = []
    names = _names_in(comparison.source)
    for diff in comparison.diffs:
        toks = list(diff.sentence.tokens)
        if (sum(ch.a1 - ch.a0 for ch in diff.changes) > params.rewritten_share * len(toks)
                or not _shares_words(toks, diff.ref)):
            continue  # a sentence rewritten (or set against another sentence): its values are not one slot's
        kept = None  # _kept(toks, diff.ref, ...), computed for the sentences that change a fact only
        # The verb kept with the word after the dropped phrase is its own frame: a spinner that rewrote the rest of
        # the sentence around it (kept_share) still aimed the verb elsewhere.
        for c0, c1, r0, r1 in _objects_dropped(toks, list(diff.ref)):
            start, end = toks[c0].start, toks[c1 - 1].end
            ref, src = diff.ref[r0:r1], comparison.source
            expected = src.text[ref[0].start:ref[-1].end]
            who = support(ref)
            findings.append(Finding(
                kind="drift", start=start, end=end, text=doc.text[start:end], expected=expected, support=who,
                severity=DRIFT_SEVERITY if len(who) >= 2 else WEAK_SEVERITY, detail="object", source=src.id,
                source_start=ref[0].start, source_end=ref[-1].end,
                explanation=f"Copied from {src.outlet}, but {_EXPLAIN['object']}: the source says “{expected}”.",
            ))
        for ch in diff.changes:
            src = ch.source or comparison.source
            if ch.a1 <= ch.a0:
                continue
            start, end = toks[ch.a0].start, toks[ch.a1 - 1].end
            kind = comparison.fact(diff, ch)
            if kind is None:  # two swaps of one value that fact_change does not read as facts
                kind = _initial_name(toks, ch, names, params) or _hyphenated_number(toks, ch)
            if kind is None or (kind == "number" and _split_decimal(doc.text, toks[ch.a0].start)):
                continue
            if kept is None:
                kept = _kept(toks, diff.ref, params.kept_share)
            if not kept:
                break  # set against another sentence (see DriftParams.kept_share)
            expected = src.text[ch.ref[0].start:ch.ref[-1].end] if ch.ref else ""
            # Versions are one voice: a value the outlet changed from its own earlier version is its update, and a
            # copy made from the source's earlier version carries the value the source later updated.
            if _stated_in(earlier.get(doc.id, ()), [t.norm for t in ch.ref], toks, ch):
                continue  # the source copies this article's own earlier version: the outlet updated its figure
            if _stated_in(earlier.get(src.id, ()), [t.norm for t in toks[ch.a0:ch.a1]], toks, ch):
                findings.append(_updated(doc, start, end, expected, (src.id,), kind,
                                         f"a later version of {src.outlet}'s article, which this copies, says",
                                         (src.id, ch.ref[0].start, ch.ref[-1].end) if ch.ref else ("", 0, 0)))
                continue
            mine, theirs, window = published.get(doc.id), published.get(src.id), params.update_window_hours
            develops = kind in UPDATABLE and not (a_year(doc.text[start:end]) and a_year(expected))
            if develops and not same_time(mine, theirs, window):
                if later(mine, theirs, window):
                    findings.append(_updated(doc, start, end, expected, (src.id,), kind,
                                             f"{src.outlet}, whose text this copies, published later",
                                             (src.id, ch.ref[0].start, ch.ref[-1].end) if ch.ref else ("", 0, 0)))
                continue  # the copy is the later report: it updates its source's value
            if develops and story and carried_later(doc, src, story, published, toks, ch):
                continue  # the copy and another later report carry the source's update (updates.py)
            who = support(ch.ref) if ch.ref else (src.id,)
            findings.append(Finding(
                kind="drift", start=start, end=end, text=doc.text[start:end], expected=expected,
                support=who, severity=DRIFT_SEVERITY if len(who) >= 2 else WEAK_SEVERITY, detail=kind,
                source=src.id if ch.ref else "", source_start=ch.ref[0].start if ch.ref else 0,
                source_end=ch.ref[-1].end if ch.ref else 0,
                explanation=f"Copied from {src.outlet}, but {_EXPLAIN[kind]}: the source says “{expected}”.",
            ))
    return findings


def _updated(doc, start: int, end: int, expected: str, support: tuple[str, ...], detail: str, who: str,
             quoted: tuple[str, int, int]) -> Finding:
    return Finding(
        kind="updated", start=start, end=end, text=doc.text[start:end], expected=expected, support=support,
        severity=0.0, detail=detail, source=quoted[0], source_start=quoted[1], source_end=quoted[2],
        explanation=f"Updated by later reports: {who} “{expected}”. A figure that changed as the story developed; "
                    f"not held against the outlet.",
    )


# ---------------------------------------------------------------- independent reports


def find_consensus_drift(matrix: StoryMatrix, d: int, voice_of: list[int], weight: dict[int, float],
                         published: list | None = None, params: DriftParams = DEFAULT_DRIFT) -> list[Finding]:
    """Drift of an independent report against sentences of at least two other independent voices of about the
    same time; an earlier value that later reports replaced is an "updated" finding instead.

    `voice_of[k]` is the copy group of doc k (copies count once); `weight[group]` the voice's reliability;
    `published[k]` doc k's publication time (datetime, date or None); `params` the thresholds.
    """
    doc = matrix.docs[d]
    published = published or [None] * len(matrix.docs)
    findings = []
    for s, sent in enumerate(doc.sentences):
        found = matrix.mentions(d, s)
        mine = _single_slots(found)
        if not mine:
            continue
        my_values = {x.value for x in found}
        my_values |= {x.after for x in found if x.after[:1].isdigit()}  # years after months, units after counts
        near = [(o, i, sim) for o in range(len(matrix.docs)) if voice_of[o] != voice_of[d]
                for i, sim in matrix.matches(d, s, o) if sim >= params.consensus_sim]
        for m in mine:
            if m.cls == "number" and _split_decimal(doc.text, m.start):
                continue  # the decimals of a number split off by a sentence break (see _split_decimal)
            # Each other voice's claim: its most similar sentence giving one value in the same slot.
            claims: dict[int, tuple[float, str, int, Mention]] = {}
            stated_too = False
            for o, i, sim in near:
                theirs = matrix.mentions(o, i)
                if m.value in {x.value for x in theirs} or any(_same_length(m, x, params.same_length) for x in theirs):
                    stated_too = True  # the same value in a matching sentence, wherever it sits
                    break
                values = [x for x in theirs if _same_slot(m, x)]
                if len({x.value for x in values}) != 1 or values[0].value in my_values or \
                        (values[0].after[:1].isdigit() and values[0].after in my_values):
                    continue  # silent on it, several values, or the same values (a date's year) reordered
                g = voice_of[o]
                if g not in claims or sim > claims[g][0]:
                    claims[g] = (sim, values[0].value, o, values[0])
            if stated_too or not claims:
                continue
            updatable = m.cls in UPDATABLE and not a_year(doc.text[m.start:m.end])
            window = params.update_window_hours
            now = {g: c for g, c in claims.items()
                   if not updatable or same_time(published[d], published[c[2]], window)}
            finding = _vote(matrix, doc, m, now, weight, "drift")
            if finding is None and updatable:
                after = {g: c for g, c in claims.items() if later(published[d], published[c[2]], window)}
                finding = _vote(matrix, doc, m, after, weight, "updated")
            if finding is not None:
                findings.append(finding)
    return findings


def _vote(matrix: StoryMatrix, doc, m: Mention, claims: dict, weight: dict[int, float], kind: str) -> Finding | None:
    """The finding when at least two voices (reliability adding up to 1) agree on one other value."""
    votes: dict[str, float] = defaultdict(float)
    holders: dict[str, list] = defaultdict(list)
    for g, (_, value, o, x) in sorted(claims.items()):
        votes[value] += weight.get(g, 1.0)
        holders[value].append((matrix.docs[o], x))
    if not votes:
        return None
    value, total = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    if len(holders[value]) < 2 or total < 1.0:
        return None
    ref_doc, ref = holders[value][0]
    expected = ref_doc.text[ref.start:ref.end]
    support = tuple(sorted(h.id for h, _ in holders[value]))
    if kind == "updated":
        return _updated(doc, m.start, m.end, expected, support, m.cls,
                        f"{len(support)} independent outlets, publishing later, report",
                        (ref_doc.id, ref.start, ref.end))
    return Finding(
        kind="drift", start=m.start, end=m.end, text=doc.text[m.start:m.end], expected=expected,
        support=support, severity=DRIFT_SEVERITY, detail=m.cls,
        source=ref_doc.id, source_start=ref.start, source_end=ref.end,
        explanation=f"{len(support)} independent outlets report “{expected}” here; "
                    f"{_EXPLAIN.get(m.cls, 'a fact differs')}.",
    )


def _same_slot(m: Mention, x: Mention) -> bool:
    """The same kind of value said of the same thing: the same class and unit, and the same cue word before it or a
    content word around it in common ("140 passengers were evacuated" / "410 passengers were evacuated"; not "won
    2,184 votes" / "received 1,907 votes"). A duration also needs the same word after it ("three weeks before" is
    not "three days after"); a count needs a unit that is a word (a bare number may be part of a score or a time)."""
    if x.cls != m.cls or x.unit != m.unit or x.value in RELATIVE_DAYS or x.part or _vague(x):
        return False
    if m.names and x.names and not m.names & x.names:
        return False  # about other people or places ("103 million euros" in Cannes, "2 million euros" in Paris)
    if not ((m.cue and x.cue == m.cue) or (m.context & x.context)):
        return False
    if m.cls == "duration":
        return _relation(x.after) == _relation(m.after)
    if m.cls == "number":
        return bool(m.unit) and m.unit not in STOPWORDS
    return True


def _same_length(m: Mention, x: Mention, share: float) -> bool:
    """Two durations of about the same length in different units ("four weeks" / "a month", "two weeks" / "14 days"):
    the same fact said another way, not a contradiction."""
    if m.cls != "duration" or x.cls != "duration":
        return False
    a, b = days_in(m.value), days_in(x.value)
    return a is not None and b is not None and abs(a - b) <= share * max(a, b)


def _vague(m: Mention) -> bool:
    """"a few weeks", "several days": no exact value to contradict."""
    return m.value.split(" ")[0] in ("few", "several")


def _relation(word: str) -> str:
    """The time relation a word after a duration gives it ("two years *ago*", "three weeks *before*"), or ""."""
    return word if word in TIME_RELATIONS else ""


def _single_slots(found):
    """Mentions whose class (and unit) occurs once in the sentence: one claim, comparable across reports."""
    count = defaultdict(int)
    for m in found:
        count[(m.cls, m.unit)] += 1
    return [m for m in found if m.cls in SLOT_CLASSES and count[(m.cls, m.unit)] == 1
            and m.value not in RELATIVE_DAYS and not m.part and not _vague(m)]
