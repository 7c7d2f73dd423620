"""The Celery app: `celery -A config worker` runs the jobs of sources/jobs.py and scoring/jobs.py, `celery -A config
beat` schedules them.

Configured from the CELERY_* settings (config/settings.py); with no CELERY_BROKER_URL every job runs eagerly in
the process that queues it. See docs/WORKERS.md.
"""
import os
from datetime import timedelta

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("concordance")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's jobs live in its jobs.py (feeds and imports in sources, scoring in scoring), found here.
app.autodiscover_tasks(related_name="jobs")


@app.on_after_configure.connect
def _schedule(sender: Celery, **kwargs) -> None:
    """Poll the feeds every FEED_POLL_MINUTES and, as a safety net, score what a lost job left unscored."""
    from django.conf import settings

    every = timedelta(minutes=settings.FEED_POLL_MINUTES)
    sender.add_periodic_task(every, sender.signature("sources.jobs.poll_feeds_job"), name="poll feeds")
    sender.add_periodic_task(every, sender.signature("scoring.jobs.score_pending_job"), name="score pending articles")
    # Alert rules (scoring/alerts.py): also evaluated after each scoring run.
    sender.add_periodic_task(timedelta(minutes=settings.ALERT_EVALUATE_MINUTES),
                             sender.signature("scoring.alerts.evaluate_alerts_job"), name="evaluate alert rules")
