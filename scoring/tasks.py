"""The one bridge between stored articles and the engine: build records, run the engine, save results.

Commands, admin actions and Celery jobs (scoring/jobs.py) each call one of these functions in one line.
Everything a run writes is written in one transaction, so a reader never sees half a rescoring.
"""
from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, replace
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from scoring import alerts, review, storydocs
from scoring.engine import ENGINE_VERSION, ArticleResult, ArticleText, Observation, StoryResult, score_stories
from scoring.engine.fidelity import DEFAULT_WEIGHTS, PENALISED, Weights, outlet_history, outlet_scores
from scoring.engine.pipeline import Ahead, linked_docs, prepared_ahead, story_docs
from scoring.engine.stories import StoryParams
from scoring.models import ArticleScore, ConsensusFact, CoverageState, FactCoverage, Finding, OutletScore
from sources import bulk
from sources.models import Article, Story

logger = logging.getLogger(__name__)


# What the engine reads of an article; values, not model instances (an instance with its state is a few KB more,
# and the bridge needs none of its methods).
_ENGINE_FIELDS = ("pk", "outlet__name", "raw_text", "title", "published_at", "url")
RECORDS_CHUNK = 2000  # articles read per query


def engine_records(articles: QuerySet) -> Iterator[ArticleText]:
    """The engine's records of these stored articles (ids are the database ids, as strings), in the order the
    engine wants them (of their ids as strings), read a chunk at a time: the engine streams them to its workers,
    so the texts of a whole corpus are never in this process together."""
    return records_of(articles.values_list("pk", flat=True))


def records_of(article_ids: Iterable[int]) -> Iterator[ArticleText]:
    """engine_records of the articles with these ids (any number: they are read RECORDS_CHUNK at a time)."""
    ids = sorted(article_ids, key=str)
    for start in range(0, len(ids), RECORDS_CHUNK):
        chunk = ids[start:start + RECORDS_CHUNK]
        rows = {row[0]: row for row in Article.objects.filter(pk__in=chunk).values_list(*_ENGINE_FIELDS)}
        # An article deleted since the ids were read is left out, as one query would have left it.
        for pk, outlet, raw_text, title, published, url in filter(None, map(rows.get, chunk)):
            yield ArticleText(id=str(pk), outlet=outlet, text=raw_text, title=title, published=published,
                              url=url or "")


@dataclass(frozen=True)
class Scored:
    """What a scoring run saved, for command summaries and job results."""

    version: str
    stories: int
    articles: int
    failed: int = 0  # stories the engine raised on (their articles kept their previous scores; see the log)

    def summary(self) -> str:
        """"scored 9,812 articles in 811 stories; 1 story failed: see log"."""
        text = f"scored {self.articles} articles in {self.stories} stories"
        if self.failed:
            text += f"; {self.failed} {'story' if self.failed == 1 else 'stories'} failed: see log"
        return text


def score_all(before_story=None) -> Scored:
    """Score every stored article: stories, consensus, findings, article and outlet scores."""
    return score_articles(Article.objects.all(), before_story)


def score_articles(articles: QuerySet, before_story=None, ahead: Ahead | None = None,
                   ahead_made_from: dict[str, datetime] | None = None) -> Scored:
    """Run the engine over these articles together and save everything it concludes. A story the engine raises on
    is stored with its error and its articles keep their previous scores (`before_story`: see
    engine.score_stories). `ahead`: those of them already prepared (see score_new_articles), with the updated_at
    each was read at (`ahead_made_from`)."""
    published, made_from = {}, {}
    for pk, at, updated in articles.values_list("pk", "published_at", "updated_at"):  # before the texts are read
        published[str(pk)], made_from[str(pk)] = at, updated
    made_from.update(ahead_made_from or {})
    observed = stored_observations(articles)
    keep = storydocs.Keeper(made_from)
    records = engine_records(articles.exclude(pk__in=[int(i) for i in ahead.docs]) if ahead else articles)
    with score_stories(records, workers=settings.ENGINE_WORKERS, observed=observed, before_story=before_story,
                       keep_doc=keep, ahead=ahead) as results:
        keep.flush()  # outside the results' transaction: a doc is valid whatever becomes of this run
        started = time.perf_counter()
        scored = save_results(results, published)
        logger.info("saved %d stories and %d articles' scores in %.1f s (%d stories failed)", scored.stories,
                    scored.articles, time.perf_counter() - started, scored.failed)
        return scored


