from django.core.management.base import BaseCommand, CommandError

from sources.feeds import outlets_to_poll, poll_all


class Command(BaseCommand):
    help = ("Poll the RSS/Atom feeds of active outlets and import the articles not stored yet "
            "(each outlet's last success and error show in the admin).")

    def add_arguments(self, parser):
        parser.add_argument("--outlet", metavar="SLUG", action="append", default=[],
                            help="poll only this outlet (repeatable)")

    def handle(self, *args, outlet, **options):
        outlets = outlets_to_poll()
        if outlet:
            outlets = outlets.filter(slug__in=outlet)
            missing = set(outlet) - set(outlets.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"no active outlet with a feed url has the slug {', '.join(sorted(missing))}")
        report = poll_all(outlets)
        for error in report.errors:
            self.stderr.write(error)
        self.stdout.write(report.summary())
