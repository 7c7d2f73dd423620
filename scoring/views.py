"""Editors' dashboard: overview, outlets, stories and articles, each with CSV downloads of its tables.

Each view reads its filters, asks querysets for rows, builds chart dicts with `scoring.charts`
and renders. Every table on a page is also a CSV: `?csv=<table>` with the page's own filters.
Query counts do not grow with the data: lists come from aggregate queries, details from a fixed
handful of queries with `select_related` (tests check this with `django_assert_num_queries`).
"""
from types import SimpleNamespace

import pandas as pd
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg, F, OuterRef, Subquery
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from scoring import charts, explain, review_views
from scoring.engine.text import split_sentences
from scoring.exports import safe_cell
from scoring.forms import OutletFilterForm, StoryFilterForm
from scoring.models import ArticleScore, CoverageState, FactCoverage, Finding, FindingKind, OutletScore
from sources.models import Article, Outlet, Story

PAGE_SIZE = 50
LOW_FIDELITY = 70.0  # articles under this count as low fidelity on the overview
# With more outlets than twice this, the overview's table shows this many best and worst (the ends editors act
# on; the page stays small with a thousand outlets); the outlet list and the CSV have all of them.
LEADERBOARD_ROWS = 10
# When findings overlap, the highlight takes the colour of the kind an editor must see first (FindingKind's order).
KIND_PRECEDENCE = list(FindingKind.values)
PENALISED = FindingKind.penalised()


# Overview ---------------------------------------------------------------------------------------

@login_required
def overview(request):
    # Everything here reads small tables (outlet scores, the newest low articles), whatever the corpus size.
    leaders = list(OutletScore.objects.leaderboard())
    ends = _best_and_worst([s for s in leaders if s.score is not None])
    history = list(OutletScore.objects.history().filter(outlet__in=ends).select_related("outlet")) if ends else []
    low = list(ArticleScore.objects.current().low_fidelity(LOW_FIDELITY).latest(10))
    tables = {
        "leaderboard": _table(
            [{"outlet": s.outlet.name, "slug": s.outlet.slug, "score": s.score, "low": s.low, "high": s.high,
              "articles": s.articles, "compared": s.compared} for s in leaders],
            outlet="Outlet", score="Fidelity", low="90% low", high="90% high", articles="Articles",
            compared="Compared"),
        "low_articles": _table([_score_row(s) for s in low], **_SCORE_COLUMNS),
    }
    if response := _csv_response(request, "overview", tables):
        return response
    rows = tables["leaderboard"]["rows"]
    board = [{"name": r["outlet"], **r} for r in rows if r["score"] is not None]
    # Stored as shares of 100 lost; charted as points lost per compared article (0-100).
    components = [{"name": s.outlet.name, "spin": 100 * s.spin, "drift": 100 * s.drift, "sidebar": 100 * s.sidebar}
                  for s in leaders]
    shown = rows if len(rows) <= 2 * LEADERBOARD_ROWS else rows[:LEADERBOARD_ROWS] + rows[-LEADERBOARD_ROWS:]
    return render(request, "scoring/overview.html", {
        **review_views.overview_context(),
        "counts": {"outlets": Outlet.objects.count(), "stories": Story.objects.count(),
                   "articles": Article.objects.count()},
        "tables": tables,
        "leaderboard_rows": shown,
        "leaderboard_cut": LEADERBOARD_ROWS if len(shown) < len(rows) else None,
        "low_fidelity": LOW_FIDELITY, "min_compared": settings.OUTLET_MIN_COMPARED,
        "leaderboard_chart": charts.leaderboard(board) if board else None,
        "components_chart": charts.components(components, dict(FindingKind.choices)) if components else None,
        "trend_chart": charts.trend(_series_by_outlet(history)) if _any_scored(history) else None,
        "history_windows": len(history),
    })


def _any_scored(history) -> bool:
    """Whether any window has a score (a window with too few compared articles has none: nothing to draw)."""
    return any((h["score"] if isinstance(h, dict) else h.score) is not None for h in history)


