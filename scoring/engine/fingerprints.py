"""Stage 4b: spin fingerprints, the swaps a spinning tool makes again and again, learned across stories.

A spinning tool rewrites a phrase the same way every time ("White House" -> "White Home"): that is what makes
its output recognisable without its source, and what the Problematic Paper Screener (Cabanac, Labbé and
Magazinov 2021) relies on with its list of known tortured phrases. Here the list is learned from the corpus:
every swap pass 1 finds by comparing a copy with its copy group (spin.swaps) is an observation (spun phrase,
original phrase, how many voices of the story use each). A pair becomes a fingerprint when

- it was observed in at least MIN_STORIES stories (one story's vote can go the wrong way), and
- summed over the stories where it was observed either way round, more voices use the original than the spun
  phrase: independent reports write "national security", only a spinner's copies write "public wellbeing".
  This settles the direction even where a copy group's vote gave it the wrong way round. Where the voices tie
  (the usual case: the spinner's copy group is one voice with the source it copied, and no other voice writes
  either phrase with the same neighbour), the copy groups' votes settle it: the pair is learned when more stories
  observed it this way round than the other.

Pass 2 then looks for fingerprints in every article. A match is spin (FINGERPRINT_SEVERITY, lower than a swap
seen against a source) unless another voice of the story uses the same phrase: that finds a spinner's copy in
a story whose source is missing and where every copy made the same swap, which no comparison inside the copy
group can show. A pass-1 swap whose pair is a fingerprint the wrong way round is dropped (`contradicted`).

Phrases are fixed phrases as the outside votes of align.py count them: the swapped words with the content word
before or after them ("White Home"), or the swapped words alone when they hold two content words ("public
wellbeing") or are one rare ordinary word standing for a common one ("indagation" for investigation).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import ahocorasick

from scoring.engine import spin
from scoring.engine.align import PHRASE_CONTENT_WORDS, Comparison
from scoring.engine.text import STOPWORDS, zipf
from scoring.engine.types import Finding, Observation

MIN_STORIES = 2
FINGERPRINT_SEVERITY = 0.3
# A single swapped word is a phrase of its own when it is rare in general English (Zipf below RARE_ZIPF: a few
# times per ten million words) and the word it replaced is at least ten times as common (RARER_BY).
RARE_ZIPF = 3.0
RARER_BY = 1.0


def key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def swap_phrases(comparison: Comparison, texts: list[str] = (), outside: list[str] = (),
                 params: spin.SpinParams = spin.DEFAULT_SPIN) -> dict[tuple[int, int], set[tuple[str, str]]]:
    """(start, end) of each swap of a comparison -> its fixed phrases as (spun key, original as written).

    `texts`, `outside`, `params`: the story's articles, the other voices and the thresholds, as spin.swaps takes
    them. Swaps inside names are included, as phrases with a neighbour ("Unused York" for New York): a spinner swaps
    a word of a name as readily as any other, and such a change recurring across stories is no reporter's correction.
    """
    doc = comparison.doc
    out: dict[tuple[int, int], set[tuple[str, str]]] = {}
    for toks, ch, src, _ in spin.swaps(comparison, names=True, texts=texts, outside=outside, params=params):
        new = [t.norm for t in toks[ch.a0:ch.a1]]
        content = sum(w not in STOPWORDS for w in new)
        if not content:
            continue
        original = src.text[ch.ref[0].start:ch.ref[-1].end]
        forms = []  # (first token, last token + 1, text before the original, text after it)
        if content >= PHRASE_CONTENT_WORDS or _rare_for_common(toks[ch.a0:ch.a1], ch.ref):
            forms.append((ch.a0, ch.a1, "", ""))
        if ch.a0 > 0 and toks[ch.a0 - 1].norm not in STOPWORDS:
            forms.append((ch.a0 - 1, ch.a1, doc.text[toks[ch.a0 - 1].start:toks[ch.a0].start], ""))
        if ch.a1 < len(toks) and toks[ch.a1].norm not in STOPWORDS:
            forms.append((ch.a0, ch.a1 + 1, "", doc.text[toks[ch.a1 - 1].end:toks[ch.a1].end]))
        span = (toks[ch.a0].start, toks[ch.a1 - 1].end)
        for a0, a1, before, after in forms:
            spun = key(doc.text[toks[a0].start:toks[a1 - 1].end])
            out.setdefault(span, set()).add((spun, " ".join((before + original + after).split())))
    return out


def _rare_for_common(new, ref) -> bool:
    """One ordinary word for another, the rarer of them rare in general English and RARER_BY less frequent than
    the other ("indagation" for investigation). Either way round: the learning settles which is the spinner's, and
    a copy group's vote the wrong way round must make the same pair. Names are left out: they are rare words by
    nature, and a changed name is drift."""
    if len(new) != 1 or len(ref) != 1 or new[0].text[:1].isupper() or ref[0].text[:1].isupper():
        return False
    a, b = zipf(new[0].norm), zipf(ref[0].norm)
    return min(a, b) < RARE_ZIPF and abs(a - b) >= RARER_BY


def observe(pairs: Iterable[tuple[str, str]], texts: list[str], voice_of: list[int]) -> list[Observation]:
    """The story's observations of these pairs; `texts` are its articles' texts in lower case."""
    voices: dict[str, int] = {}

    def used_by(phrase: str) -> int:
        if phrase not in voices:
            voices[phrase] = len({voice_of[d] for d, text in enumerate(texts) if phrase in text})
        return voices[phrase]

    return [Observation(spun, original, used_by(spun), used_by(key(original)))
            for spun, original in sorted(set(pairs))]


class Fingerprints:
    """The learned fingerprints: spun key -> (original as written, stories it was observed in)."""

    def __init__(self, learned: dict[str, tuple[str, int]] | None = None):
        self.learned = dict(learned or {})
        self._automaton = None

    def __len__(self) -> int:
        return len(self.learned)

    def __getstate__(self):
        return {"learned": self.learned}  # the automaton is rebuilt where it is used: it does not pickle small

    def __setstate__(self, state):
        self.learned, self._automaton = state["learned"], None

    def contradicted(self, spun: str, original: str) -> bool:
        """True when the pair is a fingerprint the other way round: the "original" is what spinners write."""
        found = self.learned.get(key(original))
        return found is not None and key(found[0]) == spun

    def find(self, text: str, spans: Iterable[tuple[int, int]],
             lowered: str | None = None) -> list[tuple[int, int, str]]:
        """(start, end, spun key) of the fingerprints inside the spans of text, on word boundaries, longest
        first where two overlap; `lowered`: text.lower(), when the caller has it already."""
        if not self.learned:
            return []
        lowered = text.lower() if lowered is None else lowered
        if len(lowered) != len(text):
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)  # keep the offsets
        if self._automaton is None:
            self._automaton = ahocorasick.Automaton()
            for spun in sorted(self.learned):
                self._automaton.add_word(spun, spun)
            self._automaton.make_automaton()
        hits = []
        for s0, s1 in spans:
            # Phrases are matched with single spaces; a line break inside a sentence counts as one.
            chunk = lowered[s0:s1].replace("\n", " ")
            for last, spun in self._automaton.iter(chunk):
                start, end = last - len(spun) + 1, last + 1
                if (start > 0 and chunk[start - 1].isalnum()) or (end < len(chunk) and chunk[end].isalnum()):
                    continue  # inside a longer word
                hits.append((s0 + start, s0 + end, spun))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out, reach = [], -1
        for h in hits:
            if h[0] >= reach:
                out.append(h)
                reach = h[1]
        return out

    def findings(self, d: int, texts: list[str], voice_of: list[int], ids: list[str], spans,
                 taken: list[tuple[int, int]], text: str) -> list[Finding]:
        """Spin findings for the fingerprints in article d of a story (`texts`: its articles in lower case), away
        from the spans already `taken` by other findings and unless another voice of the story writes them too."""
        out = []
        for start, end, spun in self.find(text, spans, texts[d]):
            if any(s < end and start < e for s, e in taken):
                continue
            if any(voice_of[o] != voice_of[d] and spun in t for o, t in enumerate(texts)):
                continue  # another voice writes it too: an expression of the story, not a spinner's swap
            original, stories = self.learned[spun]
            original = _in_case_of(text[start:end], original)
            support = tuple(sorted(ids[o] for o, t in enumerate(texts) if o != d and key(original) in t))
            out.append(Finding(
                kind="spin", start=start, end=end, text=text[start:end], expected=original, support=support,
                severity=FINGERPRINT_SEVERITY, detail="fingerprint",
                explanation=(f"“{text[start:end]}” is how a spinning tool rewrites “{original}”: comparing copies "
                             f"showed that swap in {stories} stories, and no other outlet here writes it."),
            ))
            taken.append((start, end))
        return out


def _in_case_of(found: str, original: str) -> str:
    """The original phrase capitalised as the text writes the spun one ("National Security" in a title)."""
    if found.istitle() and not original.istitle():
        return " ".join(w[:1].upper() + w[1:] for w in original.split(" "))
    if found[:1].isupper() and original[:1].islower():
        return original[:1].upper() + original[1:]
    return original


def learn(observations: Iterable[Observation], min_stories: int = MIN_STORIES) -> Fingerprints:
    """Fingerprints from the observations of every story (each story observes a pair at most once)."""
    stories: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    voices: dict[str, int] = defaultdict(int)
    for o in observations:
        stories[o.spun][o.original] += 1
        voices[o.spun] += o.spun_voices
        voices[key(o.original)] += o.original_voices
    learned = {}
    for spun, originals in stories.items():
        original, _ = max(originals.items(), key=lambda kv: (kv[1], kv[0]))
        seen = sum(originals.values())
        if seen < min_stories or key(original) == spun:
            continue
        # Stories whose copy group voted the other way round (the spinner's wording taken for the original).
        backward = sum(n for other, n in stories.get(key(original), {}).items() if key(other) == spun)
        if voices[key(original)] > voices[spun] or (voices[key(original)] == voices[spun] and seen > backward):
            learned[spun] = (original, seen)
    return Fingerprints(learned)
