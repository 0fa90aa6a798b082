"""Seed the Kazakhstan working calendar 2025–2027, the legal acts of APPRAISAL.md and the review periods.

Idempotent (get_or_create); everything seeded here stays editable in the admin. Holiday dates follow the
Labour Code's public holidays; transfers announced by the Government (e.g. 2025: 3 January off,
5 July off) are seeded where known and must be checked against each year's decree.
"""

import datetime

from django.db import migrations

FIXED = [
    ((1, 1), "Новый год"),
    ((1, 2), "Новый год"),
    ((3, 8), "Международный женский день"),
    ((3, 21), "Наурыз мейрамы"),
    ((3, 22), "Наурыз мейрамы"),
    ((3, 23), "Наурыз мейрамы"),
    ((5, 1), "Праздник единства народа Казахстана"),
    ((5, 7), "День защитника Отечества"),
    ((5, 9), "День Победы"),
    ((7, 6), "День Столицы"),
    ((8, 30), "День Конституции"),
    ((10, 25), "День Республики"),
    ((12, 16), "День Независимости"),
]
# Religious holidays: days off, never moved when they fall on a weekend.
RELIGIOUS = [((1, 7), "Православное Рождество")]
# Kurban ait (first day), set each year by the Government decree.
KURBAN_AIT = {2025: (6, 6), 2026: (5, 27), 2027: (5, 16)}
# Days off moved by the Government (date, name) and the weekend days made working in exchange.
TRANSFERS = {
    2025: [((1, 3), "Перенос выходного дня"), ((7, 7), "Перенос выходного дня (День Столицы)")],
    2026: [],
    2027: [],
}


def holidays_for(year):
    """(date, name, kind) of one year: fixed public holidays, Kurban ait, and a fixed holiday that falls on a
    Saturday or Sunday moved to the next working day that is not itself a holiday or a moved day (Labour
    Code, art. 85; religious holidays — Orthodox Christmas, Kurban ait — are not moved)."""
    rows = [(datetime.date(year, month, day), name, "holiday") for (month, day), name in FIXED]
    rows += [(datetime.date(year, month, day), name, "holiday") for (month, day), name in RELIGIOUS]
    month, day = KURBAN_AIT[year]
    rows.append((datetime.date(year, month, day), "Курбан айт", "holiday"))
    taken = {date for date, _name, _kind in rows}
    for (month, day), name in FIXED:
        date = datetime.date(year, month, day)
        if date.weekday() < 5:
            continue
        moved = date + datetime.timedelta(days=1)
        while moved.weekday() >= 5 or moved in taken:
            moved += datetime.timedelta(days=1)
        taken.add(moved)
        rows.append((moved, f"{name} (перенос)", "day_off"))
    rows += [(datetime.date(year, month, day), name, "day_off") for (month, day), name in TRANSFERS[year]]
    first = {}
    for date, name, kind in rows:
        first.setdefault(date, (date, name, kind))
    return sorted(first.values())


def seed(apps, schema_editor):
    Holiday = apps.get_model("expertise", "Holiday")
    Basis = apps.get_model("expertise", "RegulatoryBasis")
    Rule = apps.get_model("expertise", "ReviewDeadlineRule")
    for year in (2025, 2026, 2027):
        for date, name, kind in holidays_for(year):
            Holiday.objects.get_or_create(date=date, defaults={"name": name, "kind": kind})

    old_bip = Basis.objects.get_or_create(
        act="Приказ Министра национальной экономики РК об утверждении Правил по бюджетным инвестиционным проектам",
        number="129",
        defaults={"date": datetime.date(2014, 12, 5), "in_force_from": datetime.date(2015, 1, 1), "in_force_to": datetime.date(2025, 6, 30)},
    )[0]
    new_bip = Basis.objects.get_or_create(
        act="Приказ Министра национальной экономики РК о государственных инвестиционных проектах, ТЭО/ФЭО и их экспертизе",
        number="59",
        defaults={"date": datetime.date(2025, 6, 28), "in_force_from": datetime.date(2025, 7, 1)},
    )[0]
    if old_bip.replaced_by_id is None:
        old_bip.replaced_by = new_bip
        old_bip.save(update_fields=["replaced_by"])
    old_ppp = Basis.objects.get_or_create(
        act="Приказ Министра национальной экономики РК о планировании и реализации проектов ГЧП",
        number="725",
        defaults={"date": datetime.date(2015, 11, 25), "in_force_from": datetime.date(2015, 12, 1), "in_force_to": datetime.date(2025, 6, 30)},
    )[0]
    new_ppp = Basis.objects.get_or_create(
        act="Приказ Министра национальной экономики РК о планировании и реализации проектов ГЧП",
        number="52",
        defaults={"date": datetime.date(2025, 6, 16), "in_force_from": datetime.date(2025, 7, 1)},
    )[0]
    if old_ppp.replaced_by_id is None:
        old_ppp.replaced_by = new_ppp
        old_ppp.save(update_fields=["replaced_by"])
    Basis.objects.get_or_create(
        act="Приказ Министра национальной экономики РК о лимитах государственных обязательств по проектам ГЧП",
        number="731",
        defaults={"date": datetime.date(2015, 11, 26), "in_force_from": datetime.date(2015, 12, 1)},
    )
    Basis.objects.get_or_create(
        act="Бюджетный кодекс Республики Казахстан",
        number="171-VIII",
        defaults={"date": datetime.date(2025, 3, 15), "in_force_from": datetime.date(2026, 1, 1)},
    )
    # Review periods in working days: configurable defaults, to be confirmed against the acts in force.
    for kind, days in (
        ("investment_proposal", 15),
        ("feasibility_study", 30),
        ("fin_econ_evaluation", 20),
        ("ppp_documentation", 30),
    ):
        Rule.objects.get_or_create(kind=kind, defaults={"working_days": days, "regulatory_basis": new_ppp if kind == "ppp_documentation" else new_bip})


class Migration(migrations.Migration):
    dependencies = [("expertise", "0001_review_cases")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
