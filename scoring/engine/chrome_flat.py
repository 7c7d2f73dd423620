"""Stage 1's headline lists inside one line: a page delivered without its line breaks (one line per article, as many
feeds and datasets give it) carries its "Trending" list glued into its text ("... he said. Trending Senate passes
the bill Trump Vows to Fight On OUTRAGE: ... The vote came late on Monday."). Such a list is split off as a line
of its own, so that chrome_lists.py and sidebar.py judge it as they judge a list on a paragraphed page.

A list is found only where it is unmistakable: a known heading (`sidebar_headings.txt`) that begins a sentence
and is followed by a capitalised word, then a run of headline-like text up to where prose resumes. Prose resumes
at a sentence that begins mid-run after a word that does not join a sentence ("... for America's longest war
When Mr. Ali arrived ..."): a capitalised function word or pronoun ("When", "The", "He"), an opening quotation,
or a chrome notice ("Share this story"), followed by a sentence in sentence case. A sentence of the run that ends
with a stop is the list's only when it reads as headlines (Title Case); one in sentence case ends the list before
it, as a headline or as the story resuming (the two cannot be told apart, and prose is never swallowed), unless
headlines plainly go on after it (in headlinese, or a sentence all of Title Case headlines: see _list_end). An
open-ended stretch at a line's edge is all headlines: a story's last sentence ends with a stop. A list
shorter than `MIN_FLAT_LIST_WORDS` words after its heading, or with fewer than MIN_SIDEBAR_ITEMS headlines as far
as they can be told apart, is left in the text: a real page's "Related Coverage" link to one story is not a list.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import replace
from functools import lru_cache

from scoring.engine import chrome_flat_runs, lexicon
from scoring.engine.chrome import MIN_SIDEBAR_ITEMS
from scoring.engine.chrome_cues import _WORD_RE, Line, sentence_units
from scoring.engine.chrome_flat_shapes import (SENTENCE_WORDS, _QUOTES, _SHOUTED_RE, _STOP_RE, _after_headline_end,
                                               _boundaries, _candidates, _chrome_at, _cuts, _headlinese, _items,
                                               _lower_case, _prose_sentence, _sentence_case)

# Words after its heading that a one-line list must have: three headlines of five words or more. A single real
# headline after a heading ("Related Coverage Factbox: ...", "Breaking News: Sudan bombs a refugee camp") is
# shorter, and no list.
MIN_FLAT_LIST_WORDS = 20
# A sentence of prose that resumes after a list has at most this many words (news sentences: 20-25 on average).
PROSE_SENTENCE_WORDS = 60
HEADLINESE_UNITS = 2

_COLON_RE = re.compile(r":\s")
_QUOTED_RE = re.compile(r"[\"“][^\"“”]*[\"”]|‘[^‘’]*’")
_TOKEN_RE = re.compile(r"\S+")  # "©" begins a notice too


def _headings_re() -> re.Pattern:
    heads = [h for h in lexicon.lines("sidebar_headings.txt") if h not in _ONE_STORY_LABELS]
    alternatives = "|".join(re.escape(h).replace(r"\ ", r"\s+").replace("'", "['’]")
                            for h in sorted(heads, key=len, reverse=True))
    # The heading, then a capitalised word, a number or a quoted one: "Trending Senate passes". A heading with a
    # colon ("Related: ...") labels the one story after it.
    return re.compile(r"(?i:" + alternatives + r")(?=\s+[\"“‘'#(]?[A-Z0-9])")


# Headings of sidebar_headings.txt that on a page mark one story, not a list: a banner's "Breaking News", a quoted
# tweet's "BREAKING:". On a paragraphed page the lines under them tell; in one line nothing does.
_ONE_STORY_LABELS = frozenset({"breaking", "breaking news"})


def split_flat_lists(text: str, lines: list[Line], units: list[Line]) -> tuple[list[Line], list[Line], list[tuple]]:
    """The lines and units of a text (chrome_cues.split_lines and sentence_units) with each headline list found
    inside a line split off as a line and a paragraph of its own, and each such list as chrome_lists._unit_lists
    gives lists: (first unit, last unit, the spans of its headlines, True: its heading is a known one).

    The list's line is appended after the text's lines (units stay in the order of the text); what stood before
    and after it in its line stays that line, so the rules of chrome.py read the story's prose around it as they
    read the whole line before (a line of running prose keeps a cue in one of its sentences)."""
    of_line: dict[int, list[Line]] = {}
    for u in units:
        of_line.setdefault(u.line, []).append(u)
    found = {k: spans for k, line in enumerate(lines) if line.words > MIN_FLAT_LIST_WORDS
             for spans in [_lists_in(text, line, of_line.get(k, []))] if spans}
    if not found:
        return lines, units, []
    lines = list(lines)
    para = max(line.para for line in lines)
    out: list[Line] = []
    lists = []
    done: set[int] = set()
    for u in units:
        if u.line not in found:
            out.append(u)
            continue
        if u.line in done:
            continue  # the line is split below, once
        done.add(u.line)
        line, cursor = lines[u.line], lines[u.line].start
        for start, end, items in found[u.line] + [(line.end, line.end, None)]:
            piece = _sub(text, line, cursor, start)
            if piece:
                out += [replace(x, line=u.line) for x in sentence_units(text, [piece])]
            if items is None:
                break
            para += 1
            own = replace(_sub(text, line, start, end), para=para, line=len(lines))
            lines.append(own)
            first = len(out)
            out += [replace(x, line=own.line) for x in sentence_units(text, [own])]
            lists.append((first, len(out) - 1, tuple(items), True))
            cursor = end
    return lines, out, lists


def _lists_in(text: str, line: Line, units: list[Line]) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(start, end, headline spans) of each headline list inside the line, in order. `units`: the line's sentence
    units (sentence_units of the text's lines), read by both searches instead of splitting the line again; what
    is left of the line after a list is split anew."""
    out, rest = [], line
    while rest is not None and rest.words > MIN_FLAT_LIST_WORDS:
        units = units if rest is line and units else sentence_units(text, [rest])
        found = _find_list(text, rest, units)
        # A run without a known heading (chrome_flat_runs.py), where it begins before any list under one.
        run = chrome_flat_runs.find_run(text, rest, units)
        if run is not None and (found is None or run[1] <= found[0]):
            found = run
        if found is None:
            break
        out.append(found)
        rest = _sub(text, rest, found[1], rest.end)
    return out


