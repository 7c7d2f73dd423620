"""Stage 1's headline lists inside one line without a heading the engine knows (chrome_flat.py finds those under a
known one): "... stay closed until Wednesday. What Others Are Reading Senate passes the bill Trump Vows to Fight On
OUTRAGE: ... The vote came late on Monday."

Without a known heading a run of headlines is told by its shape alone, between two sentences of the story:
  - it begins where a sentence of the line begins, after a sentence closed by a stop;
  - it runs, by chrome_flat's rules for a list's end, up to where a sentence of prose resumes (or to the text's
    end, or to a chrome notice), and the first of its sentences is not a sentence of prose;
  - it has at least RUN_WORDS words and RUN_ITEMS headlines as far as they can be told apart, and no more than
    RUN_STOP_SHARE of its headlines end with a full stop, where a sentence of prose ends;
  - most of its headlines (RUN_HEADLINE_SHARE) are headline-shaped: in Title Case, or opened by a shouted label
    ("OUTRAGE:"), or of the "Who: what" form with a colon, and none is a sentence of prose.
A long sentence of news prose has one or two places where a headline could end, never four, and is in sentence
case; so prose is not taken for such a run (docs/ENGINE.md, section 1).
"""
from __future__ import annotations

import re

from scoring.engine import chrome_flat as cf, chrome_flat_shapes as shapes
from scoring.engine.chrome_cues import _WORD_RE, Line, sentence_units

RUN_WORDS = 30
RUN_ITEMS = 4
RUN_HEADLINE_SHARE = 0.5
RUN_STOP_SHARE = 0.34
HEADING_WORDS = 3
RUN_NUMBER_SHARE = 0.1


def find_run(text: str, line: Line, units: list[Line] | None = None) -> tuple[int, int, list[tuple[int, int]]] | None:
    """(start, end, headline spans) of the first run of headlines without a known heading inside the line (`units`:
    its sentence units when known)."""
    units = sentence_units(text, [line]) if units is None else units
    for k in range(1, len(units)):
        u = units[k]
        if not shapes._FULL_STOP_RE.search(units[k - 1].text) or not _heading_shaped(text, u):
            continue
        end = cf._list_end(text, units, k, u.start)
        if end is None or len(_WORD_RE.findall(text, u.start, end)) < RUN_WORDS:
            continue
        if shapes._boundaries(text, units, u.start, end) < RUN_ITEMS - 1:
            continue
        items = shapes._items(text, units, u.start, end)
        if _headline_shaped(text, items):
            return u.start, end, items
    return None


def _heading_shaped(text: str, u: Line) -> bool:
    """Whether the unit opens as a list under a heading does: its first HEADING_WORDS words capitalised, not all in
    capitals, with no punctuation between them ("What Others Are Reading Senate ...", "Most Read Trump ..."). A
    sentence of prose opens "He said", "According to", "Note that"; a label "Question:", "Q:", "Advertisement:"."""
    words = _WORD_RE.findall(text, u.start, u.end)[:HEADING_WORDS]
    if len(words) < HEADING_WORDS or not all(w[0].isupper() for w in words) or all(w.isupper() for w in words):
        return False
    span = text[u.start:u.start + sum(len(w) + 1 for w in words)]
    return not re.search(r"[^\w\s'’-]", span[:span.rfind(words[-1])])


def _headline_shaped(text: str, items: list[tuple[int, int]]) -> bool:
    """Whether the run's pieces read as headlines (see the module's rules); a table of names and figures (a
    league's standings) has no headline in it."""
    words = [w for a, b in items for w in _WORD_RE.findall(text, a, b)]
    if sum(w[0].isdigit() for w in words) > RUN_NUMBER_SHARE * len(words):
        return False
    stops = sum(bool(shapes._STOP_RE.search(text[a:b])) for a, b in items)
    if stops > RUN_STOP_SHARE * len(items):
        return False
    shaped = 0
    for a, b in items:
        t = text[a:b]
        if shapes._prose_sentence(t):
            return False
        shaped += (not shapes._lower_case(t)) or bool(shapes._SHOUTED_RE.match(t)) or bool(cf._COLON_RE.search(t))
    return shaped >= RUN_HEADLINE_SHARE * len(items)
