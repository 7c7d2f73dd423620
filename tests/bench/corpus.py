"""The benchmark corpora: the labelled evaluation world scaled to each size, written as import-format JSONL.

With ../shared present the world is `build_world(seed=0)` (every BASIL cluster plus the demo corpus's
independent reports, with the synthetic outlets); without it, the demo corpus alone is scaled, and the
document says so.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from scoring.evaluation.shared import SharedDataMissing, read_jsonl
from scoring.evaluation.worlds import DEMO, ArticleLabel, World, build_world, scale, write_world

ARRIVING = 1_000  # the everyday case: new articles arriving into a stored, scored corpus


@dataclass
class Corpora:
    """The base world's description and one articles.jsonl per size."""

    source: str  # how the base world was made, for the document
    base_articles: int
    base_stories: int
    paths: dict[int, Path]
    # size -> the ARRIVING articles that follow that size's corpus in the same scaled world (new articles of a
    # newsroom's day: most open new stories, some join stories the corpus already holds)
    arrivals: dict[int, Path] = field(default_factory=dict)


def demo_world(folder: Path = DEMO) -> World:
    """The demo corpus as an (unlabelled) world: its articles grouped by the stories of labels.json."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    story_of = {aid: story for story, ids in labels["stories"].items() for aid in ids}
    articles, article_labels = [], {}
    for row in read_jsonl(folder / "articles.jsonl"):
        if row["id"] not in story_of:
            raise ValueError(f"{folder / 'labels.json'}: article {row['id']} belongs to no story")
        record = {k: row[k] for k in ("id", "outlet", "title", "text") if k in row}
        # scale() shifts whole days and reads dates only, as the evaluation world writes them.
        record["published"] = row["published"][:10]
        articles.append(record)
        article_labels[row["id"]] = ArticleLabel(row["id"], row["outlet"], story_of[row["id"]], "demo", None,
                                                 False, [], [])
    # Only the story grouping matters to scale(); no outlet is claimed faithful or altered.
    return World(0, articles, article_labels, {a["outlet"]: "unlabelled" for a in articles}, [])


def base_world() -> tuple[World, str]:
    """The world every size is scaled from, and a sentence saying which one it is."""
    try:
        world = build_world(seed=0)
        return world, ("the full evaluation world (`build_world(seed=0)`: BASIL clusters from ../shared and the "
                       "demo corpus, with the synthetic outlets), repeated by `scale()` with renamed outlets and "
                       "shifted dates")
    except SharedDataMissing:
        return demo_world(), ("**the demo corpus `sources/demo/` scaled by `scale()`** (../shared is absent, so "
                              "the evaluation world could not be built)")


def _part(world: World, articles: list[dict]) -> World:
    """The world restricted to these of its articles."""
    ids = {a["id"] for a in articles}
    return World(world.seed, articles, {k: v for k, v in world.labels.items() if k in ids},
                 {a["outlet"]: world.outlets[a["outlet"]] for a in articles}, list(world.hidden))


def write_corpora(sizes: list[int], folder: Path, arrivals_from: int | None = None) -> Corpora:
    """Build the base world once and write it scaled to each size under folder/<n>/articles.jsonl; for sizes of at
    least `arrivals_from`, also the ARRIVING articles that come next, under folder/<n>/arriving/articles.jsonl."""
    world, source = base_world()
    paths, arrivals = {}, {}
    for n in sizes:
        bigger = scale(world, n + ARRIVING) if arrivals_from is not None and n >= arrivals_from else None
        # scale() lays the world out in order, so its first n articles are the size-n corpus exactly.
        whole = bigger or scale(world, n)
        paths[n], _ = write_world(_part(whole, whole.articles[:n]), folder / str(n))
        if bigger:
            arrivals[n], _ = write_world(_part(bigger, bigger.articles[n:]), folder / str(n) / "arriving")
    return Corpora(source, len(world.articles), len({lab.story for lab in world.labels.values()}), paths, arrivals)
