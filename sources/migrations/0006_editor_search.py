"""Full-text search over articles' titles and texts (issue 21): a GIN index on PostgreSQL, an FTS5 table on SQLite.

PostgreSQL indexes the expression `sources.search.PG_DOCUMENT`, which the search query repeats word for word so the
planner uses the index. SQLite keeps an external-content FTS5 table in step with triggers that fire only when a
title or text changes (a run setting the articles' stories rewrites no index).
"""
from django.db import migrations

PG_DOCUMENT = "to_tsvector('english'::regconfig, title || ' ' || raw_text)"

SQLITE_UP = [
    "CREATE VIRTUAL TABLE sources_article_fts USING fts5(title, raw_text, content='sources_article', "
    "content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER sources_article_fts_ai AFTER INSERT ON sources_article BEGIN "
    "INSERT INTO sources_article_fts(rowid, title, raw_text) VALUES (new.id, new.title, new.raw_text); END",
    "CREATE TRIGGER sources_article_fts_ad AFTER DELETE ON sources_article BEGIN "
    "INSERT INTO sources_article_fts(sources_article_fts, rowid, title, raw_text) "
    "VALUES ('delete', old.id, old.title, old.raw_text); END",
    "CREATE TRIGGER sources_article_fts_au AFTER UPDATE OF title, raw_text ON sources_article BEGIN "
    "INSERT INTO sources_article_fts(sources_article_fts, rowid, title, raw_text) "
    "VALUES ('delete', old.id, old.title, old.raw_text); "
    "INSERT INTO sources_article_fts(rowid, title, raw_text) VALUES (new.id, new.title, new.raw_text); END",
    "INSERT INTO sources_article_fts(sources_article_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS sources_article_fts_ai", "DROP TRIGGER IF EXISTS sources_article_fts_ad",
               "DROP TRIGGER IF EXISTS sources_article_fts_au", "DROP TABLE IF EXISTS sources_article_fts"]


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX sources_article_search ON sources_article USING GIN ({PG_DOCUMENT})")
    elif connection.vendor == "sqlite":
        for sql in SQLITE_UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS sources_article_search")
    elif connection.vendor == "sqlite":
        for sql in SQLITE_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("sources", "0005_article_text_lz4")]
    operations = [migrations.RunPython(forwards, backwards)]
