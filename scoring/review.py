"""Editorial review of findings, outlets' replies and the audit log: the logic, no requests.

An editor confirms or dismisses a penalised finding. A dismissed finding stops costing points at once: the
article's fidelity is recomputed from its stored findings without the dismissed ones, with the engine's own
formula (`scoring.engine.fidelity.article_fidelity`), and the outlet scores with the bridge's
(`scoring.tasks.save_outlet_scores`); no engine run. Reviews are keyed by what a finding says (article, kind,
span text, expected text), so a rescoring that finds the same thing again, at other offsets, keeps the review;
`apply_dismissals` runs at the end of every save of engine results to re-apply them.

Every change is an AuditEntry with the state before and after.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, timezone

from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone as django_timezone

from scoring.engine import types
from scoring.engine.fidelity import DEFAULT_WEIGHTS, article_fidelity
from scoring.models import DISMISSAL_REASONS, ArticleScore, AuditEntry, Finding, FindingKind, FindingReview, OutletReply

PENALISED_KINDS = tuple(sorted(FindingKind.penalised()))
REASON_LABELS = dict(DISMISSAL_REASONS)

# Django permissions (given to the Editors group by migration 0007): viewers have none of them.
REVIEW_PERMISSION = "scoring.add_findingreview"
REPLY_PERMISSION = "scoring.add_outletreply"
ACKNOWLEDGE_PERMISSION = "scoring.change_alert"


class ReviewError(ValueError):
    """A review that cannot be saved; the message says why."""


def finding_key(kind: str, text: str, expected: str) -> str:
    """What identifies a finding across rescorings of its article: its kind, span text and expected text."""
    return hashlib.sha256("\x1f".join((kind, text, expected)).encode("utf-8", "surrogatepass")).hexdigest()


def key_of(finding) -> str:
    return finding_key(finding.kind, finding.text, finding.expected)


def can_review(user) -> bool:
    return user.is_authenticated and user.has_perm(REVIEW_PERMISSION)


def can_reply(user) -> bool:
    return user.is_authenticated and user.has_perm(REPLY_PERMISSION)


def penalised(findings):
    """The findings (a queryset) that cost points: a penalised kind with a severity, in a compared article (one whose
    fidelity is None was not compared with a consensus, so nothing in it costs points)."""
    return findings.filter(kind__in=PENALISED_KINDS, severity__gt=0, score__fidelity__isnull=False)


def is_penalised(finding, score) -> bool:
    return finding.kind in PENALISED_KINDS and finding.severity > 0 and score.fidelity is not None


def unreviewed(findings):
    """Findings (a queryset) with no review of their article and key: the review queue's rows."""
    return findings.exclude(Exists(FindingReview.objects.filter(article=OuterRef("score__article"))
                                   .filter(kind=OuterRef("kind"), text=OuterRef("text"),
                                           expected=OuterRef("expected"))))


# The overview counts findings awaiting review up to this many and shows more as "1,000+": counting every one scans
# all penalised findings (over 100 ms at 100k articles of the benchmark world), and past a thousand the exact number
# tells an editor nothing the queue does not.
AWAITING_SHOWN = 1000


def awaiting_review_count(cap: int | None = None) -> int:
    """Findings awaiting review; with a cap, at most cap + 1 (read: more than cap)."""
    findings = unreviewed(penalised(Finding.objects.current()))
    # Unordered, so the capped count stops at cap + 1 rows instead of sorting every finding first.
    return (findings.order_by()[:cap + 1] if cap is not None else findings).count()


def reviews_by_key(article) -> dict[str, FindingReview]:
    return {r.key: r for r in FindingReview.objects.filter(article=article).select_related("reviewer")}


# Saving a review --------------------------------------------------------------------------------------------

def _state(review: FindingReview | None) -> dict | None:
    if review is None:
        return None
    return {"verdict": review.verdict, "reason": review.reason, "note": review.note}


