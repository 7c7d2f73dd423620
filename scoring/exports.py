"""CSV and XLSX downloads of outlet scores and of findings (login required), built with pandas.

Findings quote text taken from the open web, so every exported cell is neutralised against spreadsheet
formula injection (a cell starting with =, +, -, @ is read as a formula by Excel and LibreOffice, and
openpyxl itself would store such a string as a formula), and characters XLSX cannot hold are dropped.
"""
from __future__ import annotations

import io
import re
from functools import wraps

import pandas as pd
from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from scoring import explain, review
from scoring.models import ApiToken, Finding, FindingKind, OutletScore
from sources.models import Article

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids these control characters; openpyxl raises IllegalCharacterError on them.
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class FindingFilterForm(forms.Form):
    outlet = forms.SlugField(required=False, max_length=200)
    # Stored findings only: left-out facts and unverified claims are coverage (the article and story pages).
    kind = forms.ChoiceField(required=False, choices=[("", "any")] + [
        (k, label) for k, label in FindingKind.choices if k not in (FindingKind.OMISSION, FindingKind.UNVERIFIED)])
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
    """One row per outlet with a current overall score: score (empty: insufficient evidence), 90% interval, the
    articles and those compared, and the plain mean of the compared ones."""
    columns = ["outlet", "slug", "country", "score", "low", "high", "articles", "compared", "mean"]
    rows = (OutletScore.objects.overall()
            .values("score", "low", "high", "articles", "compared", "mean", slug=F("outlet__slug"),
                    country=F("outlet__country"), name=F("outlet__name"))
            .order_by(F("score").desc(nulls_last=True), "outlet__name"))
    frame = pd.DataFrame.from_records(list(rows), columns=["name", *columns[1:]])
    frame.insert(4, "status", ["scored" if pd.notna(s) else explain.INSUFFICIENT for s in frame["score"]])
    return frame.rename(columns={"name": "outlet", "low": "low_90", "high": "high_90",
                                 "mean": "mean_of_compared"})


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
    # The same words and points as the article page: the kind's label, the points the finding costs (before its
    # kind's cap; 0 for kinds that cost nothing or articles not compared) and who states the consensus.
    frame.insert(frame.columns.get_loc("kind") + 1, "kind_label", [FindingKind.label_of(k) for k in frame["kind"]])
    frame.insert(frame.columns.get_loc("severity"), "points",
                 [0.0 if pd.isna(fid) else explain.points(k, s)
                  for k, s, fid in zip(frame["kind"], frame["severity"], frame["fidelity"])])
    frame.insert(frame.columns.get_loc("fidelity") + 1, "fidelity_status",
                 ["compared" if pd.notna(fid) else explain.NOT_COMPARED for fid in frame["fidelity"]])
    supports = list(findings.order_by("score__article_id", "start", "id").values_list("support", flat=True))
    frame.insert(frame.columns.get_loc("expected") + 1, "supporting_outlets", _outlet_names(supports))
    # Spreadsheets cannot store time zones; stored datetimes are UTC, and the column name says so.
    frame["published_utc"] = pd.to_datetime(frame["published_utc"], utc=True).dt.tz_localize(None)
    return review.with_review_columns(frame)  # editors' verdicts and outlets' replies


def _outlet_names(supports: list) -> list[str]:
    """Each support list (article ids) as the names of their outlets, each once, joined by "; "."""
    ids = sorted({int(i) for s in supports for i in (s or ()) if str(i).isdigit()})
    name_of = {}
    for start in range(0, len(ids), 5000):  # under SQLite's limit on query parameters
        name_of.update(Article.objects.filter(pk__in=ids[start:start + 5000]).values_list("pk", "outlet__name"))
    return ["; ".join(dict.fromkeys(name_of[int(i)] for i in (s or ()) if str(i).isdigit() and int(i) in name_of))
            for s in supports]


def token_or_login_required(view):
    """Like login_required, but a script may send its API token instead (`Authorization: Bearer <token>`, as for the
    API): a known token's user is let in, a wrong one gets 401 (not a redirect to the login page)."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        if header[:7].lower() == "bearer ":
            token = header[7:].strip()
            found = (ApiToken.objects.select_related("user")
                     .filter(digest=ApiToken.digest_of(token), user__is_active=True).first()
                     if token and len(token) <= 200 else None)
            if found is None:
                response = HttpResponse("invalid API token\n", status=401, content_type="text/plain; charset=utf-8")
                response["WWW-Authenticate"] = "Bearer"
                return response
            request.user = found.user
            return view(request, *args, **kwargs)
        return login_required(view)(request, *args, **kwargs)
    return wrapper


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
@token_or_login_required
def outlet_scores(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("unknown format")
    return frame_response(outlet_scores_frame(), "outlet-scores", fmt)


@require_GET
@token_or_login_required
def findings(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("unknown format")
    form = FindingFilterForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in form.errors.items())
        return HttpResponseBadRequest(f"bad filter: {errors}", content_type="text/plain; charset=utf-8")
    return frame_response(findings_frame(**form.cleaned_data), "findings", fmt)


@require_GET
@token_or_login_required
def replies(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every outlet's replies, with what each answers."""
    if fmt not in FORMATS:
        raise Http404("unknown format")
    columns = ["outlet", "slug", "answers", "article", "finding_kind", "finding_text", "received_on", "text", "link",
               "entered_by", "entered_at_utc"]
    return frame_response(pd.DataFrame.from_records(review.replies_rows(), columns=columns), "replies", fmt)
