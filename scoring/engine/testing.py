"""Small stories built from texts, for tests and experiments that call one detector directly.

    comparison = aligned_story(source="The defense ministry said ...", copy="The defence ministry said ...")
    spin.find_spin(comparison, no_support) == []
"""
from __future__ import annotations

from scoring.engine import align, pipeline
from scoring.engine.types import ArticleText


def docs(*articles: ArticleText | str) -> list[align.Doc]:
    """Prepared docs of the articles (a plain string is an article of its own outlet, id a0, a1, ...)."""
    out = []
    for k, a in enumerate(articles):
        if isinstance(a, str):
            a = ArticleText(id=f"a{k}", outlet=f"Outlet {k}", text=a)
        out.append(pipeline.prepare(a).doc)
    return out


def story_matrix(*articles: ArticleText | str) -> align.StoryMatrix:
    """The sentence matrix of one story made of these articles."""
    return align.StoryMatrix(docs(*articles))


def aligned_story(source: str, copy: str, *others: str) -> align.Comparison:
    """The copy diffed against the source, as the detectors read it; `others`: more reports in the story."""
    matrix = story_matrix(source, copy, *others)
    return align.compare(matrix, 1, 0)


def no_support(tokens) -> tuple[str, ...]:
    return ()


def story_texts(matrix: align.StoryMatrix) -> list[str]:
    """Each article's normalised words as spin.swaps reads them (" a b c ")."""
    return [" " + " ".join(t.norm for s in d.sentences for t in s.tokens) + " " for d in matrix.docs]
