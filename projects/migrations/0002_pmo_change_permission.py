"""Project Office staff edit every project: give the pmo_staff group the global change_project permission."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # the permission rows are normally created after migrate; create them here so the grant works on a fresh DB
    content_type, _ = ContentType.objects.get_or_create(app_label="projects", model="project")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="change_project", defaults={"name": "Can change project"}
    )
    group, _ = Group.objects.get_or_create(name="pmo_staff")
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="pmo_staff").first()
    permission = Permission.objects.filter(content_type__app_label="projects", codename="change_project").first()
    if group and permission:
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
