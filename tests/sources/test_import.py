"""Storing imported records: identity, idempotence, outlets, atomicity, and errors from the database side."""
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from sources.importing import import_paths, import_upload
from sources.models import Article, Outlet, content_hash
from tests.conftest import make_article, make_outlet

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "import"


def write_jsonl(path: Path, *items: dict) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


def article(**fields) -> dict:
    return {"outlet": "Harbour Herald", "text": "The council approved the bridge on Monday.", **fields}


def counts(report) -> tuple[int, int, int, int]:
    return report.imported, report.updated, report.unchanged, report.rejected


def test_it_stores_every_field_of_a_record():
    report = import_paths([DATA / "mixed.jsonl"])
    assert counts(report) == (1, 0, 0, 2)
    stored = Article.objects.get()
    assert stored.outlet.name == "Harbour Herald"
    assert stored.url == "https://harbourherald.example/bridge"
    assert stored.external_id == "hh-1"
    assert stored.title == "Council approves the harbour bridge"
    assert stored.published_at == datetime(2025, 3, 3, 8, 30, tzinfo=timezone.utc)
    assert stored.raw_text == (
        "The harbour council approved the new bridge on Monday by nine votes to two.")
    assert stored.content_hash == content_hash(stored.raw_text)
    assert stored.raw_html == "" and stored.language == ""


def test_importing_the_same_file_twice_creates_nothing_new(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl",
                       article(url="https://harbourherald.example/1"),  # identity: the url
                       article(id="h-2", text="The ferry keeps its winter timetable."),  # outlet and id
                       article(text="A text with no url and no id."))  # the content hash
    assert counts(import_paths([path])) == (3, 0, 0, 0)
    assert counts(import_paths([path])) == (0, 0, 3, 0)
    assert Article.objects.count() == 3
    assert Outlet.objects.count() == 1


def test_changed_content_updates_the_article_it_belongs_to(tmp_path):
    first = write_jsonl(tmp_path / "a.jsonl", article(url="https://harbourherald.example/1", title="Old"),
                        article(id="h-2", text="The ferry runs."))
    import_paths([first])
    second = write_jsonl(tmp_path / "b.jsonl", article(url="https://harbourherald.example/1", title="New"),
                         article(id="h-2", text="The ferry runs until April."))
    assert counts(import_paths([second])) == (0, 2, 0, 0)
    assert sorted(Article.objects.values_list("title", "raw_text")) == [
        ("", "The ferry runs until April."), ("New", "The council approved the bridge on Monday.")]
    ferry = Article.objects.get(external_id="h-2")
    assert ferry.content_hash == content_hash("The ferry runs until April.")


def test_a_file_finds_what_its_own_earlier_lines_stored_as_the_database_would(tmp_path):
    # Each pair below sits in one file, so in one import batch: the second line must see the first one's effect.
    import_paths([write_jsonl(tmp_path / "a.jsonl", article(id="h-1", url="https://hh.example/old"))])
    path = write_jsonl(tmp_path / "b.jsonl",
                       article(url="https://hh.example/2", title="First"),
                       article(url="https://hh.example/2", title="Second"),  # the article just created: updated
                       article(id="h-1", url="https://hh.example/new"),  # moves h-1 off its old url...
                       article(id="h-3", url="https://hh.example/old"),  # ...which is then a new article's
                       article(text="No url, no id."), article(text="No url, no id."))  # the same text: one article
    assert counts(import_paths([path])) == (3, 2, 1, 0)
    assert sorted(Article.objects.exclude(url=None).values_list("external_id", "url", "title")) == [
        ("", "https://hh.example/2", "Second"), ("h-1", "https://hh.example/new", ""),
        ("h-3", "https://hh.example/old", "")]
    assert Article.objects.filter(url=None).count() == 1


def test_the_same_text_from_two_outlets_is_two_articles(tmp_path):
    # Copies across outlets are what the scoring looks for, so the content hash identifies within an outlet.
    path = write_jsonl(tmp_path / "a.jsonl", article(), article(outlet="Valley Courier"))
    assert counts(import_paths([path])) == (2, 0, 0, 0)


def test_an_article_first_seen_without_url_is_found_again_by_its_id_when_a_url_appears(tmp_path):
    import_paths([write_jsonl(tmp_path / "a.jsonl", article(id="h-1"))])
    report = import_paths([write_jsonl(tmp_path / "b.jsonl", article(id="h-1", url="https://hh.example/1"))])
    assert counts(report) == (0, 1, 0, 0)
    assert Article.objects.get().url == "https://hh.example/1"


def test_unknown_outlets_are_created_for_review_and_known_ones_matched_by_name_or_domain(tmp_path):
    herald = make_outlet("Harbour Herald", is_reviewed=True)
    courier = make_outlet("Valley Courier", domains="valleycourier.example, vc.example", is_reviewed=True)
    path = write_jsonl(tmp_path / "a.jsonl",
                       article(id="1", outlet="HARBOUR herald"),
                       article(id="2", outlet="The Courier", domain="VC.example"),
                       article(id="3", outlet="Courier Online", url="https://www.valleycourier.example/x"),
                       article(id="4", outlet="Delta Daily", domain="deltadaily.example"))
    assert counts(import_paths([path])) == (4, 0, 0, 0)
    by_id = {a.external_id: a.outlet for a in Article.objects.select_related("outlet")}
    assert (by_id["1"], by_id["2"], by_id["3"]) == (herald, courier, courier)
    delta = by_id["4"]
    assert (delta.name, delta.slug, delta.domains, delta.is_reviewed) == (
        "Delta Daily", "delta-daily", "deltadaily.example", False)


