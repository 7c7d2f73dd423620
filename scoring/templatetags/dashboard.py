"""Display formatting for the dashboard: scores, charts, CSV and page links."""
from django import template

register = template.Library()


@register.filter
def score(value, digits=1):
    """A score with one decimal, or an em dash when there is none."""
    if value is None or value == "":
        return "—"
    return f"{float(value):.{int(digits)}f}"


@register.filter
def score_class(value):
    """CSS class for a fidelity value: high, mid or low (or none when unscored)."""
    if value is None or value == "":
        return "score-none"
    return "score-high" if value >= 85 else "score-mid" if value >= 70 else "score-low"


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
