from django.apps import AppConfig


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"
    verbose_name = "Scoring"

    def ready(self):
        # Imports score their new articles: sources sends the signal, scoring decides what to do with it.
        from scoring import jobs
        from sources.signals import articles_imported

        articles_imported.connect(jobs.queue_scoring, dispatch_uid="scoring.queue_scoring")
