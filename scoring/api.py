"""Read-only JSON API under /api/v1/: outlets, stories and articles with their scores, consensus and findings.

Built with django-ninja rather than DRF + drf-spectacular: the API is a handful of read-only endpoints, and
ninja gives typed parameters and responses (pydantic) from which it generates the OpenAPI 3.1 schema itself,
with no serializer, viewset or schema-generator layer to keep in step; it supports Django 5.2.

Auth: `Authorization: Bearer <token>` for scripts (tokens from `manage.py create_api_token USER`), or the
browser's login session. Anyone else gets 401. The schema at /api/v1/openapi.json is public: it describes
the shapes, never the data. Every endpoint runs a fixed number of queries whatever the data size
(two for auth, then two or three), checked in tests/api with django_assert_num_queries.
"""
from __future__ import annotations

from datetime import date
from typing import Annotated

from django.conf import settings
from django.db.models import Avg, Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Path, Query
from ninja.security import HttpBearer, django_auth
from pydantic import AfterValidator

from scoring import api_schemas as out
from scoring import explain
from scoring.engine.version import ENGINE_VERSION
from scoring.models import ApiToken, ArticleScore, ConsensusFact, FactCoverage, Finding, FindingKind, OutletScore
from sources.models import Article, Outlet, Story



def _within_years(day: date) -> date:
    first, last = settings.PUBLISHED_YEARS
    if not first <= day.year <= last:
        raise ValueError(f"dates must lie within the years {first}-{last}")
    return day


# A date filter within settings.PUBLISHED_YEARS (no article lies outside them): else a 422 naming the range.
Day = Annotated[date, AfterValidator(_within_years)]

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Bounds are declared, so the schema tells clients (and schemathesis) the limits: ids are 64-bit, and a
# page past a million is surely a mistake. Out of bounds is a 422 that names the parameter.
MAX_ID = 2**63 - 1
MAX_PAGE = 1_000_000
# Outlet slugs are ASCII (Django's SlugField). Checking the pattern turns junk into a 422 before it reaches the
# database, where PostgreSQL refuses a NUL byte in a string with an error (a 500) instead of no match.
SLUG = r"^[-a-zA-Z0-9_]+$"


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        """The token's active user, or None (then the session is tried, then 401)."""
        if not token or len(token) > 200:
            return None
        found = (ApiToken.objects.select_related("user")
                 .filter(digest=ApiToken.digest_of(token), user__is_active=True).first())
        if found is None:
            return None
        found.mark_used()
        return found.user


api = NinjaAPI(
    title="Concordance API",
    version="1",
    description=("Outlets, stories, articles, their fidelity scores, consensus and findings; editors' reviews, outlets' "
                 "replies and alerts. Editors may confirm or dismiss findings (POST)."),
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_url=None,  # no Swagger page: it would be one more page of third-party JavaScript to vet under the CSP
)


# Outlets

def _outlets() -> QuerySet:
    return Outlet.objects.with_current_score().order_by("name")


def _status(score) -> str:
    return "scored" if score is not None else explain.INSUFFICIENT


def _outlet_row(o: Outlet) -> dict:
    overall = None
    if o.scored_articles is not None:
        overall = {"score": o.score, "low": o.low, "high": o.high, "articles": o.scored_articles,
                   "compared": o.compared, "status": _status(o.score)}
    return {"slug": o.slug, "name": o.name, "country": o.country, "language": o.language,
            "homepage": o.homepage, "is_reviewed": o.is_reviewed, "overall": overall}


@api.get("/outlets", response=out.OutletPage, tags=["outlets"])
def outlet_list(request, country: str | None = Query(None, pattern=r"^[A-Za-z]{2}$"),
                reviewed: bool | None = None,
                page: int = Query(1, ge=1, le=MAX_PAGE), page_size: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)):
    """Outlets by name, each with its overall fidelity score and 90% interval."""
    outlets = _outlets()
    if country:
        outlets = outlets.filter(country__iexact=country)
    if reviewed is not None:
        outlets = outlets.filter(is_reviewed=reviewed)
    return _page(outlets, page, page_size, _outlet_row)


@api.get("/outlets/{slug}", response={200: out.OutletDetail, 404: out.Error}, tags=["outlets"])
def outlet_detail(request, slug: str = Path(..., pattern=SLUG, max_length=200)):
    """One outlet: overall score, mean penalty components, and its score per time window."""
    outlet = get_object_or_404(_outlets(), slug=slug)
    history = OutletScore.objects.history().filter(outlet=outlet)
    means = ArticleScore.objects.current().compared().filter(article__outlet=outlet).aggregate(
        spin=Avg("spin"), drift=Avg("drift"), sidebar=Avg("sidebar"))
    return {
        **_outlet_row(outlet),
        "components": means if means["spin"] is not None else None,
        "history": [{"window_start": h.window_start, "window_end": h.window_end, "score": h.score,
                     "low": h.low, "high": h.high, "articles": h.articles, "compared": h.compared,
                     "status": _status(h.score)} for h in history],
    }


# Stories

def _stories() -> QuerySet:
    mean = (ArticleScore.objects.current().filter(article__story=OuterRef("pk"))
            .values("article__story").annotate(mean=Avg("fidelity")).values("mean"))
    return Story.objects.with_counts().annotate(mean_fidelity=Subquery(mean)).order_by("-last_seen", "-id")


def _story_row(s: Story) -> dict:
    return {"id": s.pk, "title": s.title, "first_seen": s.first_seen, "last_seen": s.last_seen,
            "articles": s.article_count, "outlets": s.outlet_count, "mean_fidelity": s.mean_fidelity}


