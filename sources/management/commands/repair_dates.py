from django.conf import settings
from django.core.management.base import BaseCommand

from sources import dates
from sources.models import Article, Story


class Command(BaseCommand):
    help = "Clear publication dates stored outside PUBLISHED_YEAR_MIN-PUBLISHED_YEAR_MAX (they break every page showing them)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count the rows that would be repaired")

    def handle(self, *args, dry_run=False, **options):
        counts = dates.repair(Article, Story, settings.PUBLISHED_YEARS, dry_run=dry_run)
        first, last = settings.PUBLISHED_YEARS
        verb = "would clear" if dry_run else "cleared"
        self.stdout.write(f"{verb} dates outside {first}-{last}: {counts['articles']} articles, "
                          f"{counts['stories']} stories")