def stored_observations(articles: QuerySet) -> list[Observation]:
    """The swap observations of the stored stories a run over these articles leaves alone: the engine learns
    spin fingerprints from them as if it had scored those stories again."""
    run = articles.filter(story__isnull=False).values("story")
    rows = Story.objects.exclude(pk__in=run).values_list("swap_observations", flat=True)
    return [Observation(*row) for observations in rows.iterator() for row in observations]


def score_pending_articles() -> Scored | None:
    """Score the articles that lack a score of the current engine version, with the stories they join."""
    # Not the articles of a story the engine failed on: it would fail again on every poll (a new engine version, or
    # a new article joining the story, scores them again).
    pending = list(Article.objects.exclude(scores__engine_version=ENGINE_VERSION)
                   .exclude(story__scoring_error__gt="").values_list("pk", flat=True))
    if not pending:
        return None
    if not ArticleScore.objects.current().exists():
        return score_all()  # a new engine version (or a fresh database): everything at once
    return score_new_articles(pending)


def score_new_articles(article_ids: list[int]) -> Scored:
    """Score new (or changed) articles with the stories they join, leaving the other stories alone.

    The stored articles linked to the new ones (see linked_to) and every stored story they belong to are rescored
    whole, so a story's consensus includes the newcomers, and the stories are those a run over every stored
    article would give.
    """
    new = list(Article.objects.filter(pk__in=article_ids).only("pk", "published_at", "updated_at"))
    if not new:
        return score_articles(Article.objects.none())
    made_from = {str(a.pk): a.updated_at for a in new}  # before their texts are read
    # The newcomers are prepared once, for linking and then for scoring (most of what the run prepares).
    with prepared_ahead(records_of(a.pk for a in new), workers=settings.ENGINE_WORKERS) as ahead:
        joined = linked_to(new, ahead)
        touched = Story.objects.filter(articles__pk__in=joined).values("pk")
        return score_articles(Article.objects.filter(Q(pk__in=joined) | Q(story__in=touched)), ahead=ahead,
                              ahead_made_from=made_from)


LINK_ROUNDS = 5  # widenings of the days read before the linked articles are taken as they are


def linked_to(new: list[Article], ahead: Ahead | None = None) -> set[int]:
    """Ids of the stored articles linked to these new ones by strong pairs, directly or through others.

    Two dated articles further apart than the story window are never a pair, so the links of a dated article lie
    within the window around its day: the articles within the window of each new one's day (and the undated) are
    read, and the days read are widened until they hold the window of every linked article. An undated article
    may link to one of any date; its links are followed only within the days read. Each window is read alone, not
    the range from the earliest to the latest: a day's arrivals may include a late report of an old event, and
    the range between would be most of the corpus. Each article is prepared once, whatever the rounds, and not
    at all if prepared `ahead`.
    """
    window = StoryParams().window_days
    new_pks = [a.pk for a in new]
    docs: dict[str, object] = {}  # article id -> its story doc, made once
    needed = {_utc_day(a.published_at) for a in new if a.published_at}  # days whose whole window must be read
    linked = {str(pk) for pk in new_pks}
    for _ in range(LINK_ROUNDS):
        spans = _day_spans(needed, window)
        read = Q(pk__in=new_pks) | Q(published_at__isnull=True)
        for first, last in spans:
            read |= Q(published_at__gte=_midnight(first), published_at__lt=_midnight(last + timedelta(days=1)))
        wanted = {str(pk) for pk in Article.objects.filter(read).values_list("pk", flat=True)}
        _read_docs(docs, [int(i) for i in wanted if i not in docs], new_pks, ahead)
        linked = linked_docs([d for i, d in docs.items() if i in wanted], {str(pk) for pk in new_pks})
        ids = [int(i) for i in linked]
        reach = {_utc_day(at) for start in range(0, len(ids), RECORDS_CHUNK) for at in Article.objects.filter(
            pk__in=ids[start:start + RECORDS_CHUNK]).values_list("published_at", flat=True) if at}
        outside = {day for day in reach if not _within(day, window, spans)}
        if not outside:
            break
        needed |= outside
    return {int(i) for i in linked}


