"""Demo of the surveys for `manage.py load_demo`: the Project Office's quarterly customer survey "Satisfaction with
the Project Office" (an active campaign to ten departments, four past waves with invitations and answers that
vary by basic direction and improve over time, about 70 % answered), and the open city-wide citizen survey that
feeds the strategic indicator S-02 (public link, about 400 answers across the eight districts from a sample that
leans to the centre, to women and to the young, so the weighting visibly lowers the result), with the
population shares of district, sex and age band it is weighted to and a few free-text answers, some waiting for
moderation (one with a phone number in it). Results, weighting, trends and the indicator feed can be tried at
once.

Rows are written directly with bulk_create (the demo must stay quick) and the answered versions are frozen.
Idempotent: a second run finds the surveys and leaves them alone."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.utils import timezone

from pmis.accounts import roles
from pmis.accounts.models import Organization, User
from pmis.reference.models import Direction, District
from surveys import library, tokens
from surveys.models import (
    Answer,
    Campaign,
    Invitation,
    PopulationReference,
    PopulationShare,
    Question,
    Response,
    Survey,
    SurveyVersion,
    TextReview,
    Wave,
)

# department → the basic direction its answers are about, and how satisfied it starts (share of 4–5)
DEPARTMENTS = [
    ("dep-urban", "polycentric", 0.52),
    ("dep-mobility", "transport", 0.60),
    ("dep-energy", "utilities", 0.45),
    ("dep-safety", "safe-city", 0.68),
    ("dep-ecology", "green", 0.55),
    ("dep-business", "economy", 0.74),
    ("dep-youth", "youth", 0.80),
    ("dep-education", "inclusive", 0.63),
    ("dep-digital", "smart-city", 0.71),
    ("dep-hr", "public-admin", 0.58),
]
STAFF_PER_DEPARTMENT = 5
IMPROVEMENT_PER_WAVE = 0.05

# Almaty's adult population (18+) by district, sex and age band, rounded (demo estimate)
POPULATION_SOURCE = (
    "Бюро национальной статистики АСПиР РК: численность населения г. Алматы на 1 января 2026 г. "
    "(округлённая оценка для демонстрации)"
)
POPULATION = {
    "district": {
        "alatau": "0.165",
        "almaly": "0.105",
        "auezov": "0.170",
        "bostandyk": "0.160",
        "zhetysu": "0.075",
        "medeu": "0.100",
        "nauryzbay": "0.075",
        "turksib": "0.150",
    },
    "sex": {"female": "0.530", "male": "0.470"},
    "age_band": {"18-29": "0.240", "30-44": "0.330", "45-59": "0.230", "60+": "0.200"},
}
# the demo sample: district → (share of the sample, share satisfied); it leans to the centre, whose residents are
# more satisfied, so weighting to the population lowers the headline
SAMPLE = {
    "alatau": (0.09, 0.42),
    "almaly": (0.16, 0.68),
    "auezov": (0.14, 0.58),
    "bostandyk": (0.20, 0.70),
    "zhetysu": (0.06, 0.50),
    "medeu": (0.17, 0.74),
    "nauryzbay": (0.07, 0.44),
    "turksib": (0.11, 0.48),
}
SAMPLE_SEX = {"female": 0.64, "male": 0.36}
SAMPLE_AGE = {"18-29": (0.36, 0.06), "30-44": (0.34, 0.0), "45-59": (0.19, -0.04), "60+": (0.11, -0.08)}
CITIZEN_ANSWERS = 400
PRIORITIES = ["air", "traffic", "housing", "schools", "health", "safety", "green"]
SUGGESTIONS = [
    ("Больше автобусов на окраинах, особенно утром.", TextReview.Status.PUBLISHED),
    ("Нужно чаще убирать снег во дворах.", TextReview.Status.PUBLISHED),
    ("Спасибо за новые скверы в районе!", TextReview.Status.PUBLISHED),
    ("Сделайте освещение на пешеходных переходах.", TextReview.Status.PUBLISHED),
    ("Зимой воздух ужасный: нужен перевод частного сектора на газ.", TextReview.Status.PUBLISHED),
    ("Аулаларда балалар алаңдары жетіспейді.", TextReview.Status.PENDING),
    ("На обращения отвечают слишком долго, по месяцу.", TextReview.Status.PENDING),
    ("Прошу перезвонить по поводу ямы у дома, мой номер +7 700 000 00 00.", TextReview.Status.PENDING),
]
IMPROVE_TEXTS = [
    "Быстрее отвечать на письма по паспорту проекта.",
    "Проводить больше обучающих семинаров для кураторов проектов.",
    "Заранее сообщать об изменениях в шаблонах отчётов.",
    "Жоба паспорты бойынша кеңестерді жиірек өткізу.",
]


def _quarter_start(day: datetime.date, back: int = 0) -> datetime.date:
    index = day.year * 4 + (day.month - 1) // 3 - back
    return datetime.date(index // 4, index % 4 * 3 + 1, 1)


def _quarter_end(start: datetime.date) -> datetime.date:
    return _quarter_start(start, back=-1) - datetime.timedelta(days=1)


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _scale(rng: random.Random, p_satisfied: float) -> int:
    if rng.random() < p_satisfied:
        return 5 if rng.random() < 0.45 else 4
    u = rng.random()
    return 3 if u < 0.55 else 2 if u < 0.85 else 1


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _freeze(version: SurveyVersion, when: datetime.date) -> None:
    SurveyVersion.objects.filter(pk=version.pk, frozen_at__isnull=True).update(frozen_at=_aware(when))


def _staff(org: Organization) -> list[User]:
    """Demo respondents of a department: nameless accounts that cannot sign in (the answers are anonymous)."""
    group = Group.objects.filter(name=roles.DEPARTMENT_OFFICER).first()
    out = []
    for i in range(1, STAFF_PER_DEPARTMENT + 1):
        user, created = User.objects.get_or_create(
            username=f"sv-demo-{org.code}-{i}",
            defaults={"organization": org, "email": f"sv-demo-{org.code}-{i}@pmis.example"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            if group is not None:
                user.groups.add(group)
        out.append(user)
    return out


def _questions(version: SurveyVersion) -> dict[str, Question]:
    return {q.key: q for q in version.questions.all()}


def _customer(pmo: User, today: datetime.date, rng: random.Random) -> None:
    opened = _quarter_start(today, back=4)
    survey = library.instantiate(
        "customer_project_office",
        actor=pmo,
        status=Survey.Status.OPEN,
        opens_at=_aware(opened),
    )
    version = survey.versions.get()
    questions = _questions(version)
    campaign = Campaign(
        survey=survey,
        name="Ежеквартальный опрос департаментов о работе Проектного офиса",
        audience_kind=Campaign.AudienceKind.DEPARTMENTS,
        trigger=Campaign.Trigger.SCHEDULE,
        period=Campaign.Period.QUARTER,
        status=Campaign.Status.ACTIVE,
        owner=pmo,
        launched_at=_aware(opened),
    )
    campaign._history_user = pmo
    campaign.save()
    orgs = {o.code: o for o in Organization.objects.filter(code__in=[d for d, _c, _p in DEPARTMENTS])}
    directions = {d.code: d for d in Direction.objects.filter(code__in=[c for _d, c, _p in DEPARTMENTS])}
    plan = [(orgs[d], directions.get(c), p) for d, c, p in DEPARTMENTS if d in orgs]
    campaign.departments.set([org for org, _d, _p in plan])
    staff = {org.pk: _staff(org) for org, _d, _p in plan}

    for index, back in enumerate(range(4, 0, -1)):  # the four past quarters, oldest first
        period_start = _quarter_start(today, back=back)
        sent = _quarter_end(period_start) + datetime.timedelta(days=5)
        wave = Wave(
            campaign=campaign,
            version=version,
            period_start=period_start,
            period_end=_quarter_end(period_start),
            opened_at=_aware(sent),
            closes_at=_aware(sent + datetime.timedelta(days=campaign.answer_days)),
            closed_at=_aware(sent + datetime.timedelta(days=campaign.answer_days)),
        )
        wave._history_user = pmo
        wave.save()
        invitations, responses, scores = [], [], []
        for org, direction, base in plan:
            for user in staff[org.pk]:
                answered = rng.random() < 0.72
                invitations.append(
                    Invitation(
                        wave=wave,
                        recipient=user,
                        token_hash=tokens.new_token()[1],
                        department=org,
                        sent_at=_aware(sent),
                        reminded_at=_aware(sent + datetime.timedelta(days=campaign.reminder_days)),
                        expires_at=wave.closes_at,
                        used_at=_aware(sent + datetime.timedelta(days=rng.randint(0, 12)))
                        if answered
                        else None,
                    )
                )
                if not answered:
                    continue
                day = sent + datetime.timedelta(days=rng.randint(0, 12))
                responses.append(
                    Response(
                        survey=survey,
                        version=version,
                        wave=wave,
                        channel=Response.Channel.INVITATION,
                        language="kk" if rng.random() < 0.3 else "ru",
                        submitted_on=day,
                        period_start=period_start,
                        direction=direction,
                        department=org,
                    )
                )
                scores.append(min(0.95, base + IMPROVEMENT_PER_WAVE * index))
        Invitation.objects.bulk_create(invitations)
        Response.objects.bulk_create(responses)
        answers, texts = [], []
        for response, p in zip(responses, scores, strict=True):
            overall = _scale(rng, p)

            def row(key: str, response: Response = response, **value: Any) -> Answer:
                return Answer(response=response, question=questions[key], question_key=key, **value)

            answers += [
                row("overall", value_int=overall),
                row("timeliness", value_int=_scale(rng, p - 0.05)),
                row("methodology", value_int=_scale(rng, p + 0.05)),
                row("recommend", value_int=max(0, min(10, overall * 2 + rng.randint(-2, 1)))),
            ]
            answers += [
                row("contact", choice_value=c)
                for c in rng.sample(["passport", "committee", "monitoring", "training"], rng.randint(1, 2))
            ]
            if overall <= 3 and rng.random() < 0.4:
                texts.append(row("improve", text=rng.choice(IMPROVE_TEXTS)))
        Answer.objects.bulk_create(answers + texts)
        TextReview.objects.bulk_create(
            TextReview(
                answer=a, status=TextReview.Status.PUBLISHED, reviewed_by=pmo, reviewed_at=_aware(sent)
            )
            for a in texts
        )
    _freeze(version, _quarter_start(today, back=3))


def _population(pmo: User, today: datetime.date) -> None:
    for dimension, shares in POPULATION.items():
        if PopulationReference.objects.filter(dimension=dimension).exists():
            continue
        ref = PopulationReference(
            dimension=dimension,
            version=1,
            valid_from=datetime.date(today.year, 1, 1),
            source=POPULATION_SOURCE,
            created_by=pmo,
        )
        ref._history_user = pmo
        ref.save()
        PopulationShare.objects.bulk_create(
            PopulationShare(reference=ref, category=c, share=Decimal(s)) for c, s in shares.items()
        )


def _citizen(pmo: User, today: datetime.date, rng: random.Random) -> None:
    opened = today - datetime.timedelta(days=60)
    survey = library.instantiate(
        "citizen_city",
        actor=pmo,
        status=Survey.Status.OPEN,
        public_slug=tokens.new_public_slug(),
        salt=tokens.new_salt(),
        feeds_indicator_code="S-02",
        opens_at=_aware(opened),
        closes_at=_aware(datetime.date(today.year, 12, 31), 18),
    )
    version = survey.versions.get()
    questions = _questions(version)
    districts = {d.code: d for d in District.objects.all()}
    sample = {code: share for code, (share, _p) in SAMPLE.items() if code in districts}
    responses, satisfied = [], []
    for _ in range(CITIZEN_ANSWERS):
        code = _pick(rng, sample)
        sex = _pick(rng, SAMPLE_SEX) if rng.random() > 0.04 else ""
        band = _pick(rng, {k: v[0] for k, v in SAMPLE_AGE.items()}) if rng.random() > 0.04 else ""
        day = opened + datetime.timedelta(days=rng.randint(0, 59))
        day = min(day, today)
        responses.append(
            Response(
                survey=survey,
                version=version,
                channel=Response.Channel.PUBLIC,
                language=_pick(rng, {"ru": 0.6, "kk": 0.35, "en": 0.05}),
                submitted_on=day,
                period_start=_quarter_start(day),
                district=districts[code],
                sex=sex,
                age_band=band,
            )
        )
        satisfied.append(
            SAMPLE[code][1] + (SAMPLE_AGE[band][1] if band else 0) + (0.03 if sex == "female" else 0)
        )
    Response.objects.bulk_create(responses)
    answers: list[Answer] = []
    texts: list[tuple[Answer, str]] = []
    suggestions = list(SUGGESTIONS)
    for i, (response, p) in enumerate(zip(responses, satisfied, strict=True)):

        def row(key: str, response: Response = response, **value: Any) -> Answer:
            return Answer(response=response, question=questions[key], question_key=key, **value)

        score = _scale(rng, p)
        answers += [
            row("satisfaction", value_int=score),
            row("change", choice_value="better" if score >= 4 else rng.choice(["same", "same", "worse"])),
            row("transport", value_int=_scale(rng, p - 0.1)),
            row("utilities", value_int=_scale(rng, p - 0.05)),
            row("public_spaces", value_int=_scale(rng, p + 0.08)),
            row("responsiveness", value_int=_scale(rng, p - 0.12)),
            row("district", choice_value=response.district.code if response.district else ""),
        ]
        answers += [row("priorities", choice_value=c) for c in rng.sample(PRIORITIES, rng.randint(1, 3))]
        if response.sex:
            answers.append(row("sex", choice_value=response.sex))
        if response.age_band:
            answers.append(row("age_band", choice_value=response.age_band))
        if suggestions and i % 37 == 5:
            text, status = suggestions.pop(0)
            texts.append((row("suggestion", text=text), status))
    Answer.objects.bulk_create(answers + [a for a, _s in texts])
    now = timezone.now()
    TextReview.objects.bulk_create(
        TextReview(
            answer=a,
            status=status,
            reviewed_by=pmo if status == TextReview.Status.PUBLISHED else None,
            reviewed_at=now if status == TextReview.Status.PUBLISHED else None,
        )
        for a, status in texts
    )
    _freeze(version, opened)


def load(ctx: dict[str, Any]) -> None:
    users = ctx.get("users") or {}
    pmo = users.get("pmo") or User.objects.filter(username="pmo").first()
    if pmo is None:
        return
    today = timezone.localdate()
    rng = random.Random(12)  # the same demo every time
    mine = Survey.objects.filter(owner=pmo, is_template=False)
    _population(pmo, today)
    if not mine.filter(template_key="customer_project_office").exists():
        _customer(pmo, today, rng)
    if not mine.filter(template_key="citizen_city", feeds_indicator_code="S-02").exists():
        _citizen(pmo, today, rng)
    # citizen feedback in every state, on the projects the projects demo published (it loads before surveys)
    from surveys.demo_feedback import load as load_feedback

    load_feedback(ctx.get("stdout"))