@transaction.atomic
def review_finding(finding: Finding, user, verdict: str, reason: str = "", note: str = "") -> FindingReview:
    """Confirm or dismiss a penalised finding (and every finding of its article saying the same thing), recompute
    the article's fidelity and the outlet scores, and log the change. Raises ReviewError on a bad request."""
    if verdict not in ("confirmed", "dismissed"):
        raise ReviewError("The verdict is 'confirmed' or 'dismissed'.")
    if verdict == "dismissed" and reason not in REASON_LABELS:
        raise ReviewError("A dismissal needs a reason: " + ", ".join(REASON_LABELS) + ".")
    if verdict == "dismissed" and reason == "other" and not note.strip():
        raise ReviewError("A dismissal for another reason needs a note saying why.")
    if verdict == "confirmed":
        reason = ""
    score = ArticleScore.objects.select_for_update().select_related("article").get(pk=finding.score_id)
    if not is_penalised(finding, score):
        raise ReviewError("Only findings that cost points are reviewed.")
    key = key_of(finding)
    review = FindingReview.objects.filter(article_id=score.article_id, key=key).first()
    before = {"review": _state(review), "fidelity": score.fidelity}
    if review is None:
        review = FindingReview(article_id=score.article_id, key=key, kind=finding.kind, text=finding.text,
                               expected=finding.expected)
    review.verdict, review.reason, review.note = verdict, reason, note.strip()
    review.reviewer, review.reviewed_at = user, django_timezone.now()
    review.save()
    _rescore_from_findings([score])
    _recompute_outlets()
    AuditEntry.objects.create(
        user=user, action=f"finding {verdict}", article_id=score.article_id, outlet_id=score.article.outlet_id,
        subject=f"{finding.get_kind_display()} “{finding.text[:200]}”",
        before=before, after={"review": _state(review), "fidelity": score.fidelity})
    return review


def apply_dismissals(article_ids=None) -> int:
    """Re-apply the dismissals to the current scores of the reviewed articles (all, or these), after the engine
    wrote them; returns how many scores changed. Cheap: only articles with a dismissed review are read."""
    dismissed = FindingReview.objects.filter(verdict="dismissed")
    if article_ids is not None:
        dismissed = dismissed.filter(article_id__in=article_ids)
    scores = list(ArticleScore.objects.current().filter(article__in=dismissed.values("article")))
    return _rescore_from_findings(scores)


def _rescore_from_findings(scores: list[ArticleScore]) -> int:
    """Set each score's fidelity and components from its stored findings, less the dismissed ones."""
    if not scores:
        return 0
    dismissed = defaultdict(set)
    for article, key in FindingReview.objects.filter(
            article__in=[s.article_id for s in scores], verdict="dismissed").values_list("article", "key"):
        dismissed[article].add(key)
    findings = defaultdict(list)
    for f in Finding.objects.filter(score__in=scores, kind__in=PENALISED_KINDS):
        findings[f.score_id].append(f)
    changed = []
    for score in scores:
        if score.fidelity is None:  # not compared (no consensus): nothing was penalised, nothing to give back
            continue
        kept = [types.Finding(f.kind, f.start, f.end, f.text, f.expected, severity=f.severity)
                for f in findings[score.pk] if key_of(f) not in dismissed[score.article_id]]
        fidelity, components = article_fidelity(kept, DEFAULT_WEIGHTS)
        new = (fidelity, components["spin"], components["drift"], components["sidebar"])
        if new != (score.fidelity, score.spin, score.drift, score.sidebar):
            score.fidelity, score.spin, score.drift, score.sidebar = new
            changed.append(score)
    ArticleScore.objects.bulk_update(changed, ["fidelity", "spin", "drift", "sidebar"])
    return len(changed)


def _recompute_outlets() -> None:
    # The bridge's own function: one place decides how article scores make outlet scores.
    from scoring.tasks import save_outlet_scores

    save_outlet_scores()


# Replies ----------------------------------------------------------------------------------------------------

