from django.core.management.base import BaseCommand, CommandError

from sources.importing import import_paths


class Command(BaseCommand):
    help = (
        "Import articles from JSONL or CSV files, or folders of .html/.txt files (one article a file, "
        "with --outlet). Bad lines are reported as file:line: message; the good ones are imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a .jsonl, .csv, .html or .txt file, or a folder")
        parser.add_argument("--outlet", metavar="NAME",
                            help="outlet for records that name none (required for .html/.txt files)")

    def handle(self, *args, **options):
        report = import_paths(options["paths"], outlet=options["outlet"])
        for error in report.errors:
            self.stderr.write(error)
        self.stdout.write(report.summary())
        if report.rejected:
            # A non-zero exit status, so scripts and cron notice the rejected lines.
            raise CommandError(f"{report.rejected} rejected (see the messages above)")
