"""Articles found by words of their title or text, best match first, each with the passage that matches.

PostgreSQL: `websearch_to_tsquery` against the stored, GIN-indexed documents of migration 0009, ranked by `ts_rank`
(among the RANKED newest matches), the passage from `ts_headline` (for the rows shown only). SQLite: the FTS5 table
of the same migration, ranked by bm25, the passage from `snippet()`. Matched words come back between two control
characters, so the template escapes the passage and marks the words without trusting any HTML from the article.

Documents are written with the articles (migration 0009's triggers), or on PostgreSQL beside an import, by other
connections (`documents_alongside`, migration 0012).
"""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)
# Connections that fill an import's search documents beside it (documents_alongside), each its share of the ids. Two:
# on a 2-core machine, one alone was still the length of the import, two were not (docs/BENCHMARKS.md).
FILLERS = 2

HIT_START, HIT_END = "\x02", "\x03"
MAX_RESULTS = 50
# PostgreSQL ranks at most this many matches, the newest: enough that a rare word's every match is ranked, and a word
# of most articles is answered from the recent ones in a fraction of the time ranking them all would take.
RANKED = 2000
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    article_id: int
    rank: float
    passage: list[tuple[str, bool]]  # (text, matched) parts of the matching passage


def search(query: str, limit: int = MAX_RESULTS) -> list[Hit]:
    """Articles matching every word of the query (PostgreSQL also reads "quoted phrases" and -exclusions)."""
    words = _WORD.findall(query or "")
    if not words:
        return []
    if connection.vendor == "postgresql":
        # The passage is made for the rows shown only: ts_headline parses the whole text again.
        # Ranked among the RANKED newest matches (by id, in the order they arrived): ts_rank reads each match's
        # document, and a word of most reports ("said") matches nearly every article; finding the matches is cheap.
        sql = ("SELECT a.id, best.rank, ts_headline('english', a.raw_text, best.q, 'MaxFragments=1, MinWords=12, "
               "MaxWords=35, StartSel=\x02, StopSel=\x03') FROM ("
               "SELECT c.article_id, q, ts_rank(c.document, q) AS rank FROM ("
               "SELECT s.article_id, s.document FROM sources_article_search s, websearch_to_tsquery('english', %s) q "
               "WHERE s.document @@ q ORDER BY s.article_id DESC LIMIT %s) c, websearch_to_tsquery('english', %s) q "
               "ORDER BY rank DESC, c.article_id DESC LIMIT %s) best JOIN sources_article a ON a.id = best.article_id "
               "ORDER BY best.rank DESC, a.id DESC")
        params = [query, RANKED, query, limit]
    elif connection.vendor == "sqlite":
        # FTS5's query language treats punctuation as syntax: each word is quoted, all must match.
        match = " ".join('"' + w.replace('"', "") + '"' for w in words)
        sql = ("SELECT rowid, -bm25(sources_article_fts, 4.0, 1.0) AS rank, "
               "snippet(sources_article_fts, 1, char(2), char(3), '…', 24) "
               "FROM sources_article_fts WHERE sources_article_fts MATCH %s ORDER BY rank DESC, rowid DESC LIMIT %s")
        params = [match, limit]
    else:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(int(pk), float(rank), _parts(passage or "")) for pk, rank, passage in cursor.fetchall()]


def _parts(passage: str) -> list[tuple[str, bool]]:
    parts = []
    for chunk in re.split(f"({HIT_START}[^{HIT_END}]*{HIT_END})", passage):
        if chunk.startswith(HIT_START):
            parts.append((chunk.strip(HIT_START + HIT_END), True))
        elif chunk:
            parts.append((chunk, False))
    return parts


@contextmanager
def documents_alongside() -> Iterator[Callable[[], None]]:
    """On PostgreSQL, for a run of transactions on this connection (an import's batches): the search documents of the
    articles they write are filled by FILLERS other connections, each in a thread, while the next batch is written.
    Gives a function to call after each commit (it wakes the threads); on leaving, every document noted is filled.

    The search document (`to_tsvector` over the whole text, and its GIN entries) was most of a PostgreSQL import's
    time, on the one server process of its connection while the other cores waited. Each article is
    noted in the transaction that writes it (migration 0012), so an import that dies leaves notes, never an
    article without one; the next import fills them, and until then the search misses those articles.

    Inside a transaction (the caller's, or a test's), and on SQLite, documents are written with the articles.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield lambda: None
        return
    fillers = [_Filler(k, FILLERS) for k in range(FILLERS)]

    def committed() -> None:
        for f in fillers:
            f.wake()

    try:
        with connection.cursor() as cursor:
            cursor.execute("SET concordance.search_later = 'on'")
        yield committed
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET concordance.search_later")
        finally:
            for f in fillers:
                f.finish()


def fill_pending(part: int = 0, parts: int = 1) -> int:
    """Fill the search documents of the articles noted for it (see documents_alongside), in one statement; returns
    how many it wrote. An article deleted since it was noted is dropped from the notes. `part` of `parts`: only the
    notes of article ids of that remainder."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH done AS (DELETE FROM sources_article_search_pending WHERE article_id %% %s = %s "
            "RETURNING article_id) "
            "INSERT INTO sources_article_search (article_id, document) "
            "SELECT a.id, to_tsvector('english'::regconfig, a.title || ' ' || a.raw_text) "
            "FROM sources_article a JOIN done ON a.id = done.article_id "
            "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document", [parts, part])
        return cursor.rowcount


class _Filler(threading.Thread):
    """A thread of documents_alongside: fills the notes of its part each time it is woken, and once more when
    finished. Django gives a thread its own connection, which it closes when done."""

    def __init__(self, part: int, parts: int):
        super().__init__(name=f"search-documents-{part}", daemon=True)
        self.part, self.parts = part, parts
        self._woken = threading.Event()
        self._finished = False
        self.start()

    def wake(self) -> None:
        self._woken.set()

    def finish(self) -> None:
        self._finished = True
        self._woken.set()
        self.join()

    def run(self) -> None:
        try:
            while True:
                self._woken.wait()
                self._woken.clear()
                finished = self._finished  # read before filling: a wake during the fill runs one more
                fill_pending(self.part, self.parts)
                if finished:
                    return
        except DatabaseError:
            # The notes stay (the statement rolled back): the next import fills them. The articles are saved.
            logger.exception("search documents not filled; the next import fills them")
        finally:
            connection.close()
