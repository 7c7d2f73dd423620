"""Which of the two removed what on the ScrapingHub pages: trafilatura (the page's parts it did not keep) or the
engine's block rules (what they took out of trafilatura's main text). Issue 19, part 4.

    python -m scoring.evaluation.extraction_diag [--show N] [--cache DIR]

For every page: the benchmark's shingle precision and recall of trafilatura alone and of the engine, and the
words of blocks the engine's rules took out of trafilatura's main text (chrome, headline lists, the page's title
where the main text repeats it), and of those the blocks mostly of the expected text's words (prose lost). Prints the totals and the N pages where the rules
cost most. trafilatura's output can be cached (--cache): it is the slow part and does not depend on our rules.
"""
from __future__ import annotations

import argparse
import hashlib
import re
from pathlib import Path

from scoring.engine import extract
from scoring.evaluation import metrics
from scoring.evaluation.shared import read_jsonl, shared_file

_WORD = re.compile(r"\w+")


def _main_text(html: str, cache: Path | None) -> str:
    if cache is None:
        return extract.html_to_text(html)
    path = cache / (hashlib.sha256(html.encode()).hexdigest()[:24] + ".txt")
    if not path.exists():
        path.write_text(extract.html_to_text(html), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def _mostly_in(block: str, expected: str) -> bool:
    """Whether most of the block's lines occur word for word in the expected text (spaces normalised)."""
    lines = [" ".join(x.split()) for x in block.splitlines() if x.strip()]
    return 2 * sum(x in expected for x in lines) > len(lines)


def page_report(expected: str, main: str, title: str = "") -> dict:
    """What the engine's rules do to trafilatura's main text `main` of one page (`title`: the page's own)."""
    ex = extract.classify(main, title, from_html=True)  # as extract(html=...) does after html_to_text
    body = "\n\n".join(ex.text[b.start:b.end] for b in ex.body_blocks)
    flat_expected = " ".join(expected.split())
    removed = [(b.kind, ex.text[b.start:b.end]) for b in ex.blocks if b.kind != "body"]
    lost = [(k, t) for k, t in removed if _mostly_in(t, flat_expected)]
    return {"traf": metrics.shingle_counts(expected, main), "engine": metrics.shingle_counts(expected, body),
            "body": body, "removed": removed, "lost": lost}


def benchmark_pages(prog: str, argv=None, show_help: str | None = None):
    """The command line of a diagnosis over the ScrapingHub pages (--show N, --cache DIR): its arguments, the pages
    in order of id, and the cache folder for trafilatura's outputs (None without --cache)."""
    ap = argparse.ArgumentParser(prog=prog)
    ap.add_argument("--show", type=int, default=20, help=show_help)
    ap.add_argument("--cache", default="", help="a directory for trafilatura's outputs")
    args = ap.parse_args(argv)
    import logging

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    cache = Path(args.cache) if args.cache else None
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
    rows = sorted(read_jsonl(shared_file("realdata", "article_extraction_benchmark", "pages.jsonl")),
                  key=lambda r: r["id"])
    return args, rows, cache


def main(argv=None) -> int:
    args, rows, cache = benchmark_pages("python -m scoring.evaluation.extraction_diag", argv)
    pairs_t, pairs_e, reports = [], [], []
    for r in rows:
        main_text = _main_text(r["html"], cache)
        rep = page_report(r["expected_text"], main_text, extract.html_title(r["html"]))
        pairs_t.append((r["expected_text"], main_text))
        pairs_e.append((r["expected_text"], rep["body"]))
        reports.append((r["id"][:16], rep))
    t, e = metrics.extraction_scores(pairs_t), metrics.extraction_scores(pairs_e)
    print(f"trafilatura: P {t['precision']:.4f} R {t['recall']:.4f} F1 {t['f1']:.4f}")
    print(f"engine:      P {e['precision']:.4f} R {e['recall']:.4f} F1 {e['f1']:.4f}")
    removed = sum(len(_WORD.findall(x)) for _, rep in reports for _, x in rep["removed"])
    lost = sum(len(_WORD.findall(x)) for _, rep in reports for _, x in rep["lost"])
    print(f"our rules removed {removed} words of trafilatura's main text; {lost} of them in blocks most of whose "
          f"lines are in the expected text (prose lost by our rules)")
    worst = sorted(reports, key=lambda kv: -sum(len(_WORD.findall(x)) for _, x in kv[1]["lost"]))
    for pid, rep in worst[:args.show]:
        for kind, text in rep["lost"]:
            print(f"-- {pid} {kind}: {text[:200]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
