"""One escalation per uninterrupted lag of an item: the lag's key on each escalation, then (0006) the unique constraint.

Existing rows take the key of their alert, the earliest escalation of each lag first; a later duplicate (the same
item escalated again by a later month's alert) keeps an empty key, so nothing a submission points to is deleted.
Each filled row gets its history row."""

from django.db import migrations, models
from django.utils import timezone


def fill_lag_keys(apps, schema_editor):
    Escalation = apps.get_model("monitoring", "Escalation")
    History = apps.get_model("monitoring", "HistoricalEscalation")
    seen = set()
    batch = []
    rows = (
        Escalation.objects.filter(object_id__isnull=True)
        .select_related("alert")
        .order_by("created_at", "pk")
        .iterator(chunk_size=2000)
    )
    for escalation in rows:
        alert = escalation.alert
        key = (alert.object_type, alert.object_id, alert.lagging_since)
        if key in seen:
            continue
        seen.add(key)
        escalation.object_type, escalation.object_id, escalation.lagging_since = key
        batch.append(escalation)
        if len(batch) >= 2000:
            _save(Escalation, History, batch)
            batch = []
    if batch:
        _save(Escalation, History, batch)


def _save(Escalation, History, batch):
    Escalation.objects.bulk_update(batch, ["object_type", "object_id", "lagging_since"])
    now = timezone.now()
    fields = [f.attname for f in Escalation._meta.concrete_fields]
    History.objects.bulk_create(
        [
            History(
                **{name: getattr(e, name) for name in fields},
                history_date=now,
                history_type="~",
                history_change_reason="lag key (migration 0005)",
            )
            for e in batch
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0004_alert_detail_args"),
        ("projects", "0003_register_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="escalation",
            name="lagging_since",
            field=models.DateField(blank=True, null=True, verbose_name="lagging since"),
        ),
        migrations.AddField(
            model_name="escalation",
            name="object_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="object id"),
        ),
        migrations.AddField(
            model_name="escalation",
            name="object_type",
            field=models.CharField(
                blank=True,
                choices=[
                    ("indicator", "Indicator"),
                    ("milestone", "Milestone"),
                    ("budget", "Budget execution"),
                    ("assignment", "Assignment"),
                ],
                default="",
                max_length=12,
                verbose_name="object type",
            ),
        ),
        migrations.AddField(
            model_name="historicalescalation",
            name="lagging_since",
            field=models.DateField(blank=True, null=True, verbose_name="lagging since"),
        ),
        migrations.AddField(
            model_name="historicalescalation",
            name="object_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="object id"),
        ),
        migrations.AddField(
            model_name="historicalescalation",
            name="object_type",
            field=models.CharField(
                blank=True,
                choices=[
                    ("indicator", "Indicator"),
                    ("milestone", "Milestone"),
                    ("budget", "Budget execution"),
                    ("assignment", "Assignment"),
                ],
                default="",
                max_length=12,
                verbose_name="object type",
            ),
        ),
        migrations.RunPython(fill_lag_keys, migrations.RunPython.noop),
    ]