def _best_and_worst(leaders):
    if not leaders:
        return []
    return [leaders[0].outlet] if len(leaders) == 1 else [leaders[0].outlet, leaders[-1].outlet]


def _series_by_outlet(history) -> dict:
    series: dict = {}
    for row in history:
        series.setdefault(row.outlet.name, []).append(
            {"window_start": row.window_start, "score": row.score, "low": row.low, "high": row.high,
             "articles": row.articles})
    return series


# Outlets ----------------------------------------------------------------------------------------

@login_required
def outlet_list(request):
    form = OutletFilterForm(request.GET or None)
    outlets = form.filter(Outlet.objects.with_article_counts().with_current_score())
    columns = dict(name="Outlet", country="Country", reviewed="Reviewed", articles="Articles",
                   score="Fidelity", status="Status", low="90% low", high="90% high", last_published="Last published")
    if request.GET.get("csv"):
        tables = {"outlets": _table([_outlet_row(o) for o in outlets], **columns)}
        return _csv_response(request, "outlets", tables)
    page = Paginator(outlets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "scoring/outlet_list.html", {
        "form": form, "page": page, "table": _table([_outlet_row(o) for o in page], **columns),
    })


def _outlet_row(outlet) -> dict:
    return {"name": outlet.name, "slug": outlet.slug, "country": outlet.country,
            "reviewed": "yes" if outlet.is_reviewed else "no", "articles": outlet.article_count,
            "score": outlet.score, "low": outlet.low, "high": outlet.high,
            "status": "scored" if outlet.score is not None else explain.INSUFFICIENT,
            "last_published": outlet.last_published}


@login_required
def outlet_detail(request, slug):
    outlet = get_object_or_404(Outlet, slug=slug)
    overall = OutletScore.objects.overall().filter(outlet=outlet).first()
    history = list(OutletScore.objects.history().filter(outlet=outlet))
    scores = ArticleScore.objects.current().of_outlet(outlet)
    bins = list(scores.fidelity_histogram())
    kinds = list(Finding.objects.current().of_outlet(outlet).per_kind())
    worst = list(scores.lowest(10))
    sources = list(scores.copy_sources())
    tables = {
        "worst_articles": _table([_score_row(s) for s in worst], **_SCORE_COLUMNS),
        "copy_sources": _table(sources, name="Copies from", copies="Articles copied", similarity="Mean similarity"),
        "findings": _table([{"kind": FindingKind.label_of(k["kind"]), "n": k["n"],
                             "costs": "yes" if k["kind"] in PENALISED else "no"}
                            for k in sorted(kinds, key=lambda k: (k["kind"] not in PENALISED, k["kind"]))],
                           kind="Kind", costs="Costs points", n="Findings"),
        "history": _table([{"window_start": h.window_start, "window_end": h.window_end, "score": h.score,
                            "low": h.low, "high": h.high, "compared": h.compared, "articles": h.articles}
                           for h in history],
                          window_start="Week of", window_end="To", score="Fidelity", low="90% low",
                          high="90% high", compared="Compared", articles="Articles"),
    }
    if response := _csv_response(request, f"outlet-{outlet.slug}", tables):
        return response
    return render(request, "scoring/outlet_detail.html", {
        **review_views.outlet_context(outlet, request.user),
        "outlet": outlet, "overall": overall, "tables": tables, "outlet_sum": explain.outlet_sum(overall),
        "history_chart": charts.score_history(tables["history"]["rows"], outlet.name) if _any_scored(history)
        else None,
        "min_compared": settings.OUTLET_MIN_COMPARED,
        "histogram_chart": charts.histogram(bins) if bins else None,
        "kinds_chart": charts.findings_by_kind(kinds, dict(FindingKind.choices)) if kinds else None,
    })


# Stories ----------------------------------------------------------------------------------------

