"""Stored story docs: what grouping reads of each article, kept from its last scoring, so that new articles are
linked to the stored corpus (tasks.linked_to) without preparing the stored articles again.

A doc depends on its article alone (its text, title and day, and the engine: word weights of general English),
so it stays valid while the article and the engine version do: a doc is used only when its engine version is the
current one and the article's updated_at is the one it was made from. A change to what the engine reads into a
doc changes stories, so it comes with a new ENGINE_VERSION, which retires every stored doc.

Docs are pickled (a Bag pickles as its words and one typed array, see stories.Bag) and read back by an
unpickler that builds only the engine's own types, so a stored row cannot name any other callable.
"""
from __future__ import annotations

import io
import pickle
from collections.abc import Iterable
from datetime import datetime

from django.db.models import F

from scoring.engine.stories import StoryDoc
from scoring.engine.version import ENGINE_VERSION
from scoring.models import StoredStoryDoc
from sources import bulk

SAVE_CHUNK = 500  # docs per upsert
# What a stored doc may be made of: the engine's doc and bag, and the plain types inside them.
_ALLOWED = {("scoring.engine.stories", "StoryDoc"), ("scoring.engine.stories", "_unpickled_bag"),
            ("array", "_array_reconstructor"), ("array", "array"), ("datetime", "date"), ("builtins", "frozenset")}


class _EngineUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"a stored story doc may not hold {module}.{name}")
        return super().find_class(module, name)


def dumps(doc: StoryDoc) -> bytes:
    return pickle.dumps(doc, protocol=5)


def loads(data: bytes) -> StoryDoc:
    doc = _EngineUnpickler(io.BytesIO(bytes(data))).load()
    if not isinstance(doc, StoryDoc):
        raise pickle.UnpicklingError(f"a stored story doc is a {type(doc).__name__}")
    return doc


def stored(article_ids: Iterable[int]) -> dict[str, StoryDoc]:
    """The valid stored docs of these articles, by article id (as the engine's ids: strings)."""
    ids = list(article_ids)
    out = {}
    for start in range(0, len(ids), 2000):
        rows = StoredStoryDoc.objects.filter(article_id__in=ids[start:start + 2000], engine_version=ENGINE_VERSION,
                                             made_from=F("article__updated_at")).values_list("article_id", "doc")
        out.update((str(pk), loads(data)) for pk, data in rows.iterator())
    return out


class Keeper:
    """Collects docs as the engine makes them and stores them a chunk at a time. `made_from`: each article's
    updated_at, read before its text (an article changed in between keeps a doc that is never used)."""

    def __init__(self, made_from: dict[str, datetime]):
        self.made_from, self.pending = made_from, []

    def __call__(self, doc: StoryDoc) -> None:
        if doc.id in self.made_from:
            self.pending.append((int(doc.id), ENGINE_VERSION, self.made_from[doc.id], dumps(doc)))
        if len(self.pending) >= SAVE_CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            bulk.insert(StoredStoryDoc, ("article_id", "engine_version", "made_from", "doc"), self.pending,
                        unique=["article_id"], update=["engine_version", "made_from", "doc"])
            self.pending = []
