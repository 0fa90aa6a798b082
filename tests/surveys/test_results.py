"""Results: the reference values of SURVEYS.md reproduced from stored answers through the selector and the page,
weighting (S5 end to end, raking), small-cell suppression, versions compared on shared keys, flat query counts,
the campaign's response rate and the PDF report job."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from pmis.accounts import roles
from surveys import library
from surveys.models import (
    Campaign,
    Invitation,
    PopulationReference,
    PopulationShare,
    Question,
    Survey,
    SurveyVersion,
    Wave,
)
from surveys.results import headline, survey_results
from surveys.selectors_results import Filters
from tests.conftest import login
from tests.factories import DistrictFactory, OrganizationFactory, UserFactory
from tests.surveys.factories import SurveyManagerFactory, make_response, make_survey

pytestmark = pytest.mark.django_db

S4 = [5, 4, 4, 3, 5, 2, 1, 4, 5, 3, 4, 4]
S1 = [10, 9, 9, 8, 7, 7, 6, 5, 10, 3]
Q4 = datetime.date(2026, 10, 1)


def _s4_s1_survey(owner: Any = None) -> Survey:
    survey = make_survey(owner)
    for i, value in enumerate(S4):
        answers: dict[str, Any] = {"overall": value}
        if i < len(S1):
            answers["recommend"] = S1[i]
        make_response(survey, answers)
    return survey


def _reference(
    dimension: str, shares: dict[str, str], *, version: int = 1, valid_from: Any = None
) -> PopulationReference:
    ref = PopulationReference.objects.create(
        dimension=dimension,
        version=version,
        valid_from=valid_from or datetime.date(2020, 1, 1),
        source="Bureau of statistics",
        created_by=SurveyManagerFactory(),
    )
    for category, share in shares.items():
        PopulationShare.objects.create(reference=ref, category=category, share=Decimal(share))
    return ref


def _citizen(weighting: list[str]) -> Survey:
    return make_survey(audience=Survey.Audience.CITIZEN, weighting=weighting)


def test_s4_and_s1_through_the_selector() -> None:
    survey = _s4_s1_survey()
    results = survey_results(survey)
    assert results.responses == 12
    head = results.headline
    assert head is not None
    assert (head.satisfied, head.n) == (8, 12)
    assert round(head.share.value, 4) == 0.6667
    assert round(head.mean, 4) == 3.6667
    assert head.sd is not None
    assert round(head.sd, 4) == 1.2309
    nps = results.nps
    assert nps is not None
    assert (nps.promoters, nps.detractors, nps.n) == (4, 3, 10)
    assert round(nps.score, 1) == 10.0
    assert round(nps.se_points, 2) == 26.27
    assert (round(nps.interval.low, 2), round(nps.interval.high, 2)) == (-41.48, 61.48)
    overall = next(q for q in results.questions if q.key == "overall")
    assert [d[1] for d in overall.distribution] == [1, 1, 2, 5, 3]
    api = headline([survey.pk])
    assert not isinstance(api, dict)
    assert api.n == 12
    assert api.share is not None
    assert round(api.share.value, 4) == 0.6667


def test_s4_and_s1_on_the_page(client: Any) -> None:
    owner = SurveyManagerFactory()
    survey = _s4_s1_survey(owner)
    login(client, owner)
    page = client.get(reverse("surveys:results", args=[survey.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "66.7%" in html
    assert "3.67 ± 1.23" in html
    assert 'data-testid="nps">10' in html
    assert "-41.48" in html
    assert "61.48" in html
    assert (
        "a change between two periods is significant only when the intervals do not overlap" in html.lower()
    )


def test_s5_post_stratification_from_stored_responses(client: Any) -> None:
    a, b, c = (DistrictFactory(code=f"res-{x}", name_en=f"District {x}") for x in "abc")
    survey = _citizen(["district"])
    for district, n, satisfied in ((a, 50, 40), (b, 30, 15), (c, 20, 12)):
        for i in range(n):
            make_response(survey, {"overall": 5 if i < satisfied else 2}, district=district)
    _reference("district", {"res-a": "0.3", "res-b": "0.5", "res-c": "0.2"})
    w = survey_results(survey).weighting
    assert w is not None
    assert w.applied, w.reason
    assert w.method == "poststratification"
    assert {k[0]: round(v, 4) for k, v in w.weights.items()} == {"res-a": 0.6, "res-b": 1.6667, "res-c": 1.0}
    assert w.share is not None
    assert round(w.share.value, 2) == 0.61
    assert w.n_eff is not None
    assert round(w.n_eff, 2) == 82.42
    api = headline(survey)
    assert not isinstance(api, dict)
    assert api.share is not None
    assert round(api.share.value, 2) == 0.67
    assert api.weighted_share is not None
    assert round(api.weighted_share.value, 2) == 0.61
    login(client, survey.owner)
    html = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert 'data-testid="weighted-csat">61.0%' in html
    assert "82.42" in html
    assert "District v1" in html


def test_raking_across_district_and_sex_converges() -> None:
    a, b = DistrictFactory(code="rk-a"), DistrictFactory(code="rk-b")
    survey = _citizen(["district", "sex"])
    plan = [(a, "female", 30, 20), (a, "male", 10, 5), (b, "female", 15, 10), (b, "male", 45, 20)]
    for district, sex, n, satisfied in plan:
        for i in range(n):
            make_response(survey, {"overall": 4 if i < satisfied else 3}, district=district, sex=sex)
    _reference("district", {"rk-a": "0.5", "rk-b": "0.5"})
    _reference("sex", {"female": "0.55", "male": "0.45"})
    w = survey_results(survey).weighting
    assert w is not None
    assert w.applied, w.reason
    assert w.method == "raking"
    assert w.iterations >= 1
    counts = {(d.code, s): n for d, s, n, _k in plan}
    total = sum(w.weights[cell] * n for cell, n in counts.items())
    district_a = sum(w.weights[cell] * n for cell, n in counts.items() if cell[0] == "rk-a") / total
    female = sum(w.weights[cell] * n for cell, n in counts.items() if cell[1] == "female") / total
    assert abs(district_a - 0.5) < 1e-9
    assert abs(female - 0.55) < 1e-9
    assert w.n_eff is not None
    assert 0 < w.n_eff <= 100


def test_not_weighted_is_explained() -> None:
    a, _b = DistrictFactory(code="nw-a"), DistrictFactory(code="nw-b")
    survey = _citizen(["district"])
    for _i in range(6):
        make_response(survey, {"overall": 5}, district=a)
    w = survey_results(survey).weighting
    assert w is not None
    assert not w.applied
    assert "no population shares" in w.reason
    _reference("district", {"nw-a": "0.4", "nw-b": "0.6"})
    w = survey_results(survey).weighting
    assert w is not None
    assert not w.applied
    assert "no answers in nw-b" in w.reason
    # a chosen older version / a period before any reference is valid
    w = survey_results(survey, Filters(period_to=datetime.date(2019, 1, 1))).weighting
    assert w is not None
    assert not w.applied
    assert "valid on 2019-01-01" in w.reason


def test_latest_reference_valid_on_the_period_or_the_chosen_version() -> None:
    a, b = DistrictFactory(code="lv-a"), DistrictFactory(code="lv-b")
    survey = _citizen(["district"])
    for district in (a, b):
        for _i in range(5):
            make_response(survey, {"overall": 5}, district=district)
    _reference("district", {"lv-a": "0.5", "lv-b": "0.5"}, version=1, valid_from=datetime.date(2020, 1, 1))
    _reference("district", {"lv-a": "0.2", "lv-b": "0.8"}, version=2, valid_from=datetime.date(2026, 1, 1))
    w = survey_results(survey, Filters(period_to=datetime.date(2025, 12, 31))).weighting
    assert w is not None
    assert [r.version for r in w.references] == [1]
    w = survey_results(survey).weighting
    assert w is not None
    assert [r.version for r in w.references] == [2]
    w = survey_results(survey, Filters(references={"district": 1})).weighting
    assert w is not None
    assert [r.version for r in w.references] == [1]


def test_breakdown_cells_under_five_are_suppressed(client: Any) -> None:
    big = OrganizationFactory(code="res-big", name_en="Big department")
    small = OrganizationFactory(code="res-small", name_en="Small department")
    survey = make_survey()
    for _i in range(5):
        make_response(survey, {"overall": 5}, department=big)
    for _i in range(4):
        make_response(survey, {"overall": 1}, department=small)
    rows = {r.label: r for r in survey_results(survey).breakdowns["department"]}
    assert not rows["Big department"].suppressed
    assert rows["Big department"].n == 5
    assert rows["Small department"].suppressed
    assert rows["Small department"].csat is None
    login(client, survey.owner)
    html = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "fewer than 5 answers" in html
    assert html.count('data-suppressed="1"') == 1


def _second_version(survey: Survey) -> SurveyVersion:
    """Version 2: keeps `overall`, drops the other questions, adds a number question `visits`."""
    v2 = SurveyVersion.objects.create(survey=survey, number=2, created_by=survey.owner)
    library.build_questions(
        v2,
        [
            {
                "title": {"ru": "Общее", "kk": "Жалпы", "en": "Overall"},
                "questions": [
                    {
                        "key": "overall",
                        "kind": Question.Kind.SCALE5,
                        "text": {"ru": "Итог", "en": "Overall v2"},
                    },
                    {"key": "visits", "kind": Question.Kind.NUMBER, "text": {"ru": "Визиты", "en": "Visits"}},
                ],
            }
        ],
        actor=survey.owner,
    )
    return v2


def test_versions_are_compared_on_shared_keys(client: Any) -> None:
    survey = make_survey()
    for value in (5, 4, 1):
        make_response(survey, {"overall": value, "timeliness": 4})
    v2 = _second_version(survey)
    for value, visits in ((5, 2), (2, 4), (4, 6)):
        make_response(survey, {"overall": value, "visits": Decimal(visits)}, version=v2)
    results = survey_results(survey)
    by_key = {q.key: q for q in results.questions}
    assert by_key["overall"].n == 6
    assert by_key["overall"].all_versions
    assert by_key["timeliness"].versions == [1]
    assert not by_key["timeliness"].all_versions
    assert by_key["visits"].versions == [2]
    assert by_key["visits"].mean == 4.0
    assert by_key["visits"].sd == 2.0
    assert results.headline is not None
    assert results.headline.n == 6
    only_v2 = survey_results(survey, Filters(version=2))
    keys = {q.key for q in only_v2.questions}
    assert "timeliness" not in keys
    assert {"overall", "visits"} <= keys
    assert only_v2.headline is not None
    assert only_v2.headline.n == 3
    login(client, survey.owner)
    html = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "Only in versions 1" in html
    assert "Only in versions 2" in html
    page = client.get(reverse("surveys:results", args=[survey.pk]), {"version": "2"})
    assert page.status_code == 200


def test_trend_marks_only_changes_whose_intervals_do_not_overlap() -> None:
    survey = make_survey()
    periods = [
        (datetime.date(2026, 1, 1), 40, 38),
        (datetime.date(2026, 4, 1), 40, 10),
        (datetime.date(2026, 7, 1), 40, 12),
    ]
    for period, n, satisfied in periods:
        for i in range(n):
            make_response(survey, {"overall": 5 if i < satisfied else 2}, period_start=period)
    trend = survey_results(survey).trend
    assert [p.csat.n for p in trend] == [40, 40, 40]
    assert [p.change for p in trend] == ["", "down", ""]
    assert trend[0].label == "Q1 2026" or "2026" in trend[0].label


def test_bad_filters_never_fail(client: Any) -> None:
    survey = _s4_s1_survey()
    login(client, survey.owner)
    url = reverse("surveys:results", args=[survey.pk])
    for params in (
        {"period_from": "nonsense"},
        {"period_from": "2026-12-01", "period_to": "2026-01-01"},
        {"version": "99"},
        {"campaign": "abc"},
        {"channel": "<script>"},
    ):
        page = client.get(url, params)
        assert page.status_code == 200, params


def test_query_count_is_flat_in_the_number_of_answers(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    d1, d2 = DistrictFactory(code="qc-a"), DistrictFactory(code="qc-b")
    _reference("district", {"qc-a": "0.5", "qc-b": "0.5"})
    _reference("sex", {"female": "0.5", "male": "0.5"})
    owner = SurveyManagerFactory()
    small = make_survey(owner, audience=Survey.Audience.CITIZEN, weighting=["district", "sex"])
    large = make_survey(owner, audience=Survey.Audience.CITIZEN, weighting=["district", "sex"])
    # 10 answers against 200 answers
    for _i in range(2):
        make_response(
            small, {"overall": 5, "recommend": 9, "contact": ["passport"]}, district=d1, sex="female"
        )
        make_response(small, {"overall": 3, "recommend": 5}, district=d2, sex="male")
    for i in range(40):
        make_response(  # 5 answers each
            large,
            {"overall": 1 + i % 5, "recommend": i % 11, "contact": ["passport", "training"], "improve": "x"},
            district=(d1, d2)[i % 2],
            sex=("female", "male")[(i // 2) % 2],
            period_start=datetime.date(2026, 1 + 3 * (i % 4), 1),
        )
    login(client, small.owner)
    client.get(reverse("surveys:results", args=[small.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("surveys:results", args=[small.pk])).status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("surveys:results", args=[large.pk])).status_code == 200
    assert len(many) == len(few)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("surveys:results", args=[large.pk]))


def test_campaign_results_show_the_response_rate(client: Any) -> None:
    owner = SurveyManagerFactory()
    survey = make_survey(owner)
    version = survey.versions.get()
    campaign = Campaign.objects.create(
        survey=survey, name="Quarterly", audience_kind=Campaign.AudienceKind.USERS, owner=owner
    )
    now = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)
    wave = Wave.objects.create(
        campaign=campaign,
        version=version,
        period_start=Q4,
        period_end=datetime.date(2026, 12, 31),
        opened_at=now,
        closes_at=now + datetime.timedelta(days=14),
    )
    for i in range(10):
        Invitation.objects.create(
            wave=wave,
            recipient=UserFactory(),
            token_hash=f"{i:064d}",
            sent_at=now,
            expires_at=now + datetime.timedelta(days=14),
        )
    for value in (5, 4, 2, 5):
        make_response(survey, {"overall": value}, wave=wave)
    make_response(survey, {"overall": 1})  # outside the campaign
    results = survey_results(survey, campaign=campaign)
    assert results.responses == 4
    assert results.invitations == 10
    assert results.response_rate is not None
    assert results.response_rate.value == 0.4
    login(client, owner)
    page = client.get(reverse("surveys:campaign-results", args=[campaign.pk]))
    assert page.status_code == 200
    assert "40.0%" in page.content.decode()


def test_results_pdf_is_a_job_in_the_requesters_language(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from pmis.core.models import Job
    from tests.audits.test_reports import pdf_text

    survey = _s4_s1_survey()
    sac = UserFactory(roles=[roles.SAC_ANALYST])
    login(client, sac)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:results-pdf", args=[survey.pk]), {"version": "1"})
    job = Job.objects.get(kind="surveys.results_pdf")
    assert response.status_code == 302
    assert response.headers["Location"] == job.get_absolute_url()
    assert job.language == "en"
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    text = " ".join(pdf_text(job.result_file.read()).split())
    assert "Survey results" in text
    assert "Trend by period" in text
    assert "66.7%" in text


def test_readers_only(client: Any) -> None:
    survey = make_survey()
    officer = UserFactory(roles=[roles.DEPARTMENT_OFFICER])
    login(client, officer)
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 403
    sac = UserFactory(roles=[roles.SAC_ANALYST])
    login(client, sac)
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 200
    assert client.get(reverse("surveys:results", args=[survey.pk + 999])).status_code == 404


def test_headline_api_groups_by_direction_and_period(direction: Any, other_direction: Any) -> None:
    survey = make_survey()
    for value in (5, 4, 4, 2):
        make_response(survey, {"overall": value}, direction=direction)
    make_response(survey, {"overall": 1}, direction=other_direction, period_start=datetime.date(2026, 7, 1))
    by_direction = headline(Survey.objects.filter(pk=survey.pk), group_by="direction")
    assert isinstance(by_direction, dict)
    first = by_direction[direction.pk]
    assert first.csat is not None
    assert (first.csat.satisfied, first.n) == (3, 4)
    assert by_direction[other_direction.pk].n == 1
    by_period = headline([survey.pk], group_by="period", period_from=datetime.date(2026, 8, 1))
    assert isinstance(by_period, dict)
    assert set(by_period) == {Q4}
    customer = headline(survey)
    assert not isinstance(customer, dict)
    assert customer.weighting is None  # customer surveys are not weighted
