"""Shortcuts taken for speed give what the plain loops they replaced gave (the plain loops are kept here)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.engine import chrome, chrome_flat, mentions
from scoring.engine.chrome_cues import _WORD_RE, Line
from scoring.engine.testing import story_matrix
from scoring.engine.text import Sentence, split_sentences, tokenize

# Pieces that make heading words, words around them and the joiners that glue words together.
_PIECES = ["Most", "most", "Read", "Trending", "in", "In", "within", "don't", "Don’t", "Editor's", "what’s",
           "Related", "Coverage", "Top", "Stories", "hot", "x", "U.S.", "-", ".", "'", "’", " ", "  ", "İn", "\u212aey",
           "ſ", "Senate", "passes", "3", "the", "Breaking", "News", ":", "\n"]


def _plain_heading_matches(text: str, line: Line):
    """chrome_flat._heading_matches as a loop over every word of the line."""
    pattern, words = chrome_flat._headings()[:2]
    after = line.start
    for w in _WORD_RE.finditer(text, line.start, line.end):
        if w.start() < after or chrome_flat._first_word(w.group()) not in words:
            continue
        m = pattern.match(text, w.start(), line.end)
        if m:
            after = m.end()
            yield m


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.integers(0, 5), st.integers(0, 5))
def test_heading_matches_are_those_of_every_word(pieces, cut_start, cut_end):
    text = "".join(pieces)
    # A line may begin or end inside a word of the text (a rest of a line after a list, see chrome_flat._lists_in).
    line = Line(min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end), "", 0, 0)
    got = [(m.start(), m.end()) for m in chrome_flat._heading_matches(text, line)]
    assert got == [(m.start(), m.end()) for m in _plain_heading_matches(text, line)]


def test_heading_matches_find_a_heading_after_a_joiner_and_not_inside_a_word():
    text = "He said so. Most Read Senate passes the bill -Trending Now within Trending Senate"
    starts = [m.start() for m in chrome_flat._heading_matches(text, Line(0, len(text), text, 14, 0))]
    assert starts == [m.start() for m in _plain_heading_matches(text, Line(0, len(text), text, 14, 0))]
    assert text.index("Most") in starts


def _plain_cue_mentions(sentence: Sentence) -> list[str]:
    """Each mention's cue as the loop that read every token set it: the last plain word before the mention."""
    toks, cue, cues = sentence.tokens, "", {}
    for i, t in enumerate(toks):
        if i and mentions._plain(toks[i - 1], i - 1):
            cue = toks[i - 1].norm
        cues[t.start] = cue
    return [cues[m.start] for m in mentions.mentions(sentence)]


def test_mentions_read_their_cue_as_the_token_loop_did():
    text = ("Turnout rose to 54 percent on Tuesday, officials said, after a week of rain. Paris police counted "
            "3,000 French and two British fans. A two-day strike began in March 2024. Tuesday 3 of them")
    sentences = split_sentences(text)
    assert sum(len(mentions.mentions(s)) for s in sentences) >= 6
    for s in sentences:
        assert [m.cue for m in mentions.mentions(s)] == _plain_cue_mentions(s)


_WORDS = ["Tuesday", "tuesday", "3", "a", "week", "two", "years", "the", "rose", "Paris", "French", "March", "2024",
          "officials", "said", "president", "TV", "of", "12", "July", "an", "hour", "Mr.", "on"]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25))
def test_mentions_cues_on_any_words(words):
    for s in split_sentences(" ".join(words)):
        assert [m.cue for m in mentions.mentions(s)] == _plain_cue_mentions(s)


def test_heading_matches_at_a_line_that_begins_inside_a_word():
    text = "xMost Read Senate passes the bill"
    line = Line(1, len(text), text[1:], 6, 0)
    assert [m.start() for m in chrome_flat._heading_matches(text, line)] == [1]
    assert [m.start() for m in _plain_heading_matches(text, line)] == [1]


def _plain_find_matches(matrix):
    """StoryMatrix._find_matches sorted by row, doc, best first, then position, in one four-key sort."""
    import numpy as np

    sim, rows = matrix.sim, len(matrix.index)
    out = [{} for _ in range(rows)]
    row_of = np.repeat(np.arange(rows), np.diff(sim.indptr))
    doc_of = np.searchsorted(matrix.offset, sim.indices, side="right") - 1
    order = np.lexsort((sim.indices, -sim.data, doc_of, row_of))
    for r, doc, i, x in zip(row_of[order].tolist(), doc_of[order].tolist(), sim.indices[order].tolist(),
                            sim.data[order].tolist()):
        out[r].setdefault(doc, []).append((i - int(matrix.offset[doc]), x))
    return out


def test_matches_are_sorted_as_by_row_doc_similarity_and_position():
    sentences = ["The ferry caught fire off the coast on Monday.", "Forty passengers were rescued by the coastguard.",
                 "The ferry fire began in the engine room.", "Officials said the passengers were safe.",
                 "The coastguard rescued forty passengers.", "The ferry caught fire off the coast on Monday."]
    matrix = story_matrix(" ".join(sentences), " ".join(reversed(sentences)), " ".join(sentences[1:4]),
                          " ".join(sentences[::2] * 2))
    assert matrix.sim.nnz > 20
    assert matrix._find_matches() == _plain_find_matches(matrix)


_TITLE_WORDS = ["Mr.", "Mr", "mr", "Dr", "Smith", "smith's", "wins", "Five", "5", "per", "cent", "%", " ", ".", "U.S."]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_TITLE_WORDS), max_size=8), st.lists(st.sampled_from(_TITLE_WORDS), max_size=8))
def test_a_title_is_told_as_by_comparing_every_word(title, text):
    title_norms = [t.norm for t in tokenize(" ".join(title))]
    if title_norms:
        t = " ".join(text)
        assert chrome._is_title(t, title_norms) == ([x.norm for x in tokenize(t)] == title_norms)
        assert chrome._is_title(" ".join(title), title_norms)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 6)), max_size=12),
       st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=20))
def test_tokens_outside_regions_are_told_as_one_by_one(regions, gaps):
    from scoring.engine.matrix import _outside_regions, in_regions
    from scoring.engine.text import Token

    spans, x = [], 0  # sorted regions that do not overlap
    for a, n in sorted(regions):
        if a >= x:
            spans.append((a, a + n))
            x = a + n
    tokens, x = [], 0
    for gap, n in gaps:
        tokens.append(Token("w", "w", x + gap, x + gap + n + 1))
        x += gap + n + 1
    assert _outside_regions(tokens, spans) == [not in_regions(t.start, t.end, spans) for t in tokens]
