"""CSV and XLSX downloads of outlet scores and of findings (login required), built with pandas.

Findings quote text taken from the open web, so every exported cell is neutralised against spreadsheet
formula injection (a cell starting with =, +, -, @ is read as a formula by Excel and LibreOffice, and
openpyxl itself would store such a string as a formula), and characters XLSX cannot hold are dropped.
"""
from __future__ import annotations

import io
import re

import pandas as pd
from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from scoring.models import FINDING_KINDS, Finding, OutletScore

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids these control characters; openpyxl raises IllegalCharacterError on them.
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class FindingFilterForm(forms.Form):
    outlet = forms.SlugField(required=False, max_length=200)
    kind = forms.ChoiceField(required=False, choices=[("", "any")] + FINDING_KINDS)
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)


def safe_cell(value):
    """A cell value a spreadsheet shows as text: formula-like strings get a leading apostrophe."""
    if isinstance(value, str):
        value = _ILLEGAL_XLSX.sub("", value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def outlet_scores_frame() -> pd.DataFrame:
    """One row per outlet with a current overall score: score, 90% interval, article count and how many of the
    articles were compared (score empty: insufficient evidence, listed last)."""
    columns = ["outlet", "slug", "country", "score", "low", "high", "articles", "compared"]
    rows = (OutletScore.objects.overall()
            .values("score", "low", "high", "articles", "compared", slug=F("outlet__slug"),
                    country=F("outlet__country"), name=F("outlet__name"))
            .order_by(F("score").desc(nulls_last=True), "outlet__name"))
    frame = pd.DataFrame.from_records(list(rows), columns=["name", *columns[1:]])
    return frame.rename(columns={"name": "outlet", "low": "low_90", "high": "high_90"})


def findings_frame(outlet: str = "", kind: str = "", start=None, end=None) -> pd.DataFrame:
    """One row per current finding, with its article, outlet and story; filtered when arguments are given."""
    findings = Finding.objects.current()
    if outlet:
        findings = findings.filter(score__article__outlet__slug=outlet)
    if kind:
        findings = findings.filter(kind=kind)
    if start:
        findings = findings.filter(score__article__published_at__date__gte=start)
    if end:
        findings = findings.filter(score__article__published_at__date__lte=end)
    article = {
        "article": F("score__article_id"), "title": F("score__article__title"),
        "outlet": F("score__article__outlet__name"), "story": F("score__article__story_id"),
        "published_utc": F("score__article__published_at"), "fidelity": F("score__fidelity"),
    }
    columns = [*article, "kind", "start", "end", "text", "expected", "severity", "explanation"]
    rows = findings.values(*columns[len(article):], **article).order_by("score__article_id", "start", "id")
    frame = pd.DataFrame.from_records(list(rows), columns=columns)
    # Spreadsheets cannot store time zones; stored datetimes are UTC, and the column name says so.
    frame["published_utc"] = pd.to_datetime(frame["published_utc"], utc=True).dt.tz_localize(None)
    return frame


def frame_response(frame: pd.DataFrame, name: str, fmt: str) -> HttpResponse:
    """The frame as a CSV or XLSX attachment named `name.fmt`, every string cell made safe."""
    frame = frame.map(safe_cell) if not frame.empty else frame
    if fmt == "csv":
        body = frame.to_csv(index=False).encode("utf-8")
    else:
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, sheet_name=name[:31], engine="openpyxl")
        body = buffer.getvalue()
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_GET
@login_required
def outlet_scores(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("unknown format")
    return frame_response(outlet_scores_frame(), "outlet-scores", fmt)


@require_GET
@login_required
def findings(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("unknown format")
    form = FindingFilterForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in form.errors.items())
        return HttpResponseBadRequest(f"bad filter: {errors}", content_type="text/plain; charset=utf-8")
    return frame_response(findings_frame(**form.cleaned_data), "findings", fmt)
