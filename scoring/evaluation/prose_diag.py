"""Which paragraphs of clean real bodies extraction removes, and by which rule (issue 19's prose lost, explained).

    python -m scoring.evaluation.prose_diag [--corpus ECB+,ScrapingHub bodies] [--flat] [--show N]

Runs extract.extract alone on each body (as prepare.py does: text and title) and traces every unit (a line, or a
sentence of a line of several) that ends outside the body to the stage of chrome.py that put it there:

- own:chrome / own:heading  _label alone (its own cues; a heading with no list under it ends chrome in spread);
- resolve                   _resolve_prose (a cued or appeal sentence by its neighbours; a line chrome but for one
                            short sentence);
- list:known / list:unknown  a list of headlines under a known heading, or an unknown one / list markers;
- spread                    _spread_chrome (next to chrome, between chrome, before the first or after the last
                            body line);
- dateline                  chrome._datelines (a publication stamp above the story, chrome by its own form).

Prints words lost per stage and corpus (and how many of them are in datelines: "Posted: 04/9/2012 8:33 am"),
then the N largest removals with their cues; --article ID prints every unit of one article with its labels. A diagnostic: it reads the
engine's private helpers and never feeds a result back.
"""
from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict

from scoring.engine.chrome import _datelines, _label, _resolve_prose, _spread_chrome
from scoring.engine.chrome_flat import split_flat_lists
from scoring.engine.chrome_lists import _unit_lists
from scoring.engine.chrome_cues import _unit_cues, sentence_units, split_lines
from scoring.engine.text import tokenize
from scoring.evaluation import real

# A removed unit read as a dateline (page metadata, not prose) in the summary: 16 words or fewer with a time, a
# year or a posted/updated/published label. Only a figure for the reader: nothing is decided by it.
_DATELINE_RE = re.compile(r"(?i)\b(posted|updated|published|created|edited)\b|\d{1,2}[:.] ?\d{2}|\b(19|20)\d{2}\b")

CORPORA = {"AllSides": real.allsides, "BASIL": real.basil, "ECB+": lambda: real.ecbplus(True),
           "ScrapingHub bodies": real.scrapinghub_bodies}


def trace(text: str, title: str = "") -> list[dict]:
    """Every unit that extract.extract leaves outside the body: its text, words, stage and first label."""
    lines = split_lines(text)
    lines, units, flat_lists = split_flat_lists(text, lines, sentence_units(text, lines))
    title_norms = [t.norm for t in tokenize(title)] if title else None
    cues = _unit_cues(text, units)
    first = [_label(u, title_norms, c) for u, c in zip(units, cues)]
    labels = list(first)
    _resolve_prose(units, labels, cues)
    resolved = list(labels)
    lists = _unit_lists(lines, units, labels, title_norms) + flat_lists
    in_list = {}
    for a, b, _items, known in lists:
        for i in range(a, b + 1):
            labels[i] = "headlines"
            in_list[i] = "list:known" if known else "list:unknown"
    _spread_chrome(units, labels, cues)
    stamps = set(_datelines(units, labels))
    for i in stamps:
        labels[i] = "chrome"
    out = []
    for i, u in enumerate(units):
        if labels[i] not in ("chrome", "headlines"):
            continue
        if i in in_list:
            stage = in_list[i]
        elif i in stamps:
            stage = "dateline"
        elif first[i] in ("chrome", "heading"):
            stage = "own:" + first[i]
        elif resolved[i] == "chrome":
            stage = "resolve"
        else:
            stage = "spread"
        out.append({"text": u.text, "words": u.words, "stage": stage, "first": first[i], "cues": tuple(cues[i]),
                    "line": u.line, "lines": len(lines)})
    return out


def show_article(aid: str, names: list[str], flat: bool) -> int:
    for name in names:
        for r in CORPORA[name.strip()]().records:
            if r["id"] != aid:
                continue
            text = real.flatten(r["text"]) if flat else r["text"]
            removed = {(x["line"], x["text"]): x for x in trace(text, r.get("title") or "")}
            lines = split_lines(text)
            units = sentence_units(text, lines)
            cues = _unit_cues(text, units)
            for u, c in zip(units, cues):
                x = removed.get((u.line, u.text))
                mark = f"XX {x['stage']:12}" if x else "   " + " " * 12
                print(f"{mark} L{u.line:<3} p{u.para:<3} {_label(u, None, c):7} {tuple(c)} {u.text[:160]!r}")
            return 0
    print("no such article")
    return 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scoring.evaluation.prose_diag")
    ap.add_argument("--corpus", default="ECB+,ScrapingHub bodies")
    ap.add_argument("--flat", action="store_true", help="every paragraph break removed")
    ap.add_argument("--show", type=int, default=40, help="the N largest removed units")
    ap.add_argument("--article", help="print every unit of this article with its labels instead")
    ap.add_argument("--flat-article", action="store_true", help="with --article: its text flattened")
    args = ap.parse_args(argv)
    if args.article:
        return show_article(args.article, args.corpus.split(","), args.flat)
    for name in args.corpus.split(","):
        corpus = CORPORA[name.strip()]()
        total, by_stage, gutted, rows = 0, Counter(), 0, []
        for r in corpus.records:
            text = real.flatten(r["text"]) if args.flat else r["text"]
            mine = real.words(text)
            total += mine
            removed = trace(text, r.get("title") or "")
            lost = sum(real.words(x["text"]) for x in removed)
            gutted += bool(mine) and lost / mine > real.GUTTED
            for x in removed:
                by_stage[x["stage"]] += real.words(x["text"])
                rows.append((real.words(x["text"]), r["id"], x))
        datelines = sum(n for n, _aid, x in rows if n <= 16 and _DATELINE_RE.search(x["text"]))
        print(f"== {name}{' flat' if args.flat else ''}: {len(corpus.records)} articles, {total} words, "
              f"lost {sum(by_stage.values()) / max(total, 1):.5f} (datelines {datelines / max(total, 1):.4f}), "
              f"losing > 30% {gutted / max(len(corpus.records), 1):.4f}")
        for stage, n in by_stage.most_common():
            print(f"   {stage:14} {n:7d} words  {n / max(total, 1):.4f}")
        per_first = defaultdict(int)
        for n, _aid, x in rows:
            per_first[(x["stage"], x["first"])] += n
        print("   by stage and first label:", dict(sorted(per_first.items(), key=lambda kv: -kv[1])))
        for n, aid, x in sorted(rows, key=lambda t: -t[0])[:args.show]:
            print(f"-- {aid} [{x['stage']} first={x['first']} cues={x['cues']} line {x['line']}/{x['lines']}] "
                  f"{n} words: {x['text'][:300]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
