"""Titles the system generated were stored rendered in the language of whoever triggered them ("«Красный» два
периода подряд: …" on English pages). Recover their message key and arguments by matching the known title
templates in English, Russian and Kazakh (nested: "Overdue assignment: Fulfil the conditions of the decision: …").
Titles that match nothing were typed by a person and stay as they are; a carried-over item's default
draft decision is cleared (the page shows it in the reader's language). Idempotent (only rows with no key yet),
batched; the reverse keeps the text, which was never changed."""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

# key → its renderings when this migration was written (frozen: a later catalog change must not alter it)
TEMPLATES: dict[str, list[str]] = {
    "Red for two consecutive periods: %(subject)s": [
        "Red for two consecutive periods: %(subject)s",
        "«Красный» два периода подряд: %(subject)s",
        "Қатарынан екі кезең «қызыл»: %(subject)s",
    ],
    "Change request %(n)s: %(title)s": [
        "Change request %(n)s: %(title)s",
        "Запрос на изменение № %(n)s: %(title)s",
        "№ %(n)s өзгерту сұрауы: %(title)s",
    ],
    "Overdue assignment: %(title)s": [
        "Overdue assignment: %(title)s",
        "Просроченное поручение: %(title)s",
        "Мерзімі өткен тапсырма: %(title)s",
    ],
    "Fulfil the conditions of the decision: %(title)s": [
        "Fulfil the conditions of the decision: %(title)s",
        "Выполнить условия решения: %(title)s",
        "Шешімнің шарттарын орындау: %(title)s",
    ],
}
NESTED = {"title"}
# the draft decision a carried-over item got, stored rendered: cleared, so the reader's language shows it
CARRIED_DRAFTS = [
    "Hear the responsible person; set a new due date or take measures.",
    "Заслушать ответственного; установить новый срок или принять меры.",
    "Жауапты тұлғаны тыңдау; жаңа мерзім белгілеу немесе шаралар қабылдау.",
]  # arguments that may themselves be a generated title


def _pattern(rendered: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)s", rendered)
    regex = ""
    for i, part in enumerate(parts):
        regex += re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" if i < len(parts) - 2 else f"(?P<{part}>.+)"
    return re.compile(f"^{regex}$", re.DOTALL)


PATTERNS = [(key, _pattern(r)) for key, renderings in TEMPLATES.items() for r in renderings]


def recover(text: str, depth: int = 0) -> dict[str, Any] | None:
    """The stored-message form of a generated title, or None for a title a person typed."""
    if depth > 3:
        return None
    for key, pattern in PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        args: dict[str, Any] = {}
        for name, value in match.groupdict().items():
            inner = recover(value, depth + 1) if name in NESTED else None
            args[name] = {"t": "msg", **inner} if inner else value
        return {"key": key, "args": args}
    return None


def forwards(apps: Any, schema_editor: Any) -> None:
    for name in ("Submission", "AgendaItem", "Assignment"):
        model = apps.get_model("portfolio", name)
        batch = []
        for row in model.objects.filter(title_msg={}).only("pk", "title").iterator(chunk_size=1000):
            found = recover(row.title)
            if found is not None:
                row.title_msg = found
                batch.append(row)
            if len(batch) >= 1000:
                model.objects.bulk_update(batch, ["title_msg"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["title_msg"])
    item_model = apps.get_model("portfolio", "AgendaItem")
    item_model.objects.filter(carried_assignment__isnull=False, draft_decision__in=CARRIED_DRAFTS).update(
        draft_decision=""
    )


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0004_generated_titles_as_messages")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
