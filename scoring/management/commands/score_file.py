import json
import sys

from django.core.management.base import BaseCommand, CommandError

from scoring.engine import ArticleText, score_corpus
from sources.records import read_records


class Command(BaseCommand):
    help = "Score a JSONL (or CSV) file in the import format with the engine; writes JSON, touches no database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="articles in the import format (JSONL or CSV)")
        parser.add_argument("--out", help="write the JSON here instead of standard output")

    def handle(self, *args, path, out=None, **options):
        records, errors = read_records([path])
        for error in errors:
            self.stderr.write(str(error))
        if not records:
            raise CommandError(f"{path}: no article could be read")
        result = score_corpus([
            ArticleText(id=r.id, outlet=r.outlet, text=r.text, title=r.title, published=r.published, url=r.url)
            for r in records
        ]).to_dict()
        data = json.dumps(result, ensure_ascii=False, indent=1)
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(data)
            self.stderr.write(f"scored {len(result['articles'])} articles in {len(result['stories'])} stories "
                              f"-> {out}" + (f" ({len(errors)} lines rejected)" if errors else ""))
        else:
            sys.stdout.write(data + "\n")
