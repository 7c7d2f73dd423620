from django.apps import AppConfig


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"
    verbose_name = "Scoring"

    def ready(self):
        # Imports score their new articles: sources sends the signal, scoring decides what to do with it.
        from django.db.models.signals import post_save

        from scoring import jobs, models
        from scoring.engine.version import ENGINE_VERSION
        from sources.models import Article, OutletQuerySet

        OutletQuerySet.current_engine_version = ENGINE_VERSION  # Outlet.objects.with_current_score()
        from sources.signals import articles_imported

        articles_imported.connect(jobs.queue_scoring, dispatch_uid="scoring.queue_scoring")
        # Scores point into the text they were computed from: they go when it changes.
        post_save.connect(models.forget_scores_of_changed_text, sender=Article,
                          dispatch_uid="scoring.forget_scores_of_changed_text")
        # A changed password revokes the user's API tokens.
        from django.conf import settings
        from django.db.models.signals import pre_save

        pre_save.connect(models.remember_password, sender=settings.AUTH_USER_MODEL,
                         dispatch_uid="scoring.remember_password")
        post_save.connect(models.revoke_tokens_on_password_change, sender=settings.AUTH_USER_MODEL,
                          dispatch_uid="scoring.revoke_tokens_on_password_change")
