import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from scoring import tasks
from scoring.locks import corpus_lock
from sources.importing import import_paths
from sources.models import Outlet

DEMO_DIR = Path(settings.BASE_DIR) / "sources" / "demo"
OUTLET_FIELDS = ("name", "domains", "homepage", "feed_url", "country", "language", "notes")


class Command(BaseCommand):
    help = "Load the fictional demo corpus (outlets.json, then articles.jsonl); running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(DEMO_DIR),
                            help="folder holding outlets.json and articles.jsonl (default: sources/demo)")

    def handle(self, *args, **options):
        folder = Path(options["path"])
        created, updated = load_outlets(folder / "outlets.json")
        self.stdout.write(f"outlets: created {created}, updated {updated}")

        report = import_paths([folder / "articles.jsonl"])
        for error in report.errors:
            self.stderr.write(error)
        self.stdout.write(f"articles: {report.summary()}")
        if report.rejected:
            # The demo corpus is ours: a rejected line is a bug in it, not input to tolerate.
            raise CommandError(f"{report.rejected} demo article(s) rejected")

        # The import's signal has scored the new articles already (in-process without a broker); this scores
        # whatever is still missing a current score, e.g. after an engine upgrade.
        with corpus_lock():  # a worker or a second command may be scoring too
            result = tasks.score_pending_articles()
        self.stdout.write(f"scored {result.articles} more articles" if result else "every article is scored")


def load_outlets(path: Path) -> tuple[int, int]:
    """Create or update the outlets listed in a JSON file, by slug, as reviewed; returns (created, updated)."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CommandError(f"{path}: {e}") from None
    if not isinstance(items, list):
        raise CommandError(f"{path}: expected a JSON list of outlets")
    created = updated = 0
    with transaction.atomic():  # all outlets or none, so a broken file leaves the database as it was
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not item.get("name") or not item.get("slug"):
                raise CommandError(f"{path}: outlet #{number} needs at least a name and a slug")
            values = {name: item.get(name) or "" for name in OUTLET_FIELDS}
            if isinstance(values["domains"], list):
                values["domains"] = ", ".join(values["domains"])
            # By slug; else by name, so an outlet an import already created (unreviewed) is adopted.
            outlet = (Outlet.objects.filter(slug=item["slug"]).first()
                      or Outlet.objects.filter(name__iexact=item["name"]).first()
                      or Outlet(slug=item["slug"]))
            values.update(slug=item["slug"], is_reviewed=True)
            if outlet.pk is None:
                created += 1
            elif any(getattr(outlet, name) != value for name, value in values.items()):
                updated += 1
            else:
                continue
            for name, value in values.items():
                setattr(outlet, name, value)
            outlet.save()
    return created, updated
