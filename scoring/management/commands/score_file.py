import json
import sys

from django.core.management.base import BaseCommand, CommandError

from scoring.engine import ArticleText, score_corpus
from scoring.engine.params import Params
from sources.records import read_records


class Command(BaseCommand):
    help = "Score a JSONL (or CSV) file in the import format with the engine; writes JSON, touches no database."
    # call_command(..., before_story=f) only, not on the command line: see engine.score_stories (tests fail a story).
    stealth_options = ("before_story",)

    def add_arguments(self, parser):
        parser.add_argument("path", help="articles in the import format (JSONL or CSV)")
        parser.add_argument("--out", help="write the JSON here instead of standard output")
        parser.add_argument("--params", metavar="PATH.json",
                            help="engine parameters to run with: any part of scoring.engine.params.Params().to_dict(), "
                                 "the rest at its default")
        parser.add_argument("--strict", action="store_true",
                            help="exit non-zero when a story failed to score (the output is written either way)")

    def handle(self, *args, path, out=None, strict=False, before_story=None, params=None, **options):
        try:
            engine_params = _read_params(params) if params else None
        except (OSError, ValueError) as e:
            raise CommandError(f"{params}: {e}") from None
        records, errors = read_records([path])
        for error in errors:
            self.stderr.write(str(error))
        if not records:
            raise CommandError(f"{path}: no article could be read")
        scored = score_corpus([
            ArticleText(id=r.id, outlet=r.outlet, text=r.text, title=r.title, published=r.published, url=r.url)
            for r in records
        ], engine_params, before_story=before_story)
        result = scored.to_dict()
        data = json.dumps(result, ensure_ascii=False, indent=1)
        failed = scored.failed
        for story in failed:
            self.stderr.write(f"story {story.id} (articles {', '.join(story.articles)}) failed: {story.error}")
        summary = (f"scored {len(result['articles'])} articles in {len(result['stories']) - len(failed)} stories"
                   + (f"; {len(failed)} {'story' if len(failed) == 1 else 'stories'} failed: see log" if failed else ""))
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(data)
            self.stderr.write(f"{summary} -> {out}" + (f" ({len(errors)} lines rejected)" if errors else ""))
        else:
            sys.stdout.write(data + "\n")
            if failed:
                self.stderr.write(summary)
        if failed and strict:
            raise CommandError(f"{len(failed)} of {len(result['stories'])} stories failed to score (--strict)")


def _read_params(path: str) -> Params:
    with open(path, encoding="utf-8") as fh:
        return Params.from_dict(json.load(fh))  # json.JSONDecodeError is a ValueError
