"""Create the "Editors" group: view permission on every sources and scoring model, nothing else.

Editors read the dashboard; the admin stays staff-only (group members are not staff).
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_APPS = ("sources", "scoring")


def create_editors_group(apps, schema_editor):
    """Create or complete the Editors group with the view permissions of the sources and scoring models."""
    using = schema_editor.connection.alias if schema_editor else "default"
    # Permissions are normally created after all migrations ran; create them now so the
    # group can be given them on a fresh database.
    for label in EDITOR_APPS:
        app_config = apps.get_app_config(label)
        was_unset = getattr(app_config, "models_module", None) is None
        if was_unset:
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps, using=using)
        if was_unset:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name="Editors")
    views = Permission.objects.using(using).filter(
        content_type__app_label__in=EDITOR_APPS, codename__startswith="view_")
    group.permissions.add(*views)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name="Editors").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("scoring", "0001_initial"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
