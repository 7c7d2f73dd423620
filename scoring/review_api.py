"""The API of editorial review, mounted under /api/v1/ by scoring/api.py: review state, verdict counts,
outlets' replies and alerts to read; reviews to write (POST) for editors.

Writes authenticate like reads: a token (`Authorization: Bearer ...`, no CSRF token needed: a script holds no
cookie a third-party page could ride on) or the browser's session, which must then send Django's CSRF token
(django-ninja's session auth checks it on unsafe methods). Only users with the review permission (the Editors
group) may POST; the others get 403.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema, Status

from scoring import alerts, review
from scoring.api import MAX_ID, MAX_PAGE, MAX_PAGE_SIZE, PAGE_SIZE, SLUG, _page
from scoring.models import Alert, ArticleScore, Finding, FindingReview, OutletReply
from sources.models import Article

router = Router(tags=["review"])

Verdict = Literal["confirmed", "dismissed"]
Reason = Literal["not_spin", "wording", "updated_fact", "extraction", "other"]


class ReviewState(Schema):
    verdict: Verdict
    reason: str  # empty for a confirmation
    note: str
    reviewer: str | None  # None when the user was deleted
    reviewed_at: datetime


class Reply(Schema):
    id: int
    outlet: str  # the outlet's slug
    answers: Literal["finding", "article", "outlet"]
    article: int | None
    finding_kind: str
    finding_text: str
    text: str
    received_on: date
    link: str
    entered_at: datetime


class ReviewedFinding(Schema):
    id: int  # POST /api/v1/findings/{id}/review with this id
    kind: str
    start: int
    end: int
    text: str
    expected: str
    severity: float
    reviewable: bool  # costs points, so editors confirm or dismiss it
    review: ReviewState | None
    replies: list[Reply]


class PastReview(ReviewState):
    kind: str
    text: str
    expected: str


class ArticleReview(Schema):
    article: int
    fidelity: float | None  # after editors' dismissals; None when not scored (or not compared)
    findings: list[ReviewedFinding]
    replies: list[Reply]  # replies to the article as a whole
    past_reviews: list[PastReview]  # reviews whose finding the latest run no longer reports


class ReviewIn(Schema):
    verdict: Verdict
    reason: Reason | None = None  # required to dismiss
    note: str = ""


class ReviewOut(Schema):
    finding: int
    review: ReviewState
    fidelity: float | None  # the article's fidelity after the verdict


class ReviewRow(PastReview):
    article: int


class ReviewPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ReviewRow]


class VerdictCount(Schema):
    kind: str  # the detector's finding kind
    reviewed: int
    confirmed: int
    dismissed: int
    dismissed_share: float
    not_spin: int
    wording: int
    updated_fact: int
    extraction: int
    other: int


class ReplyPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[Reply]


class AlertOut(Schema):
    id: int
    rule: str
    kind: str
    outlet: str
    window_start: date
    window_end: date
    figures: dict
    message: str
    created_at: datetime
    acknowledged_by: str | None
    acknowledged_at: datetime | None


class AlertPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[AlertOut]


class Error(Schema):
    detail: str


def _state(r: FindingReview) -> dict:
    return {"verdict": r.verdict, "reason": r.reason, "note": r.note,
            "reviewer": r.reviewer.get_username() if r.reviewer else None, "reviewed_at": r.reviewed_at}


def _past(r: FindingReview) -> dict:
    return {**_state(r), "kind": r.kind, "text": r.text, "expected": r.expected}


def _reply(r: OutletReply) -> dict:
    return {"id": r.pk, "outlet": r.outlet.slug, "answers": r.answers, "article": r.article_id,
            "finding_kind": r.finding_kind, "finding_text": r.finding_text, "text": r.text,
            "received_on": r.received_on, "link": r.link, "entered_at": r.entered_at}


@router.get("/articles/{article_id}/review", response={200: ArticleReview, 404: Error})
def article_review(request, article_id: int = Path(..., ge=1, le=MAX_ID)):
    """An article's findings with their ids, review state and replies; its own replies; past reviews."""
    article = get_object_or_404(Article, pk=article_id)
    score = ArticleScore.objects.current().filter(article=article).first()
    findings = list(score.findings.all()) if score else []
    reviews = review.reviews_by_key(article)
    replies = list(OutletReply.objects.filter(article=article).select_related("outlet"))
    rows, keys = [], set()
    for f in findings:
        key = review.key_of(f)
        keys.add(key)
        reviewable = review.is_penalised(f, score)
        found = reviews.get(key) if reviewable else None
        rows.append({"id": f.pk, "kind": f.kind, "start": f.start, "end": f.end, "text": f.text,
                     "expected": f.expected, "severity": f.severity, "reviewable": reviewable,
                     "review": _state(found) if found else None,
                     "replies": [_reply(r) for r in replies if r.finding_key == key]})
    return {"article": article.pk, "fidelity": score.fidelity if score else None, "findings": rows,
            "replies": [_reply(r) for r in replies if not r.finding_key],
            "past_reviews": [_past(r) for k, r in reviews.items() if k not in keys]}


