# Generated on 2026-12-06 18:12

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.conf import settings
from django.db import migrations, models

# Roles (issue 22): Viewers read everything and change nothing; Editors also review findings, enter outlets'
# replies and acknowledge alerts; admins (staff) manage users and groups in the admin.
EDITOR_PERMISSIONS = ["add_findingreview", "change_findingreview", "add_outletreply", "change_alert"]


def create_roles(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in ("sources", "scoring"):
        app_config = apps.get_app_config(label)
        was_unset = getattr(app_config, "models_module", None) is None
        if was_unset:
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps, using=using)
        if was_unset:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    views = Permission.objects.using(using).filter(content_type__app_label__in=("sources", "scoring"),
                                                   codename__startswith="view_")
    viewers, _ = Group.objects.using(using).get_or_create(name="Viewers")
    viewers.permissions.add(*views)
    editors, _ = Group.objects.using(using).get_or_create(name="Editors")
    editors.permissions.add(*views, *Permission.objects.using(using).filter(
        content_type__app_label="scoring", codename__in=EDITOR_PERMISSIONS))


def remove_roles(apps, schema_editor):
    using = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(using).filter(name="Viewers").delete()
    editors = apps.get_model("auth", "Group").objects.using(using).filter(name="Editors").first()
    if editors:
        editors.permissions.remove(*apps.get_model("auth", "Permission").objects.using(using).filter(
            content_type__app_label="scoring", codename__in=EDITOR_PERMISSIONS))


class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0006_lean_indexes'),
        ('sources', '0005_article_text_lz4'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AlertRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('kind', models.CharField(choices=[('fidelity_drop', 'Fidelity drop: last window at least N points under the previous one'), ('penalised_day', 'At least N penalised articles in one day'), ('feed_quiet', 'Feed quiet: no new article for N days')], max_length=20)),
                ('threshold', models.FloatField(help_text='N: points of fidelity, penalised articles, or days, by kind.')),
                ('min_articles', models.PositiveIntegerField(default=3, help_text='Fidelity drop: scored articles each of the two windows needs before they are compared.')),
                ('email_to', models.TextField(blank=True, help_text='Addresses, comma-separated; empty: ALERT_EMAIL_TO.')),
                ('webhook_url', models.URLField(blank=True, help_text='Optional: receives each alert as a JSON POST (public addresses only).', max_length=2000)),
                ('is_active', models.BooleanField(default=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('outlet', models.ForeignKey(blank=True, help_text='Leave empty for every outlet.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='alert_rules', to='sources.outlet')),
            ],
        ),
        migrations.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('action', models.CharField(max_length=30)),
                ('subject', models.CharField(max_length=300)),
                ('before', models.JSONField(blank=True, null=True)),
                ('after', models.JSONField(blank=True, null=True)),
                ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sources.article')),
                ('outlet', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sources.outlet')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'audit log',
                'ordering': ['-at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='OutletReply',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('finding_key', models.CharField(blank=True, help_text='With an article: the finding answered.', max_length=64)),
                ('finding_kind', models.CharField(blank=True, max_length=20)),
                ('finding_text', models.TextField(blank=True)),
                ('text', models.TextField(help_text="The outlet's answer, as received.")),
                ('received_on', models.DateField(help_text='When the outlet answered.')),
                ('link', models.URLField(blank=True, help_text='Where the outlet published it, if anywhere.', max_length=2000)),
                ('entered_at', models.DateTimeField(auto_now_add=True)),
                ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='sources.article')),
                ('entered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('outlet', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='sources.outlet')),
            ],
            options={
                'verbose_name_plural': 'outlet replies',
                'ordering': ['-received_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Alert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('window_start', models.DateField()),
                ('window_end', models.DateField()),
                ('figures', models.JSONField(default=dict)),
                ('message', models.TextField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
                ('emailed_at', models.DateTimeField(blank=True, null=True)),
                ('webhook_attempts', models.PositiveIntegerField(default=0)),
                ('webhook_delivered_at', models.DateTimeField(blank=True, null=True)),
                ('webhook_error', models.TextField(blank=True)),
                ('acknowledged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('outlet', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alerts', to='sources.outlet')),
                ('rule', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alerts', to='scoring.alertrule')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'constraints': [models.UniqueConstraint(fields=('rule', 'outlet', 'window_start'), name='one_alert_per_rule_outlet_window')],
            },
        ),
        migrations.CreateModel(
            name='FindingReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(help_text='SHA-256 of the kind, span text and expected text.', max_length=64)),
                ('kind', models.CharField(choices=[('spin', 'Spin'), ('drift', 'Factual drift'), ('sidebar', 'Partisan sidebar'), ('boilerplate', 'Neutral site chrome'), ('omission', 'Omitted consensus fact'), ('unverified', 'Claim nobody else makes')], max_length=20)),
                ('text', models.TextField()),
                ('expected', models.TextField(blank=True)),
                ('verdict', models.CharField(choices=[('confirmed', 'Confirmed'), ('dismissed', 'Dismissed')], max_length=10)),
                ('reason', models.CharField(blank=True, choices=[('not_spin', 'Not spin'), ('wording', 'Wording difference'), ('updated_fact', 'Updated fact'), ('extraction', 'Extraction error'), ('other', 'Other')], max_length=20)),
                ('note', models.TextField(blank=True)),
                ('reviewed_at', models.DateTimeField()),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='finding_reviews', to='sources.article')),
                ('reviewer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='finding_reviews', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['verdict', 'kind'], name='scoring_fin_verdict_6d5d4a_idx')],
                'constraints': [models.UniqueConstraint(fields=('article', 'key'), name='one_review_per_article_finding')],
            },
        ),
        migrations.RunPython(create_roles, remove_roles),
    ]
