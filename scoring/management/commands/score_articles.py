from django.core.management.base import BaseCommand

from scoring import tasks
from scoring.locks import corpus_lock


class Command(BaseCommand):
    help = "Score stored articles with the engine and save stories, findings and scores."
    stealth_options = ("before_story",)  # call_command only: see engine.score_stories (tests fail a story)

    def add_arguments(self, parser):
        parser.add_argument("--pending", action="store_true",
                            help="only when some article lacks a score of the current engine version")

    def handle(self, *args, pending=False, before_story=None, **options):
        with corpus_lock():  # outlet scores are rewritten from every stored score: one run at a time
            result = tasks.score_pending_articles() if pending else tasks.score_all(before_story)
        if result is None:
            self.stdout.write("nothing to score: every article has a current score")
            return
        self.stdout.write(f"{result.summary()} (engine {result.version})")
