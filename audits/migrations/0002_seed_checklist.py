"""Seed version 1 of the compliance checklist (AUDIT-SAMPLING.md's starting set), in use from the start."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from audits.checklist_start import start_items

    Version = apps.get_model("audits", "ChecklistVersion")
    Item = apps.get_model("audits", "ChecklistItem")
    if Version.objects.exists():
        return
    version = Version.objects.create(version=1, status="active", note="AUDIT-SAMPLING.md")
    Item.objects.bulk_create(start_items(version, Item))


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_audits")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
