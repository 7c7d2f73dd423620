"""Copy-desk edits: the changes a newsroom makes to a wire text that change no fact and that no spinning tool makes
(spellings, inflections, function words, references, abbreviations, clauses rewritten at another length).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

from scoring.engine.text import STOPWORDS, Token

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


# american and _stem are asked about the same few thousand words of a story millions of times (moves.py compares every
# content word of a changed run with every word of its two sentences): pure functions of a word, so remembered.
@lru_cache(maxsize=1 << 16)
def american(word: str) -> str:
    """The word in American spelling by the rules above ("defence" -> "defense", "centre" -> "center")."""
    for pattern, repl in _SPELLING_RULES:
        word = pattern.sub(repl, word)
    return word


@lru_cache(maxsize=1 << 16)
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
    could be a spinner's swap (one content word or fixed phrase for another); 'expansion' for one content word
    said in a string of others (see _expansion), which spin.substitution judges as a swap with more conditions.
    `sentence`: the copy's tokens; `outside`: the other voices of the story as normalised words (" a b c "), to
    tell a name from a capitalised coinage (none given: every capitalised word is taken for a name)."""
    new_n, old_n = [_unaccented(t.norm) for t in new], [_unaccented(t.norm) for t in old]
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
            min(len(new_j), len(old_j)) <= 3 and (new_j.startswith(old_j) or old_j.startswith(new_j))) or (
            _short_form(new_j, old_j) or _short_form(old_j, new_j)):
        return "abbreviation"  # "UK" for United Kingdom, "Lt" for Lieutenant
    if (new_n and new_n[0] in _CLAUSE_WORDS and not set(old_n) & _CLAUSE_WORDS) or (
            old_n and old_n[0] in _CLAUSE_WORDS and not set(new_n) & _CLAUSE_WORDS) or (
            new_n and old_n and set(new_n + old_n) <= _CLAUSE_WORDS):
        return "construction"  # "and took it" for "taking it", "although" for while: a clause joined another way
    wordy = max(len(new_c), len(old_c)) > MAX_SWAP_WORDS or abs(len(new_c) - len(old_c)) > MAX_EXTRA_WORDS
    if wordy and not _expansion(new_n, old_n, new_c, old_c):
        return "rewording"  # a clause replaced by material of another length: an editor's, not a tool's
    first = sentence[0] if sentence else None
    if _name_dropped(new, old, sentence, first):
        return "reference"  # "the team" for the team's name
    names = [t.norm for t in new if t.text[:1].isupper() and t is not first]
    if names and not any(t.text[:1].isupper() for t in old) and (
            not outside or any(f" {w} " in text for w in names for text in outside)):
        return "name"  # a name where ordinary words were, one the story's other voices use: a different statement
    return "expansion" if wordy else None


def _expansion(new_n: list[str], old_n: list[str], new_c: list[str], old_c: list[str]) -> bool:
    """One content word replaced by a string of content words that keeps none of it ("seven day stretch" for week,
    "Government clinical thought" for Medicare): a spinning tool's paraphrase of a single word. A copy desk that
    says a word at greater length writes a phrase with function words of its own ("as part of an elaborate", "after
    the attack this morning"), keeps the word ("Two top leaders" for the leader, "year old girlfriend" for
    year-old) or says a number in words ("six weeks ago" for 9)."""
    return (len(old_n) == len(old_c) == 1 and old_c[0].isalpha() and len(new_n) == len(new_c) <= MAX_SWAP_WORDS + 1
            and not any(same_word(w, old_c[0]) or old_c[0] in w for w in new_c))


# Words that only point at something named elsewhere: a pronoun or determiner on one side of a change is an
# editor's reference ("it" for the bomb, "the man" for he), not a synonym.
_REFERRING = frozenset("a an the this that these those it its he him his she her hers they them their theirs "
                       "we us our i me my you your who whom which".split())


_PRONOUNS = frozenset("it its he him his she her hers they them their theirs".split())
# Words that join a clause to another (conjunctions, relative pronouns): a change that begins with one where the
# other side has none, or that swaps one for another, rebuilt the sentence ("and took it" for "taking it", "who has
# undergone" for underwent); a spinning tool swaps a word or a phrase inside the frame and keeps its joints.
_CLAUSE_WORDS = frozenset("and or but nor although though while whereas whilst because since unless who whom whose "
                          "which that when where".split())
# A short form of a word (the longer one's first letter and letters in order): "Lt" for Lieutenant, "Sgt" for Sergeant,
# "Gov" for Governor. At most SHORT_FORM letters, and the full word at least twice as long.
SHORT_FORM = 4


def _short_form(short: str, long: str) -> bool:
    if not short or len(short) > SHORT_FORM or len(long) < 2 * len(short) or short[0] != long[0]:
        return False
    it = iter(long)
    return all(c in it for c in short)


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


def _unaccented(word: str) -> str:
    """The word without accents ("Vendôme" and "Vendome" are one name)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _initials(short: list[str], long: list[str]) -> bool:
    return len(short) == 1 and len(long) >= 2 and short[0].replace(".", "") == "".join(w[0] for w in long)
