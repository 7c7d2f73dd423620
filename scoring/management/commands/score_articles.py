from django.core.management.base import BaseCommand

from scoring import tasks


class Command(BaseCommand):
    help = "Score stored articles with the engine and save stories, findings and scores."

    def add_arguments(self, parser):
        parser.add_argument("--pending", action="store_true",
                            help="only when some article lacks a score of the current engine version")

    def handle(self, *args, pending=False, **options):
        result = tasks.score_pending_articles() if pending else tasks.score_all()
        if result is None:
            self.stdout.write("nothing to score: every article has a current score")
            return
        self.stdout.write(f"scored {result.articles} articles in {result.stories} stories "
                          f"(engine {result.version})")
