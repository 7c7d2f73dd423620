"""Alerts: rules an admin sets, evaluated after each scoring run and on Celery beat's schedule.

Rules (scoring.models.AlertRule), for one outlet or every outlet:
- fidelity_drop: the outlet's score in its latest time window is at least N points under its previous window
  (the stored per-window outlet scores the outlet page charts; both windows need `min_articles` scored articles);
- penalised_day: at least N of its articles published on one day lost points (fidelity under 100, after editors'
  dismissals), among the days of the last LOOKBACK_DAYS before the newest article;
- feed_quiet: an active outlet with a feed has had no new article for N days.

An alert is one row per rule, outlet and window (a unique constraint), so evaluating twice never repeats one; only
the evaluation that creates the row delivers it: an email through Django's email backend, and a JSON POST to the
rule's webhook with the address checks of feed fetching (sources/feeds.py), a timeout, and retries with backoff.
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from scoring.models import Alert, AlertRule, ArticleScore, AuditEntry, OutletScore
from sources import feeds
from sources.models import Article, Outlet

logger = logging.getLogger(__name__)

LOOKBACK_DAYS = 14  # penalised_day looks at the days this close to the newest article (imports may be historical)


@dataclass(frozen=True)
class Candidate:
    outlet_id: int
    window_start: date
    window_end: date
    figures: dict
    message: str


def open_count() -> int:
    return Alert.objects.filter(acknowledged_at__isnull=True).count()


# Evaluation -------------------------------------------------------------------------------------------------

def evaluate() -> list[Alert]:
    """Evaluate every active rule; create and deliver the alerts that are new. Returns the new alerts."""
    created = []
    for rule in AlertRule.objects.filter(is_active=True).select_related("outlet"):
        for candidate in CHECKS[rule.kind](rule):
            alert = _create(rule, candidate)
            if alert is not None:
                created.append(alert)
    for alert in created:
        deliver(alert)
    return created


def _create(rule: AlertRule, c: Candidate) -> Alert | None:
    """The new alert, or None when this rule already fired for this outlet and window."""
    if Alert.objects.filter(rule=rule, outlet_id=c.outlet_id, window_start=c.window_start).exists():
        return None
    try:
        with transaction.atomic():
            return Alert.objects.create(rule=rule, outlet_id=c.outlet_id, window_start=c.window_start,
                                        window_end=c.window_end, figures=c.figures, message=c.message)
    except IntegrityError:  # another evaluation created it meanwhile: it delivers, not this one
        return None


def _outlets(rule: AlertRule):
    return Outlet.objects.filter(pk=rule.outlet_id) if rule.outlet_id else Outlet.objects.all()


def fidelity_drops(rule: AlertRule) -> list[Candidate]:
    history = (OutletScore.objects.history().filter(outlet__in=_outlets(rule), score__isnull=False,
                                                    articles__gte=rule.min_articles)
               .select_related("outlet").order_by("outlet_id", "window_start"))
    by_outlet: dict[int, list[OutletScore]] = {}
    for row in history:
        by_outlet.setdefault(row.outlet_id, []).append(row)
    out = []
    for rows in by_outlet.values():
        if len(rows) < 2:
            continue
        previous, last = rows[-2], rows[-1]
        drop = previous.score - last.score
        if drop >= rule.threshold:
            out.append(Candidate(
                last.outlet_id, last.window_start, last.window_end or last.window_start,
                {"previous_window": previous.window_start.isoformat(), "previous_score": round(previous.score, 1),
                 "previous_articles": previous.articles, "score": round(last.score, 1), "articles": last.articles,
                 "drop": round(drop, 1)},
                f"{last.outlet.name}: fidelity {last.score:.1f} in the window from {last.window_start:%d %b %Y}, "
                f"{drop:.1f} points under {previous.score:.1f} in the window before."))
    return out


def penalised_days(rule: AlertRule) -> list[Candidate]:
    newest = Article.objects.aggregate(newest=Max("published_at"))["newest"]
    if newest is None:
        return []
    since = newest.date() - timedelta(days=LOOKBACK_DAYS)
    rows = (ArticleScore.objects.current()
            .filter(article__outlet__in=_outlets(rule), fidelity__lt=100, article__published_at__isnull=False,
                    article__published_at__date__gte=since)
            .annotate(day=TruncDate("article__published_at"))
            .values("article__outlet", "article__outlet__name", "day").annotate(n=Count("id"))
            .filter(n__gte=rule.threshold).order_by("article__outlet", "day"))
    return [Candidate(r["article__outlet"], r["day"], r["day"], {"penalised_articles": r["n"]},
                      f"{r['article__outlet__name']}: {r['n']} article{'s' if r['n'] != 1 else ''} published on "
                      f"{r['day']:%d %b %Y} lost points.") for r in rows]


def quiet_feeds(rule: AlertRule) -> list[Candidate]:
    now = timezone.now()
    cutoff = now - timedelta(days=rule.threshold)
    outlets = (_outlets(rule).filter(is_active=True).exclude(feed_url="")
               .annotate(last_arrival=Max("articles__created_at"))
               .filter(Q(last_arrival__lt=cutoff) | Q(last_arrival__isnull=True, created_at__lt=cutoff)))
    out = []
    for outlet in outlets:
        since = outlet.last_arrival or outlet.created_at
        days = (now - since).days
        # Window: from the last arrival, so one quiet spell is one alert, and the next spell another.
        out.append(Candidate(outlet.pk, since.date(), now.date(),
                             {"last_arrival": outlet.last_arrival.isoformat() if outlet.last_arrival else None,
                              "days_quiet": days},
                             f"{outlet.name}: no new article from its feed for {days} days."))
    return out


CHECKS = {"fidelity_drop": fidelity_drops, "penalised_day": penalised_days, "feed_quiet": quiet_feeds}


# Acknowledging ----------------------------------------------------------------------------------------------

@transaction.atomic
def acknowledge(alert: Alert, user) -> bool:
    """Mark the alert seen by this user, logged; False when it already was."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.acknowledged_at is not None:
        return False
    alert.acknowledged_by, alert.acknowledged_at = user, timezone.now()
    alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
    AuditEntry.objects.create(user=user, action="alert acknowledged", outlet_id=alert.outlet_id,
                              subject=alert.message[:300], before={"acknowledged": False},
                              after={"acknowledged": True, "alert": alert.pk})
    return True


