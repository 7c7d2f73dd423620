"""Dashboard views: access, content, escaping, CSV, filters and a fixed number of queries per page."""
import csv
import importlib
import io
from datetime import datetime, timezone

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring import views
from tests.conftest import make_article, make_outlet
from tests.scoring.factories import (
    FACTS, find, make_finding, make_outlet_score, make_score, make_story, make_world,
)

pytestmark = pytest.mark.django_db

_editors_migration = importlib.import_module("scoring.migrations.0002_editors_group")


@pytest.fixture
def editor(client):
    # The migration made the group; calling it again is idempotent and also covers test
    # databases flushed by transactional (browser) tests, which drop data-migration rows.
    _editors_migration.create_editors_group(global_apps, None)
    user = User.objects.create_user("editor", password="pw-for-tests")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def world():
    return make_world(stories=2)


def _pages(world):
    story = world["stories"][0]
    drifted = next(s for s in world["scores"] if s.drift)
    return {
        "overview": reverse("scoring:overview"),
        "outlet-list": reverse("scoring:outlet-list"),
        "outlet-detail": reverse("scoring:outlet-detail", args=[drifted.article.outlet.slug]),
        "story-list": reverse("scoring:story-list"),
        "story-detail": reverse("scoring:story-detail", args=[story.pk]),
        "article-detail": reverse("scoring:article-detail", args=[drifted.article.pk]),
    }


# Access -------------------------------------------------------------------------------------------

def test_every_page_answers_an_editor_who_is_not_staff(editor, world):
    user = User.objects.get(username="editor")
    assert not user.is_staff and user.has_perm("scoring.view_articlescore")
    for name, url in _pages(world).items():
        response = editor.get(url)
        assert response.status_code == 200, name
        assert f"scoring/{name.replace('-', '_')}.html" in [t.name for t in response.templates], name


def test_every_page_redirects_an_anonymous_visitor_to_the_login(client, world):
    for name, url in _pages(world).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/login/?next="), name


