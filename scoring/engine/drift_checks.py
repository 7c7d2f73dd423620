"""The checks a copy's changed words pass before drift.find_drift calls them drift: whether an earlier version
states them, whether the copy dropped the object a kept verb was aimed at, whether a name was only shortened to its
initial or a number only hyphenated or split at its decimal point, and whether the copy kept its source's sentence.
Pure functions of the tokens; drift.py decides what they mean.
"""
from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from rapidfuzz.distance import Indel

from scoring.engine import align
from scoring.engine.changes import one_place
from scoring.engine.facts import classes
from scoring.engine.text import STOPWORDS, Token, normalize_word, zipf

if TYPE_CHECKING:
    from scoring.engine.drift import DriftParams

# Words that tie a noun to the thing it is about ("the response *to* the deployment", "the cost *of* the war"): a noun
# phrase ending in one of them, dropped after a kept verb, leaves the verb aimed at that thing instead.
OBJECT_LINKS = frozenset({"to", "of", "for", "against", "over", "on", "about", "toward", "towards"})
_DETERMINERS = frozenset({"the", "a", "an"})
_DECIMAL_BEFORE = re.compile(r"\d\. ?$")


def _stated_in(versions, value: list[str], toks: list[Token], ch: align.Change) -> bool:
    """Whether one of `versions` (an outlet's earlier versions of an article) states `value` (normalised words) in
    the frame the change sits in: with the copy's word before the change before it, or its word after it after it."""
    if not versions or not value:
        return False
    before = toks[ch.a0 - 1].norm if ch.a0 > 0 else None
    after = toks[ch.a1].norm if ch.a1 < len(toks) else None
    n = len(value)
    for version in versions:
        for sent in version.sentences:
            words = [t.norm for t in sent.tokens]
            for i in range(len(words) - n + 1):
                if words[i:i + n] == value and (
                        (before is not None and i > 0 and words[i - 1] == before)
                        or (after is not None and i + n < len(words) and words[i + n] == after)):
                    return True
    return False


def _objects_dropped(copy: list[Token], ref: list[Token]) -> list[tuple[int, int, int, int]]:
    """Where a copy's kept verb is aimed at another thing: the copy dropped the noun phrase the source's verb was aimed
    at together with the word that tied it to what followed ("has criticized [the muted response to] the deployment"
    becomes "has criticized the deployment"): the verb now acts on what was only the thing the noun was about.

    Each as (copy start, copy end, source start, source end) token indices: the verb through the first word after the
    gap, in the copy and in the source. The dropped run is a noun phrase alone (opened by a determiner, then content
    words, its last content word the head, then one of OBJECT_LINKS), it follows a kept content word (the verb), and
    its head is nowhere in the copy's sentence (a noun moved elsewhere in the sentence is not dropped). A run before a
    name names one thing twice ("visited the city of Paris" / "visited Paris"), one before a number is a count's
    wording ("confiscated a total of 14" / "confiscated 14")."""
    a, b = [t.norm for t in copy], [t.norm for t in ref]
    if not a or not b or a == b:
        return []
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "insert" or i1 == 0 or i1 >= len(a) or j2 >= len(b):
            continue
        core = b[j1:j2]
        while core and core[0] in _DETERMINERS:
            core = core[1:]
        while core and core[-1] in _DETERMINERS:
            core = core[:-1]
        if len(core) < 2 or len(core) > 5 or core[-1] not in OBJECT_LINKS:
            continue
        phrase = [w for w in core[:-1] if w not in _DETERMINERS]
        if not phrase or any(w in STOPWORDS or w[:1].isdigit() for w in phrase):
            continue  # a clause, a count or a partitive ("some of", "one of"), not a noun phrase
        if any(_same_word(w, phrase[-1]) for w in a):
            continue  # the head kept elsewhere in the sentence: moved, not dropped
        v = j1 - 1
        while v >= 0 and b[v] in _DETERMINERS:
            v -= 1
        if b[j1] not in _DETERMINERS and (v + 1 == j1 or b[v + 1] not in _DETERMINERS):
            continue  # no determiner opens it: words of one noun phrase ("the maximum [sentence of] life")
        if v < 0 or b[v] in STOPWORDS or b[v][:1].isdigit() or ref[v].text[:1].isupper():
            continue  # no verb before it: the sentence's subject, or a name
        if b[j2] in STOPWORDS or b[j2][:1].isdigit() or ref[j2].text[:1].isupper():
            continue  # a count ("confiscated [a total of] 14"), or one place named twice ("the city of Paris")
        c0 = i1 - (j1 - v)
        if c0 < 0 or a[c0:i1] != b[v:j1]:
            continue  # the verb (and its determiner) not kept just before the gap
        out.append((c0, i1 + 1, v, j2 + 1))
    return out


