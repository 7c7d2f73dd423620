"""Detector: is a list of headlines found in a page a *partisan* sidebar, or neutral chrome?

A list of other headlines ("Most Read", "Related") is ordinary site furniture, and a news site's list is full of
political news told in the words news uses: "Judge blasts ex-adviser", "governor sorry for racist photo". It
becomes a partisan sidebar when the outlet's own voice in it is one-sided: an epithet no straight news desk
writes in its own headline ("woke elites", "fake news", "SHAMEFUL:"), or loaded wording across several of its
headlines. The word lists are in scoring/data/: loaded_terms.txt, and news_register_terms.txt for the loaded
terms that straight news uses too. Words quoted or reported after a verb of saying are someone else's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.engine import lexicon
from scoring.engine.extract import Block, Extracted

# A headline weighs 1 when the outlet's own voice in it is an epithet (a loaded term straight news does not
# write in its own headlines, or any loaded term shouted in capitals), 0.5 when its loaded wording is only of
# the news register ("blasts", "scandal", "far-right") or it ends in "!", else 0. The list is partisan when
#   - at least MIN_EPITHETS of its headlines weigh 1: an epithet in the outlet's own voice is a choice of side
#     that a neutral list's headlines do not make; or
#   - its headlines' weights add up to PARTISAN_WEIGHT (1.5) from at least two loaded headlines: news-register
#     wording in three headlines of one list is a pattern, while one or two such words are the news of the day
#     (a neutral list of 4-6 political headlines often has one, sometimes two).
# Plain political headlines weigh nothing: a list of political news is not partisan for being political.
PARTISAN_WEIGHT = 1.5
MIN_EPITHETS = 1
NEWS_REGISTER_WEIGHT = 0.5
# A loaded word in reported speech ("Senator says the probe is a witch hunt") is the speaker's word: the outlet
# chose to report it, which is news, so it weighs less than a news-register word of its own voice; three such
# headlines in a neutral list of political news (a day of accusations) do not make it partisan.
REPORTED_WEIGHT = 0.25
# Quoted words report what someone else said. A single quotation mark opens a quotation only where no letter
# precedes it and closes it only where no letter follows; an apostrophe between letters ("I'm") stays inside.
_QUOTED_RE = re.compile(r"[\"“][^\"“”]{1,80}[\"”]|‘[^‘’]{1,80}’|(?<![\w])'(?:[^']|(?<=\w)'(?=\w)){1,80}'(?![\w])")
# Reported speech without quotation marks: what follows a verb of saying ("Trump says ...", "McCain suggests
# Clinton's use of email was hypocritical", "... by saying Clinton is the real liar") is someone else's word, so a
# loaded term there is at most news register. A headline closed by ", X says" reports all of it.
_SAID_RE = re.compile(r"\b(?:says?|said|saying|suggests?|claims?|accuses?|warns?|argues?|tweets?|insists?|"
                      r"declares?|tells?|charges?|vows?|fears?|believes?|thinks?|asks?|asked|"
                      r"(?:concerned|worried) that)\b", re.IGNORECASE)
_SAID_AFTER_RE = re.compile(r",\s+(?:[\w.'’-]+\s+){1,4}(?:says|said|claims|charges|warns|argues|tweets)[.!?]?\s*$",
                            re.IGNORECASE)
# The reported clause ends where the headline's own next clause begins: "Senator says the deal is fair — and the
# radical left is furious" reports "the deal is fair" and says the rest in the outlet's voice.
_CLAUSE_END_RE = re.compile(r"[.;:!?](?=\s)|\s[—–-]\s|\s(?:as|while|but|and yet)\s", re.IGNORECASE)


def _reported_spans(own: str) -> list[tuple[int, int]]:
    """Spans of a headline (quotations already removed) that report someone else's words: from each verb of
    saying to the end of its clause, and the clauses before a closing ", X says"."""
    spans = []
    closing = _SAID_AFTER_RE.search(own)
    if closing:
        starts = [0] + [m.end() for m in _CLAUSE_END_RE.finditer(own, 0, closing.start())]
        spans.append((starts[-1], closing.start()))
    for said in _SAID_RE.finditer(own):
        end = _CLAUSE_END_RE.search(own, said.end())
        spans.append((said.end(), end.start() if end else len(own)))
    return spans


@dataclass(frozen=True)
class SidebarVerdict:
    block: Block
    partisan: bool
    slanted: int  # headlines with loaded wording in the outlet's own voice
    items: int
    examples: tuple[str, ...]  # the loaded terms that decided it, for the explanation


def headline_slant(headline: str) -> tuple[float, list[str]]:
    """A headline's weight (1 an epithet, 0.5 news-register loaded wording or a closing "!", 0.25 loaded wording
    only in reported speech, 0 none) and the loaded terms outside quotation marks."""
    # The outlet's own voice only: a loaded word inside quotation marks reports what someone else said, and one
    # in reported speech counts less than news register.
    own = _QUOTED_RE.sub(" ", headline)
    register = lexicon.word_set("news_register_terms.txt")
    reported = _reported_spans(own)
    terms, weight = [], 0.0
    for m in lexicon.phrase_regex("loaded_terms.txt").finditer(own):
        term = m.group().lower()
        terms.append(term)
        # A loaded word shouted in capitals ("OUTRAGE:") is no news register. An all-capital word that is not a
        # loaded term counts for nothing: in real headlines most are initialisms (NASCAR, NOAA, COVID) or
        # section labels (ANALYSIS:).
        shouted = sum(c.isalpha() for c in m.group()) >= 4 and m.group().isupper()
        if shouted:
            weight = 1.0
        elif any(a <= m.start() < b for a, b in reported):
            weight = max(weight, REPORTED_WEIGHT)
        else:
            weight = max(weight, NEWS_REGISTER_WEIGHT if term in register else 1.0)
    if headline.rstrip().endswith("!"):
        weight = max(weight, NEWS_REGISTER_WEIGHT)
        terms.append("!")
    return weight, terms


def classify_blocks(extracted: Extracted, partisan_weight: float = PARTISAN_WEIGHT,
                    min_epithets: int = MIN_EPITHETS) -> list[SidebarVerdict]:
    """A verdict for every headline list of the article (partisan or neutral; the rule: see PARTISAN_WEIGHT)."""
    verdicts = []
    text = extracted.text
    for block in extracted.blocks:
        if block.kind != "headlines":
            continue
        total, loaded, epithets, examples = 0.0, 0, 0, []
        for s, e in block.items:
            weight, terms = headline_slant(text[s:e])
            total += weight
            loaded += weight > 0
            epithets += weight == 1.0
            examples.extend(t for t in terms if t not in examples)
        partisan = (min_epithets > 0 and epithets >= min_epithets) or (loaded >= 2 and total >= partisan_weight)
        verdicts.append(SidebarVerdict(block, partisan, loaded, len(block.items), tuple(examples[:6])))
    return verdicts
