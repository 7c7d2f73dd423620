"""When a copy's changed count is its source's update, not drift.

A copy that changes a count of its source (drift.UPDATABLE) is held to the source's figure only when the two were
published about the same time (timing.same_time). When only their days are known, reports of adjacent days may be an
hour apart or nearly two days, so the gap alone cannot tell a copy that updates the figure from one that changed it.
The story's other reports can: when the copy was published after its source, and a report of another outlet, also
published after the source, states the copy's figure in the same place (the same word on each side of it), later
reports carry the new figure. That is what a newsroom sees when a wire revises a toll and its clients republish the
latest version while the corpus holds an earlier one: an update, not a changed fact. A copy alone with its new figure,
or one published the same day as its source or without a date (which came first is not known), is compared as before.

A year is read as a number but is a date: it does not develop ("the 2015 race" in a later copy is not an update).
"""
from __future__ import annotations

import re

from scoring.engine import align
from scoring.engine.matrix import earlier
from scoring.engine.text import Token

# A year as news writes it: four digits, no separator (a count of thousands is written "2,000"), 1800 to 2099.
_YEAR = re.compile(r"(18|19|20)\d\d")


def a_year(text: str) -> bool:
    """Whether a value's text is a year, which does not develop as a count does."""
    return bool(_YEAR.fullmatch(text))


def carried_later(copy: align.Doc, source: align.Doc, story: list[align.Doc], published: dict[str, object],
                  toks: list[Token], ch: align.Change) -> bool:
    """Whether the copy's new value at `ch` (its tokens `toks[ch.a0:ch.a1]`) is the source's update: the copy was
    published after its source, and a report of another outlet published after the source too states the value
    between the same neighbouring words. `story`: the story's articles; `published`: their publication times."""
    when = published.get(source.id)
    if not earlier(when, published.get(copy.id)):
        return False
    later = [o for o in story if o.outlet != copy.outlet and o.id not in (copy.id, source.id)
             and earlier(when, published.get(o.id))]
    return _in_frame(later, [t.norm for t in toks[ch.a0:ch.a1]], toks, ch)


def _in_frame(docs: list[align.Doc], value: list[str], toks: list[Token], ch: align.Change) -> bool:
    """Whether one of `docs` states `value` (normalised words) with the copy's word before the change before it and
    its word after the change after it (either side the sentence's edge in the copy: that side alone is not
    compared). Both sides: a count with one plain word beside it ("20 people") is said of many things."""
    if not value:
        return False
    left = toks[ch.a0 - 1].norm if ch.a0 > 0 else None
    right = toks[ch.a1].norm if ch.a1 < len(toks) else None
    if left is None and right is None:
        return False  # a sentence of the value alone: no place to compare
    n = len(value)
    for doc in docs:
        for sent in doc.sentences:
            words = [t.norm for t in sent.tokens]
            for i in range(len(words) - n + 1):
                if words[i:i + n] != value:
                    continue
                if left is not None and (i == 0 or words[i - 1] != left):
                    continue
                if right is not None and (i + n >= len(words) or words[i + n] != right):
                    continue
                return True
    return False
