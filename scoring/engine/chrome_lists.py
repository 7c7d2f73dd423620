"""Stage 1's lists of headlines: a heading ("Trending", or any short title-like line) over three or more one-line
headlines, or three or more bullet-marked ones, found on whole lines with the labels of chrome.py. sidebar.py
judges whether a list is partisan; extract.py makes its block.
"""
from __future__ import annotations

import re

from scoring.engine.chrome import (_CLOSED_RE, _DIGIT_RE, _LIST_MARKER_RE, _NUMBERED_RE, _TERMINAL_RE,
                                   MAX_CHROME_WORDS, MIN_SIDEBAR_ITEMS, PROSE_WORDS, _label, _skeleton)
from scoring.engine.chrome_cues import Line, _cues


def _unit_lists(lines: list[Line], units: list[Line], labels: list[str], title_norms: list[str] | None):
    """(first unit, last unit, the spans of its headlines, whether its heading is a known one) of each list of
    headlines. Lists are found on whole
    lines: a headline may hold a full stop ("Jeb Bush's Empire. Liberal media silent")."""
    of_line: list[list[int]] = [[] for _ in lines]
    for i, u in enumerate(units):
        of_line[u.line].append(i)
    line_labels = []
    for k, line in enumerate(lines):
        cues = None
        if len(of_line[k]) == 1:
            lab = labels[of_line[k][0]]
        elif line.words < MAX_CHROME_WORDS:
            cues = _cues(line.text)
            lab = _label(line, title_norms, cues)
        else:
            # _label reads the cues of a line shorter than MAX_CHROME_WORDS only: a paragraph's are not counted.
            lab = _label(line, title_norms)
        if lab == "chrome" and not (cues or _cues(line.text)).patterns:
            lab = "appealed"  # chrome by an appeal word alone: a headline under a known heading (_appealed)
        line_labels.append("body" if lab in ("cued", "appeal") else lab)
    return [(of_line[first][0], of_line[last][-1], tuple((lines[k].start, lines[k].end) for k in items),
             line_labels[first] == "heading") for first, last, items in _find_headline_lists(lines, line_labels)]


def _find_headline_lists(lines: list[Line], labels: list[str]) -> list[tuple[int, int, list[int]]]:
    """(first line, last line, item lines) of each list of headlines.

    A list is a heading ("Trending", or any short title-like line) followed, in the same paragraph, by at
    least three one-line headlines; or a run of at least three list-marked headline lines. Headlines are
    told from a story's own paragraphs by layout: one line each, packed together without blank lines.
    """
    found, i = [], 0
    while i < len(lines):
        known = labels[i] == "heading"
        # A list a line of the story announces ("Foods allowed on the diet:") is the story's own.
        announced = i > 0 and lines[i - 1].text.rstrip().endswith(":") and labels[i - 1] != "heading"
        if known or _could_be_heading(lines[i], labels[i]):
            items = []
            j = i + 1
            # Where the story resumes without a blank line, its sentences are not headlines: the list ends at the
            # first long closed sentence of prose, and closed sentences at its end are the story's.
            while (j < len(lines) and lines[j].para == lines[i].para
                   and (_headline_like(lines[j], labels[j]) or known and _appealed(lines[j], labels[j]))
                   and not (labels[j] == "body" and lines[j].words >= 2 * PROSE_WORDS
                            and _CLOSED_RE.search(lines[j].text) and not _title_case(lines[j].text))):
                items.append(j)
                j += 1
            while (items and labels[items[-1]] == "body" and _CLOSED_RE.search(lines[items[-1]].text)
                   and not _title_case(lines[items[-1]].text)):
                items.pop()
            j = items[-1] + 1 if items else i + 1
            if len(items) >= MIN_SIDEBAR_ITEMS and (known or (
                    not announced and _mostly_headlines(lines, items, unlisted=True)
                    and not _table_rows(lines, i, items))):
                found.append((i, j - 1, items))
                i = j
                continue
            if announced and not known:
                i = j  # the announced list runs on: none of its lines heads a list of its own
                continue
        if _LIST_MARKER_RE.match(lines[i].text):
            j = i
            while j < len(lines) and _LIST_MARKER_RE.match(lines[j].text) and _headline_like(lines[j], labels[j]):
                j += 1
            if (j - i >= MIN_SIDEBAR_ITEMS and not announced and _mostly_headlines(lines, list(range(i, j)))
                    and not _NUMBERED_RE.match(lines[i].text)):
                found.append((i, j - 1, list(range(i, j))))
                i = j
                continue
        i += 1
    return found


# A headline in title case may close with a full stop and run long ("Feds Raid Office of Trump Lawyer Who Paid Off
# Stormy Daniels. This Is a Big Deal."); a story's sentence capitalises its names, not its verbs and common nouns
# ("Today, President Barack Obama announced his intent to nominate ..."). Title case: at least TITLE_CASE_WORDS
# words of four letters or more, every one capitalised but the prepositions some house styles keep lower case.
TITLE_CASE_WORDS = 5
_LONG_WORD_RE = re.compile(r"\b[^\W\d_]{4,}")
_LOWER_IN_TITLES = frozenset("with from into onto over upon than that about after under amid".split())


def _title_case(text: str) -> bool:
    """Whether a line is written in title case, as many outlets write headlines and no story writes prose."""
    long = [w for w in _LONG_WORD_RE.findall(text) if w not in _LOWER_IN_TITLES]
    return len(long) >= TITLE_CASE_WORDS and all(w[0].isupper() for w in long)


def _appealed(line: Line, label: str) -> bool:
    """A line that is chrome only for addressing the reader with an appeal word ("Why we must support the
    teachers who walked out") is a headline when it stands in a list under a known heading:
    headlines address readers too, and the list is chrome anyway unless its wording is partisan. Under an unknown
    heading it stays chrome, so a donation appeal of several lines is never taken for a list."""
    return label == "appealed" and 3 <= line.words <= 40


def _could_be_heading(line: Line, label: str) -> bool:
    return label in ("item", "short") and line.words <= 6 and not _TERMINAL_RE.search(line.text)


def _mostly_headlines(lines: list[Line], items: list[int], unlisted: bool = False) -> bool:
    """Under an unknown heading or list markers, most lines must read as headlines: not closed by a full stop or
    a list's semicolon (a bulleted list in a story's body closes its items: "- Funding for ports of entry;").
    Under an unknown heading (`unlisted`), a list whose lines mostly hold a number (tour dates, prices,
    specifications: "June 9 – West Palm Beach, FL", "2GB RAM") is the story's own."""
    open_ended = sum(not _CLOSED_RE.search(lines[k].text) for k in items)
    numbered = sum(bool(_DIGIT_RE.search(lines[k].text)) for k in items)
    return open_ended >= 0.6 * len(items) and not (unlisted and numbered >= 0.5 * len(items))


def _table_rows(lines: list[Line], heading: int, items: list[int]) -> bool:
    """Whether an unknown "heading" and most lines under it share one punctuation skeleton of two marks or more: the rows
    of the story's own table ("England (Group A): 10th appearance", "Spain (Group F): 11th appearance"), the
    first row taken for a heading. A sidebar's heading ("What others are reading") is not shaped like its
    headlines."""
    form = _skeleton(lines[heading].text)
    return len(form) >= 2 and 2 * sum(_skeleton(lines[k].text) == form for k in items) > len(items)


def _headline_like(line: Line, label: str) -> bool:
    if label in ("chrome", "appealed", "heading", "title"):
        return False
    return 3 <= line.words <= 40
