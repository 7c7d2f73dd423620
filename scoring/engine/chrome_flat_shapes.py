"""The shapes of text a one-line page's headline lists are told by (chrome_flat.py and chrome_flat_runs.py): where a
headline may end and another begin (cuts), and whether a stretch reads as a sentence of prose, in sentence case, in
Title Case or in headlinese. Pure functions of the text; no list is found here.
"""
from __future__ import annotations

import re

from scoring.engine import lexicon
from scoring.engine.chrome import MAX_CHROME_WORDS, _label
from scoring.engine.chrome_cues import _WORD_RE, Line, _cues

# A sentence in sentence case has at least SENTENCE_WORDS words, and at least SENTENCE_CASE_SHARE of its words after
# the first (numbers aside) begin in lower case: a headline in Title Case has most of its words capitalised (a
# quarter or less in lower case: "a", "of", "to"), a sentence of news prose most in lower case, and one full of names
# ("On Monday, state Senate President Pro Tem David Long and House Speaker Brian Bosma ... held a press conference")
# about half.
SENTENCE_WORDS = 5
SENTENCE_CASE_SHARE = 0.4
# Words that begin a sentence in sentence case, never the next word of a headline that ends before them (a
# headline may end with any noun or verb, but not before "The" in sentence case): articles, pronouns,
# conjunctions, prepositions and adverbs that open a report's sentence.
_OPENERS = frozenset("""a an the he she it they we i you our his her its their this that these those there here
but and or so yet when while after before as at in on for with without by from if although though because since
until once meanwhile however still also earlier later now then soon asked according""".split())
# Words a headline does not end with: what follows them belongs to the same sentence ("told the | Senate").
_JOINERS = frozenset("""a an the of to and or but nor in on for with at by from as that than into onto over under
about after before his her their its our your my this these those is are was were be been has have had will would
can could should may might must not no when where while who whom whose which if because since although though
until unless whether""".split())
_PROSE_ONLY = frozenset("the a an was were had did been said told".split())
_SAYING_RE = re.compile(r"(?i)(?:said|says?|saying|told|tells?|telling|wr[io]te|writes?|writing|add(?:ed|s|ing)|"
                        r"tweet(?:ed|s|ing)|ask(?:ed|s|ing)|call(?:ed|s|ing)|repl(?:ied|ies|ying)|declar(?:ed|es|ing)|"
                        r"insist(?:ed|s|ing)|warn(?:ed|s|ing)|explain(?:ed|s|ing)|stat(?:ed|es|ing)|not(?:ed|es|ing)|"
                        r"recall(?:ed|s|ing)|announc(?:ed|es|ing)|post(?:ed|s|ing))")
# A short quotation followed by the rest of its sentence in lower case quotes a name inside the sentence ("on NBC's
# “Meet the Press” last Sunday"): no sentence opens there.
_QUOTED_NAME_RE = re.compile(r"[\"“‘'][^\"“”‘’']{1,40}[\"”’'],?\s+[a-z]")
_QUOTES = "\"“‘'"
_SHOUTED_RE = re.compile(r"[A-Z][A-Z'’-]+:(?=\s)")  # "EXPOSED:", "OPINION:": a label that begins a headline
_FULL_STOP_RE = re.compile(r"\.[\"'”’)\]]*\s*$")
_STOP_RE = re.compile(r"[.!?…][\"'”’)\]]*$")


def _candidates(text: str, s: int, e: int):
    """(offset, word) of each word of text[s:e], the offset of the quotation mark before it where one opens there
    after a space ("... but not the will \"I'm not holding ...\" he said.": a quotation may follow any word)."""
    for m in _WORD_RE.finditer(text, s, e):
        p = m.start()
        if p - 1 > s and text[p - 1] in _QUOTES and text[p - 2].isspace():
            yield p - 1, m.group()
        else:
            yield p, m.group()


def _cuts(text: str, s: int, e: int) -> list[int]:
    """Offsets inside text[s:e] where a headline (or a sentence after the headlines) begins for sure: after a word
    that ends a headline (_after_headline_end), a word that opens sentences in sentence case ("The", "When", "He"),
    an opening quotation of a capitalised word (not after a verb of saying: "Trump tweeted “We ...”"), a chrome
    notice ("Share this story") or a shouted label ("EXPOSED:")."""
    out = []
    for m in _WORD_RE.finditer(text, s, e):
        p = m.start()
        word = m.group()
        q = p - 1 if p - 1 > s and text[p - 1] in _QUOTES else p
        if q <= s or not word[0].isupper() or not _after_headline_end(text, s, q):
            continue
        if q < p:  # a quotation
            prev = _WORD_RE.findall(text, max(s, q - 40), q)
            if not _SAYING_RE.fullmatch(prev[-1]) and not _QUOTED_NAME_RE.match(text, q):
                out.append(q)
        elif word.lower() in _OPENERS or _SHOUTED_RE.match(text, p) or _chrome_at(text, p, e):
            out.append(p)
    return out


