"""The first baseline's reason is no longer stored: the page names it in the reader's language. Rows written
before stored the clicker's rendering ("Initial plan baseline" in en, ru or kk); blank them."""

from django.db import migrations

RENDERED = ["Initial plan baseline", "Исходный базовый план", "Бастапқы базалық жоспар"]


def blank(apps, schema_editor):
    Baseline = apps.get_model("projects", "Baseline")
    Baseline.objects.filter(change_request__isnull=True, reason__in=RENDERED).update(reason="")


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_register_search_index")]
    operations = [migrations.RunPython(blank, migrations.RunPython.noop)]