def _sub(text: str, line: Line, s: int, e: int) -> Line | None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s >= e:
        return None
    return Line(s, e, text[s:e], len(_WORD_RE.findall(text, s, e)), line.para, line.line)


def _find_list(text: str, line: Line, units: list[Line]) -> tuple[int, int, list[tuple[int, int]]] | None:
    """(start, end, headline spans) of the first headline list inside the line (`units`: its sentence units), or
    None."""
    for m in _heading_matches(text, line):
        h = m.start()
        if not text[h].isupper():
            continue
        k = next(i for i, u in enumerate(units) if u.start <= h < u.end or i == len(units) - 1)
        # A heading begins a sentence, or follows what ends one without a stop (a footer's last link, a credit's
        # closing bracket) with every word capitalised: "... Contact the newsroom Most Read ...".
        if h > units[k].start and not (_after_headline_end(text, units[k].start, h) and all(
                w[0].isupper() for w in _WORD_RE.findall(m.group()))):
            continue
        end = _list_end(text, units, k, m.end(), heading=True)
        if (end is not None and len(_WORD_RE.findall(text, m.end(), end)) >= MIN_FLAT_LIST_WORDS
                and _boundaries(text, units, m.end(), end) >= MIN_SIDEBAR_ITEMS - 1):
            return h, end, _items(text, units, m.end(), end)
    return None


