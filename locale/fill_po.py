"""Fill the ru and kk catalogs from locale/translations/*.json (one file per area, kept beside the code).

Each JSON file maps an English msgid to its translations:
    {"Project updated.": {"ru": "Проект обновлён.", "kk": "Жоба жаңартылды."},
     "%(n)s project": {"ru": ["%(n)s проект", "%(n)s проекта", "%(n)s проектов"], "kk": ["%(n)s жоба", "%(n)s жоба"]},
     "May|alt. month": {"kk": "мамыр"}}           # "msgid|context" for strings with a msgctxt
Plural entries list one form per plural form of the language (ru: 3, kk: 2, en: 2).
Run by `make translations` after `makemessages`; `make` compiles the catalogs.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent


def load_translations() -> dict[str, dict[str, object]]:
    merged: dict[str, dict[str, object]] = {}
    for path in sorted((ROOT / "translations").glob("*.json")):
        for msgid, langs in json.loads(path.read_text(encoding="utf-8")).items():
            merged.setdefault(msgid, {}).update(langs)
    return merged


def fill(lang: str, table: dict[str, dict[str, object]]) -> tuple[int, list[str]]:
    po_path = ROOT / lang / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    filled, missing = 0, []
    for entry in po:
        if entry.obsolete:
            continue
        key = f"{entry.msgid}|{entry.msgctxt}" if entry.msgctxt else entry.msgid
        if "fuzzy" in entry.flags:
            # msgmerge's guess from a similar msgid ("status report" → «статус», "parent task" → «вышестоящая
            # организация»): never a translation, so a string without an area-file entry is reported missing
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        value = table.get(key, {}).get(lang)
        if value is None and "%%" in key:
            # {% translate %} doubles a literal % in the msgid (and undoubles it after lookup): the area files
            # keep the text as written, so the translation gets its % doubled to match
            value = table.get(key.replace("%%", "%"), {}).get(lang)
            if isinstance(value, str):
                value = value.replace("%", "%%")
        if entry.msgid_plural:
            if isinstance(value, list) and value:
                entry.msgstr_plural = dict(enumerate(value))
                filled += 1
            elif lang == "en":
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            elif not any(entry.msgstr_plural.values()):
                missing.append(key)
        elif isinstance(value, str) and value:
            entry.msgstr = value
            filled += 1
        elif lang == "en":
            entry.msgstr = entry.msgstr or ""
        elif not entry.msgstr:
            missing.append(key)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        # xgettext takes "% of fuel" for a format directive; labels without a real directive are plain text
        if "python-format" in entry.flags and not re.search(r"%(\([^)]+\))?[sdif]", entry.msgid):
            entry.flags.remove("python-format")
    po.save(str(po_path))
    return filled, missing


def main() -> int:
    table = load_translations()
    status = 0
    for lang in ("ru", "kk"):
        filled, missing = fill(lang, table)
        print(f"{lang}: {filled} filled, {len(missing)} missing")
        for key in missing[:50]:
            print(f"  missing: {key}")
        if missing:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
