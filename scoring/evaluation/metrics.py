"""Quality metrics: a scorer's contract dict (score_file's JSON) against a labelled world or real clusters.

Span matching (one rule for every kind, documented in docs/EVALUATION.md):
- Two spans overlap when they share at least one character of the same article.
- Recall of a labelled change: it is found when a finding of an accepted kind overlaps it. A spin
  label accepts spin or drift findings (a swap reported as a changed fact is still caught, as the seed
  checks count it); a drift label accepts drift findings only. A labelled block (sidebar, boilerplate)
  is found when findings of its kind cover at least half of its characters.
- Precision of a finding: a spin or drift finding is correct when it overlaps a labelled spin or drift
  change; a sidebar finding when it overlaps a labelled partisan sidebar; a boilerplate finding when
  it overlaps any labelled block (chrome, neutral list or sidebar). Strict variants (spin only against
  spin labels, and so on) are reported beside them.
"""
from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from scoring.evaluation.worlds import PENALISED, World

RECALL_ACCEPTS = {"spin": ("spin", "drift"), "drift": ("drift",), "sidebar": ("sidebar",),
                  "boilerplate": ("boilerplate",)}
PRECISION_AGAINST = {"spin": ("spin", "drift"), "drift": ("spin", "drift"), "sidebar": ("sidebar",),
                     "boilerplate": ("boilerplate", "sidebar")}
BLOCK_KINDS = ("sidebar", "boilerplate")
BLOCK_COVERAGE = 0.5


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


# ---------------------------------------------------------------- stories


