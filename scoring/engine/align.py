"""Stage 3: alignment, the sentences of a story's articles set against one another. One stage in three modules:

  matrix.py   the sentence matrix (similarities, what a pair of articles shares) and the Doc it is made of
  diffs.py    a copy diffed against its source: the Comparison the detectors read
  copies.py   copy groups, their roots, earlier versions, and the majority vote inside a group

This module names the stage's public parts in one place, as the detectors and the story pass use them
(`align.compare`, `align.Comparison`); each is defined, documented and tested in its own module.
"""
from __future__ import annotations

from scoring.engine.copies import (COPY_COVERAGE, COPY_EXPLAINED, COPY_OWN, OUTSIDE_MARGIN, PHRASE_CONTENT_WORDS,
                                   REWORDED_EXPLAINED, REWORDED_RUN, VERBATIM_EXPONENT, VERSION_DIFFERING, CopyParams,
                                   choose_root, class_weights, copy_groups, phrase_users, settle_by_majority,
                                   verbatim_classes, versions)
from scoring.engine.diffs import TAIL_SWAP, Change, Comparison, SentenceDiff, compare, reference_for, token_changes
from scoring.engine.matrix import (ALIGN_SIM, COPY_RUN, MATCH_SIM, Doc, StoryMatrix, as_time, connected_groups,
                                   in_regions, published_before)

__all__ = [
    "ALIGN_SIM", "COPY_COVERAGE", "COPY_EXPLAINED", "COPY_OWN", "COPY_RUN", "MATCH_SIM", "OUTSIDE_MARGIN",
    "PHRASE_CONTENT_WORDS", "REWORDED_EXPLAINED", "REWORDED_RUN", "TAIL_SWAP", "VERBATIM_EXPONENT",
    "VERSION_DIFFERING", "Change", "Comparison", "CopyParams", "Doc", "SentenceDiff", "StoryMatrix", "as_time",
    "choose_root", "class_weights", "compare", "connected_groups", "copy_groups", "in_regions", "phrase_users",
    "published_before", "reference_for", "settle_by_majority", "token_changes", "verbatim_classes", "versions",
]
