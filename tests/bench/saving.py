"""The scoring bridge's saving alone: the engine's output over a stored corpus, captured once, saved again and timed.

    # in a tree, with DJANGO_SETTINGS_MODULE=config.settings and DATABASE_URL of an imported, unscored database:
    .venv/bin/python -m tests.bench.saving capture OUT.pkl     # runs the engine once (any tree: its output is the same)
    .venv/bin/python -m tests.bench.saving measure OUT.pkl     # into a fresh copy of that database (CREATE DATABASE
                                                               # ... TEMPLATE, or a copied SQLite file), per tree

`measure` times storydocs.Keeper over every article's story doc, then tasks.save_results over the engine's results,
as score_articles does after the engine (wall and CPU seconds of this process; PostgreSQL's own work shows in the wall
time only). The ids in the capture are the database's: measure into copies of the database it was captured from.
"""
from __future__ import annotations

import pickle
import sys
import time


def capture(out: str) -> None:
    from django.conf import settings

    from scoring import tasks
    from scoring.engine import score_stories
    from sources.models import Article

    published, made_from = {}, {}
    for pk, at, updated in Article.objects.values_list("pk", "published_at", "updated_at"):
        published[str(pk)], made_from[str(pk)] = at, updated
    docs = []
    with score_stories(tasks.engine_records(Article.objects.all()), workers=settings.ENGINE_WORKERS,
                       keep_doc=docs.append) as results:
        saved = [(story, list(articles)) for story, articles in results]
    with open(out, "wb") as f:
        pickle.dump((saved, published, docs, made_from), f, protocol=5)
    print(f"{len(saved)} stories, {len(docs)} docs")


def measure(path: str) -> None:
    from scoring import storydocs, tasks

    with open(path, "rb") as f:
        results, published, docs, made_from = pickle.load(f)
    wall, cpu = time.perf_counter(), time.process_time()
    keep = storydocs.Keeper(made_from)
    for doc in docs:
        keep(doc)
    keep.flush()
    kept = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    scored = tasks.save_results(iter(results), published)
    print(f"keeper wall {kept[0]:.2f} cpu {kept[1]:.2f}; save wall {time.perf_counter() - wall:.2f} "
          f"cpu {time.process_time() - cpu:.2f}; {scored.summary()}")


if __name__ == "__main__":
    import django

    django.setup()
    {"capture": capture, "measure": measure}[sys.argv[1]](sys.argv[2])
