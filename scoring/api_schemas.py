"""Response shapes of the read-only API (pydantic, via django-ninja); they are the OpenAPI schema's components."""
from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class ScoreInterval(Schema):
    score: float | None  # None: insufficient evidence (fewer compared articles than a score needs)
    low: float | None
    high: float | None
    articles: int
    compared: int = 0  # of the articles, those compared with a consensus: the score's evidence
    status: str = "scored"  # "scored" or "insufficient evidence"


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
    fidelity: float | None  # None: not compared (see fidelity_status), or not scored yet
    fidelity_status: str  # "compared", "not compared" (no consensus to compare with) or "not scored"
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
    kind_label: str  # the words the dashboard and the exports use for the kind
    points: float  # points it costs before its kind's cap (0 for kinds that cost nothing, or not compared)
    fact_type: str  # a drift's kind of fact ("number", "weekday", ...); "" for other kinds
    fact: str | None  # the key of the consensus fact a drift contradicts (see the story's consensus), if any


class Coverage(Schema):
    fact: str  # the consensus fact's key (the story detail's consensus lists them)
    text: str
    state: str  # "states", "contradicts" or "omits"


class Span(Schema):
    start: int  # character offsets into the article detail's `text`
    end: int
    text: str


class ArticleDetail(Article):
    text: str  # the text the findings' offsets refer to
    findings: list[Finding]
    coverage: list[Coverage]  # each consensus fact of the story: whether this article states, contradicts or omits it
    unverified: list[Span]  # sentences no other independent outlet states: shown, never penalised


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
