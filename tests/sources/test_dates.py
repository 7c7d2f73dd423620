"""Dates outside settings.PUBLISHED_YEARS: refused on the way in (import: file:line; API filters: 422), and found
and cleared where they were stored before (they made every page showing them fail)."""
from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from sources.importing import import_paths
from sources.models import Article, Story
from sources.records import read_records
from tests.conftest import make_article, make_outlet

TEXT = "The council approved the bridge on Monday."


def lines(path, *published):
    path.write_text("".join(json.dumps({"id": f"a-{n}", "outlet": "Harbour Herald", "text": f"{TEXT} {n}",
                                        "published": p}) + "\n" for n, p in enumerate(published, 1)))
    return path


def test_dates_outside_the_years_are_rejected_by_file_and_line(tmp_path):
    path = lines(tmp_path / "a.jsonl", "2024-11-04", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
                 "1899-12-31", "2100-12-31T23:59:59Z", "2100-12-31T23:00:00-02:00")
    records, errors = read_records([path], years=(1900, 2100))
    assert [r.line for r in records] == [1, 5]
    assert [str(e) for e in errors] == [
        f"{path}:2: date '9999-12-31T23:59:59-14:00' in 'published' is outside the years 1900-2100",
        f"{path}:3: date '0001-01-01T00:00:00+14:00' in 'published' is outside the years 1900-2100",
        f"{path}:4: date '1899-12-31' in 'published' is outside the years 1900-2100",
        f"{path}:6: date '2100-12-31T23:00:00-02:00' in 'published' is outside the years 1900-2100",  # 2101 in UTC
    ]


@pytest.mark.django_db
def test_the_import_keeps_the_good_lines_and_the_years_are_a_setting(tmp_path, settings):
    path = lines(tmp_path / "a.jsonl", "2024-11-04", "9999-12-31T23:59:59-14:00", "1950-01-01")
    report = import_paths([path])
    assert (report.imported, report.rejected) == (2, 1)
    assert report.errors == [f"{path}:2: date '9999-12-31T23:59:59-14:00' in 'published' is outside the years "
                             "1900-2100"]
    settings.PUBLISHED_YEARS = (2000, 2030)
    report = import_paths([lines(tmp_path / "b.jsonl", "1950-01-01")])
    assert report.rejected == 1 and "outside the years 2000-2030" in report.errors[0]


def _store_raw_date(article: Article, when: str) -> None:
    """Write a date as an import before the check did: past Python's datetime, so only SQL can write it."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE sources_article SET published_at = %s WHERE id = %s", [when, article.pk])


@pytest.mark.django_db
def test_repair_dates_clears_the_dates_stored_out_of_range_and_the_pages_answer_again(admin_client):
    outlet = make_outlet("Harbour Herald")
    bad, also_bad = make_article(outlet, TEXT), make_article(outlet, TEXT + " 2")
    make_article(outlet, TEXT + " 3")
    on_postgresql = connection.vendor == "postgresql"
    _store_raw_date(bad, "10000-01-01 09:59:59+00" if on_postgresql else "10000-01-01 09:59:59")
    _store_raw_date(also_bad, "0001-12-31 10:00:00+00 BC" if on_postgresql else "0000-12-31 10:00:00")
    Story.objects.create(key="s", title="s")

    out = StringIO()
    call_command("repair_dates", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "would clear dates outside 1900-2100: 2 articles, 0 stories"
    call_command("repair_dates", stdout=out)
    assert "cleared dates outside 1900-2100: 2 articles, 0 stories" in out.getvalue()

    assert list(Article.objects.order_by("pk").values_list("published_at", flat=True)) == [None, None, None]
    for url in [reverse("admin:sources_article_changelist"), reverse("admin:sources_article_change", args=[bad.pk]),
                reverse("admin:sources_outlet_changelist"), reverse("scoring:article-detail", args=[bad.pk])]:
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["start=9999-12-31", "end=0001-01-01", "start=1899-12-31"])
def test_api_date_filters_outside_the_years_are_refused(admin_client, query):
    for path in ["/api/v1/articles", "/api/v1/stories"]:
        response = admin_client.get(f"{path}?{query}")
        assert response.status_code == 422, (path, response.content)
        assert "1900-2100" in response.content.decode()
    assert admin_client.get("/api/v1/articles?start=2024-01-01").status_code == 200
