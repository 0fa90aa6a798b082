"""Surveys part of the synthetic city: 200,000 answers across 50 surveys at scale 10000 (proportionally fewer at
a smaller scale). One open citizen survey (public link "bench-citizen", weighted on district, sex and age band)
holds half of them, so the results page is measured with raking over 64 cells behind it; the population shares
of the three dimensions are entered. Rows go in with bulk_create (no per-row history: answers have none)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

SURVEYS = 50
ANSWERS = 200_000  # at scale 10000
PER_RESPONSE = 5  # overall, timeliness, methodology, recommend, one choice of "contact"
PERIODS = [datetime.date(2026, m, 1) for m in (1, 4, 7, 10)]
DISTRICT_SHARES = {
    "alatau": "0.130000",
    "almaly": "0.110000",
    "auezov": "0.170000",
    "bostandyk": "0.160000",
    "zhetysu": "0.080000",
    "medeu": "0.110000",
    "nauryzbay": "0.080000",
    "turksib": "0.160000",
}
SEX_SHARES = {"female": "0.530000", "male": "0.470000"}
AGE_SHARES = {"18-29": "0.260000", "30-44": "0.320000", "45-59": "0.240000", "60+": "0.180000"}


def build(scale: int, stdout: Any) -> None:
    from pmis.accounts.models import User
    from pmis.reference.models import District
    from surveys import library
    from surveys.models import Answer, PopulationReference, PopulationShare, Response, Survey, SurveyVersion

    owner = User.objects.get(username="bench")
    rng = random.Random(12)
    total = max(ANSWERS * scale // 10000, 2 * SURVEYS * PER_RESPONSE)
    citizen_answers = total // 2
    other_answers = total - citizen_answers

    citizen = library.instantiate(
        "customer_project_office",
        actor=owner,
        audience=Survey.Audience.CITIZEN,
        subject=Survey.Subject.CITY,
        title_en="Bench citizen survey",
        title_ru="Опрос жителей (бенчмарк)",
        public_slug="bench-citizen",
        status=Survey.Status.OPEN,
        weighting=["district", "sex", "age_band"],
    )
    customers = [
        library.instantiate("customer_project_office", actor=owner, status=Survey.Status.OPEN)
        for _i in range(SURVEYS - 1)
    ]
    now = datetime.datetime.now(datetime.UTC)
    SurveyVersion.objects.filter(survey__in=[citizen, *customers]).update(frozen_at=now)

    districts = dict(District.objects.values_list("code", "pk"))
    district_ids = [districts[c] for c in DISTRICT_SHARES if c in districts]
    sexes = list(SEX_SHARES)
    ages = list(AGE_SHARES)
    questions: dict[int, dict[str, Any]] = {}
    for survey in [citizen, *customers]:
        version = survey.versions.get()
        questions[survey.pk] = {"version": version.pk, **{q.key: q.pk for q in version.questions.all()}}

    def seed(survey: Any, responses_wanted: int, citizen_survey: bool) -> int:
        q = questions[survey.pk]
        rows = []
        for i in range(responses_wanted):
            period = PERIODS[i % len(PERIODS)]
            extra: dict[str, Any] = {}
            if citizen_survey:
                extra = {
                    "district_id": rng.choice(district_ids) if district_ids else None,
                    "sex": rng.choice(sexes),
                    "age_band": rng.choice(ages),
                }
            rows.append(
                Response(
                    survey_id=survey.pk,
                    version_id=q["version"],
                    channel=Response.Channel.PUBLIC if citizen_survey else Response.Channel.INVITATION,
                    language=("ru", "kk", "en")[i % 3],
                    submitted_on=period + datetime.timedelta(days=i % 60),
                    period_start=period,
                    **extra,
                )
            )
        created = Response.objects.bulk_create(rows, batch_size=5000)
        answers = []
        count = 0
        for response in created:
            base = rng.choices((1, 2, 3, 4, 5), weights=(5, 10, 20, 35, 30))[0]
            for key in ("overall", "timeliness", "methodology"):
                value = min(5, max(1, base + rng.choice((-1, 0, 0, 1)))) if key != "overall" else base
                answers.append(
                    Answer(response_id=response.pk, question_id=q[key], question_key=key, value_int=value)
                )
            answers.append(
                Answer(
                    response_id=response.pk,
                    question_id=q["recommend"],
                    question_key="recommend",
                    value_int=min(10, max(0, 2 * base + rng.choice((-1, 0, 0, 1)))),
                )
            )
            answers.append(
                Answer(
                    response_id=response.pk,
                    question_id=q["contact"],
                    question_key="contact",
                    choice_value=rng.choice(("passport", "committee", "monitoring", "training")),
                )
            )
            count += PER_RESPONSE
            if len(answers) >= 20_000:
                Answer.objects.bulk_create(answers, batch_size=5000)
                answers = []
        Answer.objects.bulk_create(answers, batch_size=5000)
        return count

    seeded = seed(citizen, citizen_answers // PER_RESPONSE, True)
    per_survey = max(1, other_answers // PER_RESPONSE // len(customers))
    for survey in customers:
        seeded += seed(survey, per_survey, False)

    for dimension, shares in (("district", DISTRICT_SHARES), ("sex", SEX_SHARES), ("age_band", AGE_SHARES)):
        version = PopulationReference.objects.filter(dimension=dimension).count() + 1
        ref = PopulationReference.objects.create(
            dimension=dimension,
            version=version,
            valid_from=datetime.date(2025, 1, 1),
            source="Bench population estimate",
            created_by=owner,
        )
        PopulationShare.objects.bulk_create(
            [PopulationShare(reference=ref, category=c, share=Decimal(s)) for c, s in shares.items()]
        )
    stdout.write(f"surveys: {SURVEYS} surveys, {seeded} answers ({citizen_answers} in the citizen survey)\n")
