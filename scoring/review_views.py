"""Pages and actions of editorial review: verdicts on findings, the review queue, outlets' replies,
alerts; and the review context the article, outlet and overview pages show.

Reading is open to every signed-in user (the Viewers group); changing needs the Editors' permissions, checked
here on every POST (scoring.review names them). Forms post back to the page they came from.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from scoring import alerts, review
from scoring.models import Alert, AuditEntry, Finding, FindingKind, OutletReply
from scoring.review_forms import QueueFilterForm, ReplyForm, ReviewForm
from sources.models import Article, Outlet

QUEUE_PAGE_SIZE = 25
AUDIT_ROWS = 50  # audit entries shown on an article page (the admin has them all)


def _back(request, default: str) -> HttpResponseRedirect:
    """Redirect to the form's `next` (a path on this site) or to default."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = default
    return HttpResponseRedirect(target)


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# Verdicts ---------------------------------------------------------------------------------------------------

@require_POST
@login_required
def review_finding(request, pk):
    if not review.can_review(request.user):
        raise PermissionDenied("Only editors review findings.")
    finding = get_object_or_404(Finding.objects.current().select_related("score__article"), pk=pk)
    article_url = reverse("scoring:article-detail", args=[finding.score.article_id]) + f"#finding-id-{finding.pk}"
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Not saved: {_errors(form)}")
        return _back(request, article_url)
    try:
        saved = review.review_finding(finding, request.user, **form.cleaned_data)
    except review.ReviewError as e:
        messages.error(request, f"Not saved: {e}")
        return _back(request, article_url)
    messages.success(request, f"{saved.get_verdict_display()}: {finding.get_kind_display().lower()} "
                              f"“{finding.text[:80]}”.")
    return _back(request, article_url)


@require_GET
@login_required
def review_queue(request):
    form = QueueFilterForm(request.GET or None)
    findings = review.unreviewed(review.penalised(Finding.objects.current()))
    if form.is_valid():
        if form.cleaned_data["outlet"]:
            findings = findings.filter(score__article__outlet=form.cleaned_data["outlet"])
        if form.cleaned_data["kind"]:
            findings = findings.filter(kind=form.cleaned_data["kind"])
    findings = findings.select_related("score__article__outlet").order_by(
        F("score__article__published_at").desc(nulls_last=True), "-score__article_id", "start")
    page = Paginator(findings, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "scoring/review_queue.html", {
        "form": form, "page": page, "can_review": review.can_review(request.user),
        "review_form": ReviewForm(), "kind_labels": dict(FindingKind.choices),
        "verdicts": review.verdict_counts(), "reasons": review.REASON_LABELS,
    })


# Replies ----------------------------------------------------------------------------------------------------

@require_POST
@login_required
def add_reply(request, slug):
    if not review.can_reply(request.user):
        raise PermissionDenied("Only editors enter outlets' replies.")
    outlet = get_object_or_404(Outlet, slug=slug)
    article = None
    if request.POST.get("article"):
        article = get_object_or_404(Article, pk=_int(request.POST["article"]), outlet=outlet)
    findings = _reply_targets(article) if article else []
    form = ReplyForm(request.POST, findings=findings)
    default = (reverse("scoring:article-detail", args=[article.pk]) if article
               else reverse("scoring:outlet-detail", args=[outlet.slug])) + "#replies"
    if not form.is_valid():
        messages.error(request, f"Reply not saved: {_errors(form)}")
        return _back(request, default)
    finding = None
    if form.cleaned_data.get("finding"):
        finding = get_object_or_404(Finding.objects.select_related("score"), pk=form.cleaned_data["finding"],
                                    score__article=article)
    review.add_reply(request.user, outlet, form.cleaned_data["text"], form.cleaned_data["received_on"],
                     form.cleaned_data["link"], article=article, finding=finding)
    messages.success(request, f"Reply of {outlet.name} saved.")
    return _back(request, default)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _reply_targets(article) -> list[dict]:
    """The article's current penalised findings, as choices for what a reply answers."""
    rows = review.penalised(Finding.objects.current().filter(score__article=article)).order_by("start", "id")
    return [{"id": f.pk, "number": n, "kind_label": FindingKind.label_of(f.kind), "text": f.text}
            for n, f in enumerate(rows, 1)]


# Alerts -----------------------------------------------------------------------------------------------------

@require_GET
@login_required
def alert_list(request):
    show = request.GET.get("show", "open")
    rows = Alert.objects.select_related("rule", "outlet", "acknowledged_by")
    if show != "all":
        rows = rows.filter(acknowledged_at__isnull=True)
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "scoring/alert_list.html", {
        "page": page, "show": show, "can_acknowledge": request.user.has_perm(review.ACKNOWLEDGE_PERMISSION),
        "open_alerts": alerts.open_count(),
    })


@require_POST
@login_required
def acknowledge_alert(request, pk):
    if not request.user.has_perm(review.ACKNOWLEDGE_PERMISSION):
        raise PermissionDenied("Only editors acknowledge alerts.")
    alert = get_object_or_404(Alert, pk=pk)
    if alerts.acknowledge(alert, request.user):
        messages.success(request, f"Acknowledged: {alert.message}")
    return _back(request, reverse("scoring:alert-list"))


# Context for the existing pages -----------------------------------------------------------------------------

def article_context(article, score, findings: list, rows: list[dict], user) -> dict:
    """What the article page shows of review: each finding row gets its id, review and replies; plus the article's
    replies, the reviews whose finding is gone, the audit log and the forms an editor may use. `findings` are the
    score's Finding rows and `rows` the page's dicts for them, in the same order."""
    reviews = review.reviews_by_key(article)
    replies = list(OutletReply.objects.filter(article=article).select_related("entered_by"))
    keys = set()
    for finding, row in zip(findings, rows):
        key = review.key_of(finding)
        keys.add(key)
        reviewable = review.is_penalised(finding, score)
        row.update(id=finding.pk, reviewable=reviewable, review=reviews.get(key) if reviewable else None,
                   replies=[r for r in replies if r.finding_key == key])
    targets = [{"id": r["id"], "number": r["number"], "kind_label": r["kind_label"], "text": r["text"]}
               for r in rows if r.get("reviewable")]
    editor = review.can_review(user)
    return {
        "can_review": editor, "can_reply": review.can_reply(user),
        "review_form": ReviewForm() if editor else None,
        "reply_form": ReplyForm(findings=targets) if review.can_reply(user) else None,
        "article_replies": [r for r in replies if not r.finding_key],
        "gone_reviews": [r for k, r in reviews.items() if k not in keys],
        "dismissed_count": sum(1 for r in rows if r.get("review") and r["review"].verdict == "dismissed"),
        "audit": list(AuditEntry.objects.filter(article=article).select_related("user")[:AUDIT_ROWS]),
    }


def outlet_context(outlet, user) -> dict:
    """The outlet page's replies (to the outlet, its articles and findings) and the form for a new one."""
    return {
        "outlet_replies": list(OutletReply.objects.filter(outlet=outlet)
                               .select_related("article", "entered_by")[:100]),
        "outlet_reply_form": ReplyForm() if review.can_reply(user) else None,
    }


def overview_context() -> dict:
    """The overview's two numbers: findings awaiting review, alerts not acknowledged."""
    return {"awaiting_review": review.awaiting_review_count(review.AWAITING_SHOWN), "awaiting_shown": review.AWAITING_SHOWN,
            "open_alerts": alerts.open_count()}
