"""One evaluation run: the engine and the naive baseline on the same data, every metric side by side.

    python -m scoring.evaluation [--world small|full] [--seed N] [--json OUT] [--check]

Parts: the labelled world (spans, blocks, fidelity and outlet ranking), story clustering on the real
BASIL clusters, main-text extraction on the article-extraction benchmark (engine extraction against
trafilatura alone), the seed checks of ../shared/tools/check_seeds.py, and, by default only with the full
world: `real` (real, unaltered news: real.py, goals reported only) and `variants` (the harder worlds).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from functools import partial
from pathlib import Path
from typing import Callable

from scoring.engine.types import ArticleText
from scoring.evaluation import baseline, metrics
from scoring.evaluation.shared import for_seed_checks, read_jsonl, shared_file
from scoring.evaluation.thresholds import THRESHOLDS, failures
from scoring.evaluation.worlds import World, build_world

# small: for the test suite (well under a minute); full: every cluster and every benchmark page.
WORLD_SIZES = {"small": {"clusters": 8, "extraction_pages": 20}, "full": {"clusters": None, "extraction_pages": None}}
PARTS = ("world", "stories", "extraction", "seeds", "real", "variants")
# What runs when --parts is not given: the real part (real.py) and the harder worlds only with the full world.
DEFAULT_PARTS = {"small": ("world", "stories", "extraction", "seeds"), "full": PARTS}
Scorer = Callable[[list[ArticleText]], dict]


def engine_score(articles: list[ArticleText], params=None) -> dict:
    """The engine's contract dict for a list of articles (`params`: scoring.engine.params.Params, None for the
    defaults)."""
    from scoring.engine import score_corpus  # imported late: the engine may still be missing a piece

    return score_corpus(articles, params).to_dict()


SCORERS: dict[str, Scorer] = {"engine": engine_score, "baseline": baseline.score}


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def as_articles(records: list[dict]) -> list[ArticleText]:
    """Import-format dicts (id, outlet, title, published, text) as engine input."""
    return [ArticleText(id=r["id"], outlet=r["outlet"], text=r.get("text") or "", title=r.get("title") or "",
                        published=_day(r.get("published")), url=r.get("url") or "") for r in records]


# ---------------------------------------------------------------- parts


def world_metrics(result: dict, world: World) -> tuple[dict, dict]:
    """Flat metrics and the detailed tables for one scorer's result on a world."""
    spans = metrics.span_metrics(result, world)
    blocks = metrics.block_metrics(result, world)
    by_type = metrics.drift_recall_by_type(result, world)
    auc = metrics.fidelity_auc(result, world)
    outlets = metrics.outlet_ranking(result, world)
    desk = metrics.desk_flagged(result, world)
    gold = {aid: lab.story for aid, lab in world.labels.items()}
    stories = metrics.bcubed(metrics.story_assignment(result), gold)
    flat = {
        "spin_recall": spans["spin"]["recall"], "spin_precision": spans["spin"]["precision"],
        "spin_recall_strict": spans["spin"]["strict_recall"],
        "spin_precision_strict": spans["spin"]["strict_precision"],
        "drift_recall": spans["drift"]["recall"], "drift_precision": spans["drift"]["precision"],
        "drift_precision_strict": spans["drift"]["strict_precision"],
        **{f"drift_recall_{t}": v["recall"] for t, v in by_type.items()},
        "sidebar_recall": blocks["partisan_recall"], "sidebar_precision": spans["sidebar"]["precision"],
        "neutral_blocks_flagged": blocks["neutral_flagged"], "neutral_lists_flagged": blocks["neutral_lists_flagged"],
        "boilerplate_recall": spans["boilerplate"]["recall"],
        "boilerplate_precision": spans["boilerplate"]["precision"],
        "desk_edits_flagged": desk["flagged"],
        "fidelity_auc": auc["auc"], "outlet_auc": outlets["auc"], "outlet_spearman": outlets["spearman"],
        "world_story_bcubed_f1": stories["f1"],
    }
    details = {"spans": spans, "blocks": blocks, "drift_by_type": by_type, "fidelity": auc,
               "outlets": outlets, "desk_edits": desk, "world_stories": stories}
    return flat, details