def _read_docs(docs: dict, pks: list[int], new_pks: list[int], ahead: Ahead | None) -> None:
    """Add the story docs of these articles to `docs`: those prepared ahead, the stored ones (see storydocs), else
    prepared, and then stored for the next arrivals. The new articles' stored docs are never used (their scoring
    stores their docs)."""
    new = set(new_pks)
    if ahead is not None:
        docs.update((str(pk), ahead.docs[str(pk)]) for pk in pks if str(pk) in ahead.docs)
    docs.update(storydocs.stored(pk for pk in pks if pk not in new and str(pk) not in docs))
    missing = [pk for pk in pks if str(pk) not in docs]
    if not missing:
        return
    stored = [pk for pk in missing if pk not in new]
    made_from = {}  # read before the texts, a chunk at a time (a database without docs may miss thousands)
    for start in range(0, len(stored), RECORDS_CHUNK):
        made_from.update((str(pk), at) for pk, at in Article.objects.filter(
            pk__in=stored[start:start + RECORDS_CHUNK]).values_list("pk", "updated_at"))
    keep = storydocs.Keeper(made_from)
    for doc in story_docs(records_of(missing), workers=settings.ENGINE_WORKERS):
        docs[doc.id] = doc
        keep(doc)
    keep.flush()


def _utc_day(at: datetime) -> date:
    """The day the engine gives a stored time (stories.as_day of the UTC time the database returns)."""
    return at.astimezone(dt_timezone.utc).date()


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=dt_timezone.utc)


def _day_spans(days: set[date], window: int) -> list[tuple[date, date]]:
    """The days within `window` of any of these, as merged (first, last) spans in order."""
    spans: list[tuple[date, date]] = []
    for day in sorted(days):
        first, last = day - timedelta(days=window), day + timedelta(days=window)
        if spans and first <= spans[-1][1] + timedelta(days=1):
            spans[-1] = (spans[-1][0], max(spans[-1][1], last))
        else:
            spans.append((first, last))
    return spans


def _within(day: date, window: int, spans: list[tuple[date, date]]) -> bool:
    """Whether the whole window around `day` was read."""
    first, last = day - timedelta(days=window), day + timedelta(days=window)
    return any(a <= first and last <= b for a, b in spans)


# Articles saved per round of bulk queries (whole stories, so a round may hold a few more): the results and ORM
# rows of one round are all that is held at once, whatever the run's size.
SAVE_CHUNK = 1000
UPDATE_CHUNK = 2000  # (article, story) pairs per UPDATE of their story: 4,000 parameters, well under SQLite's limit


@transaction.atomic
def save_results(results: Iterable[tuple[StoryResult, list[ArticleResult]]],
                 published: dict[str, datetime | None]) -> Scored:
    """Upsert the stories, article scores, findings and consensus facts of one engine run, read a story at a time
    (see engine.score_stories), then recompute the outlet scores. In one transaction: a reader sees the whole run
    or none of it.

    `published` maps each article id of the run to its publication time (for the stories' first and last seen).
    """
    stories = articles = failed = 0
    for batch in _rounds(results, SAVE_CHUNK):
        saved = _save_stories([s for s, _ in batch], published)
        chunk = [a for _, story_articles in batch for a in story_articles]
        scored = [s for s, _ in batch if not s.error]  # a failed story keeps its stored facts
        fact_pk = _save_facts(scored, saved)
        score_of, rescored = _save_scores(chunk)
        contradicted = _save_findings(chunk, score_of, rescored, fact_pk, _fact_spans(scored))
        _save_coverage(chunk, score_of, {f.id: _StoryFact(s.id, f) for s in scored for f in s.consensus}, fact_pk,
                       contradicted)
        lost = _report_failed([s for s, _ in batch])
        stories, articles, failed = stories + len(batch) - lost, articles + len(chunk), failed + lost
    # Stories no article belongs to any more (merged into another) are dropped.
    Story.objects.filter(articles__isnull=True).delete()
    review.apply_dismissals()  # editors' dismissals outlive the run: the findings they dismissed cost nothing
    save_outlet_scores()
    alerts.evaluate_after_commit()
    _refresh_planner_statistics(articles)
    return Scored(ENGINE_VERSION, stories, articles, failed)


