"""PostgreSQL: an import may leave the search documents of the articles it writes to other connections, which
fill them beside it (sources/search.py, `documents_alongside`), instead of computing each one inside the insert.

`to_tsvector` over an article's text is most of what a PostgreSQL import waits for, and it ran on the one server
process of the import's connection while the other cores stood idle. When the session sets `concordance.search_later`
to `on`, the triggers note the article in `sources_article_search_pending` instead, in the same transaction as the
article: the note is committed with the article or not at all, so an import that dies leaves notes, never an article
without them, and the next import fills them. Otherwise (every other writer: the admin, tests inside a transaction)
the document is computed in the write, as before.

New articles are noted by one statement-level trigger (a transition table: one call per INSERT or COPY, not one a
row); a changed title or text still by a row-level trigger, since PostgreSQL allows no transition table on a trigger
with a column list. SQLite is unchanged (its FTS5 triggers are cheap beside its inserts).
"""
from django.db import migrations

_DOCUMENT = "to_tsvector('english'::regconfig, {0}.title || ' ' || {0}.raw_text)"
_LATER = "current_setting('concordance.search_later', true) = 'on'"

PG_UP = [
    "CREATE TABLE sources_article_search_pending (article_id bigint PRIMARY KEY)",
    "DROP TRIGGER sources_article_search_write ON sources_article",
    "CREATE FUNCTION sources_article_search_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF {_LATER} THEN "
    "INSERT INTO sources_article_search_pending (article_id) SELECT id FROM added ON CONFLICT DO NOTHING; "
    "ELSE "
    f"INSERT INTO sources_article_search (article_id, document) SELECT id, {_DOCUMENT.format('added')} FROM added "
    "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document; "
    "END IF; RETURN NULL; END $$",
    "CREATE TRIGGER sources_article_search_added AFTER INSERT ON sources_article REFERENCING NEW TABLE AS added "
    "FOR EACH STATEMENT EXECUTE FUNCTION sources_article_search_added()",
    "CREATE OR REPLACE FUNCTION sources_article_search_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF {_LATER} THEN "
    "INSERT INTO sources_article_search_pending (article_id) VALUES (NEW.id) ON CONFLICT DO NOTHING; "
    "ELSE "
    "INSERT INTO sources_article_search (article_id, document) VALUES (NEW.id, "
    f"{_DOCUMENT.format('NEW')}) ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document; "
    "END IF; RETURN NULL; END $$",
    "CREATE TRIGGER sources_article_search_write AFTER UPDATE OF title, raw_text ON sources_article "
    "FOR EACH ROW EXECUTE FUNCTION sources_article_search_write()",
]

PG_DOWN = [
    # The notes left are filled first: the table that holds them goes.
    "WITH done AS (DELETE FROM sources_article_search_pending RETURNING article_id) "
    f"INSERT INTO sources_article_search (article_id, document) SELECT a.id, {_DOCUMENT.format('a')} "
    "FROM sources_article a JOIN done ON a.id = done.article_id "
    "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document",
    "DROP TRIGGER sources_article_search_added ON sources_article",
    "DROP FUNCTION sources_article_search_added()",
    "DROP TRIGGER sources_article_search_write ON sources_article",
    # Migration 0009's function and trigger, as they were.
    "CREATE OR REPLACE FUNCTION sources_article_search_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO sources_article_search (article_id, document) VALUES (NEW.id, "
    "to_tsvector('english'::regconfig, NEW.title || ' ' || NEW.raw_text)) "
    "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document; RETURN NULL; END $$",
    "CREATE TRIGGER sources_article_search_write AFTER INSERT OR UPDATE OF title, raw_text ON sources_article "
    "FOR EACH ROW EXECUTE FUNCTION sources_article_search_write()",
    "DROP TABLE sources_article_search_pending",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("sources", "0011_one_article_text")]
    operations = [migrations.RunPython(_run(PG_UP), _run(PG_DOWN))]
