"""Excel exports: raw answers (one row per response, no personal columns, published masked text only,
formula-safe), the texts export, owners only, and the background job above the export limit."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from pmis.core.jobs import job_run
from pmis.core.models import Job
from surveys import exports
from surveys.models import Survey, TextReview
from surveys.services import texts as services
from tests.conftest import login
from tests.surveys.factories import SurveyManagerFactory, make_response, make_survey
from tests.surveys.factories_texts import citizen_survey, text_answer

pytestmark = pytest.mark.django_db


def _sheet(content: bytes) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    rows = [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    width = max((len(r) for r in rows), default=0)
    return [r + (None,) * (width - len(r)) for r in rows]  # read-only mode drops trailing empty cells


@pytest.fixture
def owner() -> Any:
    return SurveyManagerFactory()


@pytest.fixture
def survey(owner: Any) -> Survey:
    return citizen_survey(owner)


def test_raw_answers_one_row_per_response_without_personal_columns(
    client: Any, survey: Survey, owner: Any
) -> None:
    published = text_answer(
        survey,
        "Great, write to me at a@b.kz",
        extra={"recommend": 9, "contact": ["passport", "training"]},
        age_band="30-44",
        sex="female",
    )
    services.review_update(review=published, actor=owner, action="publish")
    text_answer(survey, "pending secret 900101300123")
    login(client, owner)
    response = client.get(reverse("surveys:answers-export", args=[survey.pk]))
    assert response.status_code == 200
    rows = _sheet(response.content)
    header = [str(h).lower() for h in rows[0]]
    # exactly the breakdown columns and the question keys: nothing else can carry personal data
    assert header[10:] == exports.question_keys(survey)
    for forbidden in ("user", "name", "ip", "token", "time", "e-mail", "submitted", "answered on"):
        assert not any(forbidden in h for h in header[:10]), (forbidden, header)
    assert header[:10] == [
        "row",
        "version",
        "period",
        "channel",
        "language",
        "basic direction",
        "department",
        "district",
        "age band",
        "sex",
    ]
    assert {"improve", "contact", "overall"} <= set(header)
    data = rows[1:]
    assert len(data) == 2
    by_text = {r[header.index("improve")]: r for r in data}
    first = by_text["Great, write to me at [e-mail hidden]"]
    assert first[header.index("contact")] == "passport; training"
    assert first[header.index("recommend")] == 9
    assert first[header.index("age band")] == "30-44"
    assert None in by_text  # the pending answer's text is not exported
    flat = repr(rows)
    assert "900101300123" not in flat
    assert "a@b.kz" not in flat


def test_formula_payload_is_neutralised(client: Any, owner: Any) -> None:
    survey = make_survey(owner)  # customer survey: text published on arrival
    text_answer(survey, '=HYPERLINK("http://evil.example","click")')
    text_answer(survey, "+1+2")
    login(client, owner)
    for name in ("surveys:answers-export", "surveys:texts-export"):
        rows = _sheet(client.get(reverse(name, args=[survey.pk])).content)
        cells = [c for row in rows[1:] for c in row if isinstance(c, str)]
        assert '\'=HYPERLINK("http://evil.example","click")' in cells, name
        assert "'+1+2" in cells
        assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_texts_export_published_masked_with_themes(client: Any, survey: Survey, owner: Any) -> None:
    shown = text_answer(survey, "Call +7 701 123 45 67 about parks")
    theme = services.theme_create(survey=survey, actor=owner, name="Parks")
    services.review_update(review=shown, actor=owner, action="publish", themes=[theme])
    hidden = text_answer(survey, "hidden text")
    services.review_update(review=hidden, actor=owner, action="hide")
    text_answer(survey, "pending text")
    login(client, owner)
    rows = _sheet(client.get(reverse("surveys:texts-export", args=[survey.pk])).content)
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Answer"] == "Call [phone hidden] about parks"
    assert row["Themes"] == "Parks"
    assert row["Question key"] == "improve"


def test_exports_are_for_owners_only(client: Any, survey: Survey, sac: Any) -> None:
    login(client, SurveyManagerFactory())
    assert client.get(reverse("surveys:answers-export", args=[survey.pk])).status_code == 403
    assert client.get(reverse("surveys:texts-export", args=[survey.pk])).status_code == 403
    login(client, sac)
    assert client.get(reverse("surveys:answers-export", args=[survey.pk])).status_code == 403


def test_version_choice_limits_rows_and_columns(survey: Survey, owner: Any) -> None:
    make_response(survey, {"overall": 5, "timeliness": 4})
    rows = list(exports.answer_rows(survey, [1]))
    assert len(rows) == 1
    assert exports.answers_count(survey, [2]) == 0
    assert list(exports.answer_rows(survey, [2])) == []


def test_numbers_and_codes(survey: Survey, owner: Any, direction: Any) -> None:
    make_response(survey, {"overall": 2}, direction=direction)
    keys = exports.question_keys(survey)
    row = next(exports.answer_rows(survey, keys=keys))
    assert row[5] == direction.code
    assert row[10 + keys.index("overall")] == 2
    assert Decimal("1") == 1


def test_large_export_runs_as_a_job(
    client: Any,
    survey: Survey,
    owner: Any,
    settings: Any,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr("surveys.views.texts.EXPORT_LIMIT", 2)
    for i in range(3):
        text_answer(survey, f"answer {i}")
    login(client, owner)
    url = reverse("surveys:answers-export", args=[survey.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert "in the background" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, {"versions": [1]})
    job = Job.objects.get(kind="surveys.answers_export")
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.params == {"survey_id": survey.pk, "versions": [1]}
    job = job_run(job_id=job.pk)
    assert job is not None
    assert job.status == Job.Status.SUCCEEDED, job.error
    with job.result_file.open("rb") as fh:
        rows = _sheet(fh.read())
    assert len(rows) == 4


def test_job_refuses_a_requester_who_is_no_longer_an_owner(survey: Survey, owner: Any) -> None:
    from pmis.core.jobs import job_create

    stranger = SurveyManagerFactory()
    job = job_create(kind="surveys.answers_export", requested_by=stranger, params={"survey_id": survey.pk})
    job = job_run(job_id=job.pk)
    assert job is not None
    assert job.status == Job.Status.FAILED


def test_bad_version_input_is_a_form_error(client: Any, survey: Survey, owner: Any) -> None:
    login(client, owner)
    url = reverse("surveys:answers-export", args=[survey.pk])
    assert client.get(url, {"versions": "x"}).status_code == 400
    assert client.post(url, {"versions": "99"}).status_code == 400
    assert not Job.objects.exists()


def test_export_query_count_does_not_grow(
    survey: Survey, owner: Any, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    text_answer(survey, "one")
    with CaptureQueriesContext(connection) as one:
        exports.answers_workbook(survey)
    for i in range(30):
        text_answer(survey, f"more {i}", extra={"contact": ["passport"]})
    with django_assert_max_num_queries(len(one.captured_queries)):
        content = exports.answers_workbook(survey)
    assert len(_sheet(content)) == 32
    assert TextReview.objects.count() == 31


def test_streamed_workbook_reads_back_through_the_project_reader(survey: Survey, owner: Any) -> None:
    """The raw-answer workbook is a well-formed .xlsx (the project's own checked reader accepts it), with dates
    as dates and numbers as numbers."""
    import datetime

    from pmis.core.excel import read_rows

    make_response(survey, {"overall": 5, "contact": ["committee"]}, period_start=datetime.date(2026, 7, 1))
    rows = list(read_rows(exports.answers_workbook(survey)))
    header, first = rows[0], rows[1]
    assert header[:3] == ("Row", "Version", "Period")
    assert first[0] == 1
    assert first[2].date() == datetime.date(2026, 7, 1)
    assert first[header.index("overall")] == 5
    assert first[header.index("contact")] == "committee"
    content = exports.stream_xlsx(["a<&>"], [["x\x00y & <z>", None, 1.5]], title="T[1]")
    assert list(read_rows(content)) == [("a<&>",), ("xy & <z>", None, 1.5)]
