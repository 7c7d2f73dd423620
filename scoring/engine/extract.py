"""Stage 1: the article's text, split into blocks of body, title, neutral chrome and headline lists.

HTML goes through trafilatura first (its main-text extraction is the field's best general tool); the
offsets of every block then refer to that extracted text. Plain text copied from a page with its site
chrome (share rows, newsletter and donation appeals, footers, "Trending" lists) is classified sentence by
sentence within its lines, so the offsets refer to the text exactly as it came in. Deciding by sentence is
what keeps a text without paragraph breaks (one line per article, as many feeds and datasets give it) from
being thrown away whole for one cue somewhere in it.

Whether a headline list is *partisan* is decided by `sidebar.py`; this module only finds the lists (with the units
and cues of `chrome_cues.py` and the rules of `chrome.py`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# The units and their cues are in chrome_cues.py, the rules that label them in chrome.py.
from scoring.engine.chrome import _buttoned, _credits, _datelines, _label, _resolve_prose, _spread_chrome, _tag_lists
from scoring.engine.chrome_flat import split_flat_lists
from scoring.engine.chrome_lists import _unit_lists
from scoring.engine.chrome_cues import Line, _unit_cues, sentence_units, split_lines
from scoring.engine.text import tokenize


# A link to another story inside a page's main text: a label that points away from the page, then that story's
# headline ("Related: ...", "READ MORE: ...", "See also: ..."). Only on a page's extracted text (see classify).
_RELATED_LINK_RE = re.compile(r"^\W*(?:related(?: post| posts| stories| articles| coverage| content)?|read more|read also"
                              r"|also read|read next|see more|see also|more)\s*:\s*\w", re.IGNORECASE)
RELATED_LINK_WORDS = 25  # a label and a headline: a longer line is a sentence that merely opens with such a word


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
    # "trafilatura" when the text is the main text trafilatura extracted from html: it removed the page's other
    # parts, and the chrome blocks here are what our rules removed from what it kept. A note on where the text
    # came from, not part of the result (pass 1 of the pipeline rebuilds an Extracted without it).
    extracted_by: str = field(default="", compare=False)

    @property
    def body_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "body"]


# Below this many characters trafilatura's own extraction is taken to have missed the story (its own threshold for
# trying its fallbacks, `min_extracted_size`), and the page is extracted again with them.
SHORT_MAIN_TEXT = 250


def html_to_text(html: str) -> str:
    """Main text of an HTML page (trafilatura, tables kept, no comments); '' when nothing is found."""
    import trafilatura  # lazily: importing it loads lxml and its own data

    # favor_recall: a short news page with few paragraphs must not lose its body; site chrome that slips
    # through is caught by the line classifier below, which runs on the extracted text too.
    # include_tables: a table inside the story (standings, results, prices, a list of candidates) is part of it;
    # trafilatura keeps a table only inside the main text, one line per row.
    # fast (no fallback extractors) first: its generic fallbacks (readability, justext) take in a page's other
    # parts when they replace a shortish main text (photo galleries with every caption, lists of other posts);
    # they run only when trafilatura's own text is too short to be the story (SHORT_MAIN_TEXT).
    options = dict(include_comments=False, include_tables=True, favor_recall=True)
    text = trafilatura.extract(html, fast=True, **options) or ""
    if len(text) < SHORT_MAIN_TEXT:
        text = max(text, trafilatura.extract(html, **options) or "", key=len)
    return text


def extract(text: str = "", html: str = "", title: str = "") -> Extracted:
    """Blocks of an article: text as given, or the main text of `html` when no text is given."""
    from_html = not text and bool(html)
    if from_html:
        text = html_to_text(html)
        # The page's headline, where trafilatura's main text repeats it, is the title, not the body (as a title
        # given with a text is): the page's own title, when none is given.
        title = title or html_title(html)
    return classify(text, title, from_html)


def html_title(html: str) -> str:
    """The page's headline as trafilatura reads it (its <title>, og:title or first heading); '' when none."""
    from trafilatura import load_html
    from trafilatura.metadata import extract_title

    tree = load_html(html)
    return (extract_title(tree) or "") if tree is not None else ""


def classify(text: str, title: str = "", from_html: bool = False) -> Extracted:
    """The blocks of a text; `from_html`: the text is trafilatura's main text of a page (see below)."""
    lines = split_lines(text)
    # A headline list glued into a line (a page without its line breaks) becomes a line of its own first.
    lines, units, flat_lists = split_flat_lists(text, lines, sentence_units(text, lines))
    title_norms = [t.norm for t in tokenize(title)] if title else None
    cues = _unit_cues(text, units)
    labels = [_label(u, title_norms, c) for u, c in zip(units, cues)]
    _resolve_prose(units, labels, cues)
    lists = _unit_lists(lines, units, labels, title_norms) + flat_lists
    positive = [lab == "chrome" for lab in labels]  # chrome by its own cues, not by its place
    for first, last, _items, known in lists:
        for i in range(first, last + 1):
            labels[i] = "headlines"
            positive[i] = known
    buttoned = _buttoned(units, labels, cues)  # read before spreading: a lone button is chrome by its place
    _spread_chrome(units, labels, cues)
    for i in _datelines(units, labels) + _tag_lists(units) + _credits(units) + buttoned:
        labels[i], positive[i] = "chrome", True  # chrome by its own form, wherever the text came from
    if from_html:
        # trafilatura has already chosen the main text: what it kept stays, unless it is chrome by its own cues
        # or a headline list under a known heading (our rules by place and layout guess what it knew).
        lists = [x for x in lists if x[3]]
        for i, lab in enumerate(labels):
            if lab in ("chrome", "headlines") and not positive[i]:
                labels[i] = "body"
            if labels[i] == "body" and units[i].words <= RELATED_LINK_WORDS and _RELATED_LINK_RE.match(units[i].text):
                labels[i] = "chrome"  # a labelled link to another story, which trafilatura kept in the story's box
    return Extracted(text, tuple(_blocks(units, labels, lists)), "trafilatura" if from_html else "")


def _blocks(lines: list[Line], labels: list[str], lists) -> list[Block]:
    kind_of = {"chrome": "boilerplate", "body": "body", "title": "title", "headlines": "headlines"}
    items_of = {first: items for first, _, items, _known in lists}
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