def _heading_matches(text: str, line: Line):
    """The matches of the headings' pattern in the line, as its finditer gives them, tried only where a word that
    begins a heading begins: the pattern's many alternatives tried at every character were most of this step's
    time, and it reads every paragraph of more than MIN_FLAT_LIST_WORDS words. Those words are found by a pattern of
    the first words alone (`firsts`, case-insensitive, scanned in C), then each place is checked as the words of
    the line read it: a word of _WORD_RE begins there, and its first word is a heading's."""
    pattern, words, firsts, first_at = _headings()
    after = line.start
    hits = firsts.finditer(text, line.start, line.end)
    if line.start and text[line.start - 1].isalnum():
        # `firsts` looks behind the line's start, where a word of the line begins all the same.
        hit = first_at.match(text, line.start, line.end)
        hits = itertools.chain([hit] if hit else [], hits)
    for f in hits:
        p = f.start()
        if p < after or not _word_starts(text, p, line.start):
            continue
        if _first_word(_WORD_RE.match(text, p, line.end).group()) not in words:
            continue
        m = pattern.match(text, p, line.end)
        if m:
            after = m.end()
            yield m


def _word_starts(text: str, p: int, lo: int) -> bool:
    """Whether a word of _WORD_RE.finditer(text, lo, ...) begins at p (text[p] is a letter or a digit): the one
    before does not run into it, by a letter or digit just before p, or by a joiner (an apostrophe, a period or a
    hyphen) between one and p."""
    if p > lo and text[p - 1].isalnum():  # [^\W_] is str.isalnum()
        return False
    return not (p - 1 > lo and text[p - 1] in "'’.-" and text[p - 2].isalnum())


@lru_cache(maxsize=None)
def _headings() -> tuple[re.Pattern, frozenset[str], re.Pattern, re.Pattern]:
    """The headings' pattern, the words a heading begins with (where the pattern is tried), and a pattern that finds
    them case-insensitively where no letter or digit is just before (every character that lower() makes a letter of
    a-z matches it: a superset, which _heading_matches checks word by word), and the same without that condition."""
    words = frozenset(_first_word(h) for h in lexicon.lines("sidebar_headings.txt"))
    firsts = "|".join(re.escape(w).replace("'", "['’]") for w in sorted(words - {""}, key=len, reverse=True))
    return _headings_re(), words, re.compile(rf"(?<![^\W_])(?i:{firsts})"), re.compile(f"(?i:{firsts})")


@lru_cache(maxsize=100_000)
def _first_word(text: str) -> str:
    """The first word of the text in lower case, straight apostrophes (cached: asked of every word of every long
    paragraph, see _heading_matches)."""
    first = _WORD_RE.search(text)
    return first.group().lower().replace("’", "'") if first else ""


def _list_end(text: str, units: list[Line], k: int, pos: int, heading: bool = False) -> int | None:
    """Where the run of headlines that begins at `pos` (in unit k, after its heading: a known one when `heading`)
    ends; None if none does.

    A sentence of the line (a unit) that the run reaches holds headlines, and at its end maybe the first sentence
    of the story resuming (or a chrome notice): a sentence ends a unit, so prose is only ever at the end of one.
    Where a headline begins inside a unit is known only at a cut (see _cuts); the run takes a unit up to its last
    cut, and the rest of it too unless a sentence of prose may begin in that rest (_prose_start)."""
    for j in range(k, len(units)):
        s = pos if j == k else units[j].start
        verdict, x = _unit_verdict(text, units, j, s)
        if verdict == "headlines":
            continue
        # What reads as prose in headlinese (no article, no "was", "had" or "said"), with headlines after it, is a
        # headline closed by a full stop ("... to Nazis' persecution of Jews. Right-wing cruelty on full display
        # DOJ watchdog finds ..."): the list goes on. The story resuming writes "the" and "was".
        # So is one sentence right after a known heading, all of the unit and without a cut in it, with headlines
        # after it ("Most Read A judicial nominee was embarrassed ... . Right-wing cruelty on full display Donald
        # Trump warns ..."): a story does not resume between a list's heading and its headlines. Headlines with
        # a sentence after them ("Trending ... 'destroyed' When asked if ...") have a cut where it begins.
        first = heading and j == k and not text[pos:x].strip() and not _cuts(text, pos, units[j].end)
        if verdict == "prose" and j + 1 < len(units) and (first or _headlinese(text[x:units[j].end])) and \
                _list_resumes(text, units, j + 1):
            continue
        # So is a sentence that is not the run's first, nor opens with a quotation, before a sentence of headlines
        # in Title Case ("... Council worries about the cost of the new quay. Ferry Strike Ends as Crews Return
        # ..."): the story resuming goes on as prose, not as a list.
        if verdict == "prose" and (x > pos or j > k) and text[x] not in _QUOTES and j + 1 < len(units) and \
                _title_case_follows(text, units, j + 1):
            continue
        return x if x > pos else None
    return units[-1].end


