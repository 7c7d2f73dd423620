"""Full-text search over articles' titles and texts (issue 21): a GIN index on PostgreSQL, an FTS5 table on SQLite.

PostgreSQL keeps each article's searched document (a tsvector) in a table of its own, `sources_article_search`, with
a GIN index, filled by triggers that fire only when a title or text is written or an article deleted. Stored, not
an expression index on the articles: ranking the matches reads the stored vectors instead of decompressing and
parsing every matching text again (11-13 s for a common word at 100k articles as an expression index, measured);
and apart from the articles, so a scoring run that sets the articles' stories does not rewrite a GIN entry per
article. SQLite keeps an external-content FTS5 table in step with triggers that fire only when a
title or text changes (a run setting the articles' stories rewrites no index).
"""
from django.db import migrations

PG_DOCUMENT = "to_tsvector('english'::regconfig, title || ' ' || raw_text)"
PG_UP = [
    # No foreign key: Django empties sources_article with TRUNCATE (tests), which a reference would refuse; the
    # search joins the articles, so a row left behind is never shown.
    "CREATE TABLE sources_article_search (article_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE FUNCTION sources_article_search_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO sources_article_search (article_id, document) VALUES (NEW.id, "
    "to_tsvector('english'::regconfig, NEW.title || ' ' || NEW.raw_text)) "
    "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document; RETURN NULL; END $$",
    "CREATE FUNCTION sources_article_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "DELETE FROM sources_article_search WHERE article_id = OLD.id; RETURN NULL; END $$",
    "CREATE TRIGGER sources_article_search_write AFTER INSERT OR UPDATE OF title, raw_text ON sources_article "
    "FOR EACH ROW EXECUTE FUNCTION sources_article_search_write()",
    "CREATE TRIGGER sources_article_search_delete AFTER DELETE ON sources_article "
    "FOR EACH ROW EXECUTE FUNCTION sources_article_search_delete()",
    f"INSERT INTO sources_article_search (article_id, document) SELECT id, {PG_DOCUMENT} FROM sources_article",
    "CREATE INDEX sources_article_search_document ON sources_article_search USING GIN (document)",
]

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
        for sql in PG_UP:
            schema_editor.execute(sql)
    elif connection.vendor == "sqlite":
        for sql in SQLITE_UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for sql in ["DROP TRIGGER IF EXISTS sources_article_search_write ON sources_article",
                    "DROP TRIGGER IF EXISTS sources_article_search_delete ON sources_article",
                    "DROP FUNCTION IF EXISTS sources_article_search_write()",
                    "DROP FUNCTION IF EXISTS sources_article_search_delete()",
                    "DROP TABLE IF EXISTS sources_article_search"]:
            schema_editor.execute(sql)
    elif connection.vendor == "sqlite":
        for sql in SQLITE_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("sources", "0008_article_text_identity")]
    operations = [migrations.RunPython(forwards, backwards)]
