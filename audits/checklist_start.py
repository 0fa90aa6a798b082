"""The starting compliance checklist of AUDIT-SAMPLING.md (version 1, every weight 1): number, code, the texts
in ru / kk / en, the automatic pre-check that answers it from the system's data (blank: none) and the
project type it applies to (blank: every project). Seeded by migration; later versions copy and edit it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

START: list[dict[str, str]] = [
    {
        "code": "passport",
        "precheck": "passport",
        "applies_to": "",
        "ru": "Паспорт проекта существует, утверждён и является текущей версией.",
        "kk": "Жоба паспорты бар, бекітілген және ағымдағы нұсқа болып табылады.",
        "en": "The passport exists, is approved and is the current version.",
    },
    {
        "code": "indicators",
        "precheck": "indicators",
        "applies_to": "",
        "ru": "Показатели конкретны, имеют базовое значение, годовые целевые значения, источник и направление.",
        "kk": "Көрсеткіштер нақты, базалық мәні, жылдық нысаналы мәндері, дереккөзі және бағыты бар.",
        "en": "Indicators are specific, with baseline, yearly targets, source and direction.",
    },
    {
        "code": "plan",
        "precheck": "plan",
        "applies_to": "",
        "ru": "План имеет базовую версию; у контрольных точек есть ответственные.",
        "kk": "Жоспардың базалық нұсқасы бар; бақылау нүктелерінің жауаптылары бар.",
        "en": "The plan has a baseline; milestones have owners.",
    },
    {
        "code": "budget",
        "precheck": "budget",
        "applies_to": "",
        "ru": "Бюджет привязан к кодам бюджетных программ; план, обязательства и освоение сходятся.",
        "kk": "Бюджет бюджеттік бағдарлама кодтарына байланған; жоспар, міндеттемелер және игеру сәйкес келеді.",
        "en": "The budget is linked to budget-program codes; plan, committed and disbursed reconcile.",
    },
    {
        "code": "reports",
        "precheck": "reports",
        "applies_to": "",
        "ru": "Отчёты о статусе сдаются вовремя каждый период; заявленный RAG соответствует данным; "
        "переопределения обоснованы.",
        "kk": "Мәртебе туралы есептер әр кезеңде уақытында тапсырылады; көрсетілген RAG деректерге сәйкес; "
        "қайта анықтаулар негізделген.",
        "en": "Status reports are on time every period; the reported RAG is consistent with the data; "
        "overrides are justified.",
    },
    {
        "code": "changes",
        "precheck": "changes",
        "applies_to": "",
        "ru": "Изменения проходят через формальные запросы, одобренные до реализации; базовый план "
        "переутверждается новой версией.",
        "kk": "Өзгерістер іске асырылғанға дейін мақұлданған ресми сұраулар арқылы өтеді; базалық жоспар "
        "жаңа нұсқамен қайта бекітіледі.",
        "en": "Changes go through formal change requests approved before implementation; the baseline is "
        "re-versioned.",
    },
    {
        "code": "risks",
        "precheck": "risks",
        "applies_to": "",
        "ru": "Реестр рисков обновляется каждый период; у основных рисков есть владельцы и меры реагирования.",
        "kk": "Тәуекелдер тізілімі әр кезеңде жаңартылады; негізгі тәуекелдердің иелері мен ден қою шаралары бар.",
        "en": "The risk register is updated each period; top risks have owners and responses.",
    },
    {
        "code": "procurement",
        "precheck": "",
        "applies_to": "",
        "ru": "Закупки следуют плану; акты выполненных работ соответствуют заявленному прогрессу.",
        "kk": "Сатып алулар жоспарға сәйкес жүргізіледі; орындалған жұмыстар актілері көрсетілген "
        "прогреске сәйкес келеді.",
        "en": "Procurement follows the plan; acts of completed work match reported progress.",
    },
    {
        "code": "expertise",
        "precheck": "expertise",
        "applies_to": "",
        "ru": "Инвестиционные проекты: положительное заключение экономической экспертизы получено до "
        "финансирования; объём соответствует ТЭО.",
        "kk": "Инвестициялық жобалар: экономикалық сараптаманың оң қорытындысы қаржыландыруға дейін алынған; "
        "көлемі ТЭН-ге сәйкес.",
        "en": "Investment projects: a positive economic expertise opinion was obtained before financing; "
        "the scope matches the feasibility study.",
    },
    {
        "code": "ppp",
        "precheck": "",
        "applies_to": "ppp",
        "ru": "ГЧП: обязательства зарегистрированы; платежи соответствуют договору; проверка лимита "
        "задокументирована.",
        "kk": "МЖӘ: міндеттемелер тіркелген; төлемдер шартқа сәйкес; лимит тексерісі құжатталған.",
        "en": "PPP: obligations are registered; payments match the contract; the limit check is documented.",
    },
    {
        "code": "transport",
        "precheck": "",
        "applies_to": "",
        "ru": "Субсидируемые перевозки: заявки соответствуют данным GPS и электронного билета.",
        "kk": "Субсидияланатын тасымалдар: өтінімдер GPS және электрондық билет деректеріне сәйкес.",
        "en": "Subsidised transport: claims match GPS and e-ticket data.",
    },
    {
        "code": "closure",
        "precheck": "",
        "applies_to": "",
        "ru": "Отчёт о закрытии существует; результаты в сравнении с целями объяснены.",
        "kk": "Жабу туралы есеп бар; нәтижелер мақсаттармен салыстырылып түсіндірілген.",
        "en": "A closure report exists; results versus targets are explained.",
    },
    {
        "code": "documents",
        "precheck": "documents",
        "applies_to": "",
        "ru": "Документы хранятся с контролем целостности (хеш).",
        "kk": "Құжаттар тұтастығы бақыланып (хэш) сақталады.",
        "en": "Documents are stored with integrity (hash).",
    },
    {
        "code": "earlier_findings",
        "precheck": "earlier_findings",
        "applies_to": "",
        "ru": "Ранее выявленные замечания закрыты в установленные сроки.",
        "kk": "Бұрын анықталған ескертулер белгіленген мерзімде жабылған.",
        "en": "Earlier findings were closed by their deadlines.",
    },
]


def start_items(version: Any, item_model: Any) -> list[Any]:
    """The starting set as unsaved rows of `item_model` (the model class, or its historical version inside a
    migration) for `version`, every weight 1 — for the seeding migration, the demo and the test factories."""
    return [
        item_model(
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
    ]
