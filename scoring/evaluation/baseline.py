"""The naive scorer: the yardstick the engine has to beat, written as simply as it can be.

- Stories: complete-link clustering of TF-IDF vectors (scikit-learn), articles more than a week apart
  never together.
- Sidebars: the trailing-block rule. Everything after the last paragraph with a full sentence is chrome,
  and a trailing block of three or more lines is a sidebar (whatever its headlines say).
- Alignment: every sentence is paired with its closest sentence (TF-IDF cosine) in another article of
  the story. Replaced words of a close pair are a finding: drift when either side has a digit or a
  capitalised word, spin otherwise. Nothing is known about who copied whom, so a spun copy that is
  itself copied finds its closest sentence in that copy and shows no difference.
- Scores: 100 minus fixed points per finding; an outlet's score is its mean with a normal 90% interval.

It produces the same contract dict as `scoring.engine.score_corpus(...).to_dict()`.
"""
from __future__ import annotations

import difflib
import math
import re
from collections import defaultdict
from datetime import date, datetime

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from scoring.engine.types import ArticleText

VERSION = "baseline-1"
STORY_DISTANCE = 0.85  # complete link: every pair of a story shares at least 15% cosine similarity
STORY_DAYS = 7
CLOSE_SENTENCE = 0.5  # cosine similarity above which two sentences are taken to say the same thing
BODY_LINE_WORDS = 8  # a line this long that ends a sentence is body text (headlines end without a full stop)
POINTS = {"spin": 5.0, "drift": 10.0, "sidebar": 20.0}

_TOKEN = re.compile(r"\w+(?:['’.-]\w+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[“\"A-Z])")


def score(articles: list[ArticleText]) -> dict:
    """Stories, findings, fidelity and outlet scores in the engine's contract format."""
    articles = sorted(articles, key=lambda a: a.id)
    texts = [a.text for a in articles]
    stories = _stories(articles)
    blocks = [_blocks(t) for t in texts]
    findings: list[list[dict]] = [[] for _ in articles]
    for i, bl in enumerate(blocks):
        findings[i] += [_finding(kind, s, e, texts[i]) for kind, s, e in bl if kind != "body"]
    story_rows = []
    story_of = {}
    for members in stories:
        sid = "b-" + articles[members[0]].id
        for m in members:
            story_of[m] = sid
        for m, extra in _sentence_diffs(members, articles, blocks).items():
            findings[m] += extra
        story_rows.append({"id": sid, "title": articles[members[0]].title,
                           "articles": [articles[m].id for m in members], "consensus": []})
    rows = []
    for i, a in enumerate(articles):
        lost = defaultdict(float)
        for f in findings[i]:
            lost[f["kind"]] += POINTS.get(f["kind"], 0.0)
        fidelity = max(0.0, 100.0 - sum(lost.values()))
        rows.append({"id": a.id, "outlet": a.outlet, "story": story_of[i], "fidelity": round(fidelity, 2),
                     "components": {k: lost[k] / 100 for k in ("spin", "drift", "sidebar")},
                     "findings": sorted(findings[i], key=lambda f: (f["start"], f["end"]))})
    return {"engine": {"version": VERSION}, "stories": story_rows, "articles": rows, "outlets": _outlets(rows)}


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None


def _stories(articles: list[ArticleText]) -> list[list[int]]:
    if len(articles) == 1:
        return [[0]]
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [f"{a.title}\n{a.text}" for a in articles])
    distance = 1.0 - cosine_similarity(vectors)
    days = [_day(a.published) for a in articles]
    for i, di in enumerate(days):
        for j, dj in enumerate(days):
            if di and dj and abs((di - dj).days) > STORY_DAYS:
                distance[i, j] = 1.0
    np.fill_diagonal(distance, 0.0)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="complete",
                                     distance_threshold=STORY_DISTANCE).fit_predict(np.clip(distance, 0, None))
    groups: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        groups[label].append(i)
    return sorted(groups.values())


