from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scoring.evaluation.shared import SharedDataMissing
from scoring.evaluation.worlds import VARIANTS, build_world, write_world


class Command(BaseCommand):
    help = ("Write a labelled test world (articles.jsonl in the import format, labels.json) built from the real "
            "same-event clusters in ../shared; see docs/EVALUATION.md.")

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="folder to write articles.jsonl and labels.json into")
        parser.add_argument("--seed", type=int, default=0, help="same seed, same world (default 0)")
        parser.add_argument("--clusters", type=int, help="how many real clusters to use (default: all)")
        parser.add_argument("--hide-sources", action="store_true",
                            help="keep every cluster's source article out of the corpus (spinners' source hidden)")
        # The harder worlds (docs/EVALUATION.md); with none of them the world is the plain one, byte for byte.
        parser.add_argument("--flat", action="store_true", help="no paragraph breaks anywhere: one line per article")
        parser.add_argument("--same-days", action="store_true",
                            help="every cluster dated inside one three-day window, so dates cannot separate events")
        parser.add_argument("--versions", action="store_true",
                            help="real reports republished as later versions and as wire copies (faithful edits)")
        parser.add_argument("--developing", action="store_true",
                            help="a cluster's figure updated by its later reports (faithful, published later)")

    def handle(self, *args, out, seed, clusters=None, hide_sources=False, **options):
        variants = tuple(v for v in VARIANTS if options.get(v.replace("-", "_")))
        if clusters is not None and clusters < 1:
            raise CommandError("--clusters must be at least 1")
        try:
            world = build_world(seed=seed, clusters=clusters, hidden_share=1.0 if hide_sources else 0.25,
                                variants=variants)
        except SharedDataMissing as e:
            raise CommandError(str(e)) from None
        articles, labels = write_world(world, Path(out))
        altered = sum(label.altered for label in world.labels.values())
        self.stdout.write(f"wrote {len(world.articles)} articles ({altered} altered, {len(world.hidden)} sources "
                          f"hidden) to {articles} and their labels to {labels}")