def _report_failed(results: list[StoryResult]) -> int:
    """Log the stories the engine raised on (stored on the story by _save_stories); returns how many."""
    failed = [s for s in results if s.error]
    for s in failed:
        logger.error("scoring failed for story %s (articles %s): %s; its articles keep their previous scores",
                     s.id, ", ".join(s.articles), s.error)
    return len(failed)


def _rounds(results, size: int):
    """Whole stories in rounds of at least `size` articles (the last round may hold fewer)."""
    batch, n = [], 0
    for story, articles in results:
        batch.append((story, articles))
        n += len(articles)
        if n >= size:
            yield batch
            batch, n = [], 0
    if batch:
        yield batch


# A run that rewrote at least this share of the stored scores refreshes the query planner's statistics.
STATISTICS_SHARE = 0.1


def _refresh_planner_statistics(written: int) -> None:
    """ANALYZE the tables a large run rewrote, so the database plans the dashboard's queries from the data.

    Without statistics SQLite guesses, and at 10k articles picked the engine-version index over the outlet's
    articles for the outlet page, reading every stored score for one outlet. PostgreSQL's autovacuum analyzes
    eventually; after a bulk rescore the dashboard should not wait for it. Small incremental runs skip this: they
    do not change the distributions the plans depend on.
    """
    if written == 0 or written < STATISTICS_SHARE * ArticleScore.objects.count():
        return
    with connection.cursor() as cursor:
        for model in (Article, Story, ArticleScore, Finding, ConsensusFact, FactCoverage, OutletScore):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _save_stories(results: list[StoryResult], published: dict[str, datetime | None]) -> dict[str, int]:
    """Upsert these stories (on their engine key) and point their articles at them; returns each key's story id."""
    rows = []
    for s in results:
        days = [published[a] for a in s.articles if published[a]]
        first, last = (min(days), max(days)) if days else (None, None)
        rows.append((s.id, s.title[:500], first, last, [list(astuple(o)) for o in s.observations], s.error))
    bulk.insert(Story, ("key", "title", "first_seen", "last_seen", "swap_observations", "scoring_error"), rows,
                unique=["key"], update=["title", "first_seen", "last_seen", "swap_observations", "updated_at",
                                        "scoring_error"])
    pk_of = dict(Story.objects.filter(key__in=[s.id for s in results]).values_list("key", "pk"))
    # One statement for the round's articles, not one per story: UPDATE ... FROM a list of (article, story) pairs,
    # which PostgreSQL and SQLite (3.33 and later) both run.
    pairs = [(int(a), pk_of[s.id]) for s in results for a in s.articles]
    table = connection.ops.quote_name(Article._meta.db_table)
    column = connection.ops.quote_name(Article._meta.get_field("story").column)
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), UPDATE_CHUNK):
            part = pairs[start:start + UPDATE_CHUNK]
            cursor.execute(f"WITH v(article, story) AS (VALUES {', '.join(['(%s, %s)'] * len(part))}) "
                           f"UPDATE {table} SET {column} = v.story FROM v WHERE {table}.id = v.article",
                           [x for pair in part for x in pair])
    return pk_of


_SCORE_FIELDS = ("article_id", "engine_version", "fidelity", "spin", "drift", "sidebar", "has_consensus",
                 "copied_from_id", "copy_similarity", "body_start", "body_end", "unverified")


