"""Article texts compressed with LZ4 on PostgreSQL, where the server has it (PostgreSQL 14 and later, built with it).

PostgreSQL compresses a long value (TOAST) with its own pglz unless told otherwise, and an article stores its
text twice (raw_text and body) and its page. `manage.py import_articles` of the 10k-article corpus of `make bench`
into a fresh database took 6.1 s with LZ4 against 7.3 s with pglz (two runs each, alternating). Values already
stored keep their compression; SQLite and servers without LZ4 are left as they are.
"""
from django.db import migrations

COLUMNS = ("raw_html", "raw_text", "body")


def _set_compression(method: str):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
            row = cursor.fetchone()
            if not (row and row[0]):
                return
        quote = connection.ops.quote_name
        table = apps.get_model("sources", "Article")._meta.db_table
        schema_editor.execute(f"ALTER TABLE {quote(table)} "
                              + ", ".join(f"ALTER COLUMN {quote(c)} SET COMPRESSION {method}" for c in COLUMNS))
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("sources", "0004_lean_indexes"),
    ]

    operations = [
        migrations.RunPython(_set_compression("lz4"), _set_compression("pglz"), elidable=True),
    ]
