"""Story docs kept from scoring (scoring/storydocs.py), so arrivals link without preparing the stored articles.

Existing databases start with none: the next scoring run stores the docs of the articles it scores, and arrivals
prepare (and store) the docs of the stored articles they need that have none yet.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0010_bridge_keeps_what_the_engine_knew'),
        ('sources', '0011_one_article_text'),
    ]

    operations = [
        migrations.CreateModel(
            name='StoredStoryDoc',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='sources.article')),
                ('engine_version', models.CharField(max_length=20)),
                ('made_from', models.DateTimeField()),
                ('doc', models.BinaryField()),
            ],
        ),
    ]