def _title_case_follows(text: str, units: list[Line], j: int) -> bool:
    """Whether unit j is all headlines (or the text's open end), begins with a sentence's worth of them in Title Case
    or under a shouted label, not all in capitals ("CLICK HERE TO GET THE APP"), nor with a known heading (a list
    of its own), a chrome notice ("Share this story Facebook Twitter") or a quotation; and the list runs on from it
    for MIN_FLAT_LIST_WORDS words or shows where a headline of it ends: one link to one story is no list going on."""
    u = units[j]
    head = u.text  # cheap tests first: this is tried after every sentence of prose that ends a run
    if text[u.start] in _QUOTES or len(_WORD_RE.findall(head)) < SENTENCE_WORDS or head.isupper() or (
            _sentence_case(head) and not _SHOUTED_RE.match(head)):
        return False
    if any(m.start() == u.start for m in _heading_matches(text, u)) or _chrome_at(text, u.start, u.end):
        return False
    if _unit_verdict(text, units, j, u.start)[0] not in ("headlines", "edge"):
        return False
    end = _list_end(text, units, j, u.start)
    return end is not None and (len(_WORD_RE.findall(text, u.start, end)) >= MIN_FLAT_LIST_WORDS
                                or _boundaries(text, units, u.start, end) >= 1)


def _list_resumes(text: str, units: list[Line], j: int) -> bool:
    """Whether a sentence's worth of headlines (_list_goes_on) begins at unit j, or after units in headlinese
    (HEADLINESE_UNITS at most)."""
    for i in range(j, min(len(units), j + HEADLINESE_UNITS + 1)):
        if _list_goes_on(text, units, i):
            return True
        if text[units[i].start] in _QUOTES or not _headlinese(units[i].text):
            return False
    return False


def _list_goes_on(text: str, units: list[Line], j: int) -> bool:
    """Whether unit j begins with a sentence's worth of headlines: neither a quotation (the story's) nor prose, and
    in headlinese, or not in sentence case, or with a shouted label ("OUTRAGE:") or two colons outside quotations
    ("Baltimore schism: Why the ... tragedy demands soul-searching: the far right ..."): headlines are written
    "Who: what", a sentence of prose hardly ever has two."""
    u = units[j]
    verdict, y = _unit_verdict(text, units, j, u.start)
    head = text[u.start:u.end if verdict == "headlines" else y]
    return (text[u.start] not in _QUOTES and len(_WORD_RE.findall(head)) >= SENTENCE_WORDS
            and (_headlinese(head) or not _sentence_case(head) or bool(_SHOUTED_RE.search(head))
                 or len(_COLON_RE.findall(_QUOTED_RE.sub("", head))) >= 2
                 or (verdict in ("headlines", "edge") and len(_WORD_RE.findall(head)) >= MIN_FLAT_LIST_WORDS
                     and _boundaries(text, [u], u.start, u.end) >= MIN_SIDEBAR_ITEMS - 1)))


