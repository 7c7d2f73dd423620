"""Response shapes of the read-only API (pydantic, via django-ninja); they are the OpenAPI schema's components."""
from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class ScoreInterval(Schema):
    score: float | None  # None: insufficient evidence (fewer compared articles than the engine's MIN_COMPARED)
    low: float | None
    high: float | None
    articles: int
    compared: int = 0  # of the articles, those compared (with a fidelity): the score's evidence


class WindowScore(ScoreInterval):
    window_start: date
    window_end: date | None


class Outlet(Schema):
    slug: str
    name: str
    country: str
    language: str
    homepage: str
    is_reviewed: bool
    overall: ScoreInterval | None  # None until the outlet has scored articles


class Components(Schema):
    """Mean penalty components (0-1) over the outlet's scored articles."""

    spin: float
    drift: float
    sidebar: float


class OutletDetail(Outlet):
    components: Components | None
    history: list[WindowScore]  # one row per time window, oldest first


class Story(Schema):
    id: int
    title: str
    first_seen: datetime | None
    last_seen: datetime | None
    articles: int
    outlets: int
    mean_fidelity: float | None


class Article(Schema):
    id: int
    outlet: str  # the outlet's slug
    outlet_name: str
    story: int | None
    title: str
    url: str | None
    published_at: datetime | None
    fidelity: float | None  # None until scored by the current engine version
    spin: float | None
    drift: float | None
    sidebar: float | None
    has_consensus: bool | None
    copied_from: int | None  # the article this one copies, when the engine found one


class ConsensusFact(Schema):
    key: str
    text: str
    support: list[int]  # ids of the articles that state it


class StoryDetail(Story):
    consensus: list[ConsensusFact]
    article_list: list[Article]


class Finding(Schema):
    kind: str
    start: int  # character offsets into the article detail's `text`
    end: int
    text: str
    expected: str
    support: list[int]
    severity: float
    explanation: str


class ArticleDetail(Article):
    text: str  # the text the findings' offsets refer to
    findings: list[Finding]


class Page(Schema):
    count: int
    page: int
    page_size: int


class OutletPage(Page):
    items: list[Outlet]


class StoryPage(Page):
    items: list[Story]


class ArticlePage(Page):
    items: list[Article]


class Error(Schema):
    detail: str
