"""One article per outlet and text where there is no url or id, enforced by the database (imports side by side
stored the same text twice). Duplicates stored before are merged first: the first stored is kept (with its
scores), the later copies go (their scores with them; the next scoring run covers the stories they were in)."""
from django.db import migrations, models
from django.db.models import Count, Min


def merge_duplicates(apps, schema_editor):
    Article = apps.get_model("sources", "Article")
    by_text = Article.objects.filter(url__isnull=True, external_id="")
    groups = (by_text.values("outlet_id", "content_hash").annotate(n=Count("pk"), keep=Min("pk")).filter(n__gt=1)
              .order_by())
    for group in groups.iterator():
        (by_text.filter(outlet_id=group["outlet_id"], content_hash=group["content_hash"])
         .exclude(pk=group["keep"]).delete())


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0007_repair_dates"),
        ("scoring", "0006_lean_indexes"),  # so the copies' scores are in the state and deleted with them
    ]
    operations = [
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(condition=models.Q(("external_id", ""), ("url__isnull", True)),
                                               fields=("outlet", "content_hash"),
                                               name="article_unique_text_per_outlet"),
        ),
    ]
