"""The sidebar detector on the development ('lexicon') half of AllSides: where lexicon and rule work may look.

    .venv/bin/python -m scoring.evaluation.sidebar_dev            # figures only
    .venv/bin/python -m scoring.evaluation.sidebar_dev --show 10  # and the first 10 misses and false alarms

The held-out half (`real.allsides_half`) is for the final figure of `--parts real` only: never print its misses.
Partisan lists are built as the worlds build them (`worlds._headline_list`: 4-6 headlines of left or right
outlets, about half framed with the generator's templates), from the development half's outlets only. The
development half has no centre outlet, so neutral lists come from elsewhere: 4-6 titles of BASIL (political
straight news of Fox, the New York Times and HuffPost) and of ECB+ (mostly wire-style news of all kinds), each
list placed after one BASIL text and judged by extraction and `sidebar.classify_blocks`, as in the product.
"""
from __future__ import annotations

import argparse
from random import Random

from scoring.engine import extract, sidebar
from scoring.evaluation import real
from scoring.evaluation.shared import read_jsonl, shared_file
from scoring.evaluation.worlds import _headline_list, _lines


def development_pools() -> dict[str, tuple[str, ...]]:
    """Left and right headlines of the development half; neutral titles of BASIL and ECB+ (list-item length)."""
    pools: dict[str, set[str]] = {"left": set(), "right": set(), "BASIL": set(), "ECB+": set()}
    for row in read_jsonl(shared_file("realdata", "allsides_article_bias", "articles.jsonl")):
        h = " ".join((row.get("headline") or "").split())
        if row.get("label") in ("left", "right") and 20 <= len(h) <= 100 and \
                real.allsides_half(row["source"]) == "lexicon":
            pools[row["label"]].add(h)
    for name, corpus in (("BASIL", real.basil()), ("ECB+", real.ecbplus())):
        for r in corpus.records:
            h = " ".join(r["title"].split())
            if 20 <= len(h) <= 100:
                pools[name].add(h)
    return {k: tuple(sorted(v)) for k, v in pools.items()}


def run(lists: int = 1000, seed: int = 0, params: dict | None = None, show: int = 0) -> dict[str, float]:
    """Partisan recall on development-half lists and the share of neutral title lists flagged."""
    pools = development_pools()
    host = real.basil().records[0]["text"]
    rng = Random(seed)
    out, examples = {}, []

    def verdicts(block: str) -> list[sidebar.SidebarVerdict]:
        return sidebar.classify_blocks(extract.extract(host + "\n\n" + block), **(params or {}))

    def partisan(block: str) -> bool:
        return any(v.partisan for v in verdicts(block))

    found = unseen = 0
    for _ in range(lists):
        side = rng.choice(["left", "right"])
        block = _headline_list(rng, side, side, pools)
        judged = verdicts(block)
        hit = any(v.partisan for v in judged)
        found += hit
        # Missed because extraction found no list, or a shorter one, rather than by the detector's rule.
        unseen += not hit and sum(v.items for v in judged) < block.count("\n")
        if not hit and len(examples) < show:
            examples.append("MISSED\n" + block)
    out["partisan recall (development half)"] = found / lists
    out["partisan lists missed as not found whole by extraction"] = unseen / lists
    for name in ("BASIL", "ECB+"):
        flagged = 0
        for _ in range(lists):
            block = rng.choice(_lines("list_headings.txt")) + "\n" + "\n".join(
                rng.sample(pools[name], rng.randint(4, 6)))
            hit = partisan(block)
            flagged += hit
            if hit and len(examples) < 2 * show:
                examples.append(f"FLAGGED ({name})\n" + block)
        out[f"neutral {name} title lists flagged"] = flagged / lists
    for e in examples:
        print(e + "\n")
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lists", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=0)
    a = ap.parse_args()
    for k, v in run(a.lists, a.seed, show=a.show).items():
        print(f"{k}: {v:.3f}")
