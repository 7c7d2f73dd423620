"""The judgement whether a difference between a copy and its source changes a fact, and of which kind.

A swap inside a fact (a number, a weekday, a nationality, a role, a name, words inside quotation marks, the
direction of an action, an invented cause, a negation) is drift; a swap of ordinary words is style (spin when it
breaks a fixed phrase, an edit when a copy desk made it: see edits.py).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from rapidfuzz import fuzz

from scoring.engine import lexicon
from scoring.engine.mentions import RELATIVE_DAYS, classes, direction_sides
from scoring.engine.slots import title_case
from scoring.engine.text import STOPWORDS, Token, tokenize

# A replaced run longer than this (in words, on either side) is a clause rewritten, not a value swapped in a slot
# (a value with its modifiers: "at least five people", "a video").
MAX_SLOT_WORDS = 4
# Words said with a count that do not change what is counted ("at least five", "about 140").
_COUNT_MODIFIERS = frozenset({"about", "around", "some", "nearly", "almost", "at", "least", "more", "than", "over",
                              "up", "to", "roughly", "approximately", "just", "under", "a", "an", "the", "only"})
# Role words that name the same role: a copy desk writes either ("chief" / "head", "lawyer" / "attorney").
_ROLE_SYNONYMS = {"head": "chief", "leader": "chief", "boss": "chief", "spokeswoman": "spokesman",
                  "spokesperson": "spokesman", "advisor": "adviser", "attorney": "lawyer", "chairwoman": "chairman",
                  "chair": "chairman", "chairperson": "chairman", "congresswoman": "congressman",
                  "councilor": "councillor", "councilman": "councillor", "councilwoman": "councillor",
                  "soldiers": "troops", "officers": "police", "lawmaker": "mp"}
# The generic word for whoever leads ("leader", "head", "chief": _ROLE_SYNONYMS's "chief") and the roles that lead a
# country, a government or a company: "the Russian leader" and "the Russian president" name one person, and a copy
# desk writes either. One for the other restates no role; only two specific roles contradict each other.
_LEADING_ROLES = frozenset({"president", "premier", "chancellor", "king", "queen", "chairman", "ceo"})
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "his", "her", "their", "its", "him", "them"})
_NEGATIONS = {"not", "no", "never", "n't", "neither", "nor", "without", "cannot"}


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
        if n and o and n != o and not (kind == "role" and not in_quote and _one_leader(n, o)):
            # "leader" / "president" outside a quotation names one person (_LEADING_ROLES): wording. Inside one, the
            # speaker's word changed is still reported, as any role word changed there.
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


# The labels of a page's stamp ("Updated: July 02, 2013", "Published on"): capitalised, never a name. In a text
# without paragraph breaks the stamp runs into the story's first sentence.
_STAMP_LABELS = frozenset({"posted", "updated", "published", "created", "edited", "modified"})


def _names(tokens, sentence) -> set[str]:
    """Capitalised words inside a sentence (not its first word, not shouted, not a stamp's label): likely names."""
    first = sentence[0] if sentence else None
    return {t.norm for t in tokens  # "The", "An": a function word capitalised where a sentence begins, not a name
            if t.text[:1].isupper() and not t.text.isupper() and t is not first and t.norm not in classes()
            and t.norm not in STOPWORDS and t.norm not in _STAMP_LABELS}


def _different_names(new: set[str], old: set[str]) -> bool:
    """Both sides name someone, no name of one is a spelling variant of a name of the other, and one is not a
    country where the other is its capital ("Khartoum" for Sudan: the government named by its seat)."""
    if not new or not old:
        return False
    if one_place(new, old):
        return False
    return not any(fuzz.ratio(a, b) >= 80 for a in new for b in old)


def one_place(a: set[str], b: set[str]) -> bool:
    """Whether two names (their words) are a country and its capital, either way round (scoring/data/capitals.txt)."""
    pair = (frozenset(a), frozenset(b))
    return pair in _capitals() or pair[::-1] in _capitals()


@lru_cache(maxsize=None)
def _capitals() -> frozenset[tuple[frozenset[str], frozenset[str]]]:
    """(a country's name words, its capital's name words) for every name of each in scoring/data/capitals.txt, as
    _names gives them."""
    def words(phrase: str) -> frozenset[str]:
        return frozenset(t.norm for t in tokenize(phrase.strip()) if t.norm not in STOPWORDS)

    pairs = set()
    for line in lexicon.lines("capitals.txt"):
        countries, _, capitals = line.partition("|")
        pairs.update((words(c), words(k)) for c in countries.split(",") for k in capitals.split(",") if c.strip())
    return frozenset(pairs)


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
        if _bounds_agree(new_n, n, old_n, o):
            return False  # "more than 100" / "up to 120": two bounds that both hold, no value contradicted
        return not _reordered({v for v, _ in n}, {v for v, _ in o}, copy, source)
    if kind == "duration":
        return True  # change_kind compared the units of two durations
    if kind == "name":
        if any(title_case(copy, k) for k in range(ch.a0, ch.a1)):
            return False  # a headline's title-cased words run into the text (slots.title_case): no names
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


def _one_leader(new: set[str], old: set[str]) -> bool:
    """The generic word for whoever leads on one side, a leading role on the other ("leader" / "president", see
    _LEADING_ROLES): one person named two ways."""
    n, o = {_ROLE_SYNONYMS.get(w, w) for w in new}, {_ROLE_SYNONYMS.get(w, w) for w in old}
    return (n == {"chief"} and o <= _LEADING_ROLES) or (o == {"chief"} and n <= _LEADING_ROLES)


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


# Words that make a count a bound: "more than 100" says at least 100, "up to 120" at most 120.
_LOWER_BOUNDS = (("more", "than"), ("at", "least"), ("over",), ("above",))
_UPPER_BOUNDS = (("up", "to"), ("less", "than"), ("fewer", "than"), ("under",), ("nearly",), ("almost",))


def _bound(words: list[str]) -> str:
    """"lower" or "upper" when the run says its count as a bound, else ""."""
    for kind, phrases in (("lower", _LOWER_BOUNDS), ("upper", _UPPER_BOUNDS)):
        if any(tuple(words[i:i + len(p)]) == p for p in phrases for i in range(len(words))):
            return kind
    return ""


def _bounds_agree(new_words: list[str], new_values, old_words: list[str], old_values) -> bool:
    """One side a lower bound, the other an upper bound, and the lower no higher than the upper ("more than 100" /
    "up to 120"): both can hold, so neither contradicts the other."""
    kinds = (_bound(new_words), _bound(old_words))
    if sorted(kinds) != ["lower", "upper"] or len(new_values) != 1 or len(old_values) != 1:
        return False
    try:
        a, b = (float(v.replace(",", "")) for v in (new_values[0][0], old_values[0][0]))
    except ValueError:
        return False
    low, high = (a, b) if kinds[0] == "lower" else (b, a)
    return low <= high


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
