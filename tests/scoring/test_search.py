"""Search (issue 21): stories and articles by words of their text, ranked, with the matching passage; the same on
SQLite (FTS5) and PostgreSQL (a GIN index), kept in step with the articles' texts."""
import json

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from sources.importing import import_paths
from sources.models import Article, Outlet
from sources.search import documents_alongside, search
from tests.conftest import make_article, make_outlet
from tests.scoring.factories import make_score, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_user("editor", password="pw-for-tests"))
    return client


def _articles():
    herald, courier = make_outlet(name="Harbour Herald"), make_outlet(name="Coast Courier")
    story = make_story(title="River floods the town")
    boats = make_article(outlet=herald, story=story, title="Flood update",
                         text="The river rose overnight. Firefighters rescued 23 people by boat from flooded streets.")
    other = make_article(outlet=courier, story=story, title="Council meeting",
                         text="The council met on Tuesday to discuss the budget for next year.")
    both = make_article(outlet=courier, story=story, title="Firefighters and boats",
                        text="Firefighters used boats. Firefighters rescued people by boat all night.")
    return boats, other, both


def test_it_finds_articles_by_words_of_their_text_best_first_with_the_matching_passage():
    boats, other, both = _articles()
    hits = search("firefighter boats")  # word forms: "boats" finds "boat", "firefighter" finds "Firefighters"
    assert [h.article_id for h in hits] == [both.pk, boats.pk]
    passage = next(h.passage for h in search("rescued") if h.article_id == boats.pk)
    assert ("rescued", True) in passage and "23 people" in "".join(t for t, _ in passage)
    assert search("budget")[0].article_id == other.pk
    assert search("helicopter") == []


def test_postgresql_ranks_only_the_newest_matches_of_a_word_most_articles_use(monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the cap is PostgreSQL's (SQLite's FTS5 ranks every match with bm25)")
    boats, other, both = _articles()
    assert [h.article_id for h in search("firefighter boats")] == [both.pk, boats.pk]  # every match ranked
    monkeypatch.setattr("sources.search.RANKED", 1)
    assert [h.article_id for h in search("firefighter boats")] == [both.pk]  # the newest only
    monkeypatch.setattr("sources.search.RANKED", 2)
    assert [h.article_id for h in search("firefighter")] == [both.pk, boats.pk]


def test_odd_queries_are_words_not_syntax():
    _articles()
    for query in ['"', "boat AND", "NEAR(", "-", "*", "boat' OR 1=1 --", "x" * 300]:
        search(query)  # no error
    assert search("") == [] and search("  ;; ") == []


def test_the_index_follows_a_changed_text_and_a_deleted_article():
    boats, other, _ = _articles()
    other.raw_text = "A helicopter joined the search."
    other.save(update_fields=["raw_text"])
    assert [h.article_id for h in search("helicopter")] == [other.pk]
    assert search("budget") == []
    other.delete()
    assert search("helicopter") == []


def test_the_search_page_lists_stories_once_and_articles_with_marked_escaped_passages(editor):
    boats, other, both = _articles()
    make_score(boats, fidelity=98.0)
    evil = make_article(outlet=boats.outlet, title="x", text="Firefighters wrote <script>alert(1)</script> by boat.")
    response = editor.get(reverse("scoring:search"), {"q": "firefighters boat"})
    html = response.content.decode()
    assert response.status_code == 200
    assert [s["story"].pk for s in response.context["stories"]] == [boats.story_id]  # one story, listed once
    assert {r["article"].pk for r in response.context["rows"]} == {boats.pk, both.pk, evil.pk}
    assert '<mark class="search-hit">' in html
    # Escaped on SQLite; PostgreSQL's ts_headline drops tags from the passage. Never markup from the article.
    assert "alert(1)" in html and "<script>alert" not in html
    assert 'class="badge score-minor">98.0<' in html
    assert "No story or article" in editor.get(reverse("scoring:search"), {"q": "zeppelin"}).content.decode()


def _pending() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id FROM sources_article_search_pending ORDER BY article_id")
        return [row[0] for row in cursor.fetchall()]


def _jsonl(path, *texts):
    path.write_text("".join(json.dumps({"outlet": "Harbour Herald", "title": f"Report {k}", "text": text}) + "\n"
                            for k, text in enumerate(texts)), encoding="utf-8")
    return [path]


@pytest.mark.django_db(transaction=True)
def test_postgresql_fills_an_imports_documents_beside_it_and_the_notes_a_dead_import_left(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the documents are filled beside an import on PostgreSQL only (migration 0012)")
    monkeypatch.setattr("sources.importing.IMPORT_BATCH", 2)  # the second connection fills while batches go in
    report = import_paths(_jsonl(tmp_path / "a.jsonl", "Ferry sails at dawn.", "A heron nests by the pier.",
                                 "Lighthouse keeper retires.", "Storm closes the harbour."))
    assert report.imported == 4
    assert len(search("heron")) == 1 and len(search("storm harbour")) == 1 and _pending() == []
    herald = Outlet.objects.get()
    make_article(outlet=herald, text="A walrus visits the quay.")  # the setting is reset: later writes are as before
    assert len(search("walrus")) == 1 and _pending() == []

    with documents_alongside():  # new and changed texts are noted in their own transactions, filled on leaving
        otter = make_article(outlet=herald, text="An otter steals a fish.")
        heron = Article.objects.get(raw_text__contains="heron")
        heron.raw_text = "A heron left the pier for the marsh."
        heron.save(update_fields=["raw_text"])
        assert _pending() == sorted([otter.pk, heron.pk]) and search("otter") == [] and search("marsh") == []
    assert _pending() == [] and len(search("otter")) == 1 and len(search("marsh")) == 1

    with connection.cursor() as cursor:  # the notes of an import killed before it could fill them
        cursor.execute("SET concordance.search_later = 'on'")
        seal = make_article(outlet=herald, text="A seal sleeps on the slipway.")
        crab = make_article(outlet=herald, text="A crab crosses the road.")
        cursor.execute("RESET concordance.search_later")
    noted = sorted([seal.pk, crab.pk])
    crab.delete()
    assert _pending() == noted and search("seal") == []
    import_paths(_jsonl(tmp_path / "b.jsonl", "Gulls circle the trawler."))  # the next import fills them
    assert _pending() == [] and len(search("seal")) == 1 and len(search("gulls")) == 1 and search("crab") == []


def test_an_import_inside_a_transaction_writes_documents_with_its_articles(tmp_path):
    import_paths(_jsonl(tmp_path / "a.jsonl", "Ferry sails at dawn.", "A heron nests by the pier."))
    assert len(search("heron")) == 1