# Delivery ---------------------------------------------------------------------------------------------------

def payload(alert: Alert) -> dict:
    return {"id": alert.pk, "rule": alert.rule.name, "kind": alert.rule.kind, "outlet": alert.outlet.slug,
            "outlet_name": alert.outlet.name, "window_start": alert.window_start.isoformat(),
            "window_end": alert.window_end.isoformat(), "figures": alert.figures, "message": alert.message,
            "created_at": alert.created_at.isoformat()}


def deliver(alert: Alert) -> None:
    """Email the alert and POST it to the rule's webhook; a failure is logged on the alert, never raised."""
    recipients = [a.strip() for a in (alert.rule.email_to or ",".join(settings.ALERT_EMAIL_TO)).split(",")
                  if a.strip()]
    if recipients:
        try:
            send_mail(f"[Concordance] {alert.rule.name}: {alert.outlet.name}", alert.message + "\n\n"
                      + json.dumps(alert.figures, indent=2), settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception:  # a mail server down must not stop the webhook or the next alert
            logger.exception("emailing alert %s failed", alert.pk)
        else:
            alert.emailed_at = timezone.now()
            alert.save(update_fields=["emailed_at"])
    if alert.rule.webhook_url:
        post_webhook(alert)


def post_webhook(alert: Alert) -> bool:
    """POST the alert as JSON, retrying with exponential backoff; records attempts, success or the last error."""
    body = json.dumps(payload(alert)).encode("utf-8")
    delay = settings.ALERT_WEBHOOK_BACKOFF_SECONDS
    for attempt in range(1, settings.ALERT_WEBHOOK_ATTEMPTS + 1):
        alert.webhook_attempts += 1
        try:
            post_json(alert.rule.webhook_url, body)
        except feeds.FetchError as e:
            alert.webhook_error = f"attempt {attempt}: {e}"
            alert.save(update_fields=["webhook_attempts", "webhook_error"])
            if attempt < settings.ALERT_WEBHOOK_ATTEMPTS:
                time.sleep(delay)
                delay *= 2
            continue
        alert.webhook_delivered_at, alert.webhook_error = timezone.now(), ""
        alert.save(update_fields=["webhook_attempts", "webhook_delivered_at", "webhook_error"])
        return True
    logger.warning("alert %s: webhook failed after %d attempts (%s)", alert.pk, attempt, alert.webhook_error)
    return False


def post_json(url: str, body: bytes) -> int:
    """POST a JSON body to an http(s) url whose host must resolve to public addresses (feed fetching's check, and
    its FEEDS_ALLOW_PRIVATE allowance); no redirect followed. Returns the status; FetchError unless 2xx."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:  # a port that is not a number
        raise feeds.FetchError(f"not a valid url: {url[:200]}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise feeds.FetchError(f"not an http or https url: {url[:200]}")
    address = feeds._checked_address(parts.hostname, port)
    kind = feeds._PinnedHTTPSConnection if parts.scheme == "https" else feeds._PinnedHTTPConnection
    connection = kind(parts.hostname, port, address, timeout=settings.ALERT_WEBHOOK_TIMEOUT_SECONDS)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers={
            "User-Agent": feeds.USER_AGENT, "Content-Type": "application/json"})
        response = connection.getresponse()
        response.read(64 * 1024)
    except TimeoutError:
        raise feeds.FetchError(f"timed out after {settings.ALERT_WEBHOOK_TIMEOUT_SECONDS:g} s") from None
    except OSError as e:
        raise feeds.FetchError(f"{type(e).__name__}: {e}" if str(e) else type(e).__name__) from None
    except Exception as e:  # http.client's protocol errors
        raise feeds.FetchError(f"{type(e).__name__}: {e}") from None
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        raise feeds.FetchError(f"HTTP {response.status} {response.reason}".strip())
    return response.status


# Jobs -------------------------------------------------------------------------------------------------------

@shared_task(autoretry_for=(), ignore_result=True)
def evaluate_alerts_job() -> int:
    """Celery beat's periodic evaluation, and the one queued after each scoring run."""
    return len(evaluate())


def evaluate_after_commit() -> None:
    """Queue an evaluation for when the current transaction (a scoring run's save) commits. Eager without a broker;
    with one. Robust: a broker that is down, or a failing rule, must not fail the scoring that succeeded (beat
    evaluates again on its schedule); the error is logged."""
    transaction.on_commit(lambda: evaluate_alerts_job.delay(), robust=True)
