"""Names in a report: the people, places and organisations it is about, found as capitalised words.

No model is loaded: English capitalises names, so a capitalised word is a name unless its capital only marks the
start of a sentence or a headline written in title case. There the word counts only when it is rare as an
ordinary word (Zipf frequency at most COMMON_ZIPF in wordfreq's shipped data: "Qeshm" or "Reid" yes, "Another"
or "Arrested" no). Weekdays and months are dates, not names, and function words never count. The names are
normal forms (see text.normalize_word), so "Reid's" and "Reid" are one name.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from scoring.engine.text import STOPWORDS, Token, zipf

# An opening or title-case word is a name only when it is this rare in lower case (Zipf 4: about once in
# 100,000 words); common words open sentences and fill headlines.
COMMON_ZIPF = 4.0
_DATES = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
                   "july august september october november december".split())


def _is_name_word(token: Token) -> bool:
    return (token.text[:1].isupper() and len(token.norm) > 1 and not token.norm[:1].isdigit()
            and token.norm not in STOPWORDS and token.norm not in _DATES)


def names(sentences: Iterable[Sequence[Token]], title: Sequence[Token] = ()) -> list[str]:
    """The name words of these sentences (token tuples) and of the title, in order, repeats kept (they weigh)."""
    out = []
    for tokens in sentences:
        for k, t in enumerate(tokens):
            if _is_name_word(t) and (k > 0 or zipf(t.norm) <= COMMON_ZIPF):
                out.append(t.norm)
    # A headline may capitalise every word: only the rare ones are names there. One written as a sentence ("Relatively
    # unknown actor Matt Smith was named...") is read as one: its capitalised words past the first are names.
    sentence_case = not _title_case(title)
    out += [t.norm for k, t in enumerate(title)
            if _is_name_word(t) and ((sentence_case and k > 0) or zipf(t.norm) <= COMMON_ZIPF)]
    return out


def _title_case(title: Sequence[Token]) -> bool:
    """Whether a headline capitalises most of its words past the first (function words aside)."""
    words = [t for t in title[1:] if t.text[:1].isalpha() and t.norm not in STOPWORDS]
    return sum(t.text[:1].isupper() for t in words) * 2 > len(words)
