from django.db import migrations

ROLES = [
    "department_officer", "project_manager", "bdig_coordinator", "direction_head", "pmo_staff", "sac_analyst",
    "committee_member", "expert", "expertise_head", "auditor", "administrator",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
