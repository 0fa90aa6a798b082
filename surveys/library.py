"""The template library a survey starts from (SURVEYS.md): every text in kk / ru / en.

A template is data: audience, subject, title, intro, the headline question, the weighting dimensions and its
sections with questions (key, kind, texts, required, choices, a display condition `when: (key, [values])`).
`instantiate()` makes a draft survey (version 1) from it; the survey's owner then edits it freely.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from surveys.models import Choice, Question, Section, Survey, SurveyVersion

T = dict[str, str]


def _t(ru: str, kk: str, en: str) -> T:
    return {"ru": ru, "kk": kk, "en": en}


SCALE5_HELP = _t(
    "1 — совсем не удовлетворён, 5 — полностью удовлетворён",
    "1 — мүлдем көңілім толмайды, 5 — толығымен көңілім толады",
    "1 — not at all satisfied, 5 — completely satisfied",
)
NPS_HELP = _t(
    "0 — точно не порекомендую, 10 — обязательно порекомендую",
    "0 — әрине ұсынбаймын, 10 — міндетті түрде ұсынамын",
    "0 — certainly not, 10 — certainly yes",
)

IMPROVE_WHEN_LOW = ("overall", ["1", "2", "3"])
# the district question's choices are the codes of reference.District, made when the survey is instantiated
DISTRICTS = "districts"

SEX_CHOICES = [
    ("female", _t("Женский", "Әйел", "Female")),
    ("male", _t("Мужской", "Ер", "Male")),
]
AGE_BAND_CHOICES = [
    ("18-29", _t("18–29 лет", "18–29 жас", "18–29 years")),
    ("30-44", _t("30–44 года", "30–44 жас", "30–44 years")),
    ("45-59", _t("45–59 лет", "45–59 жас", "45–59 years")),
    ("60+", _t("60 лет и старше", "60 жас және одан жоғары", "60 years and older")),
]


def _profile_section(*, district_required: bool, others_required: bool) -> dict[str, Any]:
    """The respondent's profile (district, sex, age band): used only to weight the results to the city's
    population, never to identify anyone."""
    return {
        "title": _t("О вас", "Өзіңіз туралы", "About you"),
        "questions": [
            {
                "key": "district",
                "kind": Question.Kind.SINGLE,
                "profile": Question.Profile.DISTRICT,
                "required": district_required,
                "text": _t(
                    "В каком районе города вы живёте?",
                    "Қаланың қай ауданында тұрасыз?",
                    "Which district of the city do you live in?",
                ),
                "help": PROFILE_HELP,
                "choices": DISTRICTS,
            },
            {
                "key": "sex",
                "kind": Question.Kind.SINGLE,
                "profile": Question.Profile.SEX,
                "required": others_required,
                "text": _t("Ваш пол", "Жынысыңыз", "Your sex"),
                "choices": SEX_CHOICES,
            },
            {
                "key": "age_band",
                "kind": Question.Kind.SINGLE,
                "profile": Question.Profile.AGE_BAND,
                "required": others_required,
                "text": _t("Ваш возраст", "Жасыңыз", "Your age"),
                "choices": AGE_BAND_CHOICES,
            },
        ],
    }


PROFILE_HELP = _t(
    "Нужно только для того, чтобы результаты отражали состав жителей города; ответ анонимен.",
    "Нәтижелер қала тұрғындарының құрамын дұрыс көрсетуі үшін ғана қажет; жауап жасырын.",
    "Used only so that the results reflect the city's population; your answer is anonymous.",
)
ANONYMOUS_INTRO_CUSTOMER = (
    "Ответ анонимен: ваше имя не показывается рядом с ответом.",
    "Жауап жасырын: сіздің атыңыз жауаптың жанында көрсетілмейді.",
    "Your answer is anonymous: your name is never shown beside it.",
)

TEMPLATES: dict[str, dict[str, Any]] = {
    "customer_project_office": {
        "audience": Survey.Audience.CUSTOMER,
        "subject": Survey.Subject.PROJECT_OFFICE,
        "title": _t(
            "Удовлетворённость работой Проектного офиса",
            "Жобалық кеңсенің жұмысына қанағаттану",
            "Satisfaction with the Project Office",
        ),
        "intro": _t(
            "Оцените, пожалуйста, работу Проектного офиса за прошедший период. Ответ анонимен: ваше имя не "
            "показывается рядом с ответом.",
            "Өткен кезеңдегі Жобалық кеңсенің жұмысын бағалаңыз. Жауап жасырын: сіздің атыңыз жауаптың жанында "
            "көрсетілмейді.",
            "Please rate the Project Office's work over the past period. Your answer is anonymous: your name is "
            "never shown beside it.",
        ),
        "headline": "overall",
        "weighting": [],
        "sections": [
            {
                "title": _t("Общая оценка", "Жалпы баға", "Overall"),
                "questions": [
                    {
                        "key": "overall",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько вы удовлетворены работой Проектного офиса в целом?",
                            "Жобалық кеңсенің жұмысына жалпы қаншалықты көңіліңіз толады?",
                            "How satisfied are you with the Project Office's work overall?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "timeliness",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько своевременно Проектный офис отвечает на ваши обращения?",
                            "Жобалық кеңсе сіздің өтініштеріңізге қаншалықты уақтылы жауап береді?",
                            "How timely are the Project Office's answers to your requests?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "methodology",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько полезна методическая помощь Проектного офиса?",
                            "Жобалық кеңсенің әдістемелік көмегі қаншалықты пайдалы?",
                            "How useful is the Project Office's methodological support?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "recommend",
                        "kind": Question.Kind.NPS,
                        "text": _t(
                            "Насколько вероятно, что вы порекомендуете обратиться в Проектный офис коллегам?",
                            "Әріптестеріңізге Жобалық кеңсеге жүгінуді ұсыну ықтималдығы қандай?",
                            "How likely are you to recommend the Project Office to colleagues?",
                        ),
                        "help": NPS_HELP,
                    },
                ],
            },
            {
                "title": _t("Подробнее", "Толығырақ", "In more detail"),
                "questions": [
                    {
                        "key": "contact",
                        "kind": Question.Kind.MULTIPLE,
                        "required": False,
                        "text": _t(
                            "По каким вопросам вы обращались в этом периоде?",
                            "Осы кезеңде қандай мәселелер бойынша жүгіндіңіз?",
                            "What did you contact the Project Office about in this period?",
                        ),
                        "choices": [
                            ("passport", _t("Паспорт проекта", "Жоба паспорты", "Project passport")),
                            ("committee", _t("Проектный комитет", "Жобалық комитет", "Steering Committee")),
                            (
                                "monitoring",
                                _t(
                                    "Мониторинг показателей",
                                    "Көрсеткіштер мониторингі",
                                    "Indicator monitoring",
                                ),
                            ),
                            ("training", _t("Обучение", "Оқыту", "Training")),
                        ],
                    },
                    {
                        "key": "improve",
                        "kind": Question.Kind.TEXT,
                        "required": False,
                        "when": ("overall", ["1", "2", "3"]),
                        "text": _t(
                            "Что Проектному офису следует улучшить в первую очередь?",
                            "Жобалық кеңсе ең алдымен нені жақсартуы керек?",
                            "What should the Project Office improve first?",
                        ),
                    },
                ],
            },
        ],
    },
    "customer_bdig": {
        "audience": Survey.Audience.CUSTOMER,
        "subject": Survey.Subject.BDIG,
        "title": _t(
            "Удовлетворённость взаимодействием с группой по реализации базового направления",
            "Базалық бағытты іске асыру тобымен өзара іс-қимылға қанағаттану",
            "Satisfaction with the basic-direction implementation group",
        ),
        "intro": _t(
            "Оцените, пожалуйста, как группа по реализации базового направления (ГРБН) сопровождала ваши "
            "проекты за прошедший период. " + ANONYMOUS_INTRO_CUSTOMER[0],
            "Өткен кезеңде базалық бағытты іске асыру тобы (БББІТ) сіздің жобаларыңызды қалай сүйемелдегенін "
            "бағалаңыз. " + ANONYMOUS_INTRO_CUSTOMER[1],
            "Please rate how the basic-direction implementation group (BDIG) supported your projects over the "
            "past period. " + ANONYMOUS_INTRO_CUSTOMER[2],
        ),
        "headline": "overall",
        "weighting": [],
        "sections": [
            {
                "title": _t("Общая оценка", "Жалпы баға", "Overall"),
                "questions": [
                    {
                        "key": "overall",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько вы удовлетворены работой ГРБН в целом?",
                            "БББІТ жұмысына жалпы қаншалықты көңіліңіз толады?",
                            "How satisfied are you with the BDIG's work overall?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "coordination",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько ГРБН помогает согласовывать вопросы между ведомствами?",
                            "БББІТ ведомствоаралық мәселелерді келісуге қаншалықты көмектеседі?",
                            "How well does the BDIG help settle questions between bodies?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "timeliness",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько своевременно ГРБН рассматривает ваши материалы?",
                            "БББІТ сіздің материалдарыңызды қаншалықты уақтылы қарайды?",
                            "How promptly does the BDIG review your materials?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "clarity",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько понятны требования и замечания ГРБН?",
                            "БББІТ талаптары мен ескертулері қаншалықты түсінікті?",
                            "How clear are the BDIG's requirements and remarks?",
                        ),
                        "help": SCALE5_HELP,
                    },
                ],
            },
            {
                "title": _t("Подробнее", "Толығырақ", "In more detail"),
                "questions": [
                    {
                        "key": "improve",
                        "kind": Question.Kind.TEXT,
                        "required": False,
                        "when": IMPROVE_WHEN_LOW,
                        "text": _t(
                            "Что ГРБН следует улучшить в первую очередь?",
                            "БББІТ ең алдымен нені жақсартуы керек?",
                            "What should the BDIG improve first?",
                        ),
                    },
                ],
            },
        ],
    },
    "customer_expertise": {
        "audience": Survey.Audience.CUSTOMER,
        "subject": Survey.Subject.EXPERTISE,
        "title": _t(
            "Удовлетворённость проведением экспертизы",
            "Сараптаманың жүргізілуіне қанағаттану",
            "Satisfaction with the expertise review",
        ),
        "intro": _t(
            "Вы получили заключение экспертизы. Оцените, пожалуйста, как проходило рассмотрение. "
            + ANONYMOUS_INTRO_CUSTOMER[0],
            "Сіз сараптама қорытындысын алдыңыз. Қарау қалай өткенін бағалаңыз. "
            + ANONYMOUS_INTRO_CUSTOMER[1],
            "You have received the expertise opinion. Please rate how the review went. "
            + ANONYMOUS_INTRO_CUSTOMER[2],
        ),
        "headline": "overall",
        "weighting": [],
        "sections": [
            {
                "title": _t("Оценка экспертизы", "Сараптаманы бағалау", "The review"),
                "questions": [
                    {
                        "key": "overall",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько вы удовлетворены проведением экспертизы в целом?",
                            "Сараптаманың жүргізілуіне жалпы қаншалықты көңіліңіз толады?",
                            "How satisfied are you with the expertise review overall?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "deadlines",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько вы удовлетворены сроками рассмотрения?",
                            "Қарау мерзімдеріне қаншалықты көңіліңіз толады?",
                            "How satisfied are you with the time the review took?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "remarks",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько замечания экспертов были понятными и обоснованными?",
                            "Сарапшылардың ескертулері қаншалықты түсінікті әрі негізді болды?",
                            "How clear and well-founded were the experts' remarks?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "consulted",
                        "kind": Question.Kind.SINGLE,
                        "text": _t(
                            "Консультировались ли вы с экспертами до подачи документов?",
                            "Құжаттарды бермес бұрын сарапшылармен кеңестіңіз бе?",
                            "Did you consult the experts before submitting the documents?",
                        ),
                        "choices": [
                            ("yes", _t("Да", "Иә", "Yes")),
                            ("no", _t("Нет", "Жоқ", "No")),
                        ],
                    },
                    {
                        "key": "consultation",
                        "kind": Question.Kind.SCALE5,
                        "required": False,
                        "when": ("consulted", ["yes"]),
                        "text": _t(
                            "Насколько полезной была консультация?",
                            "Кеңес қаншалықты пайдалы болды?",
                            "How useful was the consultation?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "improve",
                        "kind": Question.Kind.TEXT,
                        "required": False,
                        "when": IMPROVE_WHEN_LOW,
                        "text": _t(
                            "Что в проведении экспертизы следует улучшить?",
                            "Сараптама жүргізуде нені жақсарту керек?",
                            "What should be improved in the review?",
                        ),
                    },
                ],
            },
        ],
    },
    "citizen_project": {
        "audience": Survey.Audience.CITIZEN,
        "subject": Survey.Subject.PROJECT,
        "title": _t(
            "Ваше мнение о городском проекте",
            "Қалалық жоба туралы сіздің пікіріңіз",
            "Your opinion of a city project",
        ),
        "intro": _t(
            "Акимат города Алматы хочет знать, как жители оценивают этот проект. Опрос анонимный и займёт "
            "около трёх минут.",
            "Алматы қаласының әкімдігі тұрғындардың осы жобаны қалай бағалайтынын білгісі келеді. Сауалнама "
            "жасырын, шамамен үш минут алады.",
            "The Akimat of Almaty wants to know how residents rate this project. The survey is anonymous and "
            "takes about three minutes.",
        ),
        "headline": "satisfaction",
        "weighting": [],
        "sections": [
            {
                "title": _t("О проекте", "Жоба туралы", "The project"),
                "questions": [
                    {
                        "key": "satisfaction",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько вы удовлетворены результатами проекта?",
                            "Жобаның нәтижелеріне қаншалықты көңіліңіз толады?",
                            "How satisfied are you with the project's results?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "usefulness",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько проект полезен для вас и вашей семьи?",
                            "Жоба сізге және отбасыңызға қаншалықты пайдалы?",
                            "How useful is the project for you and your family?",
                        ),
                        "help": _t(
                            "1 — совсем не полезен, 5 — очень полезен",
                            "1 — мүлдем пайдасыз, 5 — өте пайдалы",
                            "1 — not useful at all, 5 — very useful",
                        ),
                    },
                    {
                        "key": "informed",
                        "kind": Question.Kind.SINGLE,
                        "required": False,
                        "text": _t(
                            "Откуда вы узнали о проекте?",
                            "Жоба туралы қайдан білдіңіз?",
                            "How did you hear about the project?",
                        ),
                        "choices": [
                            (
                                "media",
                                _t(
                                    "Телевидение, газеты, новостные сайты",
                                    "Теледидар, газеттер, жаңалық сайттары",
                                    "TV, newspapers, news sites",
                                ),
                            ),
                            ("social", _t("Социальные сети", "Әлеуметтік желілер", "Social media")),
                            (
                                "akimat",
                                _t(
                                    "Сайт или встреча акимата",
                                    "Әкімдіктің сайты немесе кездесуі",
                                    "The akimat's website or a meeting",
                                ),
                            ),
                            (
                                "site",
                                _t("Увидел(а) на месте работ", "Жұмыс орнында көрдім", "Saw it on site"),
                            ),
                            (
                                "people",
                                _t(
                                    "От соседей, знакомых",
                                    "Көршілерден, таныстардан",
                                    "From neighbours or friends",
                                ),
                            ),
                        ],
                    },
                    {
                        "key": "comment",
                        "kind": Question.Kind.TEXT,
                        "required": False,
                        "text": _t(
                            "Что бы вы предложили улучшить в проекте?",
                            "Жобада нені жақсартуды ұсынар едіңіз?",
                            "What would you suggest improving in the project?",
                        ),
                        "help": _t(
                            "Пожалуйста, не указывайте имена, телефоны и адреса.",
                            "Аты-жөнді, телефон мен мекенжайды көрсетпеңіз.",
                            "Please do not write names, phone numbers or addresses.",
                        ),
                    },
                ],
            },
            _profile_section(district_required=False, others_required=False),
        ],
    },
    "citizen_city": {
        "audience": Survey.Audience.CITIZEN,
        "subject": Survey.Subject.CITY,
        "title": _t(
            "Удовлетворённость жителей работой местных исполнительных органов",
            "Тұрғындардың жергілікті атқарушы органдардың жұмысына қанағаттануы",
            "Residents' satisfaction with the local executive bodies",
        ),
        "intro": _t(
            "Ежегодный опрос жителей Алматы о работе акимата города и акиматов районов. Опрос анонимный и "
            "займёт около пяти минут; его итог входит в стратегический показатель города.",
            "Алматы тұрғындарының қала әкімдігі мен аудан әкімдіктерінің жұмысы туралы жыл сайынғы "
            "сауалнамасы. Сауалнама жасырын, шамамен бес минут алады; оның қорытындысы қаланың стратегиялық "
            "көрсеткішіне енеді.",
            "The yearly survey of Almaty residents on the work of the city and district akimats. It is "
            "anonymous and takes about five minutes; its result is part of the city's strategic indicator.",
        ),
        "headline": "satisfaction",
        "weighting": ["district", "sex", "age_band"],
        "sections": [
            {
                "title": _t("Общая оценка", "Жалпы баға", "Overall"),
                "questions": [
                    {
                        "key": "satisfaction",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько вы удовлетворены работой местных исполнительных органов (акимата города "
                            "и акимата вашего района) в целом?",
                            "Жергілікті атқарушы органдардың (қала әкімдігі мен ауданыңыз әкімдігінің) "
                            "жұмысына жалпы қаншалықты көңіліңіз толады?",
                            "How satisfied are you with the work of the local executive bodies (the city akimat "
                            "and your district's akimat) overall?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "change",
                        "kind": Question.Kind.SINGLE,
                        "text": _t(
                            "Как за последний год изменилась жизнь в вашем районе?",
                            "Соңғы бір жылда ауданыңыздағы өмір қалай өзгерді?",
                            "How has life in your district changed over the past year?",
                        ),
                        "choices": [
                            ("better", _t("Стала лучше", "Жақсарды", "Better")),
                            ("same", _t("Не изменилась", "Өзгерген жоқ", "No change")),
                            ("worse", _t("Стала хуже", "Нашарлады", "Worse")),
                        ],
                    },
                ],
            },
            {
                "title": _t("Городские услуги", "Қалалық қызметтер", "City services"),
                "questions": [
                    {
                        "key": "transport",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Общественный транспорт и дороги",
                            "Қоғамдық көлік және жолдар",
                            "Public transport and roads",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "utilities",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Коммунальные услуги (вода, тепло, электричество)",
                            "Коммуналдық қызметтер (су, жылу, электр)",
                            "Utilities (water, heating, electricity)",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "public_spaces",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Благоустройство дворов, парков и улиц",
                            "Аулалар, саябақтар мен көшелерді абаттандыру",
                            "Courtyards, parks and streets",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "responsiveness",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Как акимат отвечает на обращения жителей",
                            "Әкімдіктің тұрғындар өтініштеріне жауап беруі",
                            "How the akimat answers residents' requests",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "priorities",
                        "kind": Question.Kind.MULTIPLE,
                        "required": False,
                        "text": _t(
                            "Чем акимату следует заняться в первую очередь? (не более трёх)",
                            "Әкімдік ең алдымен немен айналысуы керек? (үшеуден аспайтын)",
                            "What should the akimat work on first? (up to three)",
                        ),
                        "choices": [
                            ("air", _t("Чистый воздух", "Таза ауа", "Clean air")),
                            (
                                "traffic",
                                _t("Пробки и транспорт", "Кептелістер мен көлік", "Traffic and transport"),
                            ),
                            ("housing", _t("Жильё и ЖКХ", "Тұрғын үй және ТКШ", "Housing and utilities")),
                            (
                                "schools",
                                _t(
                                    "Школы и детские сады",
                                    "Мектептер мен балабақшалар",
                                    "Schools and kindergartens",
                                ),
                            ),
                            (
                                "health",
                                _t(
                                    "Поликлиники и больницы",
                                    "Емханалар мен ауруханалар",
                                    "Clinics and hospitals",
                                ),
                            ),
                            ("safety", _t("Безопасность", "Қауіпсіздік", "Safety")),
                            (
                                "green",
                                _t("Парки и озеленение", "Саябақтар мен көгалдандыру", "Parks and greenery"),
                            ),
                        ],
                    },
                    {
                        "key": "suggestion",
                        "kind": Question.Kind.TEXT,
                        "required": False,
                        "text": _t(
                            "Ваши предложения акимату",
                            "Әкімдікке ұсыныстарыңыз",
                            "Your suggestions to the akimat",
                        ),
                        "help": _t(
                            "Пожалуйста, не указывайте имена, телефоны и адреса.",
                            "Аты-жөнді, телефон мен мекенжайды көрсетпеңіз.",
                            "Please do not write names, phone numbers or addresses.",
                        ),
                    },
                ],
            },
            _profile_section(district_required=True, others_required=False),
        ],
    },
}


def choices_for_new_survey() -> list[tuple[str, str]]:
    """(template key, title in the active language) for the "start from" list."""
    from django.utils.translation import get_language

    lang = (get_language() or "ru")[:2]
    return [(key, tpl["title"].get(lang) or tpl["title"]["ru"]) for key, tpl in TEMPLATES.items()]


@transaction.atomic
def instantiate(key: str, *, actor: Any, **fields: Any) -> Survey:
    """A draft survey (version 1) built from the library template `key`; `fields` override survey fields
    (project, direction, district, feeds_indicator_code, …)."""
    tpl = TEMPLATES[key]
    survey = Survey(
        audience=tpl["audience"],
        subject=tpl["subject"],
        template_key=key,
        owner=actor,
        headline_key=tpl.get("headline", ""),
        weighting=list(tpl.get("weighting", [])),
        **{f"title_{lang}": text for lang, text in tpl["title"].items()},
        **{f"intro_{lang}": text for lang, text in tpl.get("intro", {}).items()},
    )
    for name, value in fields.items():
        setattr(survey, name, value)
    survey._history_user = actor
    survey.save()
    version = SurveyVersion(survey=survey, number=1, created_by=actor)
    version._history_user = actor
    version.save()
    build_questions(version, tpl["sections"], actor=actor)
    return survey


def build_questions(version: SurveyVersion, sections: list[dict[str, Any]], *, actor: Any) -> None:
    by_key: dict[str, Question] = {}
    for s_order, sdata in enumerate(sections, start=1):
        section = Section(
            version=version, order=s_order, **{f"title_{k}": v for k, v in sdata["title"].items()}
        )
        section._history_user = actor
        section.save()
        for q_order, qdata in enumerate(sdata["questions"], start=1):
            condition = qdata.get("when")
            question = Question(
                version=version,
                section=section,
                key=qdata["key"],
                order=q_order,
                kind=qdata["kind"],
                required=qdata.get("required", True),
                profile=qdata.get("profile", ""),
                min_value=qdata.get("min"),
                max_value=qdata.get("max"),
                condition_question=by_key[condition[0]] if condition else None,
                condition_values=list(condition[1]) if condition else [],
                **{f"text_{k}": v for k, v in qdata["text"].items()},
                **{f"help_{k}": v for k, v in qdata.get("help", {}).items()},
            )
            question._history_user = actor
            question.save()
            by_key[question.key] = question
            for c_order, (value, label) in enumerate(_choices(qdata.get("choices", [])), start=1):
                choice = Choice(
                    question=question,
                    value=value,
                    order=c_order,
                    **{f"label_{k}": v for k, v in label.items()},
                )
                choice._history_user = actor
                choice.save()


def _choices(spec: Any) -> list[tuple[str, T]]:
    """A question's choices: the template's list, or (DISTRICTS) the city's districts as they are now, by code;
    without districts in the reference data the list is empty and the builder fills it."""
    if spec != DISTRICTS:
        return list(spec)
    from pmis.reference.models import District

    return [
        (d.code, _t(d.name_ru, d.name_kk or d.name_ru, d.name_en or d.name_ru))
        for d in District.objects.order_by("name_ru")
    ]
