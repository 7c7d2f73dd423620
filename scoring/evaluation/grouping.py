"""Story grouping alone, on every labelled corpus and with its dates given, removed or set to one day.

    python -m scoring.evaluation.grouping [--no-world] [--no-allsides] [--params '{"link_threshold": 0.32}']
                                          [--every-pair]

The real part (`python -m scoring.evaluation --parts real`) scores ECB+ with and without dates through the whole
engine; this runs stage 2 only (`stories.group_stories` on the articles' story docs, as the engine makes them), so
it can also measure what the real part does not: BASIL without dates and on one day (a same-days stream of 100
events), the full world without dates, and the largest story in AllSides. Each article is prepared once; a
variant without dates or on one day changes only its doc's day (the only thing grouping reads of the date).

Printed per corpus: B-cubed precision, recall and F1 against the known events, on ECB+ the share of same-topic
pairs of different events put in one story (as the real part counts them), the number of stories and the largest.
"F1, cut at the span" is the B-cubed F1 against the known events cut where a story must end: no story runs more
than `span_days` from its first report to its last (an event's dated reports in date order, a new part where one
lies further than that from its part's first; undated reports stay with the first part). ECB+ dates its reports
by their pages, and some of its events run for months: this tells how much of what it misses is that rule.
`--every-pair` scores every pair of articles within the window of each other instead of the index's candidates
(blocking, see stories.py): what blocking costs the stories, at a cost quadratic in the corpus.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import date

from scoring.engine import stories, story_index
from scoring.engine.prepare import prepare, story_doc
from scoring.evaluation import metrics, real
from scoring.evaluation.run import as_articles

ONE_DAY = date(2020, 1, 1)  # "one day": every article published on it


def measure(docs: list[stories.StoryDoc], gold: dict[str, str] | None = None, topic: dict[str, str] | None = None,
            params: stories.StoryParams = stories.StoryParams(), every_pair: bool = False) -> dict:
    """Grouping figures of these docs: stories, largest, and against `gold` (id -> event) B-cubed precision,
    recall and F1, and with `topic` (id -> topic) the share of same-topic pairs of different events in one story.
    `every_pair`: every pair within the window scored, not only the index's candidates."""
    pairs_of = story_index.window_pairs if every_pair else story_index.candidate_pairs
    groups = stories.group_stories(iter(docs), params, pairs_of)
    ids = [d.id for d in docs]
    out = {"stories": len(groups), "largest": max((len(g) for g in groups), default=0)}
    if gold:
        pred = {ids[i]: str(k) for k, g in enumerate(groups) for i in g}
        b = metrics.bcubed(pred, gold)
        out.update(precision=b["precision"], recall=b["recall"], f1=b["f1"],
                   span_f1=metrics.bcubed(pred, cut_at_span(docs, gold, params.span_days))["f1"])
        if topic:
            result = {"stories": [{"id": str(k), "articles": [ids[i] for i in g]} for k, g in enumerate(groups)]}
            out["same_topic"] = real.different_events_merged(result, gold, topic)["merged"]
    return out


def cut_at_span(docs: list[stories.StoryDoc], gold: dict[str, str], span_days: int) -> dict[str, str]:
    """`gold` (id -> event) with each event cut into parts no longer than span_days from first to last report."""
    day = {d.id: d.day for d in docs}
    by_event: dict[str, list[str]] = {}
    for aid, event in gold.items():
        by_event.setdefault(event, []).append(aid)
    cut = {}
    for event, ids in by_event.items():
        part, first = 0, None
        for aid in sorted((a for a in ids if day.get(a)), key=lambda a: day[a]):
            if first is None or (day[aid] - first).days > span_days:
                part, first = part + (first is not None), day[aid]
            cut[aid] = f"{event}/{part}"
        cut.update({aid: f"{event}/0" for aid in ids if aid not in cut})
    return cut


def docs_of(articles) -> list[stories.StoryDoc]:
    """Story docs as the engine makes them, in order of article id (the engine's order)."""
    return [story_doc(prepare(a)) for a in sorted(articles, key=lambda a: a.id)]


def dated(docs: list[stories.StoryDoc], day: Callable[[stories.StoryDoc], date | None]) -> list[stories.StoryDoc]:
    return [dataclasses.replace(d, day=day(d)) for d in docs]


def corpora(world: bool = True, allsides: bool = True):
    """(name, docs, gold, topic) of every corpus and its date variants."""
    ecb = real.ecbplus(True)
    docs = docs_of(real.to_articles(ecb.records))
    yield "ECB+", docs, ecb.gold, ecb.topic
    yield "ECB+ no dates", dated(docs, lambda d: None), ecb.gold, ecb.topic
    basil = real.basil()
    docs = docs_of(real.to_articles(basil.records))
    yield "BASIL", docs, basil.gold, None
    yield "BASIL no dates", dated(docs, lambda d: None), basil.gold, None
    yield "BASIL one day", dated(docs, lambda d: ONE_DAY), basil.gold, None
    if world:
        from scoring.evaluation.worlds import build_world

        for name, variants in (("world", ()), ("world same-days", ("same-days",))):
            w = build_world(seed=0, variants=variants)
            docs = docs_of(as_articles(w.articles))
            gold = {aid: label.story for aid, label in w.labels.items()}
            yield name, docs, gold, None
            if not variants:
                yield "world no dates", dated(docs, lambda d: None), gold, None
    if allsides:
        docs = docs_of(real.to_articles(real.allsides().records))
        yield "AllSides", docs, None, None
        yield "AllSides no dates", dated(docs, lambda d: None), None, None


def _cell(v) -> str:
    return "–" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring.evaluation.grouping", description=__doc__.split("\n")[0])
    parser.add_argument("--no-world", action="store_true", help="leave out the full world and its variants")
    parser.add_argument("--no-allsides", action="store_true", help="leave out AllSides (largest story only)")
    parser.add_argument("--params", default="{}", metavar="JSON",
                        help="StoryParams fields to change, as a JSON object (an experiment, not an edit)")
    parser.add_argument("--every-pair", action="store_true",
                        help="score every pair within the window, not only the index's candidates")
    args = parser.parse_args(argv)
    params = stories.StoryParams(**json.loads(args.params))
    print("| corpus | B-cubed F1 | precision | recall | same-topic | stories | largest | F1, cut at the span |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, docs, gold, topic in corpora(world=not args.no_world, allsides=not args.no_allsides):
        m = measure(docs, gold, topic, params, args.every_pair)
        cells = (m.get(k) for k in ("f1", "precision", "recall", "same_topic", "stories", "largest", "span_f1"))
        print(f"| {name} | " + " | ".join(_cell(c) for c in cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
