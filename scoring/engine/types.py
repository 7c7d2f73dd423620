"""Plain records going into and out of the engine. No Django, no I/O."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ArticleText:
    """One article as the engine sees it: `text` as given, or `html` to be extracted."""

    id: str
    outlet: str
    text: str = ""
    html: str = ""
    title: str = ""
    published: datetime | date | None = None
    url: str = ""


@dataclass(frozen=True)
class Finding:
    kind: str  # "spin" | "drift" | "sidebar" | "boilerplate"
    start: int  # offsets into the article's text exactly as it came in (or the extracted body)
    end: int
    text: str  # == text[start:end]
    expected: str = ""  # what the consensus says instead
    support: tuple[str, ...] = ()  # ids of the articles that say it
    severity: float = 0.0  # 0-1; how many points the finding may cost, before weights
    explanation: str = ""
    detail: str = ""  # machine-readable sub-type, e.g. "number", "nationality", "tortured-phrase"
    # Where `expected` is quoted from (spin, drift, updated): the article's id and the span of its text, so a reader
    # is shown the source's words without matching sentences again. Not in to_dict: score_file's output is as before.
    source: str = ""
    source_start: int = 0
    source_end: int = 0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["support"] = list(self.support)
        for key in _BRIDGE_ONLY:
            del d[key]
        return d


_BRIDGE_ONLY = ("source", "source_start", "source_end")


@dataclass(frozen=True)
class Fact:
    id: str
    text: str
    support: tuple[str, ...]
    # The sentences that state it: (article id, start, end) each. A finding quoting one of them as `expected`
    # contradicts this fact. Not in to_dict: score_file's output is as before.
    spans: tuple[tuple[str, int, int], ...] = ()

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "support": list(self.support)}


@dataclass(frozen=True)
class Observation:
    """One story's evidence for a spinner's swap (see fingerprints.py): the phrases, and how many of the story's
    voices use each."""

    spun: str  # lower case, single spaces: the form looked for in texts
    original: str  # as the source writes it (shown to editors as `expected`)
    spun_voices: int
    original_voices: int


@dataclass
class ArticleResult:
    id: str
    outlet: str
    story: str
    fidelity: float | None  # None: not compared (no consensus, and no source it copies)
    components: dict[str, float]
    findings: list[Finding]
    body: str  # the text the offsets refer to
    body_start: int = 0  # where the story body begins and ends inside `body` (chrome removed)
    body_end: int = 0
    copy_of: str | None = None  # id of the article this one copies, when found
    copy_similarity: float | None = None
    has_consensus: bool = True
    covered: list[str] = field(default_factory=list)  # consensus fact ids this article states
    omitted: list[str] = field(default_factory=list)  # consensus fact ids it leaves out
    unverified: list[tuple[int, int]] = field(default_factory=list)  # sentence spans nobody else states
    version_of: str | None = None  # id of the latest version of this article by its outlet, when this is an earlier one

    def to_dict(self) -> dict:
        return {
            "id": self.id, "outlet": self.outlet, "story": self.story,
            "fidelity": None if self.fidelity is None else round(self.fidelity, 2),
            "components": {k: round(v, 4) for k, v in self.components.items()},
            "findings": [f.to_dict() for f in self.findings],
            "body": self.body, "body_start": self.body_start, "body_end": self.body_end,
            "copy_of": self.copy_of, "copy_similarity": self.copy_similarity,
            "has_consensus": self.has_consensus,
            "covered": self.covered, "omitted": self.omitted,
            "unverified": [list(s) for s in self.unverified],
            "version_of": self.version_of,
        }


@dataclass
class StoryResult:
    id: str
    title: str
    articles: list[str]
    consensus: list[Fact]
    has_consensus: bool = True
    # The swaps its copies showed, kept so that a later run over other stories learns from them (not in to_dict).
    observations: tuple[Observation, ...] = ()
    # Set when scoring the story raised: what went wrong ("IndexError: ... at spin.py:27"). A failed story has no
    # consensus and no ArticleResults; the rest of the run is scored as usual (see pipeline._failed_story).
    error: str = ""

    def to_dict(self) -> dict:
        d = {"id": self.id, "title": self.title, "articles": self.articles,
             "consensus": [f.to_dict() for f in self.consensus], "has_consensus": self.has_consensus}
        if self.error:
            d["error"] = self.error
        return d


@dataclass(frozen=True)
class OutletResult:
    outlet: str
    score: float | None  # None: insufficient evidence (fewer compared articles than fidelity.MIN_COMPARED)
    low: float | None
    high: float | None
    articles: int  # all its articles (in the window)
    window: str = ""  # "" for the overall score, else the window's first day (ISO)
    compared: int = 0  # of them, the articles compared (with a fidelity): the score's evidence
    mean: float | None = None  # the plain mean fidelity of the compared articles, before the pull
    prior: float | None = None  # the typical outlet's mean the score is pulled toward

    def to_dict(self) -> dict:
        r = lambda x: None if x is None else round(x, 2)
        d = {"outlet": self.outlet, "score": r(self.score), "low": r(self.low), "high": r(self.high),
             "articles": self.articles, "compared": self.compared}
        if self.window:
            d["window"] = self.window
        return d


@dataclass
class CorpusResult:
    version: str
    stories: list[StoryResult]
    articles: list[ArticleResult]
    outlets: list[OutletResult]
    outlet_history: list[OutletResult] = field(default_factory=list)

    @property
    def failed(self) -> list[StoryResult]:
        """The stories whose scoring raised (their articles are not in `articles`)."""
        return [s for s in self.stories if s.error]

    def to_dict(self) -> dict:
        return {
            "engine": {"version": self.version},
            "stories": [s.to_dict() for s in self.stories],
            "articles": [a.to_dict() for a in self.articles],
            "outlets": [o.to_dict() for o in self.outlets],
            "outlet_history": [o.to_dict() for o in self.outlet_history],
        }
