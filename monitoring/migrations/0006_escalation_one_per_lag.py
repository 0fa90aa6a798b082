"""The database refuses a second escalation of the same lag of an item (keys filled by 0005)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0005_escalation_lag_key"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="escalation",
            constraint=models.UniqueConstraint(
                fields=("object_type", "object_id", "lagging_since"), name="escalation_one_per_lag"
            ),
        ),
    ]
