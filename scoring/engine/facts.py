"""Fact units inside sentences: numbers with their unit, durations, weekdays, dates, nationalities, roles,
quoted words; and the judgement whether a difference between a copy and its source changes a fact.

Facts belong to closed word classes (scoring/data/fact_classes.txt) or are numbers and names; a swap
inside one of them is drift, a swap of ordinary words is style (spin when it breaks a fixed phrase).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from scoring.engine import lexicon
from rapidfuzz import fuzz

from scoring.engine.text import STOPWORDS, Sentence, Token

_ARTICLE_NUMBERS = {"a": "1", "an": "1", "one": "1", "single": "1", "several": "several", "few": "few"}
_NEGATIONS = {"not", "no", "never", "n't", "neither", "nor", "without", "cannot"}


@dataclass(frozen=True)
class Mention:
    cls: str  # number | duration | weekday | month | nationality | role | medium | name
    value: str  # normal form, e.g. "1 week", "monday", "10000 troops"
    unit: str  # what the value counts or qualifies (for numbers and durations), else ""
    start: int  # character offsets in the article
    end: int
    cue: str = ""  # the content word before it: what the value is about ("turnout", "began", "won")


def classes() -> dict[str, str]:
    return lexicon.classes("fact_classes.txt")


@lru_cache(maxsize=None)
def direction_sides() -> dict[str, int]:
    """word -> pair number * 2 + side (0 or 1): opposite words share the pair and differ in side."""
    out = {}
    for k, line in enumerate(lexicon.lines("direction_pairs.txt")):
        left, _, right = line.partition("|")
        for side, words in enumerate((left, right)):
            for w in words.split(","):
                if w.strip():
                    out.setdefault(w.strip().lower(), k * 2 + side)
    return out


def mentions(sentence: Sentence) -> list[Mention]:
    """Fact mentions of a sentence, in order."""
    cls = classes()
    toks = sentence.tokens
    out: list[Mention] = []
    cue = ""
    for i, t in enumerate(toks):
        if i and toks[i - 1].norm not in STOPWORDS and not toks[i - 1].norm[:1].isdigit():
            cue = toks[i - 1].norm
        c = cls.get(t.norm)
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.norm[:1].isdigit() or (t.norm in _ARTICLE_NUMBERS and nxt and cls.get(nxt.norm) == "duration"):
            value = _ARTICLE_NUMBERS.get(t.norm, t.norm)
            if nxt and cls.get(nxt.norm) == "duration":
                unit = nxt.norm.rstrip("s")
                out.append(Mention("duration", f"{value} {unit}", "", t.start, nxt.end, cue))
            elif nxt and cls.get(nxt.norm) == "month":
                out.append(Mention("date", f"{nxt.norm} {value}", "", t.start, nxt.end, cue))
            else:
                unit = nxt.norm if nxt and not nxt.norm[:1].isdigit() else ""
                out.append(Mention("number", value, unit, t.start, t.end, cue))
        elif c in ("weekday", "nationality", "role", "medium"):
            out.append(Mention(c, t.norm, "", t.start, t.end, cue))
        elif c == "month":
            out.append(Mention("month", t.norm, "", t.start, t.end, cue))
    return out


def change_kind(copy: list[Token], a0: int, a1: int, ref: tuple[Token, ...], in_quote: bool) -> str | None:
    """The kind of fact a replacement changes ('number', 'nationality', 'quote', ...), or None for wording."""
    cls = classes()
    new = [t.norm for t in copy[a0:a1]]
    old = [t.norm for t in ref]
    if set(new) & _NEGATIONS != set(old) & _NEGATIONS:
        return "negation"
    for kind in ("weekday", "month", "nationality", "medium", "role"):
        n = {w for w in new if cls.get(w) == kind}
        o = {w for w in old if cls.get(w) == kind}
        if n and o and n != o:
            return "role" if kind == "role" else kind
    n_num = {w for w in new if w[:1].isdigit()}
    o_num = {w for w in old if w[:1].isdigit()}
    if n_num != o_num and (n_num or o_num):
        return "number"
    n_dur = {w.rstrip("s") for w in new if cls.get(w) == "duration"}
    o_dur = {w.rstrip("s") for w in old if cls.get(w) == "duration"}
    if n_dur and o_dur and n_dur != o_dur:
        return "duration"
    sides = direction_sides()
    n_side = {sides[w] for w in new if w in sides}
    o_side = {sides[w] for w in old if w in sides}
    if any((s ^ 1) in o_side for s in n_side) and not n_side & o_side:
        return "direction"
    if any(cls.get(w) == "causal" for w in new) and not any(cls.get(w) == "causal" for w in old):
        return "causality"
    if a1 - a0 <= 3 and len(ref) <= 3 and _different_names(_names(copy[a0:a1], copy), _names(ref, None)):
        return "name"
    if in_quote and new and old:
        return "quote"
    return None


def _names(tokens, sentence) -> set[str]:
    """Capitalised words inside a sentence (not its first word, not shouted): likely names."""
    first = sentence[0] if sentence else None
    return {t.norm for t in tokens
            if t.text[:1].isupper() and not t.text.isupper() and t is not first and t.norm not in classes()}


def _different_names(new: set[str], old: set[str]) -> bool:
    """Both sides name someone, and no name of one is a spelling variant of a name of the other."""
    if not new or not old:
        return False
    return not any(fuzz.ratio(a, b) >= 80 for a in new for b in old)


# Copy-desk edits: changes a newsroom makes to a wire text that no spinning tool makes and that change no fact.
# A spinning tool swaps a word or a fixed phrase for a near-synonym of about the same length; it does not respell,
# inflect, abbreviate, swap function words or put a name where ordinary words were.
SPELLING_RATIO = 85  # rapidfuzz ratio (0-100) at which two words of SPELLING_MIN_LENGTH letters or more are one
SPELLING_MIN_LENGTH = 5  # word spelled two ways or mistyped ("advisers", "advisors"); shorter words differ in one letter
MAX_SWAP_WORDS = 3  # a swap replaces at most this many content words, on either side...
MAX_EXTRA_WORDS = 1  # ...and one side has at most this many content words more than the other

# British and American spellings of one word, as a rule on endings rather than a list of words (after the usual
# summaries of the differences: -our/-or, -ise/-ize, -yse/-yze, -ence/-ense, -re/-er, -ogue/-og, -mme/-m,
# -gement/-gment, ae/oe/e, doubled l before a suffix). Both words are rewritten to the American form and compared,
# so a rule that also rewrites an unrelated word only matters when the other side is that word's variant too.
_SPELLING_RULES = [(re.compile(pattern), repl) for pattern, repl in (
    (r"(?<=[a-z]{2})our(s|ed|ing|ite|ites|able|ably|less)?$", r"or\1"),
    (r"(?<=[a-z]{2})is(e|es|ed|ing|ation|ations|er|ers)$", r"iz\1"),
    (r"ys(e|es|ed|ing)$", r"yz\1"),
    (r"(?<=[a-z]{2})enc(e|es)$", r"ens\1"),
    (r"(?<=[a-z]{2})([bgtv])re(s|d)?$", r"\1er\2"),
    (r"(?<=[a-z]{3})ogue(s)?$", r"og\1"),
    (r"(?<=[a-z]{4})mme(s)?$", r"m\1"),
    (r"gement(s)?$", r"gment\1"),
    (r"(?<=[a-z]{3})ellery$", r"elry"),
    (r"(?<=[a-z])(ae|oe)(?=[a-z])", r"e"),
    (r"(?<=[a-z]{4}[aeiou])ll(ed|ing|er|ers|or|ors)$", r"l\1"),
)]
# Endings of inflected and derived forms: two words are one word inflected when they share what is left.
_ENDINGS = ("ings", "ing", "ied", "ies", "ed", "es", "en", "er", "est", "ly", "s", "d")


def american(word: str) -> str:
    """The word in American spelling by the rules above ("defence" -> "defense", "centre" -> "center")."""
    for pattern, repl in _SPELLING_RULES:
        word = pattern.sub(repl, word)
    return word


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[:-len(ending)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def same_word(a: str, b: str) -> bool:
    """Two normal forms of one word: equal, spelled the British and the American way, inflected ("drunk",
    "drunken"; "killed", "killing"), or one misspelled (long words only)."""
    if min(len(a), len(b)) >= SPELLING_MIN_LENGTH and fuzz.ratio(a, b) >= SPELLING_RATIO:
        return True
    a, b = american(a), american(b)
    return a == b or _stem(a) == _stem(b) or _stem(a) == b or _stem(b) == a


def edit_kind(new: list[Token], old: list[Token], sentence: list[Token], outside: list[str] = ()) -> str | None:
    """The kind of copy-desk edit that replacing `old` by `new` is ('spelling', 'function-words', ...), or None when it
    could be a spinner's swap (one content word or fixed phrase for another). `sentence`: the copy's tokens;
    `outside`: the other voices of the story as normalised words (" a b c "), to tell a name from a capitalised
    coinage (none given: every capitalised word is taken for a name)."""
    new_n, old_n = [_plain(t.norm) for t in new], [_plain(t.norm) for t in old]
    new_j, old_j = re.sub(r"[^a-z0-9]", "", "".join(new_n)), re.sub(r"[^a-z0-9]", "", "".join(old_n))
    if new_j == old_j or same_word(new_j, old_j):
        return "punctuation"  # "so-called" against "so called", "U.S." against "US", "e-mail" against "email"
    new_c = [w for w in new_n if w not in STOPWORDS]
    old_c = [w for w in old_n if w not in STOPWORDS]
    new_f, old_f = len(new_n) - len(new_c), len(old_n) - len(old_c)  # function words on each side
    if ((not new_c and not old_c) or all(w in _REFERRING for w in new_n) or all(w in _REFERRING for w in old_n)
            or (not new_c and old_f) or (not old_c and new_f)):
        # Function words on both sides, a pronoun or determiner on one, or function words for a phrase with function
        # words of its own ("according to" for said, "together for" for in): a construction said another way. A
        # content word for a function word alone ("possess" for have) can be a tool's swap.
        return "function-words"  # determiners, pronouns, prepositions, auxiliaries; a pronoun for a name or a noun
    if any(w in _PRONOUNS for w in new_n) != any(w in _PRONOUNS for w in old_n):
        return "reference"  # "he also" for the man's name, "but they" for the unions: who is meant, said another way
    if len(new_n) == len(old_n) and all(same_word(a, b) for a, b in zip(new_n, old_n)):
        return "spelling"
    if len(new_c) == len(old_c) and all(same_word(a, b) for a, b in zip(new_c, old_c)):
        return "spelling"
    if _initials(new_n, old_n) or _initials(old_n, new_n) or (
            min(len(new_j), len(old_j)) <= 3 and (new_j.startswith(old_j) or old_j.startswith(new_j))):
        return "abbreviation"  # "UK" for United Kingdom
    if max(len(new_c), len(old_c)) > MAX_SWAP_WORDS or abs(len(new_c) - len(old_c)) > MAX_EXTRA_WORDS:
        return "rewording"  # a clause replaced by material of another length: an editor's, not a tool's
    first = sentence[0] if sentence else None
    if _name_dropped(new, old, sentence, first):
        return "reference"  # "the team" for the team's name
    names = [t.norm for t in new if t.text[:1].isupper() and t is not first]
    if names and not any(t.text[:1].isupper() for t in old) and (
            not outside or any(f" {w} " in text for w in names for text in outside)):
        return "name"  # a name where ordinary words were, one the story's other voices use: a different statement
    return None


# Words that only point at something named elsewhere: a pronoun or determiner on one side of a change is an
# editor's reference ("it" for the bomb, "the man" for he), not a synonym.
_REFERRING = frozenset("a an the this that these those it its he him his she her hers they them their theirs "
                       "we us our i me my you your who whom which".split())


_PRONOUNS = frozenset("it its he him his she her hers they them their theirs".split())


def _name_dropped(new, old, sentence, first) -> bool:
    """A name of the source replaced by ordinary words, the name not continued by a capitalised word the copy kept
    beside it (a spinner mangling a fixed name, "Grand Jury" to "Grand panel", keeps half of it)."""
    if not any(t.text[:1].isupper() for t in old) or any(t.text[:1].isupper() and t is not first for t in new):
        return False
    if not new:
        return False
    k = next((i for i, t in enumerate(sentence) if t is new[0]), None)
    if k is None:
        return True
    before = sentence[k - 1] if k > 0 else None
    after_k = k + len(new)
    after = sentence[after_k] if after_k < len(sentence) else None
    kept = [t for t in (before, after) if t is not None and t is not first and t.text[:1].isupper()]
    return not kept


def _plain(word: str) -> str:
    """The word without accents ("Vendôme" and "Vendome" are one name)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _initials(short: list[str], long: list[str]) -> bool:
    return len(short) == 1 and len(long) >= 2 and short[0].replace(".", "") == "".join(w[0] for w in long)
