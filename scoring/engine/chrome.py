"""Stage 1's rules: each unit of a text (a line, or a sentence of a line of several; see chrome_cues.py) labelled
body, title, chrome or part of a headline list, on its own, then by its neighbours. The lists of headlines are
found in chrome_lists.py; extract.py makes the blocks.
"""
from __future__ import annotations

import re

from scoring.engine import lexicon
from scoring.engine.chrome_cues import Cues, Line, _appeal_words, _cues
from scoring.engine.text import _HONORIFICS, _TOKEN_RE, normalize_word, tokenize

# Minimum number of headlines under a heading (or in a marked list) for the block to be a sidebar.
MIN_SIDEBAR_ITEMS = 3

_NUMBERED_RE = re.compile(r"^\s*\d{1,2}[.)]\s")  # a numbered list: the story's steps or rankings, unless headed
_DIGIT_RE = re.compile(r"\d")
_TRAILING_ELLIPSIS_RE = re.compile(r"\s*(?:\.{3}|…)\s*$")
_LABELLED_RE = re.compile(r"^\W*\w+(?: \w+)?:")  # "Watch:", "Read more:", "Posted:"
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-•*·–—▪►>]|\d{1,2}[.)])\s+")
_TERMINAL_RE = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*$")
_CLOSED_SENTENCE_RE = re.compile(r"[.!?…][\s\"'”’)\]]*$")  # "It was personal. \"" (a space before the quote)
_DIGIT_WORD_RE = re.compile(r"\S*\d\S*")
# The signature under an embedded post the story quotes: "— Jane Doe (@janedoe) November 18, 2019".
# A copyright notice opens with its sign and a year ("© 2026 Harbour Post, part of ...", "Copyright (c) 2024 ..."): no
# sentence of a story opens that way, so the notice is chrome even when it reads as a sentence (the word alone may
# open one: "Copyright 2019 was a bad year for the label").
_COPYRIGHT_RE = re.compile(r"^\W*(?:copyright\s*)?(?:©|\(c\))\s*(?:19|20)\d{2}\b", re.IGNORECASE)
_POST_SIGNATURE_RE = re.compile(r"^[—–-]\s*\S.{0,80}\(@\w{1,15}\)")
_CLOSED_RE = re.compile(r"[.;:][\s\"'”’)\]]*$")  # a line closed as a sentence or a list's item is ("... entry;")
# A sentence of running prose has at least PROSE_WORDS words and a closing stop (or PROSE_WORDS * 2 words).
# A short line or sentence with one chrome cue is chrome; a sentence of prose needs more (see _label).
PROSE_WORDS = 8
STANDFIRST_WORDS = 5  # a headline-like line above the story with this many words is its headline or standfirst
MAX_CHROME_WORDS = 40  # appeals and notices are short: a longer sentence is prose whatever words it uses
# A sentence of prose that addresses the reader and matches this many chrome patterns is chrome wherever it is,
# even inside running prose ("Sign up for our newsletter to get the news in your inbox.").
STRONG_PATTERNS = 2
# A line with this many sentences of prose that carry no chrome cue is running prose (see _running_prose).
RUNNING_PROSE = 2
# A publication stamp: a time ("8:33", "4:08 p. m."), a year or a numeric date ("04/9/2012"), in a line of at most
# DATELINE_WORDS words that are all stamp words (dateline_words.txt), numbers or time zones ("EDT", "GMT").
DATELINE_WORDS = 16
_STAMP_ANCHOR_RE = re.compile(r"(?<![\d$€£.,])\d{1,2}:\d{2}|\d{1,2}[.:]\d{2} ?[ap]\.? ?m\b|\b(?:19|20)\d{2}\b"
                              r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", re.IGNORECASE)
_STAMP_TOKEN_RE = re.compile(r"[^\W_]+")
_TIME_ZONE_RE = re.compile(r"^(?:[A-Z]{1,4}T|UTC)$")


def _is_prose(u: Line) -> bool:
    return u.words >= 2 * PROSE_WORDS or (u.words >= PROSE_WORDS and bool(_SENTENCE_END_RE.search(u.text)))


def _label(line: Line, title_norms: list[str] | None, cues: Cues = Cues(0, 0, False)) -> str:
    """The line's (or sentence's) kind on its own: "chrome", "title", "heading", "item", "short" or "body"; a
    sentence of prose with chrome cues is "cued" (chrome unless it is in running prose) or "appeal" (chrome
    only next to chrome in its line), decided by _resolve_prose."""
    t = line.text.strip()
    # The word counts of _WORD_RE and the tokenizer differ on "30-year-old" or "€2m": a cheap bound first.
    if title_norms and abs(line.words - len(title_norms)) <= len(title_norms) // 2 + 1 and _is_title(t, title_norms):
        return "title"
    if line.words <= 6 and _is_heading(t):
        return "heading"  # checked before chrome: "Most Read" heads a list to judge, or is chrome alone
    if (cues.patterns or cues.appeal) and line.words < MAX_CHROME_WORDS:
        if not _is_prose(line) or _COPYRIGHT_RE.match(t):
            return "chrome"  # "Sign up for our free weekly newsletter", "© 2026 Harbour Post", "Donate now."
        if cues.reader and cues.patterns >= STRONG_PATTERNS:
            return "chrome"
        if cues.patterns and cues.reader:
            return "cued"  # "Follow us on Facebook for the latest updates." in a paragraph of its own
        if cues.appeal or cues.patterns >= STRONG_PATTERNS:
            return "appeal"  # "You will receive it in your mailbox every Friday."
    if _LIST_MARKER_RE.match(t) and line.words >= 3:
        return "item"
    if line.words >= 15 or (line.words >= 5 and _SENTENCE_END_RE.search(t)) or (
            line.words >= PROSE_WORDS and _CLOSED_RE.search(t)):  # "... issued a brief statement after the speech:"
        return "body"
    if line.words >= 3 and not _TERMINAL_RE.search(t):
        return "item"  # headline-like: a few words, no closing punctuation
    return "short"


def _is_title(t: str, title_norms: list[str]) -> bool:
    """Whether the words of t are the title's (normal forms): its first word is read first, and the rest only when
    it is the title's (or an honorific, which the tokenizer may drop)."""
    first = _TOKEN_RE.search(t)
    if first is not None:
        norm = normalize_word(first.group())
        if norm not in _HONORIFICS and norm != title_norms[0]:
            return False
    return [x.norm for x in tokenize(t)] == title_norms


def _is_heading(t: str) -> bool:
    if t.endswith(("...", "…")):
        t = _TRAILING_ELLIPSIS_RE.sub("", t)  # "You may also like...": the heading, trailing off
    words = t.rstrip(":").strip().lower()
    if len(words.split()) > 6 or _TERMINAL_RE.search(t.rstrip(":")):
        return False
    return any(words == h or words.startswith(h + " ") for h in lexicon.lines("sidebar_headings.txt"))


def _resolve_prose(units: list[Line], labels: list[str], cues: list[Cues]) -> None:
    """Sentences of prose with chrome cues, by their neighbours.

    - A "cued" sentence is chrome unless it sits in running prose: a neighbour in its line is a body sentence
      without any cue, and neither neighbour is chrome ("he raised $2 million in campaign contributions").
    - An "appeal" sentence (the reader addressed with appeal words and no chrome pattern, or two chrome patterns
      without the reader addressed: "a $1 million donation, a contribution the group would not explain") is
      chrome only next to chrome (in its line, or a chrome line of two words or more), and else body: a
      columnist's "we must support our troops" is prose.
    - A line of two sentences or more that addresses the reader, with a sentence that is chrome on its own (in
      it, or just before or after it), and
      a cue in at least two thirds of its sentences (appeal words count in every sentence of such a line), is an
      appeal's paragraph: chrome throughout ("Can you support local journalism? The Courier is funded by
      readers, not shareholders. Give from £3 a month.").
    - A line that begins with chrome and is chrome but for one short sentence (under 2 * PROSE_WORDS words) is
      chrome ("© 2026 WBC. The WBC is a public service broadcaster."): one sentence, not a run of prose.
    A sentence of MAX_CHROME_WORDS words or more is never chrome by its own cues.
    """
    first = list(labels)
    of_line: dict[int, list[int]] = {}
    for i, u in enumerate(units):
        of_line.setdefault(u.line, []).append(i)
    running = _running_prose(units, first, cues, of_line)
    for i, u in enumerate(units):
        if first[i] not in ("cued", "appeal"):
            continue
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(units)]
        beside_chrome = any(first[j] == "chrome" and (units[j].line == u.line or units[j].words >= 2) for j in near)
        in_prose = u.line in running or any(
            first[j] == "body" and units[j].line == u.line and not (cues[j].patterns or cues[j].appeal) for j in near)
        if first[i] == "cued":
            labels[i] = "chrome" if beside_chrome or not in_prose else "body"
        else:
            labels[i] = "chrome" if beside_chrome else "body"
    _appeal_lines(units, labels, cues, first, running)
    for members in of_line.values():
        prose = [i for i in members if labels[i] != "chrome"]
        if (len(members) > 1 and len(prose) == 1 and prose[0] != members[0] and first[prose[0]] == "body"
                and units[prose[0]].words < 2 * PROSE_WORDS):
            labels[prose[0]] = "chrome"