def basil_records() -> list[dict]:
    rows = read_jsonl(shared_file("realdata", "basil_same_event_triplets", "articles.jsonl"))
    return [{"id": r["id"], "outlet": r["outlet"], "title": r.get("title") or "", "published": r["date"],
             "text": r["text"], "cluster": r["cluster"]} for r in rows]


def story_metrics(result: dict, records: list[dict]) -> tuple[dict, dict]:
    """B-cubed and pairwise scores of a scorer's stories against the real BASIL clusters."""
    gold = {r["id"]: r["cluster"] for r in records}
    pred = metrics.story_assignment(result)
    b, p = metrics.bcubed(pred, gold), metrics.pairwise(pred, gold)
    flat = {"story_bcubed_f1": b["f1"], "story_bcubed_precision": b["precision"],
            "story_bcubed_recall": b["recall"], "story_pairwise_f1": p["f1"]}
    return flat, {"bcubed": b, "pairwise": p, "stories": len(set(pred.values())), "clusters": len(set(gold.values()))}


def engine_extract(html: str) -> str:
    """The engine's main text of a page: its body blocks, chrome and headline lists removed."""
    from scoring.engine import extract

    ex = extract.extract(html=html)
    return "\n\n".join(ex.text[b.start:b.end] for b in ex.body_blocks)


def trafilatura_extract(html: str) -> str:
    """trafilatura alone, with the settings the importer and the engine use (extract.html_to_text)."""
    from scoring.engine.extract import html_to_text

    return html_to_text(html)


def extraction_metrics(pages: int | None) -> dict[str, dict]:
    """Shingle precision, recall and F1 on the extraction benchmark for the engine and trafilatura alone."""
    import logging

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    rows = read_jsonl(shared_file("realdata", "article_extraction_benchmark", "pages.jsonl"))
    rows = sorted(rows, key=lambda r: r["id"])[:pages]
    out = {}
    for name, fn in (("engine", engine_extract), ("trafilatura", trafilatura_extract)):
        t = time.perf_counter()
        pairs = [(r["expected_text"], fn(r["html"])) for r in rows]
        out[name] = {**metrics.extraction_scores(pairs), "seconds": round(time.perf_counter() - t, 2)}
    return out


def seed_check(scorer: Scorer) -> dict:
    """Score the seeds as `manage.py score_file` does and run ../shared/tools/check_seeds.py on the output."""
    from sources.records import read_records  # pure Python: the same reader score_file uses

    seeds = shared_file("seeds")
    tool = shared_file("tools", "check_seeds.py")
    records, errors = read_records([seeds / "articles.jsonl"])
    if errors:
        raise ValueError("; ".join(str(e) for e in errors))
    result = scorer([ArticleText(id=r.id, outlet=r.outlet, text=r.text, title=r.title, published=r.published,
                                 url=r.url) for r in records])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "seeds.json"
        out.write_text(json.dumps(for_seed_checks(result, seeds), ensure_ascii=False), encoding="utf-8")
        proc = subprocess.run([sys.executable, str(tool), str(seeds), str(out)], capture_output=True, text=True)
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    return {"passed": proc.returncode == 0, "output": lines}


# ---------------------------------------------------------------- the run


