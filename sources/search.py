"""Articles found by words of their title or text, best match first, each with the passage that matches.

PostgreSQL: `websearch_to_tsquery` against the stored, GIN-indexed documents of migration 0009, ranked by `ts_rank`
(among the RANKED newest matches), the passage from `ts_headline` (for the rows shown only). SQLite: the FTS5 table
of the same migration, ranked by bm25, the passage from `snippet()`. Matched words come back between two control characters, so the template escapes the passage and marks
the words without trusting any HTML from the article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

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
