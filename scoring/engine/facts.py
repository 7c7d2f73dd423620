"""Fact units inside sentences: numbers with their unit, durations, weekdays, dates, nationalities, roles,
quoted words; and the judgement whether a difference between a copy and its source changes a fact.

Facts belong to closed word classes (scoring/data/fact_classes.txt) or are numbers and names; a swap
inside one of them is drift, a swap of ordinary words is style (spin when it breaks a fixed phrase).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from scoring.engine import lexicon
from rapidfuzz import fuzz

from scoring.engine.text import STOPWORDS, Sentence, Token

# A replaced run longer than this (in words, on either side) is a clause rewritten, not a value swapped in a slot
# (a value with its modifiers: "at least five people", "a video").
MAX_SLOT_WORDS = 4
# Words whose day depends on when the report was written: never compared with a named day or with each other.
RELATIVE_DAYS = frozenset({"today", "yesterday", "tomorrow", "tonight"})
# Words said with a count that do not change what is counted ("at least five", "about 140").
_COUNT_MODIFIERS = frozenset({"about", "around", "some", "nearly", "almost", "at", "least", "more", "than", "over",
                              "up", "to", "roughly", "approximately", "just", "under", "a", "an", "the", "only"})
# Role words that name the same role: a copy desk writes either ("chief" / "head", "lawyer" / "attorney").
_ROLE_SYNONYMS = {"head": "chief", "leader": "chief", "boss": "chief", "spokeswoman": "spokesman",
                  "spokesperson": "spokesman", "advisor": "adviser", "attorney": "lawyer", "chairwoman": "chairman",
                  "chair": "chairman", "chairperson": "chairman", "congresswoman": "congressman",
                  "councilor": "councillor", "councilman": "councillor", "councilwoman": "councillor",
                  "soldiers": "troops", "officers": "police", "lawmaker": "mp"}
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "his", "her", "their", "its", "him", "them"})
_ARTICLE_NUMBERS = {"a": "1", "an": "1", "one": "1", "single": "1", "several": "several", "few": "few"}
_NEGATIONS = {"not", "no", "never", "n't", "neither", "nor", "without", "cannot"}


@dataclass(frozen=True)
class Mention:
    cls: str  # number | duration | weekday | month | nationality | role | medium | name
    value: str  # normal form, e.g. "1 week", "monday", "10000 troops"
    unit: str  # what the value counts or qualifies (for numbers and durations), else ""
    start: int  # character offsets in the article
    end: int
    cue: str = ""  # the last plain word before it (not a name): what the value is about ("turnout", "began", "won")
    after: str = ""  # the word after it ("three weeks *before*", "two years *after*")
    part: bool = False  # a number inside a compound value (a decimal, a time of day, a score): not a value alone
    # Content words around it (CONTEXT_WORDS either side, not its unit): what the value is said of ("140 passengers
    # were *evacuated*"), for comparing it with the value another report states about the same thing.
    context: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()  # the names its sentence mentions: who and where the value is said of


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
        if i and _plain(toks[i - 1], i - 1):
            cue = toks[i - 1].norm
        c = cls.get(t.norm)
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.norm[:1].isdigit() or (t.norm in _ARTICLE_NUMBERS and nxt and cls.get(nxt.norm) == "duration"):
            value = _ARTICLE_NUMBERS.get(t.norm, t.norm)
            if nxt and cls.get(nxt.norm) == "duration":
                unit = nxt.norm.rstrip("s")
                # How long something lasts is often said far from what lasts ("construction ... should last two
                # years"): a duration's context is its whole sentence.
                out.append(Mention("duration", f"{value} {unit}", "", t.start, nxt.end, cue, _norm_at(toks, i + 2),
                                   context=_context(toks, i, i + 2, len(toks))))
            elif nxt and cls.get(nxt.norm) == "month":
                out.append(Mention("date", f"{nxt.norm} {value}", "", t.start, nxt.end, cue, _norm_at(toks, i + 2),
                                   context=_context(toks, i, i + 2)))
            else:
                unit = nxt.norm if nxt and not nxt.norm[:1].isdigit() else ""
                out.append(Mention("number", value, unit, t.start, t.end, cue, unit, _compound(sentence, toks, i),
                                   _context(toks, i, i + 2)))
        elif c in ("weekday", "nationality", "role", "medium"):
            out.append(Mention(c, t.norm, "", t.start, t.end, cue, _norm_at(toks, i + 1), context=_context(toks, i, i + 1)))
        elif c == "month":
            out.append(Mention("month", t.norm, "", t.start, t.end, cue, _norm_at(toks, i + 1),
                               context=_context(toks, i, i + 1)))
    if out:
        names = _names_of(toks)
        out = [replace(m, names=names) for m in out]
    return out


CONTEXT_WORDS = 4


def _context(toks, i: int, j: int, width: int = CONTEXT_WORDS) -> frozenset[str]:
    """Content words among the `width` tokens before toks[i] and after toks[j - 1] (j - 1 being its unit)."""
    indices = list(range(max(0, i - width), i)) + list(range(j, min(len(toks), j + width)))
    return frozenset(toks[k].norm for k in indices if _plain(toks[k], k))


def _names_of(toks) -> frozenset[str]:
    """Capitalised words inside a sentence (not its first word, not a fact word such as a weekday): its names."""
    cls = classes()
    return frozenset(t.norm for t in toks[1:] if t.text[:1].isupper() and t.norm not in STOPWORDS
                     and t.norm not in cls and not t.norm[:1].isdigit())


def _plain(t: Token, position: int = 1) -> bool:
    """A word that can say what a value is about: a content word, not a number, and not a name (names around a value
    are whoever else the sentence mentions: "Creighton" in both "had five points as Creighton won" and "scored 23
    points for Creighton")."""
    return t.norm not in STOPWORDS and not t.norm[:1].isdigit() and (position == 0 or not t.text[:1].isupper())


_JOINERS = frozenset({".", ":", ",", "/", "-", "–"})  # between the parts of "6.4", "10:30", "20-13", "1, 500"
_CLOCK = frozenset({"a", "p", "am", "pm"})


def _norm_at(toks, i: int) -> str:
    return toks[i].norm if i < len(toks) else ""


def _compound(sentence: Sentence, toks, i: int) -> bool:
    """Whether number token i is part of a compound value: joined to a neighbouring number by a decimal point, a
    colon, a comma, a slash or a dash ("6. 4", "10:30", "20-13"), or a time of day ("10 a. m.")."""
    def joined(a, b) -> bool:
        gap = sentence.text[a.end - sentence.start:b.start - sentence.start].strip()
        return a.norm[:1].isdigit() and b.norm[:1].isdigit() and gap in _JOINERS
    if i > 0 and joined(toks[i - 1], toks[i]):
        return True
    if i + 1 < len(toks) and (joined(toks[i], toks[i + 1]) or toks[i + 1].norm in _CLOCK):
        return True
    return False


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
    return {t.norm for t in tokens  # "The", "An": a function word capitalised where a sentence begins, not a name
            if t.text[:1].isupper() and not t.text.isupper() and t is not first and t.norm not in classes()
            and t.norm not in STOPWORDS}


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
def fact_change(copy: list[Token], ch, source: tuple[Token, ...], in_quote: bool) -> str | None:
    """The kind of fact a replaced run of a copy changes (see change_kind), when it swaps one value of a slot for
    another (see slot_change); None for wording, and for a fact word inside a rewritten clause or the same fact
    written another way, which are judged as wording (spin or an edit), never as a changed fact."""
    kind = change_kind(copy, ch.a0, ch.a1, ch.ref, in_quote)
    return kind if kind is not None and slot_change(kind, copy, ch, source) else None


def slot_change(kind: str, copy: list[Token], ch, source: tuple[Token, ...]) -> bool:
    """Whether a replaced run that changes a fact of this kind swaps one value of a slot for another: short on
    both sides, a value of the kind on both sides (a value added or dropped is not a contradiction), the same
    unit, and neither value stated elsewhere in the other sentence (the same fact reordered)."""
    new, old = copy[ch.a0:ch.a1], list(ch.ref)
    # An invented cause or a reversed direction is read from the copy's words alone ("in response to", "received");
    # what the source has in their place may be a longer run.
    longest = 2 * MAX_SLOT_WORDS if kind in ("causality", "direction") else MAX_SLOT_WORDS
    if len(new) > MAX_SLOT_WORDS or len(old) > longest:
        return False
    new_n, old_n = [t.norm for t in new], [t.norm for t in old]
    if kind == "negation":
        # "had not" / "hadn't" are one negation; the change must add or drop one, not rewrite a clause: the words
        # beside a negation added or dropped are the same on both sides ("visited" against "who was not at" is another
        # clause; "not ever" against "never" is a word of the speaker's changed).
        rest_new = [w for w in new_n if w not in _NEGATIONS and not w.endswith("n't")]
        rest_old = [w for w in old_n if w not in _NEGATIONS and not w.endswith("n't")]
        if (not _negations(new_n) or not _negations(old_n)) and not (
                _same_frame(rest_new, rest_old) and _same_frame(rest_old, rest_new)):
            return False
        return _negations(new_n) != _negations(old_n)
    if not new or not old:
        return False
    if kind in ("weekday", "month", "nationality", "role", "medium"):
        cls = classes()
        n = {w for w in new_n if cls.get(w) == kind} - RELATIVE_DAYS
        o = {w for w in old_n if cls.get(w) == kind} - RELATIVE_DAYS
        if not n or not o or n == o:
            return False
        if not _same_frame(new_n, old_n) or (kind == "role" and not _same_frame(old_n, new_n)):
            # Other words changed with the value: a clause rewritten. For a role, the source's words count too: a
            # role word beside other words is an institution ("prosecutor's office" / "judge"), not the person.
            return False
        if kind == "role" and (_initials_either(new_n, old_n) or {_ROLE_SYNONYMS.get(w, w) for w in n} ==
                               {_ROLE_SYNONYMS.get(w, w) for w in o}):
            return False  # "CEO" / "chief executive officer", "chief" / "head"
        return not _reordered(n, o, copy, source)
    if kind == "number":
        if not _same_frame([w for w in new_n if not w[:1].isdigit()], old_n):
            return False  # other words changed with the value ("closed down 3" / "plunged 5"): a clause rewritten
        n = _values(copy, ch.a0, ch.a1)
        j0 = next((j for j, t in enumerate(source) if t.start == old[0].start and t.end == old[0].end), None)
        o = _values(source, j0, j0 + len(old)) if j0 is not None else _values(old, 0, len(old))
        if not n or not o or {v for v, _ in n} & {v for v, _ in o}:
            return False
        if not {u for _, u in n} & {u for _, u in o}:
            return False  # different units ("2,000 feet" / "600m"): a conversion, not the same slot
        return not _reordered({v for v, _ in n}, {v for v, _ in o}, copy, source)
    if kind == "duration":
        return True  # change_kind compared the units of two durations
    if kind == "name":
        return _distinct_names(new, old, copy, source)
    if kind == "quote":
        # Inside a quotation: a word or two changed, a content word on either side; not its inflection or spelling
        # ("need" / "needed", "neighbourhood" / "neighborhood"), not function words alone ("it's" / "that's"), not a
        # pronoun for a name or initials for words ("they" / "employees", "IE" / "Internet Explorer").
        if len(new) > 2 or len(old) > 2 or not any(w not in STOPWORDS for w in new_n):
            return False
        if len(new) > 1 and not any(w not in STOPWORDS for w in old_n):
            return False  # "of evidence" for "there is": a phrase rewritten, not a word of the speaker's changed
        if PRONOUNS & set(new_n + old_n) or _initials_either(new_n, old_n):
            return False
        if fuzz.ratio("".join(new_n), "".join(old_n)) >= 80:
            return False
        return not all(any(_inflection(a, b) for b in old_n) for a in new_n)
    return True  # direction, causality: short runs, judged by their word lists


def _same_frame(new: list[str], old: list[str]) -> bool:
    """The copy's run adds no word of its own beside the value: each of its other content words (not a fact word, not
    a count's modifier) is one of the source's words, or an inflection of one ("greeted" / "greeting")."""
    cls = classes()
    own = [w for w in new if w not in STOPWORDS and w not in cls and w not in _COUNT_MODIFIERS]
    return all(any(w == o or _inflection(w, o) for o in old) for w in own)


def _reordered(new: set[str], old: set[str], copy, source) -> bool:
    """No value lost and another gained: the copy states each of the source's values as often as the source does (it
    moved or kept them), or gains none of its own."""
    in_copy = Counter(t.norm for t in copy)
    in_source = Counter(t.norm for t in source)
    lost = [v for v in old if in_copy[v] < in_source[v]]
    gained = [v for v in new if in_source[v] < in_copy[v]]
    return not lost or not gained


def _compound_part(tokens, i: int) -> bool:
    """Token i is part of a compound number ("6. 4", "1, 500", "10:30"): a number at most two characters from it."""
    def close(a, b) -> bool:
        return a.norm[:1].isdigit() and b.norm[:1].isdigit() and b.start - a.end <= 2
    return (i > 0 and close(tokens[i - 1], tokens[i])) or (i + 1 < len(tokens) and close(tokens[i], tokens[i + 1]))


def _negations(words: list[str]) -> set[str]:
    """The negation words of a run, contractions as their full word ("hadn't" is "had not"); "No." before a number
    is the abbreviation of number."""
    return {"not" if w.endswith("n't") or w == "cannot" else w for i, w in enumerate(words)
            if (w in _NEGATIONS or w.endswith("n't"))
            and not (w == "no" and i + 1 < len(words) and words[i + 1][:1].isdigit())}


def _values(tokens, a0: int, a1: int) -> list[tuple[str, str]]:
    """(value, unit) of the numbers in tokens[a0:a1]: the unit is the word after the number ("" for none)."""
    out = []
    for i in range(a0, a1):
        if tokens[i].norm[:1].isdigit() and not _compound_part(tokens, i):
            nxt = tokens[i + 1].norm if i + 1 < len(tokens) else ""
            out.append((tokens[i].norm, "" if nxt[:1].isdigit() else nxt))
    return out


def _initials_either(a: list[str], b: list[str]) -> bool:
    """One side is the other's initials, or starts with them ("ceo" / "chief executive officer", "chief
    executive")."""
    def of(one, many):
        return len(one) == 1 and len(many) > 1 and one[0].startswith("".join(w[0] for w in many if w))
    return of(a, b) or of(b, a)


def _inflection(a: str, b: str) -> bool:
    """Two forms of one word: a common stem of at least four letters covering all but three letters of each."""
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    return k >= 4 and len(a) - k <= 3 and len(b) - k <= 3


def _distinct_names(new, old, copy, source) -> bool:
    """Two names, not one name written two ways (an abbreviation, hyphens or spaces, a pronoun for the name), and
    neither stated elsewhere in the other sentence."""
    nw, ow = [t.norm for t in new], [t.norm for t in old]
    if PRONOUNS & (set(nw) | set(ow)):
        return False
    if not _same_frame([t.norm for t in new if not t.text[:1].isupper()], ow):
        return False  # other words changed with the name ("Athens left" / "Greece killed"): a clause rewritten
    if any(_abbreviates(a, b) or _abbreviates(b, a) for a in nw for b in ow):
        return False  # "Mt" / "Mount"
    joined_new, joined_old = re.sub(r"\W", "", "".join(nw)), re.sub(r"\W", "", "".join(ow))
    if joined_new == joined_old or _abbreviates(joined_new, joined_old) or _abbreviates(joined_old, joined_new):
        return False
    rest_copy = {t.norm for t in copy} - set(nw)
    rest_source = {t.norm for t in source} - set(ow)
    caps = lambda toks: {t.norm for t in toks if t.text[:1].isupper()}
    return not (caps(new) & rest_source) and not (caps(old) & rest_copy)


def _abbreviates(short: str, long: str) -> bool:
    """`short` is an abbreviation of `long`: same first letter, its letters in order ("lt" / "lieutenant")."""
    if not short or len(short) >= len(long) or short[0] != long[0]:
        return False
    it = iter(long)
    return all(c in it for c in short)