def evaluate(world: str = "small", seed: int = 0, scorers: tuple[str, ...] = ("engine", "baseline"),
             parts: tuple[str, ...] | None = None, scorer_funcs: dict[str, Scorer] | None = None,
             sample: int = 0, params=None, variants: tuple[str, ...] | None = None) -> dict:
    """Every metric for every scorer; the report is a plain dict (metrics, details, timings, failures; `real`
    for the real part, `variants` for the harder worlds, `sample` the judging sheet when sample > 0). `params`:
    the engine's parameters (scoring.engine.params.Params; None for the defaults), to measure a change of them
    or what a detector switched off costs. `variants`: which harder worlds the variants part builds (None: all)."""
    engine = SCORERS["engine"] if params is None else partial(engine_score, params=params)
    funcs = {**SCORERS, "engine": engine, **(scorer_funcs or {})}
    parts = DEFAULT_PARTS[world] if parts is None else parts
    size = WORLD_SIZES[world]
    report: dict = {"world": world, "seed": seed, "scorers": list(scorers), "parts": list(parts),
                    "metrics": {s: {} for s in scorers}, "details": {s: {} for s in scorers}, "seconds": {}}
    if "world" in parts:
        w = build_world(seed=seed, clusters=size["clusters"])
        report["world_size"] = {"articles": len(w.articles), "stories": len({l.story for l in w.labels.values()}),
                                "altered": sum(l.altered for l in w.labels.values()), "hidden_sources": len(w.hidden)}
        articles = as_articles(w.articles)
        for s in scorers:
            t = time.perf_counter()
            result = funcs[s](articles)
            report["seconds"][f"{s}_world"] = round(time.perf_counter() - t, 2)
            flat, details = world_metrics(result, w)
            report["metrics"][s].update(flat)
            report["details"][s]["world"] = details
    if "stories" in parts:
        records = basil_records()
        articles = as_articles(records)
        for s in scorers:
            t = time.perf_counter()
            result = funcs[s](articles)
            report["seconds"][f"{s}_basil"] = round(time.perf_counter() - t, 2)
            flat, details = story_metrics(result, records)
            report["metrics"][s].update(flat)
            report["details"][s]["basil_stories"] = details
    if "extraction" in parts:
        ext = extraction_metrics(size["extraction_pages"])
        # The baseline has no extractor of its own: its column holds trafilatura alone.
        for s, source in (("engine", "engine"), ("baseline", "trafilatura")):
            if s in scorers:
                report["metrics"][s].update({f"extraction_{k}": ext[source][k] for k in ("f1", "precision", "recall")})
                report["details"][s]["extraction"] = {"extractor": source, **ext[source]}
    if "seeds" in parts:
        for s in scorers:
            check = seed_check(funcs[s])
            report["metrics"][s]["seed_checks"] = 1.0 if check["passed"] else 0.0
            report["details"][s]["seeds"] = check
    if "real" in parts:
        report["real"] = real_part(funcs, scorers, report, sample)
    if "variants" in parts:
        report["variants"] = variants_part(funcs, scorers, world, seed, variants)
        if "world" in parts:  # the plain world first, for comparison
            plain = {s: {k: report["metrics"][s].get(k) for k in VARIANT_METRICS} for s in scorers}
            report["variants"]["metrics"] = {"plain": plain, **report["variants"]["metrics"]}
    report["failures"] = {s: failures(report["metrics"][s]) for s in scorers}
    return report


def real_part(funcs: dict[str, Scorer], scorers: tuple[str, ...], report: dict, sample: int = 0) -> dict:
    """The real part (scoring/evaluation/real.py): every real corpus, the held-out sidebars, and extraction on
    the ScrapingHub pages (engine against trafilatura alone, reused when the extraction part ran on all pages).
    Its goals are reported beside the figures and fail nothing yet."""
    from scoring.evaluation import real

    t = time.perf_counter()
    out = real.evaluate_real({s: funcs[s] for s in scorers}, keep=sample > 0)
    ext = None
    if "engine" in scorers:
        done = report["details"]["engine"].get("extraction")
        if done and done.get("pages") and report["world"] == "full":
            ext = {"engine": done, "trafilatura": report["details"].get("baseline", {}).get("extraction")}
        if not ext or not ext["trafilatura"]:
            ext = extraction_metrics(None)
        e, tr = ext["engine"]["f1"], ext["trafilatura"]["f1"]
        out["metrics"]["engine"]["ScrapingHub extraction"] = {
            "f1": e, "f1_minus_trafilatura": None if e is None or tr is None else e - tr}
        if "baseline" in scorers:
            out["metrics"]["baseline"]["ScrapingHub extraction"] = {"f1": tr}
        out["corpora"]["ScrapingHub extraction"] = ext["engine"]["pages"]
    if sample > 0 and "engine" in scorers:
        # Paragraphed corpora only, and ECB+ once: the flat copies and the undated run repeat the same findings.
        keep = {k: v for k, v in out["results"]["engine"].items()
                if not k.endswith(" flat") and k != "ECB+ no dates" and not k.startswith("regression")}
        out["sample"] = real.sample_sheet(keep, sample)
    out.pop("results", None)
    out["seconds"]["total"] = time.perf_counter() - t
    out["goals_met"] = real.goals_met(out)
    return out


