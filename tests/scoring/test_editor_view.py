"""The editor's view (issue 21): points an editor can read, bands that mean something, evidence that agrees with
itself, plain wording, and the small things (exports with a token, favicon, admin)."""
import csv
import io
import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from scoring import charts, explain
from scoring.engine.fidelity import DEFAULT_WEIGHTS, article_fidelity
from scoring.engine.version import ENGINE_VERSION
from scoring.engine.types import Finding as EngineFinding
from scoring.models import ApiToken, FindingKind, OutletScore
from tests.conftest import make_article, make_outlet
from tests.scoring.factories import find, make_coverage, make_fact, make_finding, make_score, make_story

pytestmark = pytest.mark.django_db

TEXT = ("The council approved the new harbour overpass on Monday after a lengthy discussion. "
        "The bridge will cost 90 million pounds, the mayor said. Nobody else reports this sentence at all.")


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_user("editor", password="pw-for-tests"))
    return client


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+([,.:])", r"\1", " ".join(re.sub(r"<[^>]+>", " ", html).split()))


def _scored_article(findings, outlet=None, story=None, text=TEXT):
    """An article whose stored fidelity is the engine's formula over its findings, as a scoring run stores it."""
    article = make_article(outlet=outlet or make_outlet(name="Daily Drift"), text=text, story=story,
                           title="Bridge approved")
    engine = [EngineFinding(kind, 0, 1, "x", severity=severity) for kind, _, _, severity in findings]
    fidelity, parts = article_fidelity(engine)
    score = make_score(article, fidelity=fidelity, **parts)
    for kind, needle, expected, severity in findings:
        make_finding(score, kind, *find(score, needle), expected=expected, severity=severity)
    return article, score


# Points -------------------------------------------------------------------------------------------

def test_each_finding_shows_its_points_and_the_article_score_adds_up_on_the_page(editor):
    article, score = _scored_article([("spin", "overpass", "bridge", 0.5), ("spin", "lengthy discussion",
                                      "long debate", 0.4), ("drift", "90 million", "40 million", 1.0)])
    assert score.fidelity == pytest.approx(86.4)
    text = _text(_page(editor, reverse("scoring:article-detail", args=[article.pk])))
    assert "Spin −2 points" in text and "Spin −1.6 points" in text and "Factual drift −10 points" in text
    assert "100 − 3.6 (spin) − 10 (drift) = 86.4" in text
    assert "severity 0." not in text  # the old raw number is gone


def test_a_kind_over_its_cap_says_the_cap():
    findings = [{"kind": "drift", "severity": 1.0}] * 7
    summary = explain.article_sum(findings, 40.0)
    (drift,) = summary["parts"]
    assert drift["points"] == 70 and drift["lost"] == DEFAULT_WEIGHTS.drift_cap and drift["capped"]
    assert summary["result"] == 40.0 and summary["matches"]


def test_points_come_from_the_engine_weights():
    assert explain.points("spin", 0.5) == DEFAULT_WEIGHTS.spin_points * 0.5
    assert explain.points("drift", 1.0) == DEFAULT_WEIGHTS.drift_points
    assert explain.points("unverified", 1.0) == explain.points("boilerplate", 0.7) == 0


def test_the_outlet_score_is_explained_as_a_mean_pulled_toward_the_typical_outlet(editor):
    outlet = make_outlet(name="Daily Drift")
    OutletScore.objects.create(outlet=outlet, engine_version=ENGINE_VERSION,
                               score=73.3, low=67.9, high=78.8, articles=9, compared=8, mean=70.0, prior=100.0)
    text = _text(_page(editor, reverse("scoring:outlet-detail", args=[outlet.slug])))
    assert "Mean of its 8 compared articles: 70.0" in text
    assert "pulled 11% of the way toward the typical outlet's mean (100.0): score 73.3, 90% interval 67.9–78.8" in text
    assert "1 of its 9 articles was not compared" in text