def story_assignment(result: dict) -> dict[str, str]:
    """Article id -> story id from a contract dict (story lists first, the article's own field as fallback)."""
    out = {a["id"]: a.get("story") for a in result.get("articles", [])}
    for s in result.get("stories", []):
        for aid in s.get("articles", []):
            out[aid] = s["id"]
    return out


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin 1998) over the items of `gold`."""
    items = sorted(gold)
    pred_members, gold_members = defaultdict(set), defaultdict(set)
    for i in items:
        # An item the scorer left out is a cluster of its own.
        pred_members[pred.get(i, ("missing", i))].add(i)
        gold_members[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        mine, truth = pred_members[pred.get(i, ("missing", i))], gold_members[gold[i]]
        both = len(mine & truth)
        p += both / len(mine)
        r += both / len(truth)
    p, r = p / len(items), r / len(items)
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float | None]:
    """Precision, recall and F1 over pairs of items put in one cluster."""
    items = sorted(gold)
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        same_pred = a in pred and b in pred and pred[a] == pred[b]
        same_gold = gold[a] == gold[b]
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


# ---------------------------------------------------------------- spans


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> int:
    """Characters of [start, end) covered by the union of `spans`."""
    marks = set()
    for s, e in spans:
        marks.update(range(max(start, s), min(end, e)))
    return len(marks)


def _findings(result: dict) -> dict[str, list[dict]]:
    return {a["id"]: a.get("findings", []) for a in result.get("articles", [])}


def _label_found(change, findings: list[dict]) -> bool:
    accepted = RECALL_ACCEPTS[change.kind]
    spans = [(f["start"], f["end"]) for f in findings if f["kind"] in accepted]
    if change.kind in BLOCK_KINDS:
        return _covered(change.start, change.end, spans) >= BLOCK_COVERAGE * (change.end - change.start)
    return any(_overlap(change.start, change.end, s, e) for s, e in spans)


def span_metrics(result: dict, world: World) -> dict[str, dict]:
    """Per finding kind: labels, found, recall; findings, correct, precision; plus strict variants."""
    found_by = _findings(result)
    out = {}
    for kind in ("spin", "drift", "sidebar", "boilerplate"):
        labels = found = strict_found = findings = correct = strict_correct = 0
        for aid, lab in world.labels.items():
            mine = found_by.get(aid, [])
            for c in lab.changes:
                if c.kind != kind:
                    continue
                labels += 1
                found += _label_found(c, mine)
                strict_found += any(_overlap(c.start, c.end, f["start"], f["end"]) for f in mine if f["kind"] == kind)
            for f in mine:
                if f["kind"] != kind:
                    continue
                findings += 1
                against = [c for c in lab.changes if c.kind in PRECISION_AGAINST[kind]]
                correct += any(_overlap(f["start"], f["end"], c.start, c.end) for c in against)
                strict_correct += any(_overlap(f["start"], f["end"], c.start, c.end)
                                      for c in lab.changes if c.kind == kind)
        out[kind] = {"labels": labels, "found": found, "recall": _ratio(found, labels),
                     "findings": findings, "correct": correct, "precision": _ratio(correct, findings),
                     "strict_recall": _ratio(strict_found, labels),
                     "strict_precision": _ratio(strict_correct, findings)}
    return out


def drift_recall_by_type(result: dict, world: World) -> dict[str, dict]:
    """Recall of drift labels per fact type (number, date, weekday, duration, name, ...)."""
    found_by = _findings(result)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for aid, lab in world.labels.items():
        for c in lab.changes:
            if c.kind == "drift":
                counts[c.type][0] += 1
                counts[c.type][1] += _label_found(c, found_by.get(aid, []))
    return {t: {"labels": n, "found": k, "recall": k / n} for t, (n, k) in sorted(counts.items())}


def block_metrics(result: dict, world: World) -> dict[str, float | int | None]:
    """Partisan sidebar recall, and the share of neutral blocks (chrome, neutral lists) flagged as sidebar."""
    found_by = _findings(result)
    partisan = partisan_found = neutral = neutral_flagged = lists = lists_flagged = 0
    for aid, lab in world.labels.items():
        side = [(f["start"], f["end"]) for f in found_by.get(aid, []) if f["kind"] == "sidebar"]
        for c in lab.changes:
            if c.kind == "sidebar":
                partisan += 1
                partisan_found += _covered(c.start, c.end, side) >= BLOCK_COVERAGE * (c.end - c.start)
            elif c.kind == "boilerplate":
                flagged = any(_overlap(c.start, c.end, s, e) for s, e in side)
                neutral += 1
                neutral_flagged += flagged
                if c.type == "neutral-headlines":
                    lists += 1
                    lists_flagged += flagged
    return {"partisan_blocks": partisan, "partisan_recall": _ratio(partisan_found, partisan),
            "neutral_blocks": neutral, "neutral_flagged": _ratio(neutral_flagged, neutral),
            "neutral_lists": lists, "neutral_lists_flagged": _ratio(lists_flagged, lists)}


def desk_flagged(result: dict, world: World) -> dict[str, float | int | None]:
    """Copy-desk edits (no fact changed) that a spin or drift finding touches: each one is a false alarm."""
    found_by = _findings(result)
    edits = flagged = 0
    for aid, lab in world.labels.items():
        spans = [(f["start"], f["end"]) for f in found_by.get(aid, []) if f["kind"] in ("spin", "drift")]
        for d in lab.desk:
            edits += 1
            # Closed intervals: a dropped honorific has an empty span and is touched by a finding at its edge.
            flagged += any(s <= d.end and d.start <= e for s, e in spans)
    return {"edits": edits, "flagged": _ratio(flagged, edits)}


# ---------------------------------------------------------------- scores


def fidelity_auc(result: dict, world: World) -> dict[str, float | int | None]:
    """ROC AUC of (100 - fidelity) for altered against faithful articles; missing articles count as 100."""
    from sklearn.metrics import roc_auc_score

    fid = {a["id"]: a.get("fidelity") for a in result.get("articles", [])}
    ids = sorted(world.labels)
    y = [int(world.labels[i].altered) for i in ids]
    missing = [i for i in ids if not isinstance(fid.get(i), (int, float))]
    score = [100.0 - (fid[i] if i not in missing else 100.0) for i in ids]
    auc = roc_auc_score(y, score) if 0 < sum(y) < len(y) else None
    return {"auc": auc, "altered": sum(y), "faithful": len(y) - sum(y), "missing": len(missing)}


def outlet_ranking(result: dict, world: World) -> dict[str, float | int | None]:
    """AUC of outlet scores, faithful above altered; Spearman of score against the true alteration rate."""
    import pandas as pd
    from sklearn.metrics import roc_auc_score

    scores = {o["outlet"]: o["score"] for o in result.get("outlets", [])
              if not o.get("window") and o.get("score") is not None}  # None: insufficient evidence
    per_outlet: dict[str, list[int]] = defaultdict(list)
    for lab in world.labels.values():
        per_outlet[lab.outlet].append(sum(c.kind in PENALISED for c in lab.changes))
    outlets = sorted(o for o in per_outlet if o in scores)
    y = [int(world.outlets[o] == "altered") for o in outlets]
    auc = roc_auc_score(y, [-scores[o] for o in outlets]) if 0 < sum(y) < len(y) else None
    # The truth for the rank correlation: penalised changes per article (fewer is better).
    truth = pd.Series([-sum(per_outlet[o]) / len(per_outlet[o]) for o in outlets])
    rho = pd.Series([scores[o] for o in outlets]).corr(truth, method="spearman") if len(outlets) > 2 else None
    return {"auc": auc, "spearman": None if rho is None or rho != rho else float(rho),
            "outlets": len(outlets), "altered": sum(y), "missing": len(set(per_outlet) - set(scores))}


# ---------------------------------------------------------------- extraction (the benchmark's own rule)

_WORD = re.compile(r"\w+")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text or "")


def shingle_counts(expected: str, output: str, n: int = 4) -> tuple[float, float, float]:
    """(tp, fp, fn) over token n-gram shingles with multiplicity, normalised to sum 1, as the
    article-extraction-benchmark's evaluate.py counts them (case kept, \\w+ tokens)."""
    def shingles(text: str) -> dict[tuple[str, ...], int]:
        toks = _tokens(text)
        counts: dict[tuple[str, ...], int] = defaultdict(int)
        for i in range(max(1, len(toks) - n + 1)):
            gram = tuple(toks[i:i + n])
            if gram:
                counts[gram] += 1
        return counts

    true, pred = shingles(expected), shingles(output)
    tp = fp = fn = 0.0
    for key in set(true) | set(pred):
        t, p = true.get(key, 0), pred.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def extraction_scores(pairs: list[tuple[str, str]]) -> dict[str, float | int | None]:
    """Precision and recall averaged per page, F1 from the two means: the benchmark's rule. A page with no
    predicted shingle is left out of the precision mean, one with no true shingle out of the recall mean."""
    precisions, recalls = [], []
    for expected, output in pairs:
        tp, fp, fn = shingle_counts(expected, output)
        if tp + fp > 0:
            precisions.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(1.0 if fp == fn == 0 else tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else None
    r = sum(recalls) / len(recalls) if recalls else None
    return {"precision": p, "recall": r, "f1": _f1(p, r), "pages": len(pairs)}