@login_required
def story_list(request):
    form = StoryFilterForm(request.GET or None)
    stories = form.filter(_with_mean_fidelity(Story.objects.with_counts())).order_by(
        F("last_seen").desc(nulls_last=True), "-pk")
    columns = dict(title="Story", first_seen="First seen", last_seen="Last seen", articles="Articles",
                   outlets="Outlets", mean_fidelity="Mean fidelity")
    if request.GET.get("csv"):
        return _csv_response(request, "stories", {"stories": _table([_story_row(s) for s in stories], **columns)})
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "scoring/story_list.html", {
        "form": form, "page": page, "table": _table([_story_row(s) for s in page], **columns),
    })


def _with_mean_fidelity(stories):
    mean = (ArticleScore.objects.current().filter(article__story=OuterRef("pk"))
            .values("article__story").annotate(mean=Avg("fidelity")).values("mean"))
    return stories.annotate(mean_fidelity=Subquery(mean))


def _story_row(story) -> dict:
    return {"pk": story.pk, "title": story.title, "first_seen": story.first_seen, "last_seen": story.last_seen,
            "articles": story.article_count, "outlets": story.outlet_count, "mean_fidelity": story.mean_fidelity}


@login_required
def story_detail(request, pk):
    story = get_object_or_404(Story, pk=pk)
    stored = list(story.facts.current())
    facts = [(f, shown) for f in stored if (shown := explain.fact_statement(f.text))]
    articles = list(story.articles.select_related("outlet").order_by("outlet__name", "published_at", "pk"))
    scores = {s.article_id: s for s in
              ArticleScore.objects.current().of_story(story).select_related("copied_from__outlet")}
    coverage = FactCoverage.objects.filter(fact__in=[f for f, _ in facts]).values(
        "state", "fact", article=F("score__article"))
    outlet_of = {a.pk: a.outlet.name for a in articles}
    states = charts.fact_states([{"id": f.pk, "text": f.text} for f, _ in facts],
                                [{"id": a.pk, "outlet": a.outlet.name} for a in articles], coverage)
    # One source of truth, the stored coverage: "stated by" is read off the same matrix as the heatmap (and as each
    # article's "leaves out"), and copies stand with their source.
    source_of = _source_outlets(scores.values(), outlet_of)
    states["facts"] = [shown for _, shown in facts]
    tables = {
        "facts": _table([{"position": n, "text": shown,
                          "outlets": _voices([o for o, st in zip(states["outlets"], row) if st == "states"],
                                             source_of)}
                         for n, ((f, shown), row) in enumerate(zip(facts, states["states"]), 1)],
                        position="#", text="Consensus fact", outlets="Stated by"),
        # Outlet columns keyed apart from "fact": an outlet may be named anything, "fact" and "rows" included.
        "matrix": _table([{"fact": fact, **{f"outlet:{o}": state for o, state in zip(states["outlets"], row)}}
                          for fact, row in zip(states["facts"], states["states"])],
                         **{"fact": "Consensus fact", **{f"outlet:{o}": o for o in states["outlets"]}}),
        "articles": _table([_story_article_row(a, scores.get(a.pk)) for a in articles],
                           outlet="Outlet", title="Article", published="Published", fidelity="Fidelity",
                           status="Status", spin="Spin points", drift="Drift points", sidebar="Sidebar points",
                           copied_from="Copies"),
        "copies": _table([{"outlet": outlet_of.get(s.article_id, ""),
                           "article_pk": s.article_id, "source_outlet": s.copied_from.outlet.name,
                           "source_pk": s.copied_from_id, "similarity": s.copy_similarity}
                          for s in scores.values() if s.copied_from_id],
                         outlet="Outlet", article_pk="Article id", source_outlet="Copies from",
                         source_pk="Source article id", similarity="Similarity"),
    }
    if response := _csv_response(request, f"story-{story.pk}", tables):
        return response
    heatmap = {**states, "outlets": [f"{o} (copy)" if o in source_of else o for o in states["outlets"]]}
    return render(request, "scoring/story_detail.html", {
        "story": story, "tables": tables, "has_facts": bool(facts), "hidden_facts": len(stored) - len(facts),
        "engine_found_consensus": any(s.has_consensus for s in scores.values()),
        "heatmap_chart": charts.fact_heatmap(heatmap) if facts and articles else None,
    })