def _unit_verdict(text: str, units: list[Line], j: int, s: int) -> tuple[str, int]:
    """What text[s:] of unit j holds: ("headlines", end) all headlines; ("edge", end) headlines up to the text's
    edge; ("notice", x) a chrome notice from x; ("prose", x) headlines up to x and
    then what may be prose."""
    u = units[j]
    cuts = _cuts(text, s, u.end)
    notice = s if s == u.start and _chrome_at(text, s, u.end, cut=True) else _notice(text, s, u.end, cuts)
    if notice is not None:
        return "notice", notice  # after the headlines: "... Trump's Cabinet Picks Share this story"
    if j == len(units) - 1 and not _STOP_RE.search(u.text):
        # Open-ended at the text's edge, as lists end: all headlines. A story's last sentence ends with a stop, so none
        # opens in it ("... Farmers Wait for Rain After the Dam Closed: what went wrong" ends a headline in sentence
        # case, not the story).
        return "edge", u.end
    # The last cut with a sentence's worth of words after it: "... on the CNN program “State of the Union.”" quotes
    # a title inside the prose.
    x = next((c for c in reversed(cuts) if len(_WORD_RE.findall(text, c, u.end)) >= SENTENCE_WORDS), s)
    start = _prose_start(text, x, u.end, opener=x > s and _opener(text, x), label=bool(_SHOUTED_RE.match(text, x)))
    if start is not None:
        return "prose", (_sentence_start(text, [s] + cuts, x, u.end) if start == x else start)
    return "headlines", u.end


def _notice(text: str, s: int, e: int, cuts: list[int]) -> int | None:
    """Where a chrome notice that runs to the end of text[s:e] begins after the headlines, if one does: at a cut,
    or at a capitalised word or a symbol after a headline's end ("... Paul Manafort Enter your email address
    Subscribe", "... a new low © 2024 All rights reserved.")."""
    for m in _TOKEN_RE.finditer(text, s, e):
        p = m.start()
        if p > s and (p in cuts or (not m.group()[0].islower() and _after_headline_end(text, s, p))) and _chrome_at(
                text, p, e, cut=True):
            return p
    return None


def _opener(text: str, x: int) -> bool:
    """Whether the cut at x opens a sentence (a word that opens sentences, or a quotation), not a shouted label."""
    return not _SHOUTED_RE.match(text, x)


def _prose_start(text: str, x: int, e: int, opener: bool, label: bool = False) -> int | None:
    """Where a sentence of prose that ends text[x:e] (from a cut or a unit's start to the unit's end) may begin:
    at x, when a sentence in sentence case opens there ("When Mr. Ali arrived ...") or text[x:e] is a sentence
    of prose (_prose_sentence); else at the first capitalised word after a word that may end a headline from which
    a sentence of prose runs to the end ("... Associates Shields added the image was meant as art."). None when
    none may. A headline in sentence case that ends with a full stop reads as prose too: prose is never taken
    for a headline. The first such word is never after the real start of the prose, which is one of them. At a
    shouted `label` ("OPINION: ...") a headline begins, never prose."""
    if not label and ((opener and _sentence_case(text[x:e])) or _prose_sentence(text[x:e])):
        return x
    for q, word in _candidates(text, x + 1, e):
        if word[0].isupper() and (text[q] in _QUOTES or _after_headline_end(text, x, q)) and _prose_sentence(
                text[q:e]):
            return q
    return None


def _sentence_start(text: str, cuts: list[int], x: int, e: int) -> int:
    """The earliest cut from which the prose that ends a unit may run: back from x over cuts whose text reads as
    the same sentence (not in Title Case: "... a new low In 2007 Mr. Huckabee was quoted ..."), never over a
    shouted label, nor further than a sentence of PROSE_SENTENCE_WORDS words. A headline in sentence case may be
    left in the text with it: prose is never taken for a headline."""
    k = cuts.index(x)
    while k > 0 and not _SHOUTED_RE.match(text, cuts[k - 1]) and not _SHOUTED_RE.match(text, cuts[k]) and (
            _lower_case(text[cuts[k - 1]:cuts[k]]) and len(_WORD_RE.findall(text, cuts[k - 1], e)) <= PROSE_SENTENCE_WORDS):
        k -= 1
    return cuts[k]


