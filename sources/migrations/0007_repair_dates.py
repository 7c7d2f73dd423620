"""Clear publication dates stored outside settings.PUBLISHED_YEARS before imports checked them (see sources/dates.py):
such a row made every page that showed it fail, and the admin could not open it to delete it."""
from django.conf import settings
from django.db import migrations

from sources import dates


def repair(apps, schema_editor):
    dates.repair(apps.get_model("sources", "Article"), apps.get_model("sources", "Story"), settings.PUBLISHED_YEARS)


class Migration(migrations.Migration):
    dependencies = [("sources", "0006_background_job")]
    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