def _same_word(a: str, b: str) -> bool:
    """One word, or two forms of it ("response" / "responses"): a common stem covering all but three letters of
    each."""
    if a == b:
        return True
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    return k >= 4 and len(a) - k <= 3 and len(b) - k <= 3


def _split_decimal(text: str, start: int) -> bool:
    """Whether a number at `start` is the decimals of the number before it, written with a space after the point
    ("The 6. 1-magnitude quake", as some corpora write decimals): the point ended a sentence there, and the "1" is
    not a value of its own."""
    return bool(_DECIMAL_BEFORE.search(text, max(0, start - 4), start))


def _kept(copy, source, share: float) -> bool:
    """Whether the copy's sentence keeps at least `share` of its words from the source sentence, in order."""
    if not source:
        return True
    mine, theirs = [t.norm for t in copy], [t.norm for t in source]
    return (len(mine) + len(theirs) - Indel.distance(mine, theirs)) / 2 >= share * len(mine)


def _shares_words(copy, source) -> bool:
    """Whether a copy's sentence shares an ordinary content word (not a function word, not a number) with the source
    sentence it was set against; one that shares only "one" with it ("subscribe from £1 a week" against "No one was
    injured") was aligned with another sentence. A sentence set against no source words at all is judged as before."""
    if not source:
        return True
    theirs = {t.norm for t in source if t.norm not in STOPWORDS and not t.norm[:1].isdigit()}
    return any(t.norm in theirs for t in copy)  # a stopword or a number is never in `theirs`


def _names_in(doc: align.Doc) -> frozenset[str]:
    """Capitalised words a document uses inside its sentences (not first): its names."""
    return frozenset(t.norm for s in doc.sentences for t in s.tokens[1:]
                     if t.text[:1].isupper() and not t.text.isupper())


def _initial_name(toks: list[Token], ch: align.Change, names: frozenset[str], params: DriftParams) -> str | None:
    """A name swapped at the start of a sentence ("Whitcombe said" for "Ryan said"), which facts.change_kind cannot
    tell from any capitalised first word: the source's words there are names it uses inside its sentences."""
    if ch.a0 != 0 or not ch.ref or ch.a1 - ch.a0 > 2 or len(ch.ref) > 2:
        return None
    new, old = list(toks[ch.a0:ch.a1]), list(ch.ref)
    if not all(t.text[:1].isupper() and t.norm not in STOPWORDS and t.norm not in classes() for t in new + old):
        return None
    if any(zipf(t.norm) >= params.common_word_zipf for t in new):
        return None  # "Even", "May": a common word capitalised where the sentence begins, not a name
    if one_place({t.norm for t in new}, {t.norm for t in old}):
        return None  # "Khartoum said" for "Sudan said": the government named by its seat
    if all(t.norm in names for t in old) and not any(t.norm in names for t in new):
        return "name"
    return None


def _hyphenated_number(toks: list[Token], ch: align.Change) -> str | None:
    """A count inside a hyphenated word changed ("seven-term" / "eleven-term", "three-day" / "ten-day"), which
    facts.change_kind, reading whole tokens, does not see as a number."""
    if ch.a1 - ch.a0 != 1 or len(ch.ref) != 1:
        return None
    new, old = toks[ch.a0].norm.split("-", 1), ch.ref[0].norm.split("-", 1)
    if len(new) != 2 or len(old) != 2 or new[1] != old[1]:
        return None
    a, b = normalize_word(new[0]), normalize_word(old[0])
    return "number" if a != b and a[:1].isdigit() and b[:1].isdigit() else None