def _running_prose(units: list[Line], labels: list[str], cues: list[Cues], of_line: dict[int, list[int]]) -> set[int]:
    """The lines that are running prose: RUNNING_PROSE sentences of prose or more with no chrome cue (no pattern,
    no appeal word; the reader may be addressed: "you can stream it from your phone"). A cue in another sentence
    of such a line is the story's subject ("new subscribers", "the deal"), not a site's appeal: only a sentence
    that is chrome on its own (two patterns, or a short notice) leaves it."""
    def running(members: list[int]) -> bool:
        n = 0
        for i in members:  # counted up to RUNNING_PROSE only: a long line of prose has dozens of sentences
            if labels[i] == "body" and _is_prose(units[i]) and not (cues[i].patterns or _appeal_words(units[i].text)):
                n += 1
                if n >= RUNNING_PROSE:
                    return True
        return False

    return {k for k, members in of_line.items() if running(members)}


def _appeal_lines(units: list[Line], labels: list[str], cues: list[Cues], chrome_from: list[str],
                  running: set[int] = frozenset()) -> bool:
    """Lines that are an appeal's paragraph (see _resolve_prose), made chrome; `chrome_from`: the labels that
    say which sentences are chrome; `running`: lines of running prose, never an appeal's paragraph. Returns
    whether a label changed."""
    of_line: dict[int, list[int]] = {}
    for i, u in enumerate(units):
        of_line.setdefault(u.line, []).append(i)
    changed = False
    for k, members in of_line.items():
        if len(members) < 2 or k in running or all(labels[i] == "chrome" for i in members):
            continue
        if not any(cues[i].reader for i in members):
            continue
        beside = [i for i in (members[0] - 1, members[-1] + 1) if 0 <= i < len(units)]
        if not any(chrome_from[i] == "chrome" for i in members + beside):
            continue
        cued = sum(bool(cues[i].patterns or _appeal_words(units[i].text)) for i in members)
        if cued >= 2 and 3 * cued >= 2 * len(members):
            for i in members:
                if labels[i] not in ("title", "heading", "headlines"):
                    labels[i], changed = "chrome", True
    return changed


def _spread_chrome(lines: list[Line], labels: list[str], cues: list[Cues]) -> None:
    """Short lines and stray headings next to chrome are chrome too (button rows, addresses, 'Dear readers,');
    so is a short sentence, or one that addresses the reader or has a cue, between chrome on both sides, and so
    are paragraphs of an appeal between chrome paragraphs (an appeal
    runs over several paragraphs: "We are facing challenges..."); lines before the first body line or after the
    last one that are not body are chrome."""
    for i, lab in enumerate(labels):
        if lab == "heading":
            labels[i] = "chrome"  # a heading with no list under it: "Most Commented", "TRENDING NEWS"
    # Inside a line of several sentences, chrome spreads only from a sentence that is chrome by its own cues, one
    # step: a run of short sentences of prose ("Some phony theology. Not a theology based on the Bible.") must not
    # be eaten one by one from a share row that follows it.
    own = [lab == "chrome" for lab in labels]
    of_line: dict[int, list[int]] = {}
    for i, u in enumerate(lines):
        of_line.setdefault(u.line, []).append(i)
    running = _running_prose(lines, labels, cues, of_line)
    changed = True
    while changed:
        changed = False
        for i, lab in enumerate(labels):
            if lab not in ("short", "item", "body"):
                continue
            near = [j for j in (i - 1, i + 1) if 0 <= j < len(labels)]
            neighbours = [labels[j] for j in near]
            # From a sentence chrome by its own cues, or to one that addresses the reader ("Are you affected by
            # the flooding? Get in touch: newsdesk@...").
            sources = [j for j in near if labels[j] == "chrome" and (
                lines[j].line != lines[i].line or own[j] or cues[i].reader or cues[i].patterns)]
            if sources and (lab == "short" or (lab == "item" and _button_like(lines[i])) or (
                    lab == "body" and not _is_prose(lines[i]) and any(
                    lines[j].line == lines[i].line for j in sources))):
                # "Choe Son Hui. Artem Geodakyan / POOL": a caption's words before its credit.
                labels[i], changed = "chrome", True
            elif lab == "body" and neighbours == ["chrome", "chrome"] and (
                    not _is_prose(lines[i]) or cues[i].patterns or cues[i].reader):
                labels[i], changed = "chrome", True
        changed = _spread_to_paragraphs(lines, labels, cues) or changed
        changed = _appeal_lines(lines, labels, cues, labels, running) or changed
    _own_lines(lines, labels, cues, of_line)
    body = [lines[i].line for i, lab in enumerate(labels) if lab == "body"]
    if not body:
        return
    # Right after the story, a run of headline-like lines most of which hold a number, or share one punctuation
    # skeleton ("England (Group A): 10th appearance"), is the story's own table (tour dates, results, prices), as
    # under an unknown heading (_mostly_headlines, _table_rows).
    run = [i for i in range(len(labels)) if lines[i].line > body[-1]]
    run = run[:next((k for k, i in enumerate(run) if labels[i] not in ("short", "item")), len(run))]
    if len(run) >= MIN_SIDEBAR_ITEMS and (2 * sum(bool(_DIGIT_RE.search(lines[i].text)) for i in run) >= len(run)
                                          or _same_form(lines, run)):
        for i in run:
            labels[i] = "body"
    for i, lab in enumerate(labels):
        if lines[i].line < body[0] and lab == "item" and _standfirst(lines[i]):
            # A headline or standfirst above the story ("Police use Taser to arrest hit-and-run suspect"): the
            # story's own words, unlike "Watch: ..." or "Posted: ..." lines and datelines.
            labels[i] = "body"
        elif (lines[i].line < body[0] or lines[i].line > body[-1]) and lab in ("short", "item"):
            labels[i] = "chrome"
        elif lab in ("short", "item"):
            labels[i] = "body"  # a short line inside the story: a subheading or a one-line paragraph


def _datelines(lines: list[Line], labels: list[str]) -> list[int]:
    """The datelines at the top of the story: before its first body line, or a line of their own right under a
    first paragraph (a standfirst, a caption): "Posted: 04/9/2012 8:33 am", "Tue Jul 2, 2013 1:28PM GMT". A
    publication stamp is page metadata, not the story: the human-labelled bodies of the ScrapingHub benchmark
    leave out every one, and a dateline in the body would have outlets' publication times compared as facts.
    Further down a time ("4:14 p.m." heading a live blog's entry) is the story's own."""
    first = next((i for i, lab in enumerate(labels) if lab == "body"), None)
    if first is None:
        return []
    out = [i for i in range(first) if labels[i] != "title" and _is_dateline(lines[i].text)]
    for i in range(first + 1, len(labels)):
        if lines[i].line == lines[first].line or labels[i] in ("chrome", "title"):
            continue
        if not (_whole_line(lines, i) and _is_dateline(lines[i].text)):
            break  # the story's second paragraph: the top is over
        out.append(i)
    return out


# A page's tag list: a heading of its own ("Tags", "Topics:", "Filed under") and the keywords on the line under it,
# separated by commas (at least TAG_LIST_COMMAS of them), none a sentence: "election 2026, city council, budget".
_TAG_HEADING_RE = re.compile(r"^\W*(?:tags?|topics|keywords|filed under)\s*:?\s*$", re.IGNORECASE)
TAG_LIST_COMMAS = 2
TAG_WORDS = 6  # the most words of one tag


def _tag_lists(lines: list[Line]) -> list[int]:
    """Tag headings alone on their line, and the line of comma-separated keywords under each (see above)."""
    out = []
    for i, u in enumerate(lines):
        if u.words > 2 or not (_TAG_HEADING_RE.match(u.text) and _whole_line(lines, i)):
            continue
        out.append(i)
        if i + 1 < len(lines) and _whole_line(lines, i + 1):
            tags = lines[i + 1].text.strip().split(",")
            if len(tags) > TAG_LIST_COMMAS and not _SENTENCE_END_RE.search(lines[i + 1].text) and all(
                    0 < len(t.split()) <= TAG_WORDS for t in tags):
                out.append(i + 1)
    return out


