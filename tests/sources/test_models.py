"""Models and their constraints."""
import pytest
from django.db import IntegrityError, transaction

from sources.models import Outlet, content_hash
from tests.conftest import make_article, make_outlet

pytestmark = pytest.mark.django_db


def test_an_outlet_gets_a_unique_slug_from_its_name():
    first = make_outlet("Harbour Herald")
    second = Outlet.objects.create(name="Harbour  Herald!")  # different name, same slug base
    third = make_outlet("Valley Courier", slug="the-courier")
    assert (first.slug, second.slug, third.slug) == ("harbour-herald", "harbour-herald-2", "the-courier")


def test_outlet_names_are_unique():
    make_outlet("Harbour Herald")
    with pytest.raises(IntegrityError):
        make_outlet("Harbour Herald", slug="another")


def test_an_article_url_is_unique_but_many_articles_may_have_none():
    outlet = make_outlet()
    make_article(outlet, url="https://harbourherald.example/a")
    make_article(outlet, url=None, text="One text.")
    make_article(outlet, url=None, text="Another text.")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(outlet, url="https://harbourherald.example/a")


def test_without_url_or_id_an_outlet_has_each_text_once():
    herald, courier = make_outlet("Harbour Herald"), make_outlet("Valley Courier")
    make_article(herald, text="The same text.")
    make_article(courier, text="The same text.")  # a copy in another outlet is another article
    make_article(herald, text="The same text.", external_id="7")  # with an id, the id is its identity
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(herald, text="The same text.")


def test_an_external_id_is_unique_per_outlet_when_set():
    herald, courier = make_outlet("Harbour Herald"), make_outlet("Valley Courier")
    make_article(herald, external_id="42")
    make_article(courier, external_id="42")  # another outlet's 42 is another article
    make_article(herald, external_id="", text="One text.")
    make_article(herald, external_id="", text="Another text.")  # no id: the constraint does not apply
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(herald, external_id="42")


def test_the_content_hash_ignores_how_whitespace_is_laid_out():
    assert content_hash("The council  approved\nthe bridge. ") == content_hash("The council approved the bridge.")
    assert content_hash("The council approved the bridge.") != content_hash("The council rejected the bridge.")


def test_outlets_are_annotated_with_article_counts():
    herald, courier = make_outlet("Harbour Herald"), make_outlet("Valley Courier")
    make_article(herald, external_id="1")
    make_article(herald, external_id="2")
    counts = {o.name: o.article_count for o in Outlet.objects.with_article_counts()}
    assert counts == {"Harbour Herald": 2, "Valley Courier": 0}
    assert courier.domain_list == []


def test_domain_list_splits_and_trims_the_domains():
    assert make_outlet(domains=" harbourherald.example, hh.example ,").domain_list == [
        "harbourherald.example", "hh.example"]


def _article_columns_indexed() -> list[list[str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "sources_article")
    return sorted(c["columns"] for c in found.values() if c["index"] or c["unique"] or c["primary_key"])


def test_articles_are_indexed_once_for_each_lookup():
    # Every index is rewritten when a scoring run sets the articles' stories: none may repeat another's lead.
    # (outlet_id, content_hash) is partial: only the articles with neither url nor id, whose identity is their text.
    assert _article_columns_indexed() == [
        ["content_hash"], ["id"], ["outlet_id", "content_hash"], ["outlet_id", "external_id"],
        ["outlet_id", "published_at"], ["published_at"], ["story_id", "published_at"], ["url"],
    ]


def test_article_texts_are_compressed_with_lz4_where_postgresql_has_it():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("compression methods are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        if not cursor.fetchone()[0]:
            pytest.skip("this PostgreSQL server was built without LZ4")
        cursor.execute("SELECT attname, attcompression FROM pg_attribute WHERE attrelid = 'sources_article'::regclass "
                       "AND attname IN ('raw_html', 'raw_text', 'title')")
        assert dict(cursor.fetchall()) == {"raw_html": "l", "raw_text": "l", "title": ""}