@api.get("/stories", response=out.StoryPage, tags=["stories"])
def story_list(request, start: Day | None = None, end: Day | None = None,
               outlet: str | None = Query(None, pattern=SLUG, max_length=200),
               page: int = Query(1, ge=1, le=MAX_PAGE), page_size: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)):
    """Stories seen within the date range (inclusive, overlapping), optionally only those an outlet reported."""
    stories = _stories()
    if start:
        stories = stories.filter(last_seen__date__gte=start)
    if end:
        stories = stories.filter(first_seen__date__lte=end)
    if outlet:
        # Exists, not a join: a join would multiply the counts annotated on each story.
        stories = stories.filter(Exists(Article.objects.filter(story=OuterRef("pk"), outlet__slug=outlet)))
    return _page(stories, page, page_size, _story_row)


@api.get("/stories/{story_id}", response={200: out.StoryDetail, 404: out.Error}, tags=["stories"])
def story_detail(request, story_id: int = Path(..., ge=1, le=MAX_ID)):
    """One story: its consensus facts and its articles with their scores."""
    story = get_object_or_404(_stories(), pk=story_id)
    facts = ConsensusFact.objects.current().filter(story=story)
    articles = _articles().filter(story=story).order_by("outlet__name", "published_at", "pk")
    return {
        **_story_row(story),
        "consensus": [{"key": f.key, "text": f.text, "support": f.support} for f in facts],
        "article_list": [_article_row(a) for a in articles],
    }


# Articles

def _articles() -> QuerySet:
    current = FilteredRelation("scores", condition=Q(scores__engine_version=ENGINE_VERSION))
    return (Article.objects.select_related("outlet")
            .defer("raw_html", "raw_text")  # lists never show text; the detail view asks for it
            .annotate(current=current)
            .annotate(s_fidelity=F("current__fidelity"), s_spin=F("current__spin"), s_drift=F("current__drift"),
                      s_sidebar=F("current__sidebar"), s_has_consensus=F("current__has_consensus"),
                      s_copied_from=F("current__copied_from"), s_score=F("current__pk"),
                      s_unverified=F("current__unverified"))
            .order_by("-published_at", "-id"))


def _article_row(a: Article) -> dict:
    return {"id": a.pk, "outlet": a.outlet.slug, "outlet_name": a.outlet.name, "story": a.story_id,
            "title": a.title, "url": a.url, "published_at": a.published_at,
            "fidelity": a.s_fidelity, "spin": a.s_spin, "drift": a.s_drift, "sidebar": a.s_sidebar,
            "fidelity_status": ("not scored" if a.s_has_consensus is None
                                else explain.NOT_COMPARED if a.s_fidelity is None else "compared"),
            "has_consensus": a.s_has_consensus, "copied_from": a.s_copied_from}


@api.get("/articles", response=out.ArticlePage, tags=["articles"])
def article_list(request, start: Day | None = None, end: Day | None = None,
                 outlet: str | None = Query(None, pattern=SLUG, max_length=200),
                 story: int | None = Query(None, ge=1, le=MAX_ID),
                 min_fidelity: float | None = Query(None, ge=0, le=100, allow_inf_nan=False),
                 max_fidelity: float | None = Query(None, ge=0, le=100, allow_inf_nan=False),
                 page: int = Query(1, ge=1, le=MAX_PAGE),
                 page_size: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)):
    """Articles, newest first, filtered by publication date, outlet, story and fidelity range (inclusive)."""
    articles = _articles().published_between(start, end)
    if outlet:
        articles = articles.filter(outlet__slug=outlet)
    if story:
        articles = articles.filter(story_id=story)
    if min_fidelity is not None:
        articles = articles.filter(s_fidelity__gte=min_fidelity)
    if max_fidelity is not None:
        articles = articles.filter(s_fidelity__lte=max_fidelity)
    return _page(articles, page, page_size, _article_row)


@api.get("/articles/{article_id}", response={200: out.ArticleDetail, 404: out.Error}, tags=["articles"])
def article_detail(request, article_id: int = Path(..., ge=1, le=MAX_ID)):
    """One article: its scores, the text its findings point into, and every finding."""
    article = get_object_or_404(_articles().defer(None).defer("raw_html"), pk=article_id)
    findings = Finding.objects.current().filter(score__article=article).select_related("fact")
    coverage = (FactCoverage.objects.filter(score_id=article.s_score).select_related("fact")
                .order_by("fact__position", "fact__key") if article.s_score else [])
    text = article.text
    return {
        **_article_row(article),
        "text": text,  # unscored articles have no findings
        "findings": [{"kind": f.kind, "start": f.start, "end": f.end, "text": f.text, "expected": f.expected,
                      "support": f.support, "severity": f.severity, "explanation": f.explanation,
                      "kind_label": FindingKind.label_of(f.kind),
                      "points": explain.points(f.kind, f.severity) if article.s_fidelity is not None else 0.0,
                      "fact_type": f.fact_type, "fact": f.fact.key if f.fact else None}
                     for f in findings],
        "coverage": [{"fact": c.fact.key, "text": c.fact.text, "state": c.state} for c in coverage],
        "unverified": [{"start": start, "end": end, "text": text[start:end]}
                       for start, end in article.s_unverified or []],
    }


def _page(queryset: QuerySet, page: int, page_size: int, row) -> dict:
    """One page of rows and the total count: two queries, or one when the page is past the end."""
    count = queryset.count()
    offset = (page - 1) * page_size
    items = [row(x) for x in queryset[offset:offset + page_size]] if offset < count else []
    return {"count": count, "page": page, "page_size": page_size, "items": items}



# Editorial review, replies and alerts: scoring/review_api.py, imported here so it can use the helpers
# above.
from scoring.review_api import router as _review_router  # noqa: E402

api.add_router("", _review_router)