def _save_scores(articles: list[ArticleResult]) -> tuple[dict[str, int], list[int]]:
    """Upsert these articles' scores; returns the score id of each article id, and the ids of the scores that
    were there before (rescored: their old findings are to go)."""
    ids = [int(a.id) for a in articles]
    before = list(ArticleScore.objects.current().filter(article_id__in=ids).values_list("pk", flat=True))
    bulk.insert(ArticleScore, _SCORE_FIELDS, (
        (int(a.id), ENGINE_VERSION, a.fidelity, a.components.get("spin", 0.0), a.components.get("drift", 0.0),
         a.components.get("sidebar", 0.0), a.has_consensus, int(a.copy_of) if a.copy_of else None,
         a.copy_similarity, a.body_start, a.body_end, _unverified(a) if a.has_consensus else [])
        for a in articles), unique=_SCORE_FIELDS[:2], update=_SCORE_FIELDS[2:])
    saved = ArticleScore.objects.current().filter(article_id__in=ids)
    return {str(article): pk for article, pk in saved.values_list("article_id", "pk")}, before


def _save_findings(articles: list[ArticleResult], score_of: dict[str, int], rescored: list[int],
                   fact_pk: dict[str, int], spans: dict[str, list[tuple[int, int, str]]]) -> dict[str, set[str]]:
    """Replace these articles' findings with the run's; returns, per article id, the consensus facts its drift
    findings contradict (see _fact_contradicted).

    Only rescored articles have findings to delete. Asking for the others' costs a scan of the table on a first
    run: filled inside this transaction, it has no statistics yet, and the planner reads it whole for each round.
    """
    if rescored:
        Finding.objects.filter(score_id__in=rescored).delete()
    rows, contradicted = [], defaultdict(set)
    for a in articles:
        for f in a.findings:
            fact = _fact_contradicted(a.id, f, spans) if f.kind == "drift" else None
            if fact:
                contradicted[a.id].add(fact)
            rows.append((score_of[a.id], f.kind, f.start, f.end, f.text, f.expected, [int(x) for x in f.support],
                         f.severity, f.explanation, int(f.source) if f.source else None, f.source_start,
                         f.source_end, f.detail if f.kind in ("drift", "updated") else "",
                         fact_pk.get(fact) if fact else None))
    bulk.insert(Finding, ("score_id", "kind", "start", "end", "text", "expected", "support", "severity",
                          "explanation", "source_article_id", "source_start", "source_end", "fact_type",
                          "fact_id"), rows)
    return contradicted


def _fact_contradicted(article: str, finding, spans: dict[str, list[tuple[int, int, str]]]) -> str | None:
    """The consensus fact a drift contradicts: the one its own sentence was counted in (the same statement with
    another value), else the one whose sentence holds the words it quotes as `expected`; None when neither is."""
    for where, at in ((article, finding.start), (finding.source, finding.source_start)):
        for start, end, fact in spans.get(where, ()):
            if start <= at < end:
                return fact
    return None


def _fact_spans(results: list[StoryResult]) -> dict[str, list[tuple[int, int, str]]]:
    """Article id -> (start, end, fact id) of each of its sentences that states a consensus fact."""
    spans = defaultdict(list)
    for s in results:
        for f in s.consensus:
            for article, start, end in f.spans:
                spans[article].append((start, end, f.id))
    return spans


def _unverified(a: ArticleResult) -> list[list[int]]:
    """The article's unverified sentences, except those holding a penalised finding: one sentence, one verdict."""
    penalised = [(f.start, f.end) for f in a.findings if f.kind in PENALISED]
    return [[start, end] for start, end in a.unverified
            if not any(p0 < end and start < p1 for p0, p1 in penalised)]


def _save_coverage(articles: list[ArticleResult], score_of: dict[str, int], facts: dict[str, "_StoryFact"],
                   fact_pk: dict[str, int], contradicted: dict[str, set[str]]) -> None:
    """Each compared article's state for each consensus fact of its story: contradicts (a drift of it quotes the
    fact), states (the engine found it stating the fact, or the fact's words are in its text), or omits."""
    by_story = defaultdict(list)
    for fid, f in facts.items():
        by_story[f.story].append(fid)
    rows = []
    for a in articles:
        if not a.has_consensus:
            continue
        covered, body = set(a.covered), None
        for fid in by_story.get(a.story, ()):
            if fid in contradicted.get(a.id, ()):
                state = CoverageState.CONTRADICTS
            elif fid in covered:
                state = CoverageState.STATES
            else:
                body = body if body is not None else _norm(a.body)
                state = CoverageState.STATES if _norm(facts[fid].fact.text) in body else CoverageState.OMITS
            rows.append((score_of[a.id], fact_pk[fid], state))
    bulk.insert(FactCoverage, ("score_id", "fact_id", "state"), rows)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class _StoryFact:
    """A consensus fact of the run with the engine key of its story."""

    story: str
    fact: object  # the engine's types.Fact