def test_an_outlet_with_too_few_compared_articles_shows_insufficient_evidence_not_a_number(editor):
    outlet = make_outlet(name="Lowmoor Post")
    OutletScore.objects.create(outlet=outlet, engine_version=ENGINE_VERSION,
                               score=None, low=None, high=None, articles=4, compared=3, mean=100.0)
    text = _text(_page(editor, reverse("scoring:outlet-detail", args=[outlet.slug])))
    assert "Insufficient evidence. Lowmoor Post has 3 compared articles" in text
    listing = _page(editor, reverse("scoring:outlet-list"))
    assert 'class="badge score-none">insufficient evidence<' in listing


# Bands --------------------------------------------------------------------------------------------

def test_an_article_that_lost_any_point_is_never_green():
    assert explain.article_band(100.0) == "score-clean"
    assert explain.article_band(98.0) == "score-minor"  # one swapped word
    assert explain.article_band(86.0) == "score-mid"  # the spun copy with seven swaps of the issue
    assert explain.article_band(90.0 - 0.1) == "score-mid"  # a changed fact and a swap
    assert explain.article_band(60.0) == "score-low"
    assert explain.article_band(None) == "score-none"


def test_a_page_shows_the_bands_and_a_two_point_article_is_not_green(editor):
    article, score = _scored_article([("spin", "overpass", "bridge", 0.5)])
    html = _page(editor, reverse("scoring:story-detail", args=[make_story().pk]))
    assert "What the colours mean" in html and "100: no points lost" in html
    article.story = make_story(title="Bridge")
    article.save()
    html = _page(editor, reverse("scoring:story-detail", args=[article.story.pk]))
    assert 'class="badge score-minor">98.0<' in html


# Not compared -------------------------------------------------------------------------------------

def test_an_article_not_compared_shows_its_own_badge_and_never_a_number(editor, client):
    story = make_story(title="Lonely story")
    article = make_article(outlet=make_outlet(name="Solo News"), story=story, text=TEXT, title="Alone")
    make_score(article, fidelity=None, has_consensus=False)
    html = _page(editor, reverse("scoring:article-detail", args=[article.pk]))
    assert 'class="badge score-none">not compared<' in html and "Not compared." in html
    story_html = _page(editor, reverse("scoring:story-detail", args=[story.pk]))
    assert 'class="badge score-none">not compared<' in story_html
    assert 'score-none">not compared<' in _page(editor, reverse("scoring:story-list"))
    api = editor.get(f"/api/v1/articles/{article.pk}").json()
    assert api["fidelity"] is None and api["fidelity_status"] == "not compared"


def test_charts_leave_out_what_has_no_score():
    figure = charts.score_history([{"window_start": date(2024, 3, 4), "score": None, "low": None, "high": None},
                                   {"window_start": date(2024, 3, 11), "score": 90.0, "low": 85.0, "high": 95.0}],
                                  "X")
    assert [t["y"] for t in figure["data"]] == [[90.0]]  # one week left: its interval as a whisker


# Numbering, dedupe, names -------------------------------------------------------------------------

def test_findings_are_numbered_in_the_order_shown_and_a_sentence_is_told_one_thing(editor):
    herald = make_article(outlet=make_outlet(name="Harbour Herald"), text="The bridge will cost 40 million.")
    article, score = _scored_article([("drift", "90 million", "40 million", 1.0), ("spin", "overpass", "bridge", 0.5)])
    score.findings.filter(kind="drift").update(support=[herald.pk])
    # As the bridge stores coverage: the sentence holding the drift is not also unverified (tasks._unverified), the
    # fact the drift quotes is contradicted, not left out, and a fact the article states is not left out either.
    score.unverified = [list(find(score, "Nobody else reports this sentence at all."))]
    score.save()
    story = make_story()
    facts = [make_fact(story, text, [herald.pk], position=n) for n, text in enumerate((
        "The bridge will cost 40 million pounds, the mayor said.", "The mayor opened the new library on Tuesday "
        "morning.", "The council approved the new harbour overpass on Monday."))]
    for fact, state in zip(facts, ("contradicts", "omits", "states")):
        make_coverage(score, fact, state)
    response = editor.get(reverse("scoring:article-detail", args=[article.pk]))
    shown = [(f["number"], f["kind"]) for f in response.context["findings"] + response.context["omissions"]]
    # Spin first (earlier in the text), then the drift, the unverified sentence, then the fact it leaves out.
    assert shown == [(1, "spin"), (2, "drift"), (3, "unverified"), (4, "omission")]
    assert response.context["omissions"][0]["expected"].startswith("The mayor opened")
    html = response.content.decode()
    assert 'id="finding-4" value="4"' in html
    assert not re.search(r"Harbour Herald #\d", html)
    assert ">Harbour Herald</a>" in html


