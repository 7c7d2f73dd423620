"""Dashboard figures: plain rows in, Plotly figure dicts out. No Django, no database.

Every figure has a title and labelled axes (the template uses the title as the chart's
accessible name). Dicts, not plotly objects, so the view passes them straight to
`json_script` and tests can check them without a browser.
"""
from __future__ import annotations

import html

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
KIND_COLOURS = {
    "spin": "#E69F00",
    "drift": "#0072B2",
    "sidebar": "#CC79A7",
    "boilerplate": "#999999",
    "omission": "#56B4E9",
    "unverified": "#009E73",
    "updated": "#F0E442",
}
COMPONENTS = ("spin", "drift", "sidebar")
STATE_VALUES = {"contradicts": -1, "omits": 0, "states": 1}
STATE_COLOURS = {"contradicts": "#D55E00", "omits": "#E8E8E8", "states": "#009E73"}
LINE_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]

_FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}
_ROW_HEIGHT = 26  # pixels per bar or heatmap row, so long lists stay readable
# Legends sit between the title and the plot: below the plot they collide with the x-axis title.
_LEGEND = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"}


def _layout(title: str, x_title: str, y_title: str, height: int = 360, **extra) -> dict:
    layout = {
        # Pinned to the top of the figure, so a legend wrapping above the plot never covers it.
        "title": {"text": title, "x": 0, "xanchor": "left", "yref": "container", "y": 1, "yanchor": "top",
                  "pad": {"t": 8}},
        "xaxis": {"title": {"text": x_title}, "automargin": True},
        "yaxis": {"title": {"text": y_title}, "automargin": True},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "font": _FONT,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "hoverlabel": {"namelength": -1},
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def label(text) -> str:
    """A name or text from the data, as Plotly must see it: Plotly renders a subset of HTML in labels, legends,
    titles and hovers (an outlet named <a href=...> became a live link), so &, < and > are written as entities,
    which it shows as the characters themselves."""
    return html.escape(str(text), quote=False)


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _date(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def leaderboard(rows: Sequence[Mapping], limit: int = 40) -> dict:
    """Outlets' fidelity as horizontal bars with 90% interval error bars; rows: name, score, low, high."""
    rows = sorted(rows, key=lambda r: (-r["score"], r["name"]))
    title = "Outlet fidelity (90% interval)"
    if len(rows) > limit:
        # Best and worst ends are what editors act on; the full list is in the table below.
        half = limit // 2
        rows = rows[:half] + rows[-half:]
        title = f"Outlet fidelity, {half} best and {half} worst (90% interval)"
    rows = rows[::-1]  # Plotly draws the first category at the bottom
    names = [label(r["name"]) for r in rows]
    scores = [round(r["score"], 1) for r in rows]
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": scores,
        "y": names,
        "marker": {"color": "#0072B2"},
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [round(r["high"] - r["score"], 2) for r in rows],
            "arrayminus": [round(r["score"] - r["low"], 2) for r in rows],
            "color": "#333333",
        },
        "customdata": [[round(r["low"], 1), round(r["high"], 1), r.get("articles", 0)] for r in rows],
        "hovertemplate": "%{y}: %{x}<br>90% interval %{customdata[0]}–%{customdata[1]}"
                         "<br>%{customdata[2]} articles<extra></extra>",
        "name": "Fidelity",
    }
    layout = _layout(title, "Fidelity (0–100)", "Outlet", height=120 + _ROW_HEIGHT * max(len(rows), 3),
                     xaxis={"range": [0, 102]})
    return {"data": [trace], "layout": layout}


def components(rows: Sequence[Mapping], labels: Mapping[str, str], limit: int = 40) -> dict:
    """Points lost per compared article on average, by kind, per outlet as stacked bars (0-100 scale, the same
    points as the fidelity scores); rows: name, spin, drift, sidebar (points); labels: kind -> its words."""
    rows = sorted(rows, key=lambda r: (-sum(r[c] or 0 for c in COMPONENTS), r["name"]))[:limit][::-1]
    names = [label(r["name"]) for r in rows]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": c.capitalize(),  # short, so the legend fits on one line on a phone
            "x": [round(r[c] or 0, 2) for r in rows],
            "y": names,
            "marker": {"color": KIND_COLOURS[c]},
            "hovertemplate": "%{y}: %{x} points<extra>" + label(labels[c]) + "</extra>",
        }
        for c in COMPONENTS
    ]
    top = max((sum(r[c] or 0 for c in COMPONENTS) for r in rows), default=0)
    layout = _layout("Points lost per article, by kind", "Points lost per article",
                     "Outlet", height=170 + _ROW_HEIGHT * max(len(rows), 3), barmode="stack",
                     legend=_LEGEND, margin={"t": 95},
                     xaxis={"range": [0, max(10, top * 1.1)], "rangemode": "tozero"})
    return {"data": data, "layout": layout}