def _after_headline_end(text: str, s: int, q: int) -> bool:
    """Whether the words before q (after s) may end a headline: a space before q, no comma, colon or dash, and a
    last word that does not join a sentence ("the", "of", "told the")."""
    if not text[q - 1].isspace():
        return False
    before = text[max(s, q - 40):q].rstrip().rstrip("\"'”’")  # "... a hit,” Ms. Lagarde said": the comma counts
    if not before or before[-1] in ",:;—–-(/&":
        return False
    prev = _WORD_RE.findall(before)
    return bool(prev) and prev[-1].lower() not in _JOINERS


def _chrome_at(text: str, x: int, e: int, cut: bool = False) -> bool:
    """Whether text[x:e] is a chrome notice that begins at x: chrome.py's rules call the whole of it chrome (a
    headline that begins "Published ..." is none), and a chrome pattern matches at x ("Share this story", "Sign
    up for our newsletter") or, where x is a cut already (`cut`), anywhere ("We use cookies ...")."""
    t = text[x:e]
    if not cut and not any(r.match(t) for r, _literal in lexicon.line_patterns("chrome_patterns.txt").alternatives):
        return False
    words = len(_WORD_RE.findall(t))
    if words >= MAX_CHROME_WORDS:
        return False  # _label calls a line chrome (or cued) by its cues only when it is shorter
    label = _label(Line(x, e, t, words, 0), None, _cues(t))
    return label == "chrome" or (label == "cued" and not cut)


def _prose_sentence(t: str) -> bool:
    """A sentence of prose: in sentence case (SENTENCE_WORDS words or more), closed by a full stop (headlines end
    open, or with a question mark)."""
    return bool(_FULL_STOP_RE.search(t)) and _sentence_case(t)


def _headlinese(t: str) -> bool:
    """Whether t is written as headlines are: without the articles, past auxiliaries and verbs of reporting that
    a sentence of a news story can hardly do without. Prose writes them in lower case; a headline in Title Case
    capitalises them ("Activists Have Never Been More Hopeful"), and "The ..." may open a headline."""
    return not any(w in _PROSE_ONLY for w in _WORD_RE.findall(t)[1:])


def _lower_case(t: str) -> bool:
    """Not in Title Case: at most half of its words after the first (numbers aside) capitalised."""
    rest = [w for w in _WORD_RE.findall(t)[1:] if not w[0].isdigit()]
    return 2 * sum(w[0].isupper() for w in rest) <= len(rest)


def _sentence_case(t: str) -> bool:
    words = _WORD_RE.findall(t)
    if len(words) < SENTENCE_WORDS:
        return False
    rest = [w for w in words[1:] if not w[0].isdigit()]
    return sum(w[0].islower() for w in rest) >= SENTENCE_CASE_SHARE * len(rest)


def _boundaries(text: str, units: list[Line], s: int, e: int) -> int:
    """How many places in text[s:e] show where one headline ends and another begins: its sentences' ends, its cuts,
    and a lower-case word that may end a headline before a capitalised one ("... without notice Michael Cohen:
    ..."). A list has MIN_SIDEBAR_ITEMS headlines; a page's footer of addresses under "Trending" shows none."""
    n = 0
    for u in units:
        if u.end > s and u.start < e:
            a, b = max(s, u.start), min(e, u.end)
            n += (a > s) + len(_cuts(text, a, b))
            for m in _WORD_RE.finditer(text, a, b):
                q = m.start()
                if q > a and m.group()[0].isupper() and _after_headline_end(text, a, q) and \
                        _WORD_RE.findall(text, max(a, q - 40), q)[-1][0].islower():
                    n += 1
    return n


def _items(text: str, units: list[Line], s: int, e: int) -> list[tuple[int, int]]:
    """The headlines of the run text[s:e], as far as they can be told apart: at its sentences and their cuts."""
    cuts = set()
    for u in units:
        if u.end > s and u.start < e:
            a = max(s, u.start)
            cuts.add(a)
            cuts.update(_cuts(text, a, min(e, u.end)))
    bounds = sorted(cuts | {s}) + [e]
    spans = []
    for a, b in zip(bounds, bounds[1:]):
        while b > a and text[b - 1].isspace():
            b -= 1
        while a < b and text[a].isspace():
            a += 1
        if a >= b:
            continue
        # A piece of fewer than three words ("EXPOSED:", "The Hill") is part of the headline beside it.
        if spans and (len(_WORD_RE.findall(text, a, b)) < 3 or len(_WORD_RE.findall(text, *spans[-1])) < 3):
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans
