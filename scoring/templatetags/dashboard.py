"""Display formatting for the dashboard: scores, charts, CSV and page links."""
from django import template

from scoring import explain

register = template.Library()


@register.filter
def score(value, digits=1):
    """A score with one decimal, or an em dash when there is none."""
    if value is None or value == "":
        return "—"
    return f"{float(value):.{int(digits)}f}"


@register.filter
def score_class(value):
    """CSS class for an article's fidelity (scoring.explain.article_band): green only when no point was lost."""
    return explain.article_band(value)


@register.filter
def mean_class(value):
    """CSS class for a mean fidelity: an outlet's score or a story's mean (scoring.explain.mean_band)."""
    return explain.mean_band(value)


@register.filter
def points(value, digits=1):
    """Points as a short number: 10 not 10.0, 2.5 stays 2.5."""
    if value is None or value == "":
        return "—"
    text = f"{float(value):.{int(digits)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def finding_points(finding):
    """The points a finding costs before its kind's cap (scoring.explain.points: the engine's weights)."""
    return explain.points(finding.kind, finding.severity)


@register.inclusion_tag("includes/article_score.html")
def article_score(value):
    """An article's fidelity badge: its number in its band's colour, or "not compared" (never a number)."""
    return {"value": value, "css": explain.article_band(value), "label": explain.NOT_COMPARED}


@register.inclusion_tag("includes/article_score.html")
def mean_score(value, none_label=explain.INSUFFICIENT):
    """A mean's badge (an outlet's score, a story's mean): its number in its band, or what stands in for none."""
    return {"value": value, "css": explain.mean_band(value), "label": none_label}


@register.inclusion_tag("includes/bands_legend.html")
def bands_legend(what="article"):
    """The colour bands and what each means on an article's score and on a mean (`what` is kept for callers)."""
    return {"bands": explain.BANDS, "what": what, "green_loss": f"{explain.MEAN_GREEN_LOSS:g}"}


@register.filter
def percent(value):
    """A share 0-1 as a whole percentage: 0.234 -> 23%."""
    return "—" if value is None else f"{100 * float(value):.0f}%"


@register.filter
def get(mapping, key):
    """mapping[key] in a template, for tables whose columns are data."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def chart_title(figure):
    """The figure's title text: the chart's accessible name."""
    try:
        return figure["layout"]["title"]["text"]
    except (KeyError, TypeError):
        return "Chart"


@register.inclusion_tag("includes/chart.html")
def chart(figure, element_id, description=""):
    """A chart: its figure as a JSON script and the element charts.js draws it into."""
    return {"figure": figure, "id": element_id, "description": description}


@register.simple_tag(takes_context=True)
def csv_url(context, table):
    """This page's URL with its filters, asking for one table as CSV."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["csv"] = table
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """This page's URL with its filters, at another page of results."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
