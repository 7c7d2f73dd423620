"""The scoring engine: plain article records in, stories, consensus, findings and scores out.

Pure Python (never imports Django), one module per stage, each importing only the stages below it:
  text.py (sentences, tokens, offsets) -> extract.py (html, blocks: body / boilerplate / sidebar; its units and
  cues in chrome_cues.py, its rules in chrome.py, its headline lists in chrome_lists.py, those inside one line
  in chrome_flat.py and chrome_flat_runs.py, with the text shapes they read in chrome_flat_shapes.py)
  -> stories.py (average-link grouping; story_index.py: the inverted index of salient words, pair scores)
  -> facts.py = mentions.py (fact units), changes.py (changed facts), edits.py (copy-desk edits)
  -> align.py = matrix.py (sentence similarity), diffs.py (a copy against its source), copies.py (copy groups)
  -> consensus.py (fact units, truth discovery) -> spin.py (moves.py: a phrase moved, not swapped), drift.py
  (drift_checks.py: what a copy's changed words are checked against; timing.py: publication gaps, durations;
  updates.py: a copy's count that later reports carry), sidebar.py (detectors)
  -> fingerprints.py (spinners' swaps learned across stories) -> fidelity.py (article and outlet scores)
  -> prepare.py (one article made ready) -> storypass.py (one story's policy)
  -> pipeline.py (score_corpus; runner.py maps it over worker processes and knows nothing of news).

    from scoring.engine import ArticleText, score_corpus
    result = score_corpus([ArticleText(id="a1", outlet="Herald", text="...")])
    result.to_dict()   # the JSON contract of `manage.py score_file`
"""
from scoring.engine.types import (ArticleResult, ArticleText, CorpusResult, Fact, Finding, Observation, OutletResult,
                                  StoryResult)
from scoring.engine.version import ENGINE_VERSION

__all__ = [
    "ENGINE_VERSION", "ArticleText", "ArticleResult", "CorpusResult", "Fact", "Finding", "Observation",
    "OutletResult", "StoryResult", "group_articles", "score_corpus", "score_stories",
]


def score_corpus(articles, params=None, workers=None, before_story=None):
    """Stories, consensus, findings and fidelity for a list of ArticleText. Same input, same output.

    `params`: every parameter of the run (scoring.engine.params.Params; None for the defaults).
    `workers`: processes to use (None: one per CPU; 1: this process only); the output does not depend on it.
    """
    from scoring.engine.pipeline import score_corpus as _score_corpus

    return _score_corpus(articles, params, workers, before_story)


def score_stories(articles, params=None, workers=None, observed=(), before_story=None, keep_doc=None, ahead=None):
    """A context manager: scores the corpus on entering and gives an iterator of (StoryResult, [ArticleResult])
    that reads the results back a story at a time (for callers that save as they go). `articles`: ArticleText in
    order of their ids, from any iterable (read once, so a generator's corpus is never in memory whole).
    `observed`: swap observations of stories scored earlier and left out of this run (see fingerprints.py).
    A story whose scoring raises comes as a StoryResult with its `error` and no ArticleResults; `before_story`:
    see pipeline.score_stories; `keep_doc(doc)`: given each article's story doc (pipeline.story_docs); `ahead`:
    articles of the run already prepared (pipeline.prepared_ahead)."""
    from scoring.engine.pipeline import score_stories as _score_stories

    return _score_stories(articles, params, workers, observed, before_story, keep_doc, ahead)


def group_articles(articles, workers=None, params=None):
    """Article ids grouped into stories, without scoring."""
    from scoring.engine.params import DEFAULT_PARAMS
    from scoring.engine.pipeline import group_articles as _group_articles

    return _group_articles(articles, workers, params or DEFAULT_PARAMS)