def _save_facts(results: list[StoryResult], stories: dict[str, int]) -> dict[str, int]:
    """Replace these stories' consensus facts; returns the row id of each engine fact id."""
    ConsensusFact.objects.current().filter(story__in=[stories[s.id] for s in results]).delete()
    bulk.insert(ConsensusFact, ("story_id", "engine_version", "key", "text", "support", "position"), (
        (stories[s.id], ENGINE_VERSION, f.id, f.text, [int(x) for x in f.support], i)
        for s in results for i, f in enumerate(s.consensus)))
    saved = ConsensusFact.objects.current().filter(story__in=[stories[s.id] for s in results])
    return {key: pk for key, pk in saved.values_list("key", "pk")}


# What an outlet score row says (besides its outlet and window): a row whose values are unchanged is left alone.
_OUTLET_SCORE_VALUES = ("score", "low", "high", "articles", "compared", "mean", "prior", "window_end", "spin",
                        "drift", "sidebar")


def save_outlet_scores() -> None:
    """Recompute every outlet's score and history from the stored article scores (no engine run).

    Every row is computed again (the overall scores are pulled toward the typical outlet, which any new score may
    move), but only the rows whose values changed are written: an arrival of one day changes the history windows
    of its days, and rewriting the whole history (about one row per stored article) was most of this step."""
    rows = list(ArticleScore.objects.current().values_list("article__outlet_id", "fidelity", "article__published_at"))
    weights = outlet_weights()
    overall = outlet_scores([(str(o), f) for o, f, _ in rows], weights)
    history = outlet_history([(str(o), f, p.date() if p else None) for o, f, p in rows], weights)
    components = {c.pop("outlet"): c for c in ArticleScore.objects.current().components_per_outlet()}
    stored = {(outlet, start): (pk, values) for pk, outlet, start, *values in OutletScore.objects.current()
              .values_list("pk", "outlet_id", "window_start", *_OUTLET_SCORE_VALUES).iterator(chunk_size=5000)}
    fresh, gone = [], []
    for o in overall + history:
        start = date.fromisoformat(o.window) if o.window else None
        mean_of = components.get(int(o.outlet), {}) if not o.window else {}
        values = [o.score, o.low, o.high, o.articles, o.compared, o.mean, o.prior, _window_end(start),
                  *(mean_of.get(c, 0.0) for c in ("spin", "drift", "sidebar"))]
        pk, was = stored.pop((int(o.outlet), start), (None, None))
        if values != was:
            fresh.append((int(o.outlet), ENGINE_VERSION, start, *values))
            if pk is not None:
                gone.append(pk)
    gone += [pk for pk, _ in stored.values()]  # windows (or outlets) no stored score falls in any more
    for first in range(0, len(gone), UPDATE_CHUNK):
        OutletScore.objects.filter(pk__in=gone[first:first + UPDATE_CHUNK]).delete()
    bulk.insert(OutletScore, ("outlet_id", "engine_version", "window_start", *_OUTLET_SCORE_VALUES), fresh)


def outlet_weights() -> Weights:
    """The engine's weights with the deployment's minimum of compared articles (settings.OUTLET_MIN_COMPARED)."""
    return replace(DEFAULT_WEIGHTS, min_compared=settings.OUTLET_MIN_COMPARED)


def _window_end(start: date | None) -> date | None:
    return start + timedelta(days=DEFAULT_WEIGHTS.window_days - 1) if start else None


def counts() -> dict[str, int]:
    """What the database holds now (for command summaries)."""
    per_kind = defaultdict(int)
    for row in Finding.objects.current().per_kind():
        per_kind[row["kind"]] = row["n"]
    return {"stories": Story.objects.count(), "scores": ArticleScore.objects.current().count(), **per_kind}