@router.post("/findings/{finding_id}/review", response={200: ReviewOut, 400: Error, 403: Error, 404: Error})
def review_finding(request, payload: ReviewIn, finding_id: int = Path(..., ge=1, le=MAX_ID)):
    """Confirm or dismiss a finding that costs points (editors only). A dismissal needs a reason, and 'other' a
    note. The article's fidelity and the outlet scores are recomputed; the change is in the audit log."""
    if not review.can_review(request.auth):
        return Status(403, {"detail": "Only editors review findings."})
    finding = get_object_or_404(Finding.objects.current(), pk=finding_id)
    try:
        saved = review.review_finding(finding, request.auth, payload.verdict, payload.reason or "", payload.note)
    except review.ReviewError as e:
        return Status(400, {"detail": str(e)})
    fidelity = ArticleScore.objects.filter(pk=finding.score_id).values_list("fidelity", flat=True).first()
    return Status(200, {"finding": finding.pk, "review": _state(saved), "fidelity": fidelity})


@router.get("/reviews", response=ReviewPage)
def review_list(request, verdict: Verdict | None = None, kind: str | None = Query(None, max_length=20),
                outlet: str | None = Query(None, pattern=SLUG, max_length=200),
                page: int = Query(1, ge=1, le=MAX_PAGE), page_size: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)):
    """Every review, newest first, filtered by verdict, finding kind and outlet."""
    rows = FindingReview.objects.select_related("reviewer").order_by("-reviewed_at", "-id")
    if verdict:
        rows = rows.filter(verdict=verdict)
    if kind:
        rows = rows.filter(kind=kind)
    if outlet:
        rows = rows.filter(article__outlet__slug=outlet)
    return _page(rows, page, page_size, lambda r: {**_past(r), "article": r.article_id})


@router.get("/reviews/verdicts", response=list[VerdictCount])
def verdicts(request):
    """Reviews per detector (finding kind): confirmed, dismissed, and dismissals per reason."""
    return review.verdict_counts()


@router.get("/replies", response=ReplyPage)
def reply_list(request, outlet: str | None = Query(None, pattern=SLUG, max_length=200),
               article: int | None = Query(None, ge=1, le=MAX_ID),
               page: int = Query(1, ge=1, le=MAX_PAGE), page_size: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)):
    """Outlets' replies, newest first, to findings, articles and outlets."""
    rows = OutletReply.objects.select_related("outlet")
    if outlet:
        rows = rows.filter(outlet__slug=outlet)
    if article:
        rows = rows.filter(article_id=article)
    return _page(rows, page, page_size, _reply)


@router.get("/alerts", response=AlertPage)
def alert_list(request, open: bool | None = None,
               page: int = Query(1, ge=1, le=MAX_PAGE), page_size: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)):
    """Alerts, newest first; `open=true` for those not acknowledged yet."""
    rows = Alert.objects.select_related("rule", "outlet", "acknowledged_by")
    if open is not None:
        rows = rows.filter(acknowledged_at__isnull=open)
    return _page(rows, page, page_size, lambda a: {
        **alerts.payload(a), "rule": a.rule.name,
        "acknowledged_by": a.acknowledged_by.get_username() if a.acknowledged_by else None,
        "acknowledged_at": a.acknowledged_at})