def _blocks(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each blank-line-separated block: body, boilerplate or sidebar (trailing rule)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n](?:[^\n]|\n(?!\s*\n))*", text)]
    spans = [(s, s + len(text[s:e].rstrip())) for s, e in spans]

    def body_block(s: int, e: int) -> bool:
        return any(len(_TOKEN.findall(line)) >= BODY_LINE_WORDS and line.rstrip()[-1:] in ".!\"”’'"
                   for line in text[s:e].split("\n"))

    last_long = max((k for k, (s, e) in enumerate(spans) if body_block(s, e)), default=-1)
    out = []
    for k, (s, e) in enumerate(spans):
        if k <= last_long:
            out.append(("body", s, e))
        else:
            out.append(("sidebar" if len(text[s:e].split("\n")) >= 3 else "boilerplate", s, e))
    return out


def _finding(kind: str, start: int, end: int, text: str, expected: str = "", support=()) -> dict:
    severity = {"spin": 0.5, "drift": 1.0, "sidebar": 1.0}.get(kind, 0.0)
    return {"kind": kind, "start": start, "end": end, "text": text[start:end], "expected": expected,
            "support": list(support), "severity": severity, "explanation": f"baseline: {kind}"}


def _sentences(text: str, blocks) -> list[tuple[int, int]]:
    out = []
    for kind, s, e in blocks:
        if kind != "body":
            continue
        pos = s
        for m in _SENTENCE_END.finditer(text, s, e):
            out.append((pos, m.start()))
            pos = m.end()
        out.append((pos, e))
    return [(s, e) for s, e in out if _TOKEN.search(text[s:e])]


def _sentence_diffs(members: list[int], articles: list[ArticleText], blocks) -> dict[int, list[dict]]:
    """Findings from each sentence's closest sentence in another article of the story."""
    if len(members) < 2:
        return {}
    sents = []  # (member, start, end)
    for m in members:
        sents += [(m, s, e) for s, e in _sentences(articles[m].text, blocks[m])]
    if not sents:
        return {}
    strings = [articles[m].text[s:e] for m, s, e in sents]
    vectors = TfidfVectorizer(token_pattern=r"(?u)\b\w+\b").fit_transform(strings)
    sim = cosine_similarity(vectors)
    owner = np.array([m for m, _, _ in sents])
    out: dict[int, list[dict]] = defaultdict(list)
    for k, (m, s, e) in enumerate(sents):
        row = np.where(owner == m, -1.0, sim[k])
        best = int(np.argmax(row))
        if row[best] < CLOSE_SENTENCE:
            continue
        om, os_, oe = sents[best]
        out[m] += _token_diff(articles[m], s, e, articles[om], os_, oe)
    return out


def _token_diff(a: ArticleText, s: int, e: int, b: ArticleText, bs: int, be: int) -> list[dict]:
    ta = [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(a.text, s, e)]
    tb = [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(b.text, bs, be)]
    matcher = difflib.SequenceMatcher(None, [t[2].lower() for t in ta], [t[2].lower() for t in tb], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue  # added or dropped words are not swaps
        words = [t[2] for t in ta[i1:i2]] + [t[2] for t in tb[j1:j2]]
        factual = any(any(c.isdigit() for c in w) or w[:1].isupper() for w in words)
        expected = b.text[tb[j1][0]:tb[j2 - 1][1]]
        out.append(_finding("drift" if factual else "spin", ta[i1][0], ta[i2 - 1][1], a.text, expected, [b.id]))
    return out


def _outlets(rows: list[dict]) -> list[dict]:
    by: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        by[r["outlet"]].append(r["fidelity"])
    out = []
    for outlet, values in sorted(by.items()):
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else 0.0
        half = 1.645 * sd / math.sqrt(len(values))
        out.append({"outlet": outlet, "score": round(mean, 2), "low": round(max(0.0, mean - half), 2),
                    "high": round(min(100.0, mean + half), 2), "articles": len(values)})
    return sorted(out, key=lambda o: -o["score"])