# A syndication credit on a line of its own, at most CREDIT_WORDS words: "This story was supplied by Northline Press
# Agency.", "This article originally appeared on The Conversation.", "Republished with permission of ...". A note
# about where the text came from, not a sentence of the story. Not "This report was published in ...": a story's
# own one-line paragraph may speak so of the report it is about.
_CREDIT_RE = re.compile(
    r"^\W*(?:this (?:story|article|piece) (?:was |is |has been )?(?:originally |first )?"
    r"(?:supplied|provided|syndicated|republished|reproduced|distributed|appeared|published)"
    r"\s+(?:by|in|on|with|courtesy)\b|(?:republished|reproduced|reprinted) with (?:the )?permission\b)",
    re.IGNORECASE)
CREDIT_WORDS = 20


def _credits(lines: list[Line]) -> list[int]:
    """Syndication credits, each a line of its own (see _CREDIT_RE)."""
    return [i for i, u in enumerate(lines) if u.words <= CREDIT_WORDS and _CREDIT_RE.match(u.text)
            and _whole_line(lines, i)]


BUTTON_WORDS = 2  # a button under an appeal: "Subscribe", "Sign up", "Donate now"
_WORD_TOKEN_RE = re.compile(r"[^\W_]+")


def _buttoned(lines: list[Line], labels: list[str], cues: list[Cues]) -> list[int]:
    """A line with a chrome pattern that its own button follows or precedes: a line of its own of at most
    BUTTON_WORDS words, chrome, all of whose words the line has ("Get the Post delivered: subscribe from £1 a week."
    over "Subscribe"). The sentence is the button's appeal; alone, one pattern in a sentence of prose is the
    story's subject ("The paper lost 20,000 subscribers.")."""
    out = []
    for i, u in enumerate(lines):
        if labels[i] != "body" or not cues[i].patterns or u.words >= MAX_CHROME_WORDS or not _whole_line(lines, i):
            continue
        mine = {w.lower() for w in _WORD_TOKEN_RE.findall(u.text)}
        for j in (i - 1, i + 1):
            if (0 <= j < len(lines) and labels[j] == "chrome" and lines[j].words <= BUTTON_WORDS
                    and _whole_line(lines, j) and {w.lower() for w in _WORD_TOKEN_RE.findall(lines[j].text)} <= mine):
                out.append(i)
                break
    return out


def _whole_line(lines: list[Line], i: int) -> bool:
    """Whether unit i is its line whole (the line was not split into sentences)."""
    return all(lines[j].line != lines[i].line for j in (i - 1, i + 1) if 0 <= j < len(lines))


def _is_dateline(text: str) -> bool:
    """A publication stamp: a time, year or numeric date in a short line of stamp words, numbers and time zones
    only (so "Posted 1 year ago [downloaded on 2 October 2013]" or "5:45 AM PST 11/19/2019 by A. Writer" are not)."""
    if not _STAMP_ANCHOR_RE.search(text) or len(text.split()) > DATELINE_WORDS:
        return False
    stamp_words = lexicon.word_set("dateline_words.txt")
    for tok in _STAMP_TOKEN_RE.findall(text):
        if not (tok[0].isdigit() or tok.lower() in stamp_words or _TIME_ZONE_RE.match(tok)):
            return False
    return True


def _own_lines(lines: list[Line], labels: list[str], cues: list[Cues], of_line: dict[int, list[int]]) -> None:
    """Short lines no chrome took that are the story's own wherever they stand (before the first body line or
    after the last one too), made body:
    - a closed sentence ("Rest in peace.", "Testimony continues today.") in a line with no cue and no label
      ("Posted: ..."): a notice that closes a page addresses the reader or matches a pattern;
    - the signature under a post the story quotes ("— Jane Doe (@janedoe) November 18, 2019"), without a cue;
    - the lines a line ending in a colon announces ("Tour dates:", "Three steps for travellers:"), up to the
      first closed sentence on a line of its own or the first chrome: the story's own list."""
    for i, lab in enumerate(labels):
        if lab not in ("short", "item") or any(
                cues[j].reader or cues[j].patterns or cues[j].appeal for j in of_line[lines[i].line]):
            continue
        if lines[i].words >= 2 and _CLOSED_SENTENCE_RE.search(lines[i].text) and not _LABELLED_RE.match(lines[i].text):
            labels[i] = "body"
        elif _POST_SIGNATURE_RE.match(lines[i].text):
            labels[i] = "body"  # the quoted post's author and date, as much the story's as the post's words
    for i, lab in enumerate(labels):
        if lab in ("body", "short") and _announces(lines, i):
            j = i + 1
            while j < len(labels) and labels[j] in ("short", "item", "body"):
                # The story resumes with a closed sentence; an item of 15 words or more ("body" by its length)
                # that closes nothing is still the list's.
                if labels[j] == "body" and lines[j].line != lines[j - 1].line and _TERMINAL_RE.search(lines[j].text):
                    break
                labels[j], j = "body", j + 1


