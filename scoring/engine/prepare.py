"""Preparation of one article: its body extracted, split into sentences, its chrome and headline lists found,
and what story grouping reads of it. Each article is prepared alone (in a worker process when the corpus is
large), so nothing here knows of other articles.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass

from scoring.engine import align, entities, extract, sidebar, stories
from scoring.engine.params import DEFAULT_PARAMS, DetectorParams, Params
from scoring.engine.text import (Sentence, Token, content_norms, idf_vector, quote_regions, split_sentences, stem_vector,
                                 tokenize)
from scoring.engine.types import ArticleText, Finding

LEAD_SENTENCES = 2  # the first sentences of a body, read with the title as its lead for story grouping
LEAD_SEARCH = 4  # the title is looked for in this many first sentences (see _lead)
TITLE_PREFIX = 8  # and found by its first (up to) 8 words
MASTHEAD_WORDS = 8  # after at most this many words: a banner or masthead, not a report's first sentence
_WHEN = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


@dataclass
class Prepared:
    article: ArticleText
    extracted: extract.Extracted
    doc: align.Doc
    chrome: list[Finding]  # boilerplate and sidebar findings


def prepare(article: ArticleText, params: Params = DEFAULT_PARAMS) -> Prepared:
    """Extract the body, split it into sentences and find the page's chrome and headline lists."""
    ex = extract.extract(article.text, article.html, article.title)
    sentences, quotes = [], []
    for b in ex.body_blocks:
        sentences += split_sentences(ex.text, b.start, b.end)
        quotes += quote_regions(ex.text, b.start, b.end)
    doc = align.Doc(article.id, article.outlet, ex.text, sentences, stories.as_day(article.published), quotes,
                    article.published)
    return Prepared(article, ex, doc, _chrome_findings(ex, params.detectors))


def _chrome_findings(ex: extract.Extracted, detectors: DetectorParams) -> list[Finding]:
    out = []
    verdicts = ({v.block: v for v in sidebar.classify_blocks(ex, detectors.partisan_weight, detectors.min_epithets)}
                if detectors.sidebar else {})
    for b in ex.blocks:
        text = ex.text[b.start:b.end]
        v = verdicts.get(b)
        if v is not None and v.partisan:
            out.append(Finding(
                kind="sidebar", start=b.start, end=b.end, text=text, severity=1.0, detail="partisan",
                explanation=f"A list of {v.items} headlines, {v.slanted} of them in loaded wording "
                            f"({', '.join(v.examples[:4])}), placed in the story's page.",
            ))
        elif b.kind in ("boilerplate", "headlines"):
            out.append(Finding(
                kind="boilerplate", start=b.start, end=b.end, text=text, severity=0.0,
                detail="headlines" if b.kind == "headlines" else "chrome",
                explanation="Site chrome, removed from the body and not held against the outlet.",
            ))
    return out


def story_doc(p: Prepared) -> stories.StoryDoc:
    body = [n for s in p.doc.sentences for n in content_norms(s.tokens)]
    title = tokenize(p.article.title)
    lead_sents = _lead(p.doc.sentences, title)
    lead = content_norms(title) + [n for s in lead_sents for n in content_norms(s.tokens)]
    when = frozenset(t.norm for s in lead_sents for t in s.tokens if t.norm in _WHEN)
    names = entities.names((s.tokens for s in p.doc.sentences), title)
    # Body and lead by stem (one event's reports inflect its words differently); names as written.
    return stories.StoryDoc(p.article.id, stories.Bag(stem_vector(body)), stories.Bag(stem_vector(lead)), p.doc.day,
                            when, stories.Bag(idf_vector(names)))


def _lead(sentences: list[Sentence], title: list[Token]) -> list[Sentence]:
    """The first LEAD_SENTENCES sentences of the body, from the one that repeats the title when one of the first
    few does: what a page puts before its headline is its masthead or a banner ("Support The Moscow Times!"), kept
    in the body when the page came without its paragraph breaks, and the lead is the report's first sentences."""
    head = [t.norm for t in title[:TITLE_PREFIX]]
    before = 0  # words before the title's repetition
    if len(head) >= 3:
        for k, s in enumerate(sentences[:LEAD_SEARCH]):
            norms = [t.norm for t in s.tokens]
            if k and any(norms[i:i + len(head)] == head for i in range(len(norms) - len(head) + 1)):
                return sentences[k:k + LEAD_SENTENCES]
            before += len(norms)
            if before > MASTHEAD_WORDS:
                break
    return sentences[:LEAD_SENTENCES]


def empty_story_doc(article: ArticleText) -> stories.StoryDoc:
    return stories.StoryDoc(article.id, stories.Bag({}), stories.Bag({}), stories.as_day(article.published), frozenset())


def packed(p: Prepared) -> tuple:
    """A prepared article for pass 1, its tokens in a compact form: their normal forms in one string and their
    offsets in one array. Token tuples would be most of the record, and slower to unpickle than to make again
    from the text; from this form they are made faster than by tokenizing the text again."""
    text = p.extracted.text
    tokens = [t for s in p.doc.sentences for t in s.tokens]
    return (p.article, None if text == p.article.text else text, p.extracted.blocks,
            [(s.start, s.end, len(s.tokens)) for s in p.doc.sentences], p.doc.quotes, p.chrome,
            _NORM_SEPARATOR.join(t.norm for t in tokens), array("q", [x for t in tokens for x in (t.start, t.end)]))


_NORM_SEPARATOR = "\n"  # never inside a token: tokens are words and numbers (see text.tokenize)
_new_tuple = tuple.__new__


def unpacked(packed: tuple) -> Prepared:
    """What prepare(article) returned, from packed()'s record."""
    article, text, blocks, spans, quotes, chrome, norms, offsets = packed
    text = article.text if text is None else text
    norms = norms.split(_NORM_SEPARATOR) if len(offsets) else []
    starts, ends = offsets[0::2], offsets[1::2]
    sentences, k = [], 0
    for start, end, n in spans:
        tokens = tuple([_new_tuple(Token, (text[a:b], norm, a, b))
                        for norm, a, b in zip(norms[k:k + n], starts[k:k + n], ends[k:k + n])])
        sentences.append(Sentence(start, end, text[start:end], tokens))
        k += n
    doc = align.Doc(article.id, article.outlet, text, sentences, stories.as_day(article.published), quotes,
                    article.published)
    return Prepared(article, extract.Extracted(text, blocks), doc, chrome)

