"""What a value is said of: the slot of a number (an amount's scale and currency, an address), the words of a time
expression that say nothing about which event it dates, and title-case stretches whose capitals are no names.

Drift compares like with like: a value is set against another report's only in the same slot. These readings keep
values of different things apart: "103 million euros" (one heist) and "$2 million" (another) are two amounts, "the
12500 block" is a place, "Wednesday night" and "Saturday night" share "night" but not their event, and a headline's
"Legislation" is a title-cased word, not a name.
"""
from __future__ import annotations

from scoring.engine.text import STOPWORDS, Token

# Scale words of a number ("103 million", "2m", "5bn"; the tokenizer folds "million" and "mn" into "m"): the number
# and its scale are one amount, and what it counts is the word after the scale.
SCALES = frozenset({"m", "bn", "billion", "trillion", "thousand"})
# Currencies, as a symbol before the number or a word after it: an amount's unit ("$2 million" and "2 million
# dollars" are one slot; "103 million euros" and "£88m" are not, a conversion being no contradiction).
_SYMBOLS = {"$": "dollars", "£": "pounds", "€": "euros", "¥": "yen"}
_CURRENCY_WORDS = {"dollar": "dollars", "dollars": "dollars", "euro": "euros", "euros": "euros", "pound": "pounds",
                   "pounds": "pounds", "sterling": "pounds", "yen": "yen", "yuan": "yuan", "rupees": "rupees",
                   "francs": "francs", "usd": "dollars", "eur": "euros", "gbp": "pounds"}
# A number before one of these is an address, a place and not a count: "the 12500 block of East 223rd Street"
# (US police reports name the hundred-block), "10 Downing Street". Reports name one place at different precision (the
# block, the building, the corner), and places are compared as names, inside copies only.
_STREET_WORDS = frozenset({"street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "drive"})
# Words of a time expression: "Saturday *night*", "Monday *morning*". Shared by every report of every day, they say
# nothing about what the day is of ("shot on Saturday night" / "arrested Wednesday night").
TIME_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "nights", "noon", "midnight", "overnight",
                         "dawn", "dusk", "daybreak", "nightfall"})
# A title-case stretch: from the start of its sentence, at least this many capitalised content words in a row
# (small words between them in either case) with at least TITLE_LOWER lowercase small words among them
# ("Biologists Call on Obama Administration to Overturn Bush Rules that Cut ..."). Headline style capitalises every
# content word and leaves the small words small; the name of a person, a place or an institution rarely runs past
# four capitalised words with two small words inside. The small words of names ("of", "and", "the": "Secretary of
# State Hillary Clinton and President Obama") do not count.
TITLE_WORDS = 5
TITLE_LOWER = 2
# The small words title case leaves lowercase: articles, conjunctions, prepositions, "that". Not every stopword: a
# lowercase verb ("told", "said", "should") ends a stretch ("Mr. Stone told Mr. Lindqvist").
_SMALL_WORDS = frozenset("a an the and or but nor of in on at to for by with from as into onto over under than that "
                         "after before about against up out off via per".split())
_NAME_SMALL_WORDS = frozenset({"of", "and", "the", "de", "la", "du", "van", "von", "der", "del", "da"})


def currency_before(text: str, offset: int) -> str:
    """The currency whose symbol stands right before the character at `offset` ("$2", "US$ 5"), or ""."""
    k = offset - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    return _SYMBOLS.get(text[k], "") if k >= 0 else ""


def currency(text: str, toks, i: int) -> str:
    """The currency of the amount number toks[i] gives: a symbol before it ("$2", "€75m") or a currency word after it
    or after its scale ("2 million euros"); "" when it names none. `text` is the text the tokens' offsets are in."""
    symbol = currency_before(text, toks[i].start)
    if symbol:
        return symbol
    k = i + 1 + (i + 1 < len(toks) and toks[i + 1].norm in SCALES)
    return _CURRENCY_WORDS.get(toks[k].norm, "") if k < len(toks) else ""


def number_unit(text: str, offset: int, toks: list[Token], i: int) -> tuple[str, int]:
    """(unit, index after it) of number toks[i]: the word after it, or for an amount with a scale the scale and its
    currency ("m euros", "m dollars") or the word it counts ("m people"); a currency symbol before a number without
    a scale is its unit ("$500"). `text` holds the sentence, `offset` the number's start in it."""
    nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
    symbol = currency_before(text, offset)
    if nxt in SCALES:
        after = toks[i + 2].norm if i + 2 < len(toks) else ""
        if after in _CURRENCY_WORDS:
            return f"{nxt} {_CURRENCY_WORDS[after]}", i + 3
        if symbol:
            return f"{nxt} {symbol}", i + 2
        if after and after not in STOPWORDS and not after[:1].isdigit():
            return f"{nxt} {after}", i + 3
        return nxt, i + 2
    if symbol:
        return symbol, i + 1
    if nxt in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[nxt], i + 2
    return (nxt if nxt and not nxt[:1].isdigit() else ""), i + 2


def is_address(toks: list[Token], i: int) -> bool:
    """Whether number toks[i] is a street address: "12500 block of", "10 Downing Street", "1600 Pennsylvania Ave"."""
    if i + 1 < len(toks) and toks[i + 1].norm == "block":
        return True
    for k in range(i + 1, min(len(toks), i + 5)):
        if toks[k].norm in _STREET_WORDS:
            return True  # "10 Downing Street", "East 223rd Street" (the ordinal's own street)
        if not toks[k].text[:1].isupper() and not toks[k].norm[:1].isdigit():
            return False  # the words between a house number and "Street" are the street's name
    return False


def title_case(toks, k: int) -> bool:
    """Whether token k of a sentence stands in a title-case stretch that begins the sentence (TITLE_WORDS,
    TITLE_LOWER): a headline's capitals, which a text without line breaks runs into its first sentence. Such a word
    is not read as a name. A stretch in the middle of a sentence is names and the small words between them
    ("... met Secretary of State Hillary Clinton and President Obama in Washington on Monday")."""
    def capital(t) -> bool:
        return t.text[:1].isupper() or t.norm[:1].isdigit()

    def function(t) -> bool:
        return t.norm in _SMALL_WORDS

    if not capital(toks[k]):
        return False
    a = k
    while a > 0 and (capital(toks[a - 1]) or function(toks[a - 1])):
        a -= 1
    b = k
    while b + 1 < len(toks) and (capital(toks[b + 1]) or function(toks[b + 1])):
        b += 1
    if a > 0:
        return False  # a headline begins its sentence (or the text run into it); names stand among lowercase words
    run = toks[a:b + 1]
    caps = sum(capital(t) and not function(t) for t in run)
    # Small words count only between capitalised ones (not trailing into the next clause).
    while run and not capital(run[-1]):
        run = run[:-1]
    lower = sum(function(t) and not t.text[:1].isupper() and t.norm not in _NAME_SMALL_WORDS for t in run)
    return caps >= TITLE_WORDS and lower >= TITLE_LOWER
