"""The bridge keeps what the engine knew: a finding's source article and span, a drift's fact type and the consensus
fact it contradicts; coverage as rows (FactCoverage) and unverified sentences on the score, not as findings.

Stored scores have none of this, so they are deleted (with their findings; editors' reviews are kept by article and
what the finding says, and apply again): the next scoring run, `score_articles --pending`, `load_demo` or beat's
`score_pending_job`, finds no current score and scores every article again.
"""
import django.db.models.deletion
from django.db import migrations, models


def _drop_scores_without_coverage(apps, schema_editor):
    apps.get_model("scoring", "Finding").objects.all().delete()
    apps.get_model("scoring", "ArticleScore").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0009_not_compared'),
        ('sources', '0010_story_scoring_error'),
    ]

    operations = [
        migrations.AddField(
            model_name='articlescore',
            name='unverified',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='finding',
            name='fact',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='contradicted_by', to='scoring.consensusfact'),
        ),
        migrations.AddField(
            model_name='finding',
            name='fact_type',
            field=models.CharField(blank=True, help_text='Drift and updated values: number, date, weekday, name, quote, ...', max_length=20),
        ),
        migrations.AddField(
            model_name='finding',
            name='source_article',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sources.article'),
        ),
        migrations.AddField(
            model_name='finding',
            name='source_end',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='finding',
            name='source_start',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='finding',
            name='kind',
            field=models.CharField(choices=[('drift', 'Factual drift'), ('spin', 'Spin'), ('sidebar', 'Partisan sidebar'), ('unverified', 'Unverified claim'), ('boilerplate', 'Neutral site chrome'), ('updated', 'Updated by later reports'), ('omission', 'Omitted consensus fact')], max_length=20),
        ),
        migrations.AlterField(
            model_name='findingreview',
            name='kind',
            field=models.CharField(choices=[('drift', 'Factual drift'), ('spin', 'Spin'), ('sidebar', 'Partisan sidebar'), ('unverified', 'Unverified claim'), ('boilerplate', 'Neutral site chrome'), ('updated', 'Updated by later reports'), ('omission', 'Omitted consensus fact')], max_length=20),
        ),
        migrations.CreateModel(
            name='FactCoverage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('states', 'states'), ('contradicts', 'contradicts'), ('omits', 'omits')], max_length=12)),
                ('fact', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coverage', to='scoring.consensusfact')),
                ('score', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='coverage', to='scoring.articlescore')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('score', 'fact'), name='one_coverage_per_score_and_fact')],
            },
        ),
        # Last: on PostgreSQL, rows deleted before an ALTER TABLE of the same table in one transaction leave
        # "pending trigger events" (the deferred foreign key checks) that make the ALTER fail.
        migrations.RunPython(_drop_scores_without_coverage, migrations.RunPython.noop),
    ]
