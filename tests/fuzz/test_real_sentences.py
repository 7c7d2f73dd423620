"""Property tests on stories built from real sentences (issue 19).

Random characters never make two reports that align, so the copy and spin paths of the engine were never
reached by the older property tests. Here every story is 2-8 articles made from the sentences of one real
cluster: the demo corpus everywhere, and the clusters of ../shared (BASIL, ECB+) where it is present (always in
CI). The articles are mangled the ways real feeds and copy desks mangle text: sentences deleted, duplicated,
moved, merged and split; words swapped; numbers changed; paragraphs joined into one line; empty and one-sentence
articles; quotations opened and never closed; and copies of another article of the story with some of these
edits, so that copies form and are diffed.

Properties: scoring raises nothing (no story fails), every finding's offsets give its text, and the same input
gives the same output. Derandomised: the same examples on every run. `make test` runs REAL_SENTENCE_EXAMPLES
examples; `make fuzz` sets FUZZ_EXAMPLES to run 50,000.
"""
from __future__ import annotations

import json
import os
import random
import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.engine import ArticleText, score_corpus
from tests.conftest import ROOT, SHARED

REAL_SENTENCE_EXAMPLES = 2000
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", REAL_SENTENCE_EXAMPLES))
MAX_SENTENCES = 8  # per article: small stories keep 2,000 examples within a few minutes
REAL = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=list(HealthCheck))

_SENTENCE_RE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|$)")
_NUMBER_RE = re.compile(r"\d+")
_WORD_RE = re.compile(r"[A-Za-z]+")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_RE.findall(text) if len(s.split()) >= 3]


