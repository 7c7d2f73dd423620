"""Changes that swap no word: a phrase moved inside its sentence, or a clause restructured around words of no content.

The aligner pairs each run of copy words it cannot match with the source words opposite it. When a copy reorders a
sentence ("the North Korean leader Kim" written "Kim, the leader of North Korea"), the run it pairs holds words the
other sentence states elsewhere, and the pair looks like a replacement. A swap puts a word of its own where the
source had another: the copy sentence gains a word the source sentence lacks and loses one it has. A pair that gains
none, or loses none, is a move, and a run of function words or a count's modifiers ("at", "roughly") put where content
words were swaps in nothing: the source's words moved or were dropped around it. Neither is spin, even in a copy dense
with swaps (spin.substitution): both are how an editor restructures a sentence, and how a tool's rewrite reorders it.
"""
from __future__ import annotations

from scoring.engine.edits import same_word
from scoring.engine.text import STOPWORDS

# Words said with a count that do not change what is counted ("roughly 10,000", "some 140"): no content of their own.
_COUNT_WORDS = frozenset({"about", "around", "some", "nearly", "almost", "roughly", "approximately", "least", "over",
                          "under", "just", "only", "more", "than", "up", "to"})


def _same(a: str, b: str) -> bool:
    """One word in another form: equal, respelled or inflected (edits.same_word), or a derived form sharing a stem of
    at least four letters with at most three letters after it on each side ("published" / "publishing", "Korea" /
    "Korean")."""
    if a == b or same_word(a, b):
        return True
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    return k >= 4 and len(a) - k <= 3 and len(b) - k <= 3


def _count(word: str, words: list[str]) -> int:
    return sum(_same(word, w) for w in words)


def _content(tokens) -> list[str]:
    return [t.norm for t in tokens if t.norm not in STOPWORDS and any(c.isalnum() for c in t.norm)]


def moved(new, old, copy_sentence, source_sentence) -> bool:
    """Whether replacing `old` (source tokens) by `new` (copy tokens) gains no content word or loses none: every
    content word of `new` (one at least) is stated in the source sentence at least as often as in the copy sentence (in
    any form, see _same), or every content word of `old` (one at least) is stated in the copy sentence at least as
    often as in the source sentence. The sentences are the whole aligned sentences, the run included."""
    new_c, old_c = _content(new), _content(old)
    mine, theirs = [t.norm for t in copy_sentence], [t.norm for t in source_sentence]
    gains = any(_count(w, mine) > _count(w, theirs) for w in new_c)
    loses = any(_count(w, theirs) > _count(w, mine) for w in old_c)
    # A side without content words says nothing of what moved: the other side must.
    return bool(new_c) and not gains or bool(old_c) and not loses


def empty(copy_sentence, a0: int, a1: int, old) -> bool:
    """Whether the copy's run copy_sentence[a0:a1] holds no content word but function words and, just before a number,
    a count's modifiers ("at", "roughly 10,000"), where the source's run `old` holds a content word that is neither:
    words put in place of none. A modifier word before anything but a number is a content word ("least wage")."""
    count = a1 < len(copy_sentence) and copy_sentence[a1].norm[:1].isdigit()
    new_c, old_c = _content(copy_sentence[a0:a1]), _content(old)
    return (not [w for w in new_c if not (count and w in _COUNT_WORDS)]
            and bool([w for w in old_c if w not in _COUNT_WORDS]))
