"""Chart dicts: valid Plotly figures with titles and labelled axes, built without Django."""
import subprocess
import sys
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import pytest

from scoring import charts

OUTLETS = [
    {"name": "Harbour Herald", "score": 95.0, "low": 90.0, "high": 98.5, "articles": 40},
    {"name": "Daily Drift", "score": 55.2, "low": 41.0, "high": 66.0, "articles": 3},
    {"name": "Coast Courier", "score": 88.0, "low": 80.0, "high": 93.0, "articles": 12},
]
COMPONENTS = [{"name": "Harbour Herald", "spin": 0.0, "drift": 0.01, "sidebar": 0.0},
              {"name": "Daily Drift", "spin": 0.05, "drift": 0.3, "sidebar": 0.12}]
HISTORY = [{"window_start": date(2024, 3, w), "score": 80.0 + w, "low": 70.0, "high": 90.0, "articles": 4}
           for w in (4, 11, 18)]
FACTS = [{"id": 11, "text": "The bridge opened on Monday."},
         {"id": 12, "text": "It cost 40 million pounds."},
         {"id": 13, "text": "Construction took two years."}]
# Kind words as the views pass them (scoring.models.FindingKind; charts.py imports no Django).
LABELS = {"drift": "Factual drift", "spin": "Spin", "sidebar": "Partisan sidebar", "unverified": "Unverified claim",
          "boilerplate": "Neutral site chrome", "updated": "Updated by later reports",
          "omission": "Omitted consensus fact"}
ARTICLES = [{"id": 1, "outlet": "Herald"}, {"id": 2, "outlet": "Courier"}, {"id": 3, "outlet": "Drift"},
            {"id": 4, "outlet": "Herald"}]


def all_figures():
    states = charts.fact_states(FACTS, ARTICLES, [])
    return {
        "leaderboard": charts.leaderboard(OUTLETS),
        "components": charts.components(COMPONENTS, LABELS),
        "trend": charts.trend({"Harbour Herald": HISTORY, "Daily Drift": HISTORY[:2]}),
        "histogram": charts.histogram([{"bin": 9.0, "n": 3}, {"bin": 5, "n": 1}]),
        "findings_by_kind": charts.findings_by_kind([{"kind": "drift", "n": 4}, {"kind": "spin", "n": 2}], LABELS),
        "fact_heatmap": charts.fact_heatmap(states),
        "score_history": charts.score_history(HISTORY, "Harbour Herald"),
    }


@pytest.mark.parametrize("name", list(all_figures()))
def test_every_figure_is_valid_plotly_with_a_title_and_labelled_axes(name):
    figure = all_figures()[name]
    go.Figure(figure)  # raises ValueError on any property Plotly does not know
    layout = figure["layout"]
    assert layout["title"]["text"]
    assert layout["xaxis"]["title"]["text"] and layout["yaxis"]["title"]["text"]


def test_the_leaderboard_puts_the_best_outlet_on_top_with_asymmetric_intervals():
    trace = charts.leaderboard(OUTLETS)["data"][0]
    assert trace["y"] == ["Daily Drift", "Coast Courier", "Harbour Herald"]  # Plotly draws bottom-up
    assert trace["error_x"]["array"] == [10.8, 5.0, 3.5]
    assert trace["error_x"]["arrayminus"] == [14.2, 8.0, 5.0]


def test_a_long_leaderboard_keeps_the_best_and_the_worst():
    rows = [{"name": f"O{i:02}", "score": float(i), "low": i - 1.0, "high": i + 1.0} for i in range(100)]
    figure = charts.leaderboard(rows, limit=10)
    assert figure["data"][0]["y"] == ["O00", "O01", "O02", "O03", "O04", "O95", "O96", "O97", "O98", "O99"]
    assert "5 best and 5 worst" in figure["layout"]["title"]["text"]


def test_components_are_stacked_bars_one_trace_per_component():
    figure = charts.components(COMPONENTS, LABELS)
    assert figure["layout"]["barmode"] == "stack"
    assert [t["name"] for t in figure["data"]] == ["Spin", "Drift", "Sidebar"]
    assert figure["data"][1]["x"] == [0.01, 0.3]  # worst at the top, Plotly draws bottom-up


def test_the_histogram_fills_empty_bins():
    trace = charts.histogram([{"bin": 9.0, "n": 3}, {"bin": 5, "n": 1}])["data"][0]
    assert trace["x"][0] == "0–10" and trace["x"][-1] == "90–100"
    assert trace["y"] == [0, 0, 0, 0, 0, 1, 0, 0, 0, 3]


def _coverage(article: int, states: str) -> list[dict]:
    words = {"S": "states", "C": "contradicts", "O": "omits"}
    return [{"article": article, "fact": f["id"], "state": words[s]} for f, s in zip(FACTS, states)]


def test_fact_states_read_the_stored_coverage_of_each_outlet():
    coverage = _coverage(1, "SSO") + _coverage(2, "SSS") + _coverage(3, "CCO")
    states = charts.fact_states(FACTS, ARTICLES, coverage)
    assert states["outlets"] == ["Herald", "Courier", "Drift"]
    assert states["states"] == [["states", "states", "contradicts"],
                                ["states", "states", "contradicts"],
                                ["omits", "states", "omits"]]


def test_an_outlet_with_two_articles_shows_contradiction_before_stating_before_omitting():
    states = charts.fact_states(FACTS, ARTICLES, _coverage(1, "SOO") + _coverage(4, "CSO"))
    assert [row[0] for row in states["states"]] == ["contradicts", "states", "omits"]


def test_the_heatmap_maps_each_state_to_its_own_colour_band():
    states = {"outlets": ["A", "B", "C"], "facts": ["f1"], "states": [["contradicts", "omits", "states"]]}
    trace = charts.fact_heatmap(states)["data"][0]
    assert trace["z"] == [[-1, 0, 1]]
    scale, lo, hi = trace["colorscale"], trace["zmin"], trace["zmax"]
    for value, state in ((-1, "contradicts"), (0, "omits"), (1, "states")):
        position = (value - lo) / (hi - lo)
        band = [colour for (a, colour), (b, _) in zip(scale, scale[1:]) if a <= position <= b and a != b]
        assert band == [charts.STATE_COLOURS[state]]


def test_charts_import_without_django():
    code = "import sys, scoring.charts; assert 'django' not in sys.modules, 'django was imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(charts.__file__).resolve().parent.parent)