@transaction.atomic
def add_reply(user, outlet, text: str, received_on: date, link: str = "", article=None,
              finding: Finding | None = None) -> OutletReply:
    """Attach an outlet's answer to one of its findings, one of its articles, or the outlet; logged."""
    if article is not None and article.outlet_id != outlet.pk:
        raise ReviewError("The article is not the outlet's.")
    if finding is not None and (article is None or finding.score.article_id != article.pk):
        raise ReviewError("The finding is not the article's.")
    reply = OutletReply.objects.create(
        outlet=outlet, article=article, text=text.strip(), received_on=received_on, link=link, entered_by=user,
        finding_key=key_of(finding) if finding else "", finding_kind=finding.kind if finding else "",
        finding_text=finding.text if finding else "")
    AuditEntry.objects.create(
        user=user, action="reply added", article=article, outlet=outlet,
        subject=f"Reply of {outlet.name} to the {reply.answers}", before=None,
        after={"text": reply.text[:500], "received_on": received_on.isoformat(), "link": link,
               "answers": reply.answers})
    return reply


# Numbers for the engine work ----------------------------------------------------------------------------------

def verdict_counts() -> list[dict]:
    """Per detector (finding kind): reviews confirmed, dismissed, and dismissals per reason, with the share of
    reviewed findings dismissed (the false-alarm rate editors see)."""
    rows = (FindingReview.objects.values("kind", "verdict", "reason").annotate(n=Count("id"))
            .order_by("kind", "verdict", "reason"))
    table: dict[str, dict] = {}
    for row in rows:
        entry = table.setdefault(row["kind"], {"kind": row["kind"], "confirmed": 0, "dismissed": 0,
                                               **{reason: 0 for reason in REASON_LABELS}})
        entry[row["verdict"]] += row["n"]
        if row["verdict"] == "dismissed":
            entry[row["reason"] or "other"] += row["n"]
    out = []
    for entry in table.values():
        reviewed = entry["confirmed"] + entry["dismissed"]
        out.append({**entry, "reviewed": reviewed, "dismissed_share": entry["dismissed"] / reviewed})
    return out


# Exports ----------------------------------------------------------------------------------------------------

def with_review_columns(frame):
    """Add each finding's review (verdict, reason, note, reviewer, when) and the replies answering it to an export
    frame with columns article, kind, text, expected. Two queries, whatever the frame's size."""
    articles = set(frame["article"]) if len(frame) else set()
    reviews = {(r.article_id, r.key): r for r in
               FindingReview.objects.filter(article__in=articles).select_related("reviewer")}
    replies = defaultdict(list)
    for r in OutletReply.objects.filter(article__in=articles).exclude(finding_key="").order_by("received_on", "id"):
        replies[(r.article_id, r.finding_key)].append(f"{r.received_on.isoformat()}: {r.text}"
                                                      + (f" ({r.link})" if r.link else ""))
    keys = [(a, finding_key(k, t, e)) for a, k, t, e in
            zip(frame["article"], frame["kind"], frame["text"], frame["expected"].fillna(""))]
    found = [reviews.get(k) for k in keys]
    frame["review"] = [r.verdict if r else "" for r in found]
    frame["review_reason"] = [r.reason if r else "" for r in found]
    frame["review_note"] = [r.note if r else "" for r in found]
    frame["reviewed_by"] = [(r.reviewer.get_username() if r.reviewer else "") if r else "" for r in found]
    frame["reviewed_at_utc"] = [r.reviewed_at.astimezone(timezone.utc).replace(tzinfo=None) if r else None
                                for r in found]
    frame["replies"] = ["\n".join(replies.get(k, [])) for k in keys]
    return frame


def replies_rows() -> list[dict]:
    """Every outlet reply with what it answers, for the replies export."""
    rows = OutletReply.objects.select_related("outlet", "entered_by").order_by("outlet__name", "-received_on", "-id")
    return [{"outlet": r.outlet.name, "slug": r.outlet.slug, "answers": r.answers, "article": r.article_id,
             "finding_kind": r.finding_kind, "finding_text": r.finding_text, "received_on": r.received_on,
             "text": r.text, "link": r.link, "entered_by": r.entered_by.get_username() if r.entered_by else "",
             "entered_at_utc": r.entered_at.astimezone(timezone.utc).replace(tzinfo=None)} for r in rows]
