"""Existing notifications were stored rendered in the language of whoever triggered them: recover their message
key and arguments from the catalogs so each reader gets their own language. Rows that match nothing keep their
text (the title/body fallback). Idempotent: rows that already have a key are left alone."""

from django.db import migrations


def recover_keys(apps, schema_editor):
    from pmis.core.texts import recover

    Notification = apps.get_model("notifications", "Notification")
    batch = []
    rows = Notification.objects.filter(title_msg={}).only("pk", "title", "body", "title_msg", "body_msg")
    for note in rows.iterator(chunk_size=1000):
        title, body = recover(note.title), recover(note.body) if note.body else None
        if title is None and body is None:
            continue
        if title is not None:
            note.title_msg = title.as_json()
        if body is not None:
            note.body_msg = body.as_json()
        batch.append(note)
        if len(batch) >= 1000:
            Notification.objects.bulk_update(batch, ["title_msg", "body_msg"])
            batch = []
    Notification.objects.bulk_update(batch, ["title_msg", "body_msg"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_notification_message_keys")]

    operations = [migrations.RunPython(recover_keys, migrations.RunPython.noop)]
