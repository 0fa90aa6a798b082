"""Seed version 1 of the compliance checklist (AUDIT-SAMPLING.md's starting set), in use from the start."""

from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from audits.checklist_start import START

    Version = apps.get_model("audits", "ChecklistVersion")
    Item = apps.get_model("audits", "ChecklistItem")
    if Version.objects.exists():
        return
    version = Version.objects.create(version=1, status="active", note="AUDIT-SAMPLING.md")
    Item.objects.bulk_create(
        Item(
            version=version,
            number=number,
            code=row["code"],
            text_ru=row["ru"],
            text_kk=row["kk"],
            text_en=row["en"],
            weight=Decimal("1"),
            precheck=row["precheck"],
            applies_to=row["applies_to"],
        )
        for number, row in enumerate(START, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_audits")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