def _source_outlets(scores, outlet_of: dict) -> dict:
    """Outlet name -> the outlet it copies in this story (a copy and its source are one voice)."""
    return {outlet_of[s.article_id]: outlet_of[s.copied_from_id] for s in scores
            if s.copied_from_id in outlet_of and s.article_id in outlet_of
            and outlet_of[s.copied_from_id] != outlet_of[s.article_id]}


def _voices(outlets: list[str], source_of: dict) -> str:
    """The outlets stating a fact as voices: a copy is named with its source ("A (and its copy B)"), not apart."""
    copies: dict[str, list[str]] = {}
    voices = []
    for outlet in outlets:
        source = source_of.get(outlet)
        if source in outlets:
            copies.setdefault(source, []).append(outlet)
        else:
            voices.append(outlet)
    return ", ".join(f"{v} (and its cop{'ies' if len(copies[v]) > 1 else 'y'} {', '.join(copies[v])})"
                     if v in copies else v for v in sorted(voices))


def _story_article_row(article, score) -> dict:
    return {"pk": article.pk, "outlet": article.outlet.name, "slug": article.outlet.slug,
            "title": str(article), "published": article.published_at,
            "scored": score is not None, "fidelity": score.fidelity if score else None,
            "status": "not scored yet" if score is None else explain.NOT_COMPARED if score.fidelity is None
            else "compared",
            **{k: _points_of(score, k) for k in ("spin", "drift", "sidebar")},
            "copied_from": score.copied_from.outlet.name if score and score.copied_from else "",
            "copied_from_pk": score.copied_from_id if score else None}


def _points_of(score, kind: str):
    """Points an article lost to one kind (its stored component is a share of 100); None when not compared."""
    if score is None or score.fidelity is None:
        return None
    return round(100 * getattr(score, kind), 2)


# Articles ---------------------------------------------------------------------------------------

@login_required
def article_detail(request, pk):
    article = get_object_or_404(Article.objects.select_related("outlet", "story"), pk=pk)
    score = (ArticleScore.objects.current().filter(article=article)
             .select_related("copied_from__outlet").first())
    text = article.text
    findings = _shown_findings(score, text) if score else []
    supporters = Article.objects.select_related("outlet").in_bulk(
        {i for f in findings for i in _ids(f.support)}) if findings else {}
    numbered = [_finding_row(n, f, supporters) for n, f in enumerate(findings, 1)]
    review_context = review_views.article_context(article, score, findings, numbered, request.user)
    for row in numbered:  # a dismissed finding stays on the page and costs nothing
        dismissed = row.get("review") is not None and row["review"].verdict == "dismissed"
        row["costs"] = 0.0 if dismissed or not score or score.fidelity is None else row["points"]
    segments = _highlight(text, numbered, score.body_start, score.body_end) if score else []
    tables = {"findings": _table(numbered, number="#", kind_label="Kind", start="Start", end="End",
                                 text="Text", expected="Consensus", supporters="Supported by",
                                 points="Points", costs="Points lost", severity="Severity",
                                 explanation="Explanation")}
    if response := _csv_response(request, f"article-{article.pk}", tables):
        return response
    return render(request, "scoring/article_detail.html", {
        **review_context,
        "article": article, "score": score, "text": text, "segments": segments,
        "weights": explain.DEFAULT_WEIGHTS,
        "score_sum": explain.article_sum([r for r in numbered if r["costs"] > 0], score.fidelity) if score else None,
        "findings": [f for f in numbered if f["kind"] != FindingKind.OMISSION],
        "omissions": [f for f in numbered if f["kind"] == FindingKind.OMISSION],
        "spin_pairs": _spin_pairs(text, findings, numbered),
        "tables": tables, "kind_labels": {k: label for k, label in FindingKind.choices
                                          if any(f.kind == k for f in findings)},
    })


UNVERIFIED = "No other independent outlet reports this sentence."
OMITTED = "A fact independent outlets agree on that this article does not report."