ARTICLE_INSERTS = ('INSERT INTO "sources_article"', 'COPY "sources_article"')  # the latter on PostgreSQL


def refusing_article(external_id: str):
    """A query wrapper under which the database refuses any insert of the article with this id (and only that)."""
    def refuse(execute, sql, params, many, context):
        # PostgreSQL's COPY (sources.bulk) passes its rows; a bulk insert may pass a column's values as one array.
        values = [v for p in params or () for v in (p if isinstance(p, (list, tuple)) else [p])]
        if sql.startswith(ARTICLE_INSERTS) and external_id in values:
            raise DatabaseError("disk I/O error")
        return execute(sql, params, many, context)
    return refuse


def test_a_refused_article_leaves_no_half_article_and_the_others_stay(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl",
                       article(id="1"),
                       article(id="2", outlet="Valley Courier"),  # its new outlet must go too
                       article(id="3", text="The ferry keeps its winter timetable."))
    with connection.execute_wrapper(refusing_article("2")):
        report = import_paths([path])
    assert counts(report) == (2, 0, 0, 1)
    assert report.errors == [f"{path}:2: could not be saved (disk I/O error)"]
    assert sorted(Article.objects.values_list("external_id", flat=True)) == ["1", "3"]
    assert not Outlet.objects.filter(name="Valley Courier").exists()
    # The next run picks up the missing article and leaves the others alone.
    assert counts(import_paths([path])) == (1, 0, 2, 0)


def test_a_batch_of_new_articles_goes_in_with_one_insert_and_a_batch_with_stored_ones_adds_only_the_new(tmp_path):
    new = [article(id=str(i), text=f"Story number {i}.") for i in range(5)]
    path = write_jsonl(tmp_path / "a.jsonl", *new)
    with CaptureQueriesContext(connection) as queries:
        assert counts(import_paths([path])) == (5, 0, 0, 0)
    assert sum(q["sql"].startswith(ARTICLE_INSERTS) for q in queries) == 1
    again = write_jsonl(tmp_path / "b.jsonl", *new, article(id="5", text="Story number 5."))
    with CaptureQueriesContext(connection) as queries:
        assert counts(import_paths([again])) == (1, 0, 5, 0)
    assert sum(q["sql"].startswith(ARTICLE_INSERTS) for q in queries) == 1


def test_values_the_database_would_refuse_are_reported_by_line(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl",
                       article(id="1", url="not a url"),
                       article(id="2", title="t" * 1001),
                       article(id="x" * 301),
                       article(id="4", language="english-uk"),
                       article(id="5"))
    report = import_paths([path])
    assert counts(report) == (1, 0, 0, 4)
    assert report.errors == [
        f"{path}:1: bad url 'not a url' (expected an absolute http or https address)",
        f"{path}:2: 'title' is 1001 characters long, over the limit of 1000",
        f"{path}:3: 'id' is 301 characters long, over the limit of 300",
        f"{path}:4: 'language' is 10 characters long, over the limit of 8",
    ]


def test_the_language_is_kept_unless_the_file_gives_one(tmp_path):
    stored = make_article(make_outlet("Harbour Herald"), external_id="1", language="nl")
    import_paths([write_jsonl(tmp_path / "a.jsonl", article(id="1", title="Now titled"))])
    stored.refresh_from_db()
    assert (stored.title, stored.language) == ("Now titled", "nl")
    import_paths([write_jsonl(tmp_path / "b.jsonl", article(id="1", title="Now titled", language="en"))])
    stored.refresh_from_db()
    assert stored.language == "en"


def test_csv_imports_like_jsonl():
    assert counts(import_paths([DATA / "articles.csv"])) == (2, 0, 0, 0)
    assert counts(import_paths([DATA / "articles.csv"])) == (0, 0, 2, 0)
    outlet = Outlet.objects.get()
    assert (outlet.name, outlet.domains, outlet.is_reviewed) == ("Valley Courier", "valleycourier.example", False)


def test_a_folder_imports_one_article_a_file_for_the_outlet_given():
    report = import_paths([DATA / "folder"], outlet="Harbour Herald")
    assert counts(report) == (2, 0, 0, 0)
    html_article = Article.objects.get(external_id="bridge.html")
    assert html_article.outlet.name == "Harbour Herald"
    assert "<footer>" in html_article.raw_html
    assert "40 million euros" in html_article.raw_text
    assert "All rights reserved" not in html_article.raw_text  # trafilatura dropped the footer
    assert Article.objects.get(external_id="ferry.txt").raw_html == ""
    assert counts(import_paths([DATA / "folder"], outlet="Harbour Herald")) == (0, 0, 2, 0)


def test_an_upload_is_imported_through_the_same_path_and_named_by_its_own_file_name():
    upload = SimpleUploadedFile("feed.jsonl", (DATA / "mixed.jsonl").read_bytes())
    report = import_upload(upload)
    assert counts(report) == (1, 0, 0, 2)
    assert [e.split(":")[:2] for e in report.errors] == [["feed.jsonl", "2"], ["feed.jsonl", "3"]]
