"""Stage 2: group the articles that report one event into stories.

Candidates come from MinHash LSH over each article's most salient words (datasketch), so the work grows
with the number of similar pairs, not with all pairs. Candidate pairs are scored by weighted cosine over
the whole body and over the lead (title and first sentences: the lead names the event, so two reports of
related but different events share background words but not their leads). Clusters are merged greedily by
average link, strongest pair first, and a story never spans more than the time window.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from scoring.engine.text import cosine

SALIENT_TERMS = 30  # words per article in its MinHash set
NUM_PERM = 64
LSH_THRESHOLD = 0.1  # Jaccard of salient-word sets above which a pair is a candidate (recall over precision)


@dataclass(frozen=True)
class StoryDoc:
    id: str
    body: dict[str, float]  # weighted bag of content words of the body
    lead: dict[str, float]  # the same for the title and first sentences
    day: date | None
    when: frozenset[str] = frozenset()  # weekdays and dates the lead gives for the event


@dataclass(frozen=True)
class StoryParams:
    link_threshold: float = 0.35  # average link needed to join two clusters
    lead_weight: float = 0.5  # share of the lead's cosine in a pair's score
    same_day_bonus: float = 0.2  # published within a day: time itself is evidence of one event
    near_day_bonus: float = 0.1  # within three days
    when_conflict: float = 0.75  # leads that date the event differently ("on Monday" / "on Tuesday")
    window_days: int = 7  # no story spans more than this


def as_day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    return value


def pair_score(a: StoryDoc, b: StoryDoc, p: StoryParams) -> float:
    """How strongly two articles look like reports of one event (about 0-1.2)."""
    s = (1 - p.lead_weight) * cosine(a.body, b.body) + p.lead_weight * cosine(a.lead, b.lead)
    if a.when and b.when and not a.when & b.when:
        s *= p.when_conflict
    if a.day and b.day:
        gap = abs((a.day - b.day).days)
        if gap > p.window_days:
            return 0.0
        s += p.same_day_bonus if gap <= 1 else p.near_day_bonus if gap <= 3 else 0.0
    return s


def candidate_pairs(docs: list[StoryDoc]) -> set[tuple[int, int]]:
    """Index pairs worth scoring, from MinHash LSH over salient words."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    pairs: set[tuple[int, int]] = set()
    for i, doc in enumerate(docs):
        terms = sorted(doc.body, key=lambda t: (-doc.body[t], t))[:SALIENT_TERMS]
        terms += [t for t in doc.lead if t not in terms]
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([t.encode("utf-8") for t in terms])
        for j in lsh.query(m):
            pairs.add((j, i))
        lsh.insert(i, m)
    return pairs


def group_stories(docs: list[StoryDoc], params: StoryParams = StoryParams()) -> list[list[int]]:
    """Indices of docs grouped into stories; deterministic (ties broken by article id)."""
    scores = {}
    for i, j in candidate_pairs(docs):
        s = pair_score(docs[i], docs[j], params)
        if s > 0:
            scores[(i, j)] = s
    cluster_of = list(range(len(docs)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(docs))}
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], docs[kv[0][0]].id, docs[kv[0][1]].id))
    for (i, j), s in ordered:
        if s < params.link_threshold:
            break
        a, b = cluster_of[i], cluster_of[j]
        if a == b or not _fits_window(members[a] + members[b], docs, params.window_days):
            continue
        if _average_link(members[a], members[b], docs, scores, params) >= params.link_threshold:
            small, big = sorted((a, b), key=lambda c: (len(members[c]), c))
            for k in members[small]:
                cluster_of[k] = big
            members[big].extend(members.pop(small))
    groups = [sorted(m, key=lambda k: docs[k].id) for m in members.values()]
    return sorted(groups, key=lambda g: docs[g[0]].id)


def _average_link(a: list[int], b: list[int], docs, scores, params) -> float:
    total = 0.0
    for i in a:
        for j in b:
            key = (i, j) if (i, j) in scores else (j, i)
            # A pair LSH did not propose is scored now; it is rare (both clusters are near each other).
            total += scores[key] if key in scores else pair_score(docs[i], docs[j], params)
    return total / (len(a) * len(b))


def _fits_window(idx: list[int], docs, window_days: int) -> bool:
    days = [docs[i].day for i in idx if docs[i].day]
    return not days or (max(days) - min(days)).days <= window_days


def story_id(article_ids: list[str]) -> str:
    """A stable id for a story: a hash of its earliest article id (unchanged when later articles join)."""
    return "s-" + hashlib.sha1(min(article_ids).encode("utf-8")).hexdigest()[:12]