def _shown_findings(score, text: str) -> list:
    """The findings in the order the page shows and numbers them: those in the text by position (its stored
    findings and unverified sentences), then the consensus facts it leaves out. The bridge stored each sentence's
    one verdict and each fact's one state (FactCoverage), so nothing is decided here; facts that mean nothing alone
    are not listed (explain.fact_statement), as on the story page."""
    stored = list(score.findings.select_related("source_article__outlet"))
    claims = [_coverage_row(FindingKind.UNVERIFIED, start, end, text=text[start:end], explanation=UNVERIFIED)
              for start, end in score.unverified]
    omitted = (score.coverage.filter(state=CoverageState.OMITS).select_related("fact")
               .order_by("fact__position"))
    left_out = [_coverage_row(FindingKind.OMISSION, score.body_start, score.body_start, expected=shown,
                              support=c.fact.support, explanation=OMITTED)
                for c in omitted if (shown := explain.fact_statement(c.fact.text))]
    return sorted(stored + claims, key=lambda f: (f.start, f.end)) + left_out


def _coverage_row(kind: str, start: int, end: int, text: str = "", expected: str = "", support=(),
                  explanation: str = "") -> SimpleNamespace:
    """An unverified sentence or a left-out fact, shaped like a stored finding for the page (it costs nothing)."""
    return SimpleNamespace(pk=None, kind=kind, start=start, end=end, text=text, expected=expected,
                           support=list(support), severity=0.0, explanation=explanation, source_article=None,
                           source_start=0, source_end=0, fact_type="")


def _finding_row(number: int, finding, supporters: dict) -> dict:
    linked = [supporters[i] for i in _ids(finding.support) if i in supporters]
    points = explain.points(finding.kind, finding.severity)
    return {"number": number, "kind": finding.kind, "kind_label": FindingKind.label_of(finding.kind),
            "start": finding.start, "end": finding.end, "text": finding.text, "expected": finding.expected,
            "fact_type": finding.fact_type,
            "severity": finding.severity, "explanation": finding.explanation, "support": linked,
            "penalised": points > 0, "points": points,
            "support_outlets": _outlet_names(linked),
            "supporters": ", ".join(_outlet_names(linked)), "segment": None}


def _outlet_names(articles) -> list[str]:
    """Outlet names of these articles, each once, in order."""
    return list(dict.fromkeys(a.outlet.name for a in articles))


def _highlight(text: str, findings: list[dict], body_start: int = 0, body_end: int = 0) -> list[dict]:
    """Cut the text at every finding boundary into segments, each with the findings covering it.

    Overlapping findings produce a segment per overlap, so every finding keeps its whole span and
    nothing is duplicated. Segments are plain text for the template to escape; nothing is marked safe.
    Sets each finding's "segment" to the index of its first segment, for links to the highlight.
    """
    size = len(text)
    spans = [f for f in findings if 0 <= f["start"] < f["end"] and f["start"] < size]
    cuts = {0, size} | {f["start"] for f in spans} | {min(f["end"], size) for f in spans}
    if 0 < body_end <= size and body_start < body_end:
        cuts |= {body_start, body_end}
    else:
        body_start, body_end = 0, size
    cuts = sorted(cuts)
    segments = []
    for a, b in zip(cuts, cuts[1:]):
        covering = sorted((f for f in spans if f["start"] <= a and b <= f["end"]),
                          key=lambda f: (_precedence(f["kind"]), f["number"]))
        for f in covering:
            if f["segment"] is None:
                f["segment"] = len(segments)
        kinds = list(dict.fromkeys(f["kind"] for f in covering))
        segments.append({"text": text[a:b], "findings": covering, "kinds": kinds,
                         "primary": covering[0] if covering else None,
                         "chrome": not (body_start <= a and b <= body_end)})
    return segments


def _precedence(kind: str) -> int:
    return KIND_PRECEDENCE.index(kind) if kind in KIND_PRECEDENCE else len(KIND_PRECEDENCE)


