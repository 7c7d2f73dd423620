"""sources.bulk: rows written by COPY (PostgreSQL) are the rows bulk_create writes; upserts, ids and refusals.

The suite runs on SQLite and on PostgreSQL (DATABASE_URL): on PostgreSQL these compare COPY with the ORM."""
from datetime import datetime, timezone

import pytest
from django.db import IntegrityError, connection, transaction

from scoring.models import ArticleScore, ConsensusFact, Finding
from sources import bulk
from sources.models import Article, Story
from tests.conftest import make_article, make_outlet

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=timezone.utc)


def stored(model, exclude=("id", "created_at", "updated_at", "scored_at", "story")):
    fields = [f.attname for f in model._meta.concrete_fields if f.name not in exclude and f.attname not in exclude]
    return fields, list(model.objects.order_by("pk").values_list(*fields))


def test_copied_rows_are_the_rows_bulk_create_stores():
    outlet = make_outlet("Harbour Herald")
    source = make_article(outlet, external_id="source")
    fields = ("key", "title", "first_seen", "last_seen", "swap_observations", "scoring_error")
    values = [("s1", "Bridge \\ opens\t\"today\"\n", WHEN, None, [["spun", "said", [1, 2]]], ""),
              ("s2", "Ünïcode – ferry", None, WHEN, [], "IndexError: x (spin.py:27)")]
    bulk.insert(Story, fields, values)
    fields_, first = stored(Story)
    Story.objects.all().delete()
    Story.objects.bulk_create([Story(**dict(zip(fields, row))) for row in values])
    assert stored(Story)[1] == first
    assert [row[0] for row in first] == ["s1", "s2"]
    assert Story.objects.get(key="s1").swap_observations == [["spun", "said", [1, 2]]]  # JSON, not an array

    story = Story.objects.first()
    score = ArticleScore.objects.create(article=source, engine_version="t")
    fact = ConsensusFact.objects.create(story=story, engine_version="t", key="f", text="t")
    finding = ("score_id", "kind", "start", "end", "text", "expected", "support", "severity", "explanation",
               "source_article_id", "source_start", "source_end", "fact_type", "fact_id")
    rows = [(score.pk, "drift", 3, 9, "40 million", "38 million", [source.pk], 0.25, "why", source.pk, 1, 5,
             "number", fact.pk),
            (score.pk, "spin", 0, 2, "", "", [], 1 / 3, "", None, 0, 0, "", None)]
    bulk.insert(Finding, finding, rows)
    first = stored(Finding)[1]
    Finding.objects.all().delete()
    Finding.objects.bulk_create([Finding(**dict(zip(finding, row))) for row in rows])
    assert stored(Finding)[1] == first
    assert Finding.objects.order_by("pk").first().severity == 0.25


def test_an_upsert_updates_only_the_fields_named_and_inserts_the_new():
    fields = ("key", "title", "first_seen", "last_seen", "swap_observations", "scoring_error")
    bulk.insert(Story, fields, [("s1", "Old", None, None, [], "failed")], unique=["key"],
                update=["title", "scoring_error", "updated_at"])
    before = Story.objects.get(key="s1")
    bulk.insert(Story, fields, [("s1", "New", WHEN, WHEN, [[1]], ""), ("s2", "Other", None, None, [], "")],
                unique=["key"], update=["title", "scoring_error", "updated_at"])
    after = Story.objects.get(key="s1")
    assert (after.pk, after.title, after.scoring_error, after.first_seen, after.swap_observations) == (
        before.pk, "New", "", None, [])
    assert after.created_at == before.created_at and after.updated_at > before.updated_at
    assert sorted(Story.objects.values_list("key", flat=True)) == ["s1", "s2"]


def test_insert_with_ids_returns_each_rows_new_id_in_order():
    outlet = make_outlet("Harbour Herald")
    rows = [(outlet.pk, f"https://h.example/{i}", str(i), f"T{i}", WHEN, "", f"Text {i}.", f"{i:064}", "")
            for i in range(3)]
    fields = ("outlet_id", "url", "external_id", "title", "published_at", "raw_html", "raw_text", "content_hash",
              "language")
    ids = bulk.insert_with_ids(Article, fields, rows)
    assert [Article.objects.get(pk=pk).external_id for pk in ids] == ["0", "1", "2"]
    assert len(set(ids)) == 3
    new = make_article(outlet, external_id="after")  # the sequence moved past the ids taken
    assert new.pk > max(ids)


def test_a_refused_copy_raises_djangos_error_and_writes_nothing():
    outlet = make_outlet("Harbour Herald")
    make_article(outlet, url="https://h.example/1", external_id="1")
    fields = ("outlet_id", "url", "external_id", "content_hash")
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            bulk.insert(Article, fields, [(outlet.pk, "https://h.example/2", "2", "a" * 64),
                                          (outlet.pk, "https://h.example/1", "3", "b" * 64)])
    assert list(Article.objects.values_list("external_id", flat=True)) == ["1"]


def test_the_copy_is_seen_by_execute_wrappers():
    seen = []

    def watch(execute, sql, params, many, context):
        seen.append((sql.split()[0], many, [list(p) for p in params] if many else None))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        bulk.insert(Story, ("key", "title"), [("s1", "One")])
    statements = [s for s in seen if s[1]]  # the bulk insert (on SQLite, the ORM's INSERT: not `many`)
    if connection.vendor == "postgresql":
        assert statements == [("COPY", True, statements[0][2])]
        assert ["s1", "One"] == [v for v in statements[0][2][0] if v in ("s1", "One")]
    assert Story.objects.get().title == "One"