def test_the_review_queue_and_article_page_use_the_same_kind_words(editor):
    assert FindingKind.label_of("unverified") == "Unverified claim"
    assert editor.get(reverse("scoring:review-queue")).context["kind_labels"] == dict(FindingKind.choices)


# The story page -----------------------------------------------------------------------------------

def test_the_story_page_states_and_heatmap_agree_and_a_copy_is_one_voice_with_its_source(editor):
    story = make_story(title="Flood")
    wire, daily, courier, pulse = (make_outlet(name=n) for n in ("Wire", "Daily", "Courier", "Pulse"))
    a_wire = make_article(outlet=wire, story=story, text="Crews rescued 23 people on Thursday.")
    a_daily = make_article(outlet=daily, story=story, text="Crews rescued 23 people on Thursday.")
    a_courier = make_article(outlet=courier, story=story, text="Crews rescued 23 people on Thursday.")
    a_pulse = make_article(outlet=pulse, story=story, text="Crews rescued 23 people on Tuesday.")
    scores = [make_score(a_wire, fidelity=100.0),
              make_score(a_daily, fidelity=100.0, copied_from=a_wire, copy_similarity=1.0),
              make_score(a_courier, fidelity=100.0)]
    s_pulse = make_score(a_pulse, fidelity=90.0)
    fact = "Crews rescued 23 people on Thursday."
    supporters = [a_wire.pk, a_daily.pk, a_courier.pk, a_pulse.pk]  # the engine counted Pulse's sentence in
    stored = [make_fact(story, fact, supporters, position=0),
              make_fact(story, "It has now been quashed.", supporters, position=1),
              make_fact(story, "PORT CALDER, Aug 30 (NPA) - Dockworkers will return to work on Monday.", supporters, 2)]
    make_finding(s_pulse, "drift", *find(s_pulse, "Tuesday"), expected="Thursday", support=[a_wire.pk, a_courier.pk],
                 severity=1.0, fact=stored[0])
    for f in stored:
        for s in scores:
            make_coverage(s, f, "states")
        make_coverage(s_pulse, f, "contradicts" if f == stored[0] else "states")
    response = editor.get(reverse("scoring:story-detail", args=[story.pk]))
    facts = response.context["tables"]["facts"]["rows"]
    assert [f["text"] for f in facts] == [fact, "Dockworkers will return to work on Monday."]
    assert facts[0]["outlets"] == "Courier, Wire (and its copy Daily)"  # Pulse contradicts it: not "stated by"
    matrix = response.context["tables"]["matrix"]["rows"][0]
    assert matrix["outlet:Pulse"] == "contradicts" and matrix["outlet:Daily"] == "states"
    stating = {o for o, s in matrix.items() if s == "states"}
    assert stating == {"outlet:Wire", "outlet:Daily", "outlet:Courier"}
    assert "1 more fact of the engine" in _text(response.content.decode())


@pytest.mark.parametrize("text, shown", [
    ("It has now been quashed.", None),
    ("“We are disappointed,” it said.", "“We are disappointed,” it said."),
    ("We came because the port is ready.”", None),
    ('"We did not come here for the weather.', None),
    ("Sandra Ellery said: “I have never seen the river rise so quickly.", "Sandra Ellery said: “I have never seen "
                                                                          "the river rise so quickly."),
    ("Turnout was 31.4%.", "Turnout was 31.4%."),
    (", it said.", None),
    ("LONDON (Reuters) - The bank raised rates.", "The bank raised rates."),
])
def test_consensus_facts_are_shown_only_as_complete_statements(text, shown):
    assert explain.fact_statement(text) == shown


# Charts with little data --------------------------------------------------------------------------