def _skeleton(text: str) -> str:
    """The punctuation that structures a line (brackets, colons, bars, slashes, long dashes), in order."""
    return "".join(c for c in text if c in "()[]:|/–—")


def _same_form(lines: list[Line], run: list[int]) -> bool:
    """Whether most lines of the run share one skeleton of two marks or more: rows of a table ("Spain (Group F):
    11th appearance"). One mark is too common a shape: a run of "Read more: ..." links shares a colon."""
    forms = [_skeleton(lines[i].text) for i in run]
    top = max(set(forms), key=forms.count)
    return len(top) >= 2 and 2 * forms.count(top) > len(run)


def _announces(lines: list[Line], i: int) -> bool:
    """Whether unit i ends its line with a colon: what follows is the story's own list or quotation."""
    return lines[i].text.rstrip().endswith(":") and (i + 1 == len(lines) or lines[i + 1].line != lines[i].line)


def _standfirst(line: Line) -> bool:
    """A headline-like line above the story that is its headline or standfirst: a few words, unlabelled, not a
    dateline (most of whose words hold a digit: "Tue Jul 2, 2013 1:28PM GMT")."""
    return (line.words >= STANDFIRST_WORDS and not _LABELLED_RE.match(line.text)
            and 3 * len(_DIGIT_WORD_RE.findall(line.text)) <= line.words)


def _button_like(line: Line) -> bool:
    """A line that chrome next to it takes along: short, or labelled ("Read more: ..."); a longer headline-like
    line is a standfirst or a subheading."""
    return line.words < PROSE_WORDS or bool(_LABELLED_RE.match(line.text))


def _spread_to_paragraphs(lines: list[Line], labels: list[str], cues: list[Cues]) -> bool:
    """Consecutive lines most of whose sentences address the reader, with a chrome cue among them (appeal words
    count where the line addresses the reader anywhere), between lines that are chrome throughout on both sides,
    are chrome: the paragraphs of an appeal ("Dear readers, / We are facing unprecedented challenges. ... / Your
    support ..."). A one-word chrome line ("Advertisement") does not count as a side: it interrupts prose, and is
    no sign that what it brackets is chrome. Returns whether a label changed."""
    runs: list[list[int]] = []
    for i, u in enumerate(lines):
        if runs and lines[runs[-1][0]].line == u.line:
            runs[-1].append(i)
        else:
            runs.append([i])
    chrome = [all(labels[i] == "chrome" for i in run) for run in runs]
    # A side: a chrome line of two words or more, or two chrome lines in a row ("Once / Monthly / Annual").
    side = [chrome[k] and (sum(lines[i].words for i in run) >= 2 or (k > 0 and chrome[k - 1])
                           or (k + 1 < len(runs) and chrome[k + 1])) for k, run in enumerate(runs)]
    changed, k = False, 1
    while k < len(runs) - 1:
        end = k
        while (end < len(runs) - 1 and not chrome[end]
               and 2 * sum(cues[i].reader for i in runs[end]) >= len(runs[end])
               and not any(labels[i] in ("headlines", "title") for i in runs[end])):
            end += 1
        group = runs[k:end]
        if group and side[k - 1] and side[end] and any(_line_cued(lines, run) for run in group):
            for run in group:
                for i in run:
                    labels[i] = "chrome"
            changed = True
        k = max(end, k + 1)
    return changed


def _line_cued(lines: list[Line], run: list[int]) -> bool:
    cues = _cues(" ".join(lines[i].text for i in run))
    return bool(cues.patterns or cues.appeal)