def _sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence (or sentences) of `text` holding start:end, as the engine splits sentences."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    covering = [s for s in split_sentences(text, lo, hi) if s.start < max(end, start + 1) and start < s.end]
    return (covering[0].start, covering[-1].end) if covering else (start, end)


def _marked(text: str, sentence: tuple[int, int], spans: list[tuple[int, int]]) -> list[dict]:
    """The sentence as parts, the given spans inside it marked `changed`."""
    parts, cursor = [], sentence[0]
    for start, end in sorted(set(spans)):
        start, end = max(start, cursor), min(end, sentence[1])
        if start >= end:
            continue
        if start > cursor:
            parts.append({"text": text[cursor:start], "changed": False})
        parts.append({"text": text[start:end], "changed": True})
        cursor = end
    if cursor < sentence[1]:
        parts.append({"text": text[cursor:sentence[1]], "changed": False})
    return parts


def _spin_pairs(text: str, findings: list, rows: list[dict]) -> list[dict]:
    """Each sentence with spin beside the source's sentence holding the words it swapped, the swapped words marked
    on both sides: the spans the engine stored (each spin finding's source article and span).

    One row per sentence, listing the spin findings in it, so a sentence with three swaps shows once.
    """
    pairs: dict[tuple[int, int], dict] = {}
    for f, row in zip(findings, rows):
        if f.kind != FindingKind.SPIN or f.end <= f.start:
            continue
        sentence = _sentence_of(text, f.start, f.end)
        pair = pairs.setdefault(sentence, {"findings": [], "spans": [], "source_article": f.source_article,
                                           "source_spans": []})
        pair["findings"].append(row)
        pair["spans"].append((f.start, f.end))
        if f.source_article is not None and f.source_end > f.source_start:
            pair["source_spans"].append((f.source_start, f.source_end))
    out = []
    for sentence, pair in pairs.items():
        source, copy = pair["source_article"], _marked(text, sentence, pair["spans"])
        original = []
        if source is not None and pair["source_spans"]:
            source_text = source.text
            first = min(pair["source_spans"])
            last = max(end for _, end in pair["source_spans"])
            original = _marked(source_text, _sentence_of(source_text, first[0], last), pair["source_spans"])
        out.append({"findings": pair["findings"], "copy": copy, "source": original, "source_article": source})
    return out


# Tables and CSV -----------------------------------------------------------------------------------

_SCORE_COLUMNS = dict(outlet="Outlet", title="Article", published="Published", story="Story", fidelity="Fidelity")


def _score_row(score) -> dict:
    article = score.article
    return {"pk": article.pk, "outlet": article.outlet.name, "slug": article.outlet.slug, "title": str(article),
            "published": article.published_at, "story": article.story.title if article.story else "",
            "story_pk": article.story_id, "fidelity": score.fidelity}


def _table(rows, /, **columns) -> dict:
    """A table: its rows (dicts, with extra keys for links) and the columns shown and exported."""
    return {"rows": list(rows), "columns": columns}


def _csv_response(request, page: str, tables: dict):
    """The table named by ?csv= as a CSV download, or None when no CSV was asked for."""
    name = request.GET.get("csv")
    if not name:
        return None
    if name not in tables:
        raise Http404(f"No table named {name!r} on this page.")
    table = tables[name]
    frame = pd.DataFrame([{key: _csv_cell(row.get(key)) for key in table["columns"]} for row in table["rows"]],
                         columns=list(table["columns"]))
    frame.columns = [safe_cell(label) for label in table["columns"].values()]  # headers name outlets too
    response = HttpResponse(frame.to_csv(index=False), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page}-{name}.csv"'
    return response


def _csv_cell(value):
    # Article titles and texts come from third parties: exports.safe_cell, the project's one formula guard.
    if hasattr(value, "tzinfo") and hasattr(value, "isoformat"):
        return value.isoformat()
    return safe_cell(value)


def _ids(values) -> list[int]:
    """Article ids from a JSON support list, skipping anything that is not an integer id."""
    ids = []
    for value in values or ():
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids
