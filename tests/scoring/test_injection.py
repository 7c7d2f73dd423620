"""User-controlled names never become Python keywords, spreadsheet formulas or live chart markup: an outlet may be
named `fact`, `rows`, `=HYPERLINK(...)` or `<a href=...>`."""
import csv
import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from scoring import charts
from tests.scoring.factories import make_world

pytestmark = pytest.mark.django_db

LINK = '<a href="https://evil.example/">x</a>'
NAMES = ("fact", "rows", '=HYPERLINK("https://evil.example/","x")', LINK)


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_superuser("boss", password="pw-for-tests"))
    return client


def test_outlets_named_like_keywords_or_formulas_keep_the_story_page_and_its_csv_tables_working(editor):
    world = make_world(stories=1, outlet_names=NAMES)
    url = reverse("scoring:story-detail", args=[world["stories"][0].pk])
    response = editor.get(url)
    assert response.status_code == 200
    assert LINK not in response.content.decode()  # escaped by the template, as any text
    for table in ("facts", "matrix", "articles", "copies"):
        assert editor.get(url, {"csv": table}).status_code == 200, table
    header = next(csv.reader(io.StringIO(editor.get(url, {"csv": "matrix"}).content.decode())))
    assert header[0] == "Consensus fact"
    assert sorted(header[1:]) == sorted(["fact", "rows", "'" + NAMES[2], LINK])  # the formula defused
    for page in ("scoring:overview", "scoring:outlet-list"):
        assert editor.get(reverse(page)).status_code == 200


def test_chart_labels_are_escaped_before_plotly_sees_them():
    escaped = "&lt;a href=\"https://evil.example/\"&gt;x&lt;/a&gt;"
    row = {"name": LINK, "score": 80.0, "low": 70.0, "high": 90.0, "spin": 0.1, "drift": 0.0, "sidebar": 0.0}
    assert charts.leaderboard([row])["data"][0]["y"] == [escaped]
    assert charts.components([row], {"spin": "Spin", "drift": "Drift", "sidebar": "Sidebar"})["data"][0]["y"] == [escaped]
    trend = charts.trend({LINK: [{"window_start": "2024-11-04", **row}]})["data"][0]
    assert trend["name"] == escaped and LINK not in trend["hovertemplate"]
    heatmap = charts.fact_heatmap({"outlets": [LINK], "facts": ["<b>bold</b> claim"], "states": [["states"]]})
    assert heatmap["data"][0]["x"] == [escaped] and heatmap["data"][0]["customdata"] == [["&lt;b&gt;bold&lt;/b&gt; claim"]]
    assert charts.score_history([], LINK)["layout"]["title"]["text"].startswith(escaped)