def trend(series: Mapping[str, Sequence[Mapping]]) -> dict:
    """Score per time window with its 90% interval, one line per outlet; rows: window_start, score, low, high."""
    data = []
    days = set()
    for i, (name, rows) in enumerate(series.items()):
        rows = [r for r in rows if r["score"] is not None]  # windows with insufficient evidence have no point
        days |= {_date(r["window_start"]) for r in rows}
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        data.append({
            "type": "scatter",
            "mode": "lines+markers",
            "name": label(name),
            "x": [_date(r["window_start"]) for r in rows],
            "y": [round(r["score"], 1) for r in rows],
            "line": {"color": colour},
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": [round(r["high"] - r["score"], 2) for r in rows],
                "arrayminus": [round(r["score"] - r["low"], 2) for r in rows],
                "color": colour,
                "thickness": 1,
            },
            "hovertemplate": "%{x}: %{y}<extra>%{fullData.name}</extra>",  # not spliced in: %{...} in a name
        })
    title = "Fidelity over time (90% interval)"  # outlet names are in the legend: they can be long
    layout = _layout(title, "Week of", "Fidelity (0–100)", yaxis={"range": [0, 102]},
                     legend=_LEGEND, margin={"t": 95}, xaxis=_week_axis(days))
    return {"data": data, "layout": layout}


def _week_axis(days: Iterable[str]) -> dict:
    """A date axis for weekly points: ticks at the weeks, as day and month, and a week either side of a lone week
    (Plotly would otherwise spread one point over a millisecond: "23:59:59.999")."""
    days = sorted(days)
    axis = {"type": "date", "tickformat": "%-d %b", "hoverformat": "week of %-d %b %Y"}
    if len(days) <= 1:
        day = date.fromisoformat(days[0][:10]) if days else date.today()
        axis["range"] = [(day - timedelta(days=7)).isoformat(), (day + timedelta(days=7)).isoformat()]
        axis["tickvals"] = [d for d in days]
    elif len(days) <= 8:
        axis["tickvals"] = days
    return axis


def histogram(bins: Iterable[Mapping], bin_width: int = 10) -> dict:
    """Articles per fidelity bin as bars, empty bins included; rows: bin (lower edge / bin_width), n."""
    counts = {int(b["bin"]): b["n"] for b in bins}
    edges = range(0, 100, bin_width)
    labels = [f"{lo}–{lo + bin_width}" for lo in edges]
    trace = {
        "type": "bar",
        "x": labels,
        "y": [counts.get(i, 0) for i in range(len(labels))],
        "marker": {"color": "#0072B2"},
        "hovertemplate": "Fidelity %{x}: %{y} articles<extra></extra>",
        "name": "Articles",
    }
    return {"data": [trace], "layout": _layout("Distribution of article fidelity", "Fidelity (compared articles)",
                                               "Articles", yaxis=_count_axis(trace["y"]))}


def _count_axis(counts: Sequence[int]) -> dict:
    """A y axis for counts: whole numbers only (no "0.5 articles"), one tick per unit while counts are small."""
    top = max(counts, default=0)
    axis = {"tickformat": ",d", "rangemode": "tozero", "range": [0, max(1, top) * 1.1]}
    if top <= 10:
        axis["dtick"] = 1
    return axis


def findings_by_kind(rows: Iterable[Mapping], labels: Mapping[str, str]) -> dict:
    """Number of findings per kind as horizontal bars: the kinds that cost points on top, solid, apart from those
    shown for information (chrome, left-out facts, unverified claims, updated values), hatched; rows: kind, n;
    labels: every kind -> its words, in the order shown."""
    counts = {r["kind"]: r["n"] for r in rows}
    data = []
    groups = (("Cost points", COMPONENTS, ""), ("Cost nothing", [k for k in labels if k not in COMPONENTS], "/"))
    for name, group, hatch in groups:
        kinds = [k for k in group if k in counts]
        if not kinds:
            continue
        data.append({
            "type": "bar",
            "orientation": "h",
            "y": [labels[k] for k in kinds],
            "x": [counts[k] for k in kinds],
            "marker": {"color": [KIND_COLOURS[k] for k in kinds], "pattern": {"shape": hatch}},
            "hovertemplate": "%{y}: %{x}<extra>" + name + "</extra>",
            "name": name,
        })
    order = [label for trace in data for label in trace["y"]]
    top = max((max(t["x"]) for t in data), default=0)
    layout = _layout("Findings by kind", "Findings", "Kind", height=150 + _ROW_HEIGHT * max(len(order), 3),
                     xaxis=_count_axis([top]), legend=_LEGEND, margin={"t": 95},
                     yaxis={"categoryorder": "array", "categoryarray": order[::-1]})
    return {"data": data, "layout": layout}