def test_a_new_outlets_chart_with_one_week_has_a_readable_date_axis():
    figure = charts.score_history([{"window_start": date(2026, 11, 30), "score": 88.0, "low": 80.0,
                                    "high": 95.0, "articles": 5}], "New Outlet")
    axis = figure["layout"]["xaxis"]
    assert axis["type"] == "date" and axis["tickformat"] == "%-d %b"
    assert axis["range"] == ["2026-11-23", "2026-12-07"] and axis["tickvals"] == ["2026-11-30"]


def test_count_axes_have_whole_number_ticks():
    figure = charts.histogram([{"bin": 9, "n": 1}])
    assert figure["layout"]["yaxis"]["dtick"] == 1 and figure["layout"]["yaxis"]["tickformat"] == ",d"


def test_findings_by_kind_keeps_the_kinds_that_cost_points_apart():
    figure = charts.findings_by_kind([{"kind": "unverified", "n": 9}, {"kind": "drift", "n": 2},
                                      {"kind": "omission", "n": 3}, {"kind": "spin", "n": 4}],
                                     dict(FindingKind.choices))
    groups = {t["name"]: t["y"] for t in figure["data"]}
    assert groups == {"Cost points": ["Spin", "Factual drift"],
                      "Cost nothing": ["Unverified claim", "Omitted consensus fact"]}


def test_points_lost_chart_is_on_the_points_scale():
    figure = charts.components([{"name": "A", "spin": 12.0, "drift": 18.0, "sidebar": 0.0}], dict(FindingKind.choices))
    assert figure["layout"]["xaxis"]["title"]["text"] == "Points lost per article"
    assert [t["x"] for t in figure["data"]] == [[12.0], [18.0], [0.0]]


# Exports, admin, small things ---------------------------------------------------------------------

def test_the_findings_export_answers_an_api_token_and_carries_points_and_supporting_outlets(client):
    herald = make_article(outlet=make_outlet(name="Harbour Herald"), text="The bridge will cost 40 million.")
    article, score = _scored_article([("drift", "90 million", "40 million", 1.0)])
    score.findings.update(support=[herald.pk])
    _, token = ApiToken.issue(User.objects.create_user("script"))
    response = client.get("/exports/findings.csv", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["kind_label"] == "Factual drift" and float(row["points"]) == 10.0
    assert row["expected"] == "40 million" and row["supporting_outlets"] == "Harbour Herald"
    assert client.get("/exports/findings.csv", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/exports/findings.csv").status_code == 302  # no token: the login page, as before


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.ico")


def test_the_admin_is_branded_links_the_import_and_a_new_outlet_starts_reviewed(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Concordance administration" in html and "Django administration" not in html
    assert reverse("admin:sources_article_import") in html
    form = admin_client.get(reverse("admin:sources_outlet_add")).context["adminform"].form
    assert form.initial["is_reviewed"] is True


def test_a_second_ensure_admin_hints_how_to_reset_a_lost_password(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    call_command("ensure_admin", stdout=out)
    assert "manage.py changepassword admin" in out.getvalue()


def test_an_import_prints_no_broker_hostname_warning(tmp_path, caplog):
    path = tmp_path / "one.jsonl"
    path.write_text('{"id": "1", "outlet": "Harbour Herald", "text": "The council approved the bridge."}\n')
    call_command("import_articles", str(path), stdout=io.StringIO())
    assert "No hostname was supplied" not in caplog.text


def test_page_csvs_say_not_compared_and_insufficient_evidence_in_words(editor):
    story = make_story(title="Lonely story")
    article = make_article(outlet=make_outlet(name="Solo News"), story=story, text=TEXT, title="Alone")
    make_score(article, fidelity=None, has_consensus=False)
    OutletScore.objects.create(outlet=article.outlet, engine_version=ENGINE_VERSION,
                               score=None, low=None, high=None, articles=1, compared=0)
    (row,) = csv.DictReader(io.StringIO(editor.get(reverse("scoring:story-detail", args=[story.pk]),
                                                   {"csv": "articles"}).content.decode()))
    assert row["Fidelity"] == "" and row["Status"] == "not compared"
    (row,) = csv.DictReader(io.StringIO(editor.get(reverse("scoring:outlet-list"), {"csv": "outlets"})
                                        .content.decode()))
    assert row["Fidelity"] == "" and row["Status"] == "insufficient evidence"
