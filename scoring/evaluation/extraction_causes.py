"""Where the engine's extraction loses F1 on the ScrapingHub pages, page by page and by cause (issue 19, part 4).

    python -m scoring.evaluation.extraction_causes [--show N] [--cache DIR]

For every page, the lines of the true body that are not in the engine's text (words lost) and the lines of the
engine's text that are not in the true body (words added), compared as runs of \\w+ words, each by its cause:

- lost, `traf missed`: trafilatura's main text does not have the line (`traf missed (short)`: a headline-like line:
  at most 12 words and no closing stop); `rules removed`: trafilatura kept it and our block rules took it out;
- added, `chrome/prose`: a line trafilatura kept that is not in the true body; `heading/caption/short`: such a line
  of at most 12 words without a closing stop; `byline/credit`: one of those that reads as a credit or byline.

Pages are sorted by what they cost: (1 - precision) + (1 - recall), the benchmark's per-page shingle scores whose
means make its F1. trafilatura's output can be cached (--cache), as in extraction_diag.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from scoring.engine import extract
from scoring.evaluation import metrics
from scoring.evaluation.extraction_diag import _main_text, benchmark_pages

_WORD = re.compile(r"\w+")
_CREDIT_RE = re.compile(r"(?i)^(by|photo|image|credit|getty|reuters|ap |\(ap\)|source)|getty images|photo:|/ ?ap\b"
                        r"|shutterstock|credit")


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s))


def _short(line: str) -> bool:
    return len(_WORD.findall(line)) <= 12 and not re.search(r"[.!?\"”']$", line.strip())


def page_causes(expected: str, main: str, title: str = "") -> dict:
    """Lines lost and added on one page, by cause, with the page's shingle precision and recall."""
    ex = extract.classify(main, title, from_html=True)  # as extract(html=...) does after html_to_text
    body = "\n\n".join(ex.text[b.start:b.end] for b in ex.body_blocks)
    n_exp, n_body, n_main = _norm(expected), _norm(body), _norm(main)
    causes: dict[str, list[str]] = defaultdict(list)
    for line in expected.splitlines():
        n = _norm(line)
        if n and n not in n_body:
            cause = "rules removed" if n in n_main else "traf missed (short)" if _short(line) else "traf missed"
            causes["lost: " + cause].append(line)
    for line in body.splitlines():
        n = _norm(line)
        if n and n not in n_exp:
            cause = ("byline/credit" if _CREDIT_RE.search(line.strip()) else "heading/caption/short") if _short(
                line) else "chrome/prose"
            causes["added: " + cause].append(line)
    tp, fp, fn = metrics.shingle_counts(expected, body)
    return {"precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn) if tp + fn else 0.0,
            "causes": dict(causes)}


def _words(lines: list[str]) -> int:
    return sum(len(_WORD.findall(x)) for x in lines)


def main(argv=None) -> int:
    args, rows, cache = benchmark_pages("python -m scoring.evaluation.extraction_causes", argv,
                                        "the N pages that cost most, with their lines")
    pages, total = [], Counter()
    for r in rows:
        rep = page_causes(r["expected_text"], _main_text(r["html"], cache), extract.html_title(r["html"]))
        for k, lines in rep["causes"].items():
            total[k] += _words(lines)
        pages.append((2 - rep["precision"] - rep["recall"], r["id"][:16], r["url"], rep))
    pages.sort(key=lambda x: -x[0])
    print("words by cause, all pages:", ", ".join(f"{k} {v}" for k, v in sorted(total.items())))
    print(f"sum over pages of (1 - P) + (1 - R): {sum(p[0] for p in pages):.2f} ({len(pages)} pages)")
    for cost, pid, url, rep in pages[:args.show]:
        print(f"\n== {pid} cost {cost:.3f} P {rep['precision']:.3f} R {rep['recall']:.3f} {url}")
        for k, lines in sorted(rep["causes"].items(), key=lambda kv: -_words(kv[1])):
            print(f"   {k}: {_words(lines)} words")
            for x in lines[:5]:
                print("      |", x[:140])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