@lru_cache(maxsize=None)
def clusters() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Each cluster: the sentence lists of its articles (real reports of one event)."""
    found = []
    demo = ROOT / "sources" / "demo"
    rows = {r["id"]: r for r in map(json.loads, (demo / "articles.jsonl").read_text(encoding="utf-8").splitlines())}
    for ids in json.loads((demo / "labels.json").read_text(encoding="utf-8"))["stories"].values():
        found.append([_sentences(rows[i]["text"]) for i in ids if i in rows])
    found += _shared_clusters()
    return tuple(tuple(tuple(s) for s in c if s) for c in found if sum(bool(s) for s in c) >= 1)


def _shared_clusters() -> list[list[list[str]]]:
    """BASIL's and ECB+'s clusters of real reports, when ../shared is here (CI must have it)."""
    out = []
    for path, key in ((SHARED / "realdata" / "basil_same_event_triplets" / "articles.jsonl", "cluster"),
                      (SHARED / "realdata" / "ecbplus_event_clusters" / "articles.jsonl", "event_id")):
        if not path.exists():
            if os.environ.get("CI"):
                raise FileNotFoundError(f"{path} is missing, and CI must have ../shared")
            continue
        groups: dict[str, list[list[str]]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            groups.setdefault(str(row.get(key)), []).append(_sentences(row.get("text") or "")[:40])
        out += [g for _, g in sorted(groups.items())]
    return out


def _mangle(sentences: list[str], rng: random.Random) -> list[str]:
    """One or more of the edits real text goes through."""
    s = list(sentences)
    for _ in range(rng.randint(0, 4)):
        edit = rng.randrange(9)
        if not s:
            break
        i = rng.randrange(len(s))
        if edit == 0:
            del s[i]
        elif edit == 1:
            s.insert(rng.randrange(len(s) + 1), s[i])
        elif edit == 2:
            s.insert(rng.randrange(len(s) + 1), s.pop(i))
        elif edit == 3 and i + 1 < len(s):  # merged: the first sentence's stop becomes a comma
            s[i:i + 2] = [s[i].rstrip(".!?") + ", " + s[i + 1][:1].lower() + s[i + 1][1:]]
        elif edit == 4:  # split in the middle of a sentence
            words = s[i].split()
            if len(words) > 4:
                k = rng.randrange(2, len(words) - 1)
                s[i:i + 1] = [" ".join(words[:k]) + ".", words[k][:1].upper() + " ".join(words[k:])[1:]]
        elif edit == 5:  # two words swapped for two others of the story
            words = s[i].split()
            other = rng.choice(s).split()
            for _ in range(min(2, len(words))):
                words[rng.randrange(len(words))] = rng.choice(other)
            s[i] = " ".join(words)
        elif edit == 6:
            s[i] = _NUMBER_RE.sub(lambda m: str(int(m.group()) * rng.randint(2, 9) + 1), s[i], count=1)
        elif edit == 7:  # a quotation opened and never closed
            words = s[i].split()
            words.insert(rng.randrange(len(words) + 1), rng.choice(["“", '"', "«", "‘"]))
            s[i] = " ".join(words)
        elif edit == 8:  # a word swapped for a near synonym, as spinners do
            s[i] = _WORD_RE.sub(lambda m: m.group()[::-1] if rng.random() < 0.1 else m.group(), s[i])
    return s


def _layout(sentences: list[str], rng: random.Random) -> str:
    """Paragraphs as pages give them, or everything joined into one line."""
    if rng.random() < 0.3:
        return " ".join(sentences)
    out, para = [], []
    for sentence in sentences:
        para.append(sentence)
        if rng.random() < 0.5:
            out.append(" ".join(para))
            para = []
    if para:
        out.append(" ".join(para))
    return rng.choice(["\n\n", "\n"]).join(out)


@st.composite
def real_stories(draw) -> list[ArticleText]:
    pool = clusters()
    cluster = pool[draw(st.integers(0, len(pool) - 1))]
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.integers(2, 8))
    start = datetime(2026, 8, 1, tzinfo=timezone.utc)
    made: list[list[str]] = []
    articles = []
    for k in range(n):
        shape = rng.random()
        if shape < 0.05:
            sentences = []
        elif made and shape < 0.5:  # a copy of an earlier article of the story, edited
            sentences = _mangle(rng.choice(made), rng)
        else:
            base = list(rng.choice(cluster))
            first = rng.randrange(max(1, len(base) - MAX_SENTENCES + 1))
            sentences = _mangle(base[first:first + MAX_SENTENCES], rng)
            if shape > 0.95:
                sentences = sentences[:1]
        sentences = sentences[:MAX_SENTENCES + 4]
        made.append(sentences)
        articles.append(ArticleText(
            id=f"r{k}", outlet=f"Outlet {rng.randrange(max(2, n - 1))}", text=_layout(sentences, rng),
            title=rng.choice(["", sentences[0] if sentences else ""]),
            published=start + timedelta(days=rng.randint(0, 2)),
        ))
    return articles


def _check(articles: list[ArticleText], result) -> None:
    assert not result.failed, [(s.id, s.error) for s in result.failed]
    assert sorted(a.id for a in result.articles) == sorted(a.id for a in articles)
    for article in result.articles:
        for f in article.findings:
            assert 0 <= f.start <= f.end <= len(article.body)
            assert article.body[f.start:f.end] == f.text, (article.id, f.kind, f.start, f.end)


@REAL
@given(real_stories())
def test_stories_of_real_sentences_score_with_findings_at_their_offsets(articles):
    result = score_corpus(articles, workers=1)
    _check(articles, result)
    if len(articles[0].text) % 4 == 0:  # about a quarter of the examples: the second run is the cost
        again = score_corpus(list(reversed(articles)), workers=1)
        assert json.dumps(again.to_dict(), sort_keys=True) == json.dumps(result.to_dict(), sort_keys=True)


def test_the_demo_corpus_gives_clusters_of_real_sentences():
    pool = clusters()
    assert len(pool) >= 10 and all(any(len(s) >= 2 for s in c) for c in pool[:10])
    assert Path(ROOT / "sources" / "demo" / "articles.jsonl").exists()
