"""Seed the city's strategic indicators (idempotent: update_or_create by code)."""


from django.db import migrations

STRATEGIC = [
    {
        "code": "S-01",
        "name_ru": "Позиция Алматы в Глобальном индексе комфортности жизни EIU",
        "name_kk": "Алматының EIU Жаһандық өмір сүруге қолайлылық индексіндегі орны",
        "name_en": "Almaty's position in the EIU Global Liveability Index",
        "unit": "место",
        "higher_is_better": False,
        "frequency": "annual",
        "source": "Economist Intelligence Unit, Global Liveability Index",
        "calculation_method": "Место города в ежегодном рейтинге EIU (чем меньше, тем лучше).",
    },
    {
        "code": "S-02",
        "name_ru": "Доля жителей, удовлетворённых работой местных исполнительных органов",
        "name_kk": "Жергілікті атқарушы органдардың жұмысына көңілі толатын тұрғындардың үлесі",
        "name_en": "Share of residents satisfied with the work of local executive bodies",
        "unit": "%",
        "higher_is_better": True,
        "frequency": "annual",
        "source": "Социологический опрос жителей города",
        "calculation_method": "Доля ответов «удовлетворён» и «скорее удовлетворён» от числа опрошенных, %.",
    },
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    for row in STRATEGIC:
        Indicator.objects.update_or_create(
            code=row["code"],
            defaults={**row, "level": "strategic", "baseline_value": None, "is_cumulative": False},
        )


def unseed(apps, schema_editor):
    apps.get_model("monitoring", "Indicator").objects.filter(code__in=[r["code"] for r in STRATEGIC]).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
