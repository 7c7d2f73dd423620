"""Stage 1: the article's text, split into blocks of body, title, neutral chrome and headline lists.

HTML goes through trafilatura first (its main-text extraction is the field's best general tool); the
offsets of every block then refer to that extracted text. Plain text copied from a page with its site
chrome (share rows, newsletter and donation appeals, footers, "Trending" lists) is classified line by
line, so the offsets refer to the text exactly as it came in.

Whether a headline list is *partisan* is decided by `sidebar.py`; this module only finds the lists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.engine import lexicon
from scoring.engine.text import QUOTE_CHARS, tokenize

# Minimum number of headlines under a heading (or in a marked list) for the block to be a sidebar.
MIN_SIDEBAR_ITEMS = 3

_LIST_MARKER_RE = re.compile(r"^\s*(?:[-•*·–—▪►>]|\d{1,2}[.)])\s+")
_TERMINAL_RE = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*$")
_WORD_RE = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_PRONOUN_RE = re.compile(r"\b(we|our|us|you|your|yours|we're|you're)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    words: int
    para: int  # paragraph number: lines separated by a blank line are in different paragraphs


@dataclass(frozen=True)
class Block:
    kind: str  # "body" | "title" | "boilerplate" | "headlines" (a list of headlines; sidebar.py judges it)
    start: int
    end: int
    items: tuple[tuple[int, int], ...] = ()  # for "headlines": the span of each headline


@dataclass(frozen=True)
class Extracted:
    text: str  # the text all offsets refer to (as given, or extracted from html)
    blocks: tuple[Block, ...]

    @property
    def body_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "body"]


def html_to_text(html: str) -> str:
    """Main text of an HTML page (trafilatura, no comments or tables); '' when nothing is found."""
    import trafilatura  # lazily: importing it loads lxml and its own data

    # favor_recall: a short news page with few paragraphs must not lose its body; site chrome that slips
    # through is caught by the line classifier below, which runs on the extracted text too.
    return trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True) or ""


def split_lines(text: str) -> list[Line]:
    lines, para, blank = [], 0, False
    for m in re.finditer(r"[^\n]*", text):
        raw = m.group()
        if not raw.strip():
            if m.start() != m.end() or (m.start() > 0 and text[m.start() - 1] == "\n"):
                blank = True
            continue
        if blank and lines:
            para += 1
        blank = False
        s = m.start() + (len(raw) - len(raw.lstrip()))
        e = m.start() + len(raw.rstrip())
        lines.append(Line(s, e, text[s:e], len(_WORD_RE.findall(text, s, e)), para))
    return lines


def extract(text: str = "", html: str = "", title: str = "") -> Extracted:
    """Blocks of an article: text as given, or the main text of `html` when no text is given."""
    if not text and html:
        text = html_to_text(html)
    lines = split_lines(text)
    title_norms = [t.norm for t in tokenize(title)] if title else None
    labels = [_label(line, title_norms) for line in lines]
    lists = _find_headline_lists(lines, labels)
    for first, last, _items in lists:
        for i in range(first, last + 1):
            labels[i] = "headlines"
    _spread_chrome(lines, labels)
    return Extracted(text, tuple(_blocks(lines, labels, lists)))


def _label(line: Line, title_norms: list[str] | None) -> str:
    t = line.text.strip()
    if title_norms and line.words == len(title_norms) and [x.norm for x in tokenize(t)] == title_norms:
        return "title"
    if _is_heading(t):
        return "heading"  # checked before chrome: "Most Read" heads a list to judge, or is chrome alone
    if lexicon.line_patterns("chrome_patterns.txt").search(t):
        return "chrome"
    if _is_appeal(t):
        return "chrome"
    if _LIST_MARKER_RE.match(t) and line.words >= 3:
        return "item"
    if line.words >= 15 or (line.words >= 5 and _SENTENCE_END_RE.search(t)):
        return "body"
    if line.words >= 3 and not _TERMINAL_RE.search(t):
        return "item"  # headline-like: a few words, no closing punctuation
    return "short"


def _is_heading(t: str) -> bool:
    words = t.rstrip(":").strip().lower()
    if len(words.split()) > 6 or _TERMINAL_RE.search(t.rstrip(":")):
        return False
    return any(words == h or words.startswith(h + " ") for h in lexicon.lines("sidebar_headings.txt"))


def _outside_quotes(t: str) -> str:
    return re.sub(f"[{QUOTE_CHARS}][^{QUOTE_CHARS}]*[{QUOTE_CHARS}]", " ", t)


def _addresses_reader(t: str) -> bool:
    return bool(_PRONOUN_RE.search(_outside_quotes(t)))


def _is_appeal(t: str) -> bool:
    """A site addressing its readers: first/second person outside quotes together with appeal words."""
    if not _addresses_reader(t):
        return False
    words = {tok.norm for tok in tokenize(_outside_quotes(t))}
    return len(words & lexicon.word_set("appeal_words.txt")) >= 1


def _find_headline_lists(lines: list[Line], labels: list[str]) -> list[tuple[int, int, list[int]]]:
    """(first line, last line, item lines) of each list of headlines.

    A list is a heading ("Trending", or any short title-like line) followed, in the same paragraph, by at
    least three one-line headlines; or a run of at least three list-marked headline lines. Headlines are
    told from a story's own paragraphs by layout: one line each, packed together without blank lines.
    """
    found, i = [], 0
    while i < len(lines):
        known = labels[i] == "heading"
        if known or _could_be_heading(lines[i], labels[i]):
            items = []
            j = i + 1
            while j < len(lines) and lines[j].para == lines[i].para and _headline_like(lines[j], labels[j]):
                items.append(j)
                j += 1
            # Where the story resumes without a blank line, its sentences are not headlines.
            while items and labels[items[-1]] == "body" and lines[items[-1]].text.rstrip().endswith("."):
                items.pop()
            j = items[-1] + 1 if items else i + 1
            if len(items) >= MIN_SIDEBAR_ITEMS and (known or _mostly_headlines(lines, items)):
                found.append((i, j - 1, items))
                i = j
                continue
        if _LIST_MARKER_RE.match(lines[i].text):
            j = i
            while j < len(lines) and _LIST_MARKER_RE.match(lines[j].text) and _headline_like(lines[j], labels[j]):
                j += 1
            if j - i >= MIN_SIDEBAR_ITEMS:
                found.append((i, j - 1, list(range(i, j))))
                i = j
                continue
        i += 1
    return found


def _could_be_heading(line: Line, label: str) -> bool:
    return label in ("item", "short") and line.words <= 6 and not _TERMINAL_RE.search(line.text)


def _mostly_headlines(lines: list[Line], items: list[int]) -> bool:
    """Under an unknown heading, most lines must read as headlines: no closing full stop."""
    open_ended = sum(not lines[k].text.rstrip().endswith(".") for k in items)
    return open_ended >= 0.6 * len(items)


def _headline_like(line: Line, label: str) -> bool:
    if label in ("chrome", "heading", "title"):
        return False
    return 3 <= line.words <= 40


def _spread_chrome(lines: list[Line], labels: list[str]) -> None:
    """Short lines and stray headings next to chrome are chrome too (button rows, addresses, 'Dear readers,');
    lines before the first body line or after the last one that are not body are chrome."""
    for i, lab in enumerate(labels):
        if lab == "heading":
            labels[i] = "chrome"  # a heading with no list under it: "Most Commented", "TRENDING NEWS"
    changed = True
    while changed:
        changed = False
        for i, lab in enumerate(labels):
            neighbours = [labels[j] for j in (i - 1, i + 1) if 0 <= j < len(labels)]
            if lab in ("short", "item") and "chrome" in neighbours:
                labels[i], changed = "chrome", True
            elif lab == "body" and neighbours == ["chrome", "chrome"] and _addresses_reader(lines[i].text):
                # A paragraph of an appeal that names no appeal word ("We are facing challenges...").
                labels[i], changed = "chrome", True
    body = [i for i, lab in enumerate(labels) if lab == "body"]
    if not body:
        return
    for i, lab in enumerate(labels):
        if (i < body[0] or i > body[-1]) and lab in ("short", "item"):
            labels[i] = "chrome"
        elif lab in ("short", "item"):
            labels[i] = "body"  # a short line inside the story: a subheading or a one-line paragraph


def _blocks(lines: list[Line], labels: list[str], lists) -> list[Block]:
    kind_of = {"chrome": "boilerplate", "body": "body", "title": "title", "headlines": "headlines"}
    items_of = {first: tuple((lines[k].start, lines[k].end) for k in items) for first, _, items in lists}
    list_starts = set(items_of)
    blocks: list[Block] = []
    for i, (line, lab) in enumerate(zip(lines, labels)):
        kind = kind_of.get(lab, "body")
        same_run = blocks and blocks[-1].kind == kind and i not in list_starts
        # Body blocks follow paragraphs; chrome and lists merge across blank lines.
        if same_run and kind == "body" and lines[i - 1].para != line.para:
            same_run = False
        if same_run:
            prev = blocks[-1]
            blocks[-1] = Block(kind, prev.start, line.end, prev.items)
        else:
            blocks.append(Block(kind, line.start, line.end, items_of.get(i, ())))
    return blocks