def fact_states(facts: Sequence[Mapping], articles: Sequence[Mapping], coverage: Iterable[Mapping]) -> dict:
    """Whether each outlet states, contradicts or omits each consensus fact, read from the stored coverage.

    facts: id, text; articles: id, outlet; coverage: article, fact, state (one of STATE_VALUES). An outlet with
    several articles in the story takes the state an editor must see first: contradicts, then states, then omits.
    Returns {"outlets": [...], "facts": [...], "states": [[...] per fact]}.
    """
    outlets: list[str] = []
    outlet_of: dict = {}
    for a in articles:
        outlet_of[a["id"]] = a["outlet"]
        if a["outlet"] not in outlets:
            outlets.append(a["outlet"])
    rank = {"contradicts": 2, "states": 1, "omits": 0}
    state_of: dict = {}
    for row in coverage:
        outlet = outlet_of.get(row["article"])
        if outlet is None:
            continue
        key = (row["fact"], outlet)
        if rank[row["state"]] > rank[state_of.get(key, "omits")]:
            state_of[key] = row["state"]
    matrix = [[state_of.get((f["id"], o), "omits") for o in outlets] for f in facts]
    return {"outlets": outlets, "facts": [f["text"] for f in facts], "states": matrix}


def fact_heatmap(states: Mapping) -> dict:
    """The facts x outlets matrix from `fact_states` as a three-colour heatmap."""
    values = [STATE_VALUES[s] for s in STATE_VALUES]  # -1, 0, 1
    lo, hi = min(values), max(values)
    colourscale = []
    for n, state in enumerate(STATE_VALUES):
        # Flat bands so each state gets one colour whatever the data.
        colourscale += [[n / 3, STATE_COLOURS[state]], [(n + 1) / 3, STATE_COLOURS[state]]]
    facts = states["facts"]
    # Numbers, not sentences: the page lists the facts by number, and long labels would squeeze
    # the matrix off a phone screen. The full text is in the hover.
    labels = [f"Fact {i + 1}" for i in range(len(facts))]
    trace = {
        "type": "heatmap",
        "x": [label(o) for o in states["outlets"]],
        "y": labels,
        "z": [[STATE_VALUES[s] for s in row] for row in states["states"]],
        "text": [list(row) for row in states["states"]],
        "customdata": [[label(_shorten(t, 200))] * len(states["outlets"]) for t in facts],
        "zmin": lo - 0.5,
        "zmax": hi + 0.5,
        "colorscale": colourscale,
        "xgap": 2,
        "ygap": 2,
        # A fixed length from the plot's top: as long as the plot, the three states overlapped on a phone, where
        # the outlets' names below take most of a short figure's height.
        "colorbar": {"tickvals": values, "ticktext": list(STATE_VALUES), "title": {"text": "State"},
                     "thickness": 14, "lenmode": "pixels", "len": 96, "y": 1, "yanchor": "top"},
        "hovertemplate": "%{x} %{text}:<br>%{customdata}<extra></extra>",
    }
    # Every label kept (Plotly drops every other one when the plot is narrow, as on a phone).
    # The outlets' names below the plot take about 170 pixels on a phone: with less room than this, the plot of a
    # few facts was so short that the y-axis title ran up into the figure's.
    layout = _layout("Facts by outlet", "Outlet", "Consensus fact",
                     height=200 + _ROW_HEIGHT * max(len(facts), 4),
                     yaxis={"autorange": "reversed", "tickmode": "array", "tickvals": labels, "ticktext": labels},
                     xaxis={"tickmode": "array", "tickvals": list(states["outlets"]),
                            "ticktext": [_shorten(o, 24) for o in states["outlets"]]})
    return {"data": [trace], "layout": layout}


def score_history(rows: Sequence[Mapping], name: str) -> dict:
    """One outlet's score per window with its 90% interval as a shaded band."""
    rows = [r for r in rows if r["score"] is not None]  # windows with insufficient evidence have no point
    x = [_date(r["window_start"]) for r in rows]
    band_x = x + x[::-1]
    band_y = [round(r["high"], 2) for r in rows] + [round(r["low"], 2) for r in rows][::-1]
    line = {"type": "scatter", "mode": "lines+markers", "x": x, "y": [round(r["score"], 1) for r in rows],
            "line": {"color": "#0072B2"}, "name": "Fidelity",
            "customdata": [r.get("articles", 0) for r in rows],
            "hovertemplate": "%{x}: %{y} (%{customdata} articles)<extra></extra>"}
    if len(rows) == 1:  # a band needs two weeks; one week shows its interval as a whisker
        line["error_y"] = {"type": "data", "symmetric": False, "array": [round(rows[0]["high"] - rows[0]["score"], 2)],
                           "arrayminus": [round(rows[0]["score"] - rows[0]["low"], 2)], "color": "#0072B2"}
        line["name"] = "Fidelity (90% interval)"
        return {"data": [line], "layout": _layout(f"{name}: fidelity over time", "Week of", "Fidelity (0–100)",
                                                  yaxis={"range": [0, 102]}, legend=_LEGEND, margin={"t": 95},
                                                  xaxis=_week_axis(x), showlegend=True)}
    data = [
        {"type": "scatter", "x": band_x, "y": band_y, "fill": "toself", "fillcolor": "rgba(0,114,178,0.15)",
         "line": {"width": 0}, "hoverinfo": "skip", "name": "90% interval"},
        line,
    ]
    return {"data": data, "layout": _layout(f"{label(name)}: fidelity over time", "Week of", "Fidelity (0–100)",
                                            yaxis={"range": [0, 102]}, legend=_LEGEND, margin={"t": 95},
                                            xaxis=_week_axis(x))}
