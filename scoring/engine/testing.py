"""Small stories built from texts, for tests and experiments that call one detector directly.

A copy against its source (the copy relation given, not detected), for the copy detectors:

    comparison = aligned_story(source="The defense ministry said ...", copy="The defence ministry said ...")
    spin.find_spin(comparison, no_support) == []
    drift.find_drift(comparison, no_support) == []

A story as the engine builds it (copy groups detected, each copy compared with its root), for consensus drift:

    st = story(report_a, report_b, report_c, independent=True)   # raises if two of them read as copies
    drift.find_consensus_drift(st.matrix, 0, st.voice_of, st.voice_weights(), st.published)

A page's chrome: `chrome(text)`, `headline_lists(text)`, `body(text)`.

A plain string is an article of its own outlet: ids a0, a1, ... and outlets "Outlet 0", "Outlet 1", ...
"""
from __future__ import annotations

from scoring.engine import align, extract, pipeline
from scoring.engine.params import DEFAULT_PARAMS, Params
from scoring.engine.storypass import StoryState
from scoring.engine.types import ArticleText


def article(text: str, k: int = 0, published=None, url: str = "") -> ArticleText:
    """Article a{k} of "Outlet {k}"."""
    return ArticleText(id=f"a{k}", outlet=f"Outlet {k}", text=text, published=published, url=url)


def _articles(items, published=None) -> list[ArticleText]:
    published = list(published) if published is not None else [None] * len(items)
    if len(published) != len(items):
        raise ValueError(f"{len(items)} articles but {len(published)} publication times")
    return [a if isinstance(a, ArticleText) else article(a, k, when)
            for k, (a, when) in enumerate(zip(items, published))]


def docs(*articles: ArticleText | str) -> list[align.Doc]:
    """Prepared docs of the articles."""
    return [pipeline.prepare(a).doc for a in _articles(articles)]


def story_matrix(*articles: ArticleText | str) -> align.StoryMatrix:
    """The sentence matrix of one story made of these articles."""
    return align.StoryMatrix(docs(*articles))


def aligned_story(source: str, copy: str, *others: str) -> align.Comparison:
    """The copy diffed against the source, as the detectors read it; `others`: more reports in the story."""
    matrix = story_matrix(source, copy, *others)
    return align.compare(matrix, 1, 0)


def story(*articles: ArticleText | str, published=None, independent: bool = False,
          params: Params = DEFAULT_PARAMS) -> StoryState:
    """The pass-1 state of one story made of these articles, exactly as the engine builds it: copies detected and
    grouped, each copy compared with its root and read by the copy detectors (`st.copy_findings`).

    `published`: a publication time per article (datetime, date or None). `independent`: the texts are meant as
    independent reports; a ValueError names any two the engine reads as copies (or versions) of each other, so a
    test of consensus drift cannot pass by finding nothing among copies, which count as one voice."""
    st = StoryState([pipeline.prepare(a, params) for a in _articles(articles, published)], params)
    if independent:
        ids = [d.id for d in st.docs]
        together = [g for g in st.groups if len(g) > 1]
        if together or st.version_of:
            pairs = [(g[0], g[1]) for g in together] + sorted(st.version_of.items())
            a, b = pairs[0]
            raise ValueError(f"{ids[a]} and {ids[b]} were read as copies of each other, not independent reports: "
                             "word them apart")
    return st


def no_support(tokens) -> tuple[str, ...]:
    return ()


def story_texts(matrix: align.StoryMatrix) -> list[str]:
    """Each article's normalised words as spin.swaps reads them (" a b c ")."""
    return [" " + " ".join(t.norm for s in d.sentences for t in s.tokens) + " " for d in matrix.docs]


def _blocks(text: str, kind: str) -> list[str]:
    ex = extract.extract(text)
    return [ex.text[b.start:b.end] for b in ex.blocks if b.kind == kind]


def chrome(text: str) -> list[str]:
    """The neutral chrome the engine finds in a page's text (share rows, appeals, footers), block by block."""
    return _blocks(text, "boilerplate")


def headline_lists(text: str) -> list[str]:
    """The lists of headlines it finds (which sidebar.classify_blocks then judges partisan or neutral)."""
    return _blocks(text, "headlines")


def body(text: str) -> str:
    """The story's body as the engine keeps it, its blocks joined by blank lines."""
    return "\n\n".join(_blocks(text, "body"))
