"""Facts, one stage in three modules:

  mentions.py  the fact units inside a sentence (numbers with their unit, durations, weekdays, dates, ...)
  changes.py   whether a difference between a copy and its source changes a fact, and of which kind (drift)
  edits.py     the copy-desk edits that change no fact and that no spinning tool makes (never spin)

This module names the stage's public parts in one place, as the detectors use them (`facts.fact_change`,
`facts.edit_kind`); each is defined, documented and tested in its own module.
"""
from __future__ import annotations

from scoring.engine.changes import MAX_SLOT_WORDS, PRONOUNS, change_kind, fact_change, slot_change
from scoring.engine.edits import (MAX_EXTRA_WORDS, MAX_SWAP_WORDS, SPELLING_MIN_LENGTH, SPELLING_RATIO, american,
                                  edit_kind, same_word)
from scoring.engine.mentions import CONTEXT_WORDS, RELATIVE_DAYS, Mention, classes, direction_sides, mentions

__all__ = [
    "CONTEXT_WORDS", "MAX_EXTRA_WORDS", "MAX_SLOT_WORDS", "MAX_SWAP_WORDS", "PRONOUNS", "RELATIVE_DAYS",
    "SPELLING_MIN_LENGTH", "SPELLING_RATIO", "Mention", "american", "change_kind", "classes", "direction_sides",
    "edit_kind", "fact_change", "mentions", "same_word", "slot_change",
]
