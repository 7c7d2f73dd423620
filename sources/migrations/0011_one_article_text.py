"""An article has one text, raw_text (the text as imported, which search indexes and the engine reads); body was
always written equal to it. An article whose raw_text is empty and body is not (none is known; only a hand edit
could make one) keeps its body as raw_text before the column goes."""
from django.db import migrations
from django.db.models import F


def _keep_body_as_text(apps, schema_editor):
    Article = apps.get_model("sources", "Article")
    Article.objects.filter(raw_text="").exclude(body="").update(raw_text=F("body"))


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0010_story_scoring_error'),
    ]

    operations = [
        migrations.RunPython(_keep_body_as_text, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='article',
            name='body',
        ),
    ]
