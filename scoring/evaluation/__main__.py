"""python -m scoring.evaluation [--world small|full] [--seed N] [--json OUT] [--check] [--database URL]
[--params PATH.json]"""
import argparse
import json
import sys
import time

from scoring.evaluation.run import PARTS, SCORERS, WORLD_SIZES, evaluate, table, variants_table
from scoring.evaluation import real
from scoring.evaluation.shared import SharedDataMissing


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring.evaluation",
                                     description="Score a labelled world with the engine and the naive baseline.")
    parser.add_argument("--world", choices=sorted(WORLD_SIZES), default="small")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", metavar="OUT", help="also write the whole report (metrics and details) here")
    parser.add_argument("--scorers", default="engine,baseline", help="comma-separated: engine, baseline")
    parser.add_argument("--parts", help="comma-separated: " + ", ".join(PARTS) + " (default: world, stories, "
                        "extraction, seeds; with --world full all of them)")
    parser.add_argument("--variants", metavar="NAMES",
                        help="with the variants part: comma-separated harder worlds to build (default: all of "
                             "versions, developing, same-days, flat)")
    parser.add_argument("--sample", type=int, default=0, metavar="N",
                        help="with the real part: write N of the engine's penalising findings on real news, drawn "
                             "at random with a fixed seed, as a Markdown judging sheet")
    parser.add_argument("--sample-out", default="real-findings-sample.md", metavar="FILE",
                        help="where --sample writes the sheet (default: real-findings-sample.md)")
    parser.add_argument("--params", metavar="PATH.json",
                        help="run the engine with these parameters (any part of "
                             "scoring.engine.params.Params().to_dict(), the rest at its default)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the engine misses a threshold")
    parser.add_argument("--database", metavar="URL",
                        help="also print the editors' verdicts on findings stored in this database (DATABASE_URL form)")
    args = parser.parse_args(argv)
    scorers = tuple(s for s in args.scorers.split(",") if s)
    parts = None if args.parts is None else tuple(p for p in args.parts.split(",") if p)
    unknown = [s for s in scorers if s not in SCORERS] + [p for p in parts or () if p not in PARTS]
    from scoring.evaluation.worlds import VARIANTS

    variants = None if args.variants is None else tuple(v for v in args.variants.split(",") if v)
    unknown += [v for v in variants or () if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown scorer, part or variant: {', '.join(unknown)}")
    params = None
    if args.params:
        from scoring.engine.params import Params

        try:
            with open(args.params, encoding="utf-8") as fh:
                params = Params.from_dict(json.load(fh))
        except (OSError, ValueError) as e:
            parser.error(f"{args.params}: {e}")
    verdicts = None
    if args.database:
        from scoring.evaluation.reviews import editor_verdicts, verdict_table

        verdicts = editor_verdicts(args.database)
        print(verdict_table(verdicts))
    started = time.perf_counter()
    try:
        report = evaluate(world=args.world, seed=args.seed, scorers=scorers, parts=parts, sample=args.sample,
                          params=params, variants=variants)
    except SharedDataMissing as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    report["seconds"]["total"] = round(time.perf_counter() - started, 2)
    if any(report["metrics"][s] for s in scorers):
        print(f"world {args.world}, seed {args.seed}: {report.get('world_size', {})}")
        print(table(report))
    if "variants" in report:
        print()
        print(f"harder worlds ({args.world}, seed {args.seed}); targets of issue 24, reported only:")
        print(variants_table(report["variants"], list(scorers)))
    if "real" in report:
        r = report["real"]
        met, measured = r["goals_met"]
        print()
        print(f"real news, unaltered (goals from issues 17, 19 and 24: reported only, they fail nothing yet; "
              f"engine meets {met} of {measured}):")
        print(real.table(r, list(scorers)))
        for line in real.ferry_lines(r, list(scorers)):
            print(line)
        print("real part: " + ", ".join(f"{s} {r['seconds'][s]:.1f} s wall, {r['cpu_seconds'][s]:.1f} s CPU"
                                        for s in scorers) + f"; total {r['seconds']['total']:.1f} s")
        if "sample" in r:
            with open(args.sample_out, "w", encoding="utf-8") as fh:
                fh.write(r.pop("sample"))
            print(f"judging sheet of {args.sample} findings written to {args.sample_out}")
    print("seconds: " + ", ".join(f"{k} {v}" for k, v in report["seconds"].items()))
    for s, fails in report["failures"].items():
        for f in fails:
            print(f"{s} misses: {f}")
    if verdicts is not None:
        report["editor_verdicts"] = verdicts
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=1, default=str)
    return 1 if args.check and report["failures"].get("engine") else 0


if __name__ == "__main__":
    sys.exit(main())