VARIANT_METRICS = ("spin_recall", "spin_precision", "drift_recall", "drift_precision", "sidebar_recall",
                   "neutral_blocks_flagged", "desk_edits_flagged", "fidelity_auc", "outlet_auc", "world_story_bcubed_f1")


def variants_part(funcs: dict[str, Scorer], scorers: tuple[str, ...], world: str, seed: int,
                  only: tuple[str, ...] | None = None) -> dict:
    """The harder worlds (worlds.VARIANTS, or those in `only`), each built from the same plain world and scored by
    every scorer."""
    from scoring.evaluation.worlds import VARIANTS

    size = WORLD_SIZES[world]
    out: dict = {"metrics": {}, "seconds": {}, "size": {}}
    for v in only or VARIANTS:
        w = build_world(seed=seed, clusters=size["clusters"], variants=(v,))
        out["size"][v] = {"articles": len(w.articles), "desk_edits": sum(len(l.desk) for l in w.labels.values())}
        articles = as_articles(w.articles)
        for s in scorers:
            t = time.perf_counter()
            try:
                flat, _ = world_metrics(funcs[s](articles), w)
                out["metrics"].setdefault(v, {})[s] = {k: flat.get(k) for k in VARIANT_METRICS}
            except Exception as e:  # a variant that crashes a scorer is a finding, not the end of the run
                out["metrics"].setdefault(v, {})[s] = {"error": f"{type(e).__name__}: {e}"}
            out["seconds"][f"{s}_{v}"] = round(time.perf_counter() - t, 2)
    return out


# The targets for every world variant (reported beside the figures; the plain world's thresholds above).
VARIANT_TARGETS = {"spin_recall": (">=", 0.92), "drift_recall": (">=", 0.92), "spin_precision": (">=", 0.97),
                   "drift_precision": (">=", 0.97), "fidelity_auc": (">=", 0.95), "outlet_auc": (">=", 0.98)}


def variants_table(variants: dict, scorers: list[str]) -> str:
    """variant, metric, one column per scorer, the target and whether the engine meets it."""
    head = ["variant", "metric"] + scorers + ["target (#24)", "met"]
    rows = [head]
    for v, by in variants["metrics"].items():
        for k in VARIANT_METRICS:
            values = [by.get(s, {}).get(k) for s in scorers]
            t = VARIANT_TARGETS.get(k)
            met = ""
            if t and "engine" in scorers:
                e = by.get("engine", {}).get(k)
                met = "yes" if e is not None and (e >= t[1] if t[0] == ">=" else e <= t[1]) else "NO"
            rows.append([v, k] + ["-" if x is None else f"{x:.3f}" for x in values]
                        + [f"{t[0]} {t[1]:g}" if t else "", met])
        for s in scorers:
            if by.get(s, {}).get("error"):
                rows.append([v, f"{s} error: {by[s]['error'][:90]}"] + [""] * (len(head) - 2))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


ROW_LABELS = {
    "extraction_f1": "extraction_f1 (baseline column: trafilatura alone)",
    "extraction_precision": "extraction_precision (baseline: trafilatura)",
    "extraction_recall": "extraction_recall (baseline: trafilatura)",
}


def table(report: dict) -> str:
    """The side-by-side table: metric, engine, baseline, threshold, and whether the engine meets it."""
    scorers = report["scorers"]
    limits = {t.metric: t for t in THRESHOLDS}
    keys = []
    for s in scorers:
        keys += [k for k in report["metrics"][s] if k not in keys]
    order = [t.metric for t in THRESHOLDS if t.metric in keys] + [k for k in keys if k not in limits]
    head = ["metric"] + scorers + ["threshold", "met"]
    rows = [head]
    for k in order:
        values = [report["metrics"][s].get(k) for s in scorers]
        t = limits.get(k)
        met = "" if t is None or scorers[0] not in ("engine",) else ("yes" if t.holds(values[0]) else "NO")
        rows.append([ROW_LABELS.get(k, k)] + ["-" if v is None else f"{v:.3f}" for v in values]
                    + [str(t) if t else "", met])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
