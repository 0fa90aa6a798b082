"""Job messages and user-facing errors were stored rendered in the requester's language: recover their message key
and arguments from the catalogs so every reader gets their own language. Rows that match nothing keep their text.
Idempotent: rows that already have a key are left alone."""

from django.db import migrations


def recover_keys(apps, schema_editor):
    from pmis.core.texts import recover

    Job = apps.get_model("core", "Job")
    rows = Job.objects.exclude(message="", error="").filter(message_msg={}, error_msg={})
    batch = []
    for job in rows.only("pk", "message", "error", "message_msg", "error_msg").iterator(chunk_size=1000):
        message = recover(job.message) if job.message else None
        error = recover(job.error) if job.error else None
        if message is None and error is None:
            continue
        if message is not None:
            job.message_msg = message.as_json()
        if error is not None:
            job.error_msg = error.as_json()
        batch.append(job)
        if len(batch) >= 1000:
            Job.objects.bulk_update(batch, ["message_msg", "error_msg"])
            batch = []
    Job.objects.bulk_update(batch, ["message_msg", "error_msg"])


class Migration(migrations.Migration):
    dependencies = [("core", "0002_job_message_keys")]

    operations = [migrations.RunPython(recover_keys, migrations.RunPython.noop)]