def test_the_login_page_has_labelled_fields_and_logs_an_editor_in(client):
    User.objects.create_user("ed", password="pw-for-tests")
    page = client.get("/accounts/login/").content.decode()
    assert '<label for="id_username">' in page and '<label for="id_password">' in page
    response = client.post("/accounts/login/", {"username": "ed", "password": "pw-for-tests", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_admin_stays_staff_only_for_editors(editor):
    response = editor.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_editors_group_gets_view_permissions_only():
    _editors_migration.create_editors_group(global_apps, None)
    _editors_migration.create_editors_group(global_apps, None)  # idempotent
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"view_article", "view_outlet", "view_story", "view_articlescore", "view_finding",
            "view_consensusfact", "view_outletscore"} <= codenames
    # Besides viewing, editors review findings, enter replies and acknowledge alerts (migration 0007, issue 22).
    editing = {"add_findingreview", "change_findingreview", "add_outletreply", "change_alert"}
    assert all(c.startswith("view_") or c in editing for c in codenames)


# Overview -----------------------------------------------------------------------------------------

def test_the_overview_shows_counts_leaderboard_and_low_fidelity_articles(editor, world):
    response = editor.get("/")
    assert response.context["counts"] == {"outlets": 4, "stories": 2, "articles": 8}
    board = response.context["tables"]["leaderboard"]["rows"]
    assert [r["outlet"] for r in board] == ["Harbour Herald", "Coast Courier", "Spin Weekly", "Daily Drift"]
    low = response.context["tables"]["low_articles"]["rows"]
    assert {r["outlet"] for r in low} == {"Daily Drift", "Spin Weekly"}
    assert low[0]["published"] >= low[-1]["published"]  # latest first
    trend = response.context["trend_chart"]
    assert [t["name"] for t in trend["data"]] == ["Harbour Herald", "Daily Drift"]  # best and worst
    for key in ("leaderboard_chart", "components_chart", "trend_chart"):
        assert f'data-chart="{key.replace("_", "-")}"' in response.content.decode()


def test_the_overview_charts_each_outlets_components(editor, world):
    chart = editor.get("/").context["components_chart"]
    drift = next(t for t in chart["data"] if t["name"] == "Drift")
    assert dict(zip(drift["y"], drift["x"]))["Daily Drift"] == 35.0  # points lost per article, of 100
    spin = next(t for t in chart["data"] if t["name"] == "Spin")
    assert dict(zip(spin["y"], spin["x"]))["Spin Weekly"] == 30.0


def test_with_many_outlets_the_overview_table_shows_the_ends_and_links_to_all(editor):
    for i in range(2 * views.LEADERBOARD_ROWS + 5):
        make_outlet_score(make_outlet(name=f"Outlet {i:02d}"), score=99.0 - i)
    response = editor.get("/")
    shown = [r["outlet"] for r in response.context["leaderboard_rows"]]
    assert shown == [f"Outlet {i:02d}" for i in range(views.LEADERBOARD_ROWS)] + \
        [f"Outlet {i:02d}" for i in range(views.LEADERBOARD_ROWS + 5, 2 * views.LEADERBOARD_ROWS + 5)]
    page = response.content.decode()
    first_hidden = f"Outlet {views.LEADERBOARD_ROWS:02d}"
    assert first_hidden not in page.split('id="leaderboard-table-heading"')[1].split("</table>")[0]
    assert f"All {2 * views.LEADERBOARD_ROWS + 5} scored outlets" in page
    _, rows = _csv(editor, "/", "leaderboard")
    assert len(rows) == 2 * views.LEADERBOARD_ROWS + 5  # the download has every outlet


def test_the_overview_without_scores_explains_how_to_get_them(editor):
    response = editor.get("/")
    assert response.status_code == 200
    assert b"No scores yet" in response.content
    assert response.context["leaderboard_chart"] is None


# Outlets ------------------------------------------------------------------------------------------

def _outlet_names(client, **params):
    return [r["name"] for r in client.get(reverse("scoring:outlet-list"), params).context["table"]["rows"]]


def test_the_outlet_list_searches_filters_and_sorts(editor, world):
    make_outlet(name="Quiet Gazette", country="FR", is_reviewed=True)  # no articles, no score
    assert _outlet_names(editor) == ["Harbour Herald", "Coast Courier", "Spin Weekly", "Daily Drift",
                                     "Quiet Gazette"]
    assert _outlet_names(editor, sort="-score")[0] == "Daily Drift"
    assert _outlet_names(editor, sort="name")[0] == "Coast Courier"
    assert _outlet_names(editor, q="drift") == ["Daily Drift"]
    assert _outlet_names(editor, country="ie") == ["Coast Courier", "Spin Weekly"]
    assert "Spin Weekly" not in _outlet_names(editor, reviewed="yes")
    assert _outlet_names(editor, reviewed="no") == ["Spin Weekly"]
    assert "Quiet Gazette" not in _outlet_names(editor, min_articles=1)


def test_an_invalid_filter_is_reported_and_not_applied(editor, world):
    response = editor.get(reverse("scoring:outlet-list"), {"min_articles": "-3"})
    assert response.status_code == 200
    assert b"Some filters were not applied" in response.content
    assert len(response.context["table"]["rows"]) == 4


def test_the_outlet_page_shows_history_histogram_kinds_worst_articles_and_copy_sources(editor, world):
    spin = world["outlets"]["Spin Weekly"]
    response = editor.get(reverse("scoring:outlet-detail", args=[spin.slug]))
    tables = response.context["tables"]
    assert [r["name"] for r in tables["copy_sources"]["rows"]] == ["Harbour Herald"]
    assert tables["copy_sources"]["rows"][0]["copies"] == 2
    assert {r["kind"]: r["n"] for r in tables["findings"]["rows"]} == {"Spin": 4}  # left-out facts are coverage
    assert len(tables["history"]["rows"]) == 3
    assert [r["fidelity"] for r in tables["worst_articles"]["rows"]] == [61.0, 61.0]
    histogram = response.context["histogram_chart"]["data"][0]
    assert sum(histogram["y"]) == 2 and histogram["y"][6] == 2  # both articles in the 60-70 bin


def test_an_unknown_outlet_is_not_found(editor):
    assert editor.get(reverse("scoring:outlet-detail", args=["nobody"])).status_code == 404


# Stories ------------------------------------------------------------------------------------------

def _story_titles(client, **params):
    return [r["title"] for r in client.get(reverse("scoring:story-list"), params).context["table"]["rows"]]


def test_the_story_list_filters_by_dates_title_and_outlet(editor, world):
    lone = make_outlet(name="Lone Voice")
    other = make_story(title="Ferry strike ends", first_seen=datetime(2024, 5, 1, tzinfo=timezone.utc),
                       last_seen=datetime(2024, 5, 2, tzinfo=timezone.utc))
    make_article(outlet=lone, story=other, text="The ferry strike ended.")
    assert len(_story_titles(editor)) == 3
    assert _story_titles(editor, q="ferry") == ["Ferry strike ends"]
    assert _story_titles(editor, start="2024-04-01") == ["Ferry strike ends"]
    assert _story_titles(editor, end="2024-03-05") == ["Council approves the harbour bridge, part 1"]
    assert _story_titles(editor, outlet=lone.slug) == ["Ferry strike ends"]
    rows = editor.get(reverse("scoring:story-list"), {"q": "part 2"}).context["table"]["rows"]
    assert rows[0]["articles"] == 4 and rows[0]["outlets"] == 4
    assert rows[0]["mean_fidelity"] == pytest.approx((96 + 94 + 52 + 61) / 4)


def test_a_reversed_date_range_is_an_error(editor, world):
    response = editor.get(reverse("scoring:story-list"), {"start": "2024-05-01", "end": "2024-04-01"})
    assert b"The start date must not be after the end date." in response.content


def test_the_story_page_shows_consensus_matrix_articles_and_copies(editor, world):
    story = world["stories"][0]
    response = editor.get(reverse("scoring:story-detail", args=[story.pk]))
    tables = response.context["tables"]
    assert [r["text"] for r in tables["facts"]["rows"]] == FACTS
    matrix = {r["fact"]: r for r in tables["matrix"]["rows"]}
    assert matrix[FACTS[0]]["outlet:Daily Drift"] == "contradicts"  # drift finding expects this fact
    assert matrix[FACTS[1]]["outlet:Daily Drift"] == "contradicts"  # "40 million" is a claim inside it
    assert matrix[FACTS[2]]["outlet:Daily Drift"] == "omits"
    assert matrix[FACTS[0]]["outlet:Spin Weekly"] == "omits"
    assert matrix[FACTS[1]]["outlet:Spin Weekly"] == "states"
    assert matrix[FACTS[0]]["outlet:Harbour Herald"] == "states"
    assert len(tables["articles"]["rows"]) == 4
    assert [(r["outlet"], r["source_outlet"]) for r in tables["copies"]["rows"]] == [("Spin Weekly",
                                                                                      "Harbour Herald")]
    assert response.context["heatmap_chart"]["data"][0]["type"] == "heatmap"


def test_a_story_without_consensus_says_so(editor):
    story = make_story()
    make_article(story=story)
    response = editor.get(reverse("scoring:story-detail", args=[story.pk]))
    assert b"No consensus" in response.content and response.context["heatmap_chart"] is None


# Articles -----------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def test_an_article_with_a_script_tag_renders_it_as_text(editor):
    text = f"Officials said {SCRIPT} on Monday. The vote was 5 to 4."
    article = make_article(text=text, title=f"Title {SCRIPT}")
    score = make_score(article, fidelity=70.0)
    make_finding(score, "drift", *find(score, SCRIPT), expected=f"quoted {SCRIPT}", explanation=SCRIPT)
    make_finding(score, "spin", *find(score, "alert(1)</script> on"), expected="x")  # overlapping
    page = editor.get(reverse("scoring:article-detail", args=[article.pk])).content.decode()
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<mark class="hl hl-drift' in page


def test_an_unscored_article_shows_its_text_plainly_with_a_note(editor):
    article = make_article(text=f"Raw text {SCRIPT} here.")
    response = editor.get(reverse("scoring:article-detail", args=[article.pk]))
    page = response.content.decode()
    assert "not scored yet" in page
    assert "Raw text &lt;script&gt;alert(1)&lt;/script&gt; here." in page and SCRIPT not in page
    assert "<mark" not in page


def test_the_article_page_highlights_findings_and_links_supporting_articles(editor, world):
    spin_score = next(s for s in world["scores"] if s.spin)
    herald_article = spin_score.copied_from
    response = editor.get(reverse("scoring:article-detail", args=[spin_score.article.pk]))
    page = response.content.decode()
    assert '<mark class="hl hl-spin"' in page and ">overpass</a></mark>" in page
    assert reverse("scoring:article-detail", args=[herald_article.pk]) in page
    assert "Synonym swap of &#x27;long debate&#x27; in a copied sentence." in page
    assert [f["kind"] for f in response.context["omissions"]] == ["omission"]
    [pair] = response.context["spin_pairs"]  # two swaps in one sentence: one row
    assert [f["kind"] for f in pair["findings"]] == ["spin", "spin"]
    assert "".join(p["text"] for p in pair["source"]).startswith("The council approved the new harbour bridge")
    assert [p["text"] for p in pair["copy"] if p["changed"]] == ["overpass", "lengthy discussion"]
    assert [p["text"] for p in pair["source"] if p["changed"]] == ["bridge", "long debate"]



def test_a_drift_shows_the_kind_of_fact_that_differs(editor, world):
    drift_score = next(s for s in world["scores"] if s.drift)
    page = editor.get(reverse("scoring:article-detail", args=[drift_score.article.pk])).content.decode()
    assert 'Factual drift</span> <span class="muted">(weekday)</span>' in page
    assert 'Factual drift</span> <span class="muted">(number)</span>' in page


def test_highlight_segments_cover_the_text_once_even_when_findings_overlap():
    text = "abcdefghij"
    findings = [{"number": 1, "kind": "spin", "start": 2, "end": 6, "segment": None},
                {"number": 2, "kind": "drift", "start": 4, "end": 8, "segment": None},
                {"number": 3, "kind": "boilerplate", "start": 5, "end": 5, "segment": None},  # empty span
                {"number": 4, "kind": "sidebar", "start": 8, "end": 50, "segment": None}]  # past the end
    segments = views._highlight(text, findings, body_start=0, body_end=9)
    assert "".join(s["text"] for s in segments) == text
    assert [(s["text"], s["kinds"]) for s in segments] == [
        ("ab", []), ("cd", ["spin"]), ("ef", ["drift", "spin"]), ("gh", ["drift"]), ("i", ["sidebar"]),
        ("j", ["sidebar"])]
    assert segments[-1]["chrome"] and not segments[-2]["chrome"]
    assert [f["segment"] for f in findings] == [1, 2, None, 4]


def test_a_sentence_is_the_engines_sentence_around_a_span():
    assert views._sentence_of("One. Two three. Four.", 6, 9) == (5, 15)
    assert views._sentence_of("One.\nTwo three", 5, 8) == (5, 14)  # never across a line break


# CSV ----------------------------------------------------------------------------------------------

def _csv(client, url, table, **params):
    """The downloaded table as (header, rows)."""
    response = client.get(url, {"csv": table, **params})
    assert response.status_code == 200, (url, table)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    return header, [dict(zip(header, row)) for row in rows]


def test_every_table_downloads_as_csv(editor, world):
    pages = _pages(world)
    tables = {"overview": ["leaderboard", "low_articles"], "outlet-list": ["outlets"],
              "outlet-detail": ["worst_articles", "copy_sources", "findings", "history"],
              "story-list": ["stories"], "story-detail": ["facts", "matrix", "articles", "copies"],
              "article-detail": ["findings"]}
    for page, names in tables.items():
        for name in names:
            shown = editor.get(pages[page]).context
            header, rows = _csv(editor, pages[page], name)
            expected = shown["table"] if name in ("outlets", "stories") else shown["tables"][name]
            assert len(rows) == len(expected["rows"]), (page, name)
            assert header == list(expected["columns"].values()), (page, name)


def test_csv_downloads_keep_the_filters_and_defuse_formulas(editor, world):
    make_outlet(name="=HYPERLINK(1)")
    _, rows = _csv(editor, reverse("scoring:outlet-list"), "outlets", q="HYPERLINK")
    assert [r["Outlet"] for r in rows] == ["'=HYPERLINK(1)"]


def test_an_unknown_csv_table_is_not_found(editor, world):
    assert editor.get("/", {"csv": "nope"}).status_code == 404


# Query counts -------------------------------------------------------------------------------------

def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_each_page_runs_a_fixed_number_of_queries_whatever_the_data_size(editor, django_assert_num_queries):
    small = _pages(make_world(stories=1))
    counts = {name: _query_count(editor, url) for name, url in small.items()}
    # A larger world: more outlets, stories, articles, findings, copies and windows; its detail
    # pages show an outlet with 6 scored articles instead of 1.
    large = _pages(make_world(stories=6, outlet_names=("North Star", "South Post", "East Echo", "West Wire")))
    for name, url in large.items():
        assert counts[name] <= 12, name
        with django_assert_num_queries(counts[name]):
            assert editor.get(url).status_code == 200


def test_an_outlet_gets_its_current_overall_score_in_one_join(world):
    from scoring.engine.version import ENGINE_VERSION
    from scoring.models import OutletScore
    from sources.models import Outlet

    herald = world["outlets"]["Harbour Herald"]
    OutletScore.objects.create(outlet=herald, engine_version=ENGINE_VERSION + "-old", score=1.0, articles=1)
    lone = make_outlet(name="Unscored Outlet")
    rows = {o.pk: o for o in Outlet.objects.with_current_score()}
    assert (rows[herald.pk].score, rows[herald.pk].scored_articles) == (95.0, 2)  # not the old version's, not a window
    assert rows[lone.pk].score is None and rows[lone.pk].scored_articles is None
    assert len(rows) == Outlet.objects.count()  # windows and old versions add no rows


def test_on_the_demo_each_article_page_agrees_with_its_story_page_and_a_sentence_is_told_one_thing(editor):
    from django.core.management import call_command

    from sources.models import Story

    call_command("load_demo", stdout=io.StringIO())
    checked = 0
    for story in Story.objects.prefetch_related("articles__outlet"):
        matrix = editor.get(reverse("scoring:story-detail", args=[story.pk])).context["tables"]["matrix"]["rows"]
        state = {(row["fact"], column[len("outlet:"):]): value for row in matrix for column, value in row.items()
                 if column.startswith("outlet:")}
        single = {a.outlet.name for a in story.articles.all()
                  if sum(b.outlet_id == a.outlet_id for b in story.articles.all()) == 1}
        for article in story.articles.all():
            context = editor.get(reverse("scoring:article-detail", args=[article.pk])).context
            penalised = [(f["start"], f["end"]) for f in context["findings"] if f["penalised"]]
            for claim in (f for f in context["findings"] if f["kind"] == "unverified"):
                assert not any(a < claim["end"] and claim["start"] < b for a, b in penalised), article.pk
            if article.outlet.name in single and context["score"] and context["score"].has_consensus:
                # (an outlet of several articles shows the state that comes first, so only single ones compare)
                left_out = {f["expected"] for f in context["omissions"]}
                omits = {fact for (fact, outlet), value in state.items()
                         if outlet == article.outlet.name and value == "omits"}
                assert left_out == omits, article.pk
                checked += len(left_out)
    assert checked  # the demo has facts some articles leave out
