"""The whole path through the views: intake → assignment → model from Excel → draft → head returns → revise →
issue with a number → PDF with its SHA-256 on the case page; remarks rounds; immutability and corrections."""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from expertise.models import (
    AppraisalResult,
    CaseDocument,
    FinancialModel,
    ObligationLimitRule,
    Opinion,
    ReviewCase,
)
from expertise.services import cases as case_svc
from expertise.services import opinions as op_svc
from expertise.services.models_fin import excel_template, parse_excel
from tests.conftest import login

pytestmark = pytest.mark.django_db


def model_xlsx(rows: list[list[Any]], years: int = 5) -> bytes:
    from pmis.core.excel import write_xlsx

    return write_xlsx(["Line", "Kind", "CF", *[str(2026 + t) for t in range(years)]], rows)


GOOD_ROWS = [
    ["Строительство", "capex", 1, -1000, 0, 0, 0, 0],
    ["Выручка", "revenue", 1, 0, 300, 300, 300, 300],
    ["Экономия времени", "benefit", 0.9, 0, 100, 100, 100, 100],
]


def test_intake_registers_number_deadline_and_document_hash(client: Any, expert: Any, department_a: Any) -> None:
    from expertise.models import RegulatoryBasis

    basis = RegulatoryBasis.objects.filter(in_force_to__isnull=True).first()
    login(client, expert)
    content = b"%PDF-1.4 feasibility study"
    response = client.post(reverse("expertise:case-create"), {
        "kind": "feasibility_study", "title": "Школа на 600 мест", "applicant": department_a.pk,
        "budget_program_administrator": "Управление образования", "regulatory_basis": basis.pk,
        "received_on": "2026-03-02", "doc_type": "feasibility", "document": SimpleUploadedFile("teo.pdf", content),
    })
    assert response.status_code == 302
    case = ReviewCase.objects.get()
    assert case.number == "ЭК-2026-0001"
    assert case.status == ReviewCase.Status.INTAKE
    # 30 working days (feasibility study) from 2 March 2026, skipping 8–9 (moved) and 21–23 March holidays
    assert case.deadline is not None
    assert case.deadline > case.received_on
    doc = CaseDocument.objects.get()
    assert doc.sha256 == hashlib.sha256(content).hexdigest()
    assert doc.size == len(content)


def test_intake_rejects_bad_input_without_500(client: Any, expert: Any) -> None:
    login(client, expert)
    response = client.post(reverse("expertise:case-create"), {"kind": "nonsense", "received_on": "not-a-date"})
    assert response.status_code == 200
    assert ReviewCase.objects.count() == 0
    assert "is-invalid" in response.content.decode()


def test_assignment_needs_a_complete_checklist(case: ReviewCase, expert: Any, expertise_head: Any) -> None:
    with pytest.raises(ValidationError):
        case_svc.experts_assign(case=case, actor=expertise_head, lead=expert, members=[])
    case_svc.completeness_record(case=case, actor=expertise_head, checklist=dict.fromkeys(case_svc.CHECKLIST_ITEMS, True))
    case_svc.experts_assign(case=case, actor=expertise_head, lead=expert, members=[])
    case.refresh_from_db()
    assert case.status == ReviewCase.Status.IN_REVIEW
    assert case.rounds.count() == 1


def test_excel_upload_with_a_bad_row_writes_nothing(client: Any, expert: Any, review_case: ReviewCase) -> None:
    login(client, expert)
    rows = [GOOD_ROWS[0], ["Выручка", "income", 1, 0, "abc", 300, 300, 300]]
    response = client.post(reverse("expertise:model-upload", args=[review_case.pk]), {
        "financial_rate": "0.08", "social_rate": "0.05", "price_basis": "real", "base_year": 2026, "periods": 5,
        "file": SimpleUploadedFile("model.xlsx", model_xlsx(rows)),
    })
    assert response.status_code == 200
    text = response.content.decode()
    assert "Row 3" in text or "Строка 3" in text
    assert FinancialModel.objects.count() == 0


def test_excel_template_round_trips() -> None:
    lines, errors = parse_excel(excel_template(2026, 5), periods=5)
    assert errors == []
    assert [line.kind for line in lines] == ["capex", "opex", "revenue"]


def test_grid_saves_a_version_and_stores_results_with_hash(client: Any, expert: Any, review_case: ReviewCase) -> None:
    login(client, expert)
    data = {"financial_rate": "0.1", "social_rate": "0.05", "price_basis": "real", "base_year": 2026, "periods": 4,
            "line_count": 2, "line-0-name": "Инвестиции", "line-0-kind": "capex", "line-0-cf": "1",
            "line-0-v0": "-100", "line-0-v1": "0", "line-0-v2": "0", "line-0-v3": "0",
            "line-1-name": "Выручка", "line-1-kind": "revenue", "line-1-cf": "1",
            "line-1-v0": "0", "line-1-v1": "39", "line-1-v2": "59", "line-1-v3": "55", "save": "1"}
    response = client.post(reverse("expertise:model-edit", args=[review_case.pk]), data)
    assert response.status_code == 302
    result = AppraisalResult.objects.get()
    assert len(result.inputs_hash) == 64
    # NPV at 10% of (-100, 39, 59, 55): -100 + 35.4545 + 48.7603 + 41.3224
    assert abs(Decimal(result.results["fnpv"]) - Decimal("25.5372")) < Decimal("0.001")
    page = client.get(reverse("expertise:model-detail", args=[review_case.pk, result.model_id]))
    assert page.status_code == 200
    assert "cashflow-data" in page.content.decode()


def test_grid_errors_are_shown_and_nothing_saved(client: Any, expert: Any, review_case: ReviewCase) -> None:
    login(client, expert)
    data = {"financial_rate": "0.1", "social_rate": "0.05", "price_basis": "real", "base_year": 2026, "periods": 2,
            "line_count": 1, "line-0-name": "X", "line-0-kind": "capex", "line-0-v0": "abc", "line-0-v1": "1", "save": "1"}
    response = client.post(reverse("expertise:model-edit", args=[review_case.pk]), data)
    assert response.status_code == 200
    assert FinancialModel.objects.count() == 0


def test_multiple_irr_shows_no_single_irr(client: Any, expert: Any, review_case: ReviewCase) -> None:
    from expertise.services.models_fin import LineInput, financial_model_save

    model = financial_model_save(case=review_case, actor=expert, params={
        "financial_rate": Decimal("0.1"), "social_rate": Decimal("0.05"), "price_basis": "real", "base_year": 2026, "periods": 4},
        lines=[LineInput("A", "capex", Decimal(1), [Decimal(-100), Decimal(100), Decimal(0), Decimal(-7)])])
    login(client, expert)
    response = client.get(reverse("expertise:model-detail", args=[review_case.pk, model.pk]), HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("expertise:model-detail", args=[review_case.pk, model.pk]))
    assert "no single IRR" in response.content.decode()


def test_full_path_to_issued_opinion_with_pdf(
    client: Any, expert: Any, expertise_head: Any, review_case: ReviewCase, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, expert)
    client.post(reverse("expertise:model-upload", args=[review_case.pk]), {
        "financial_rate": "0.08", "social_rate": "0.05", "price_basis": "real", "base_year": 2026, "periods": 5,
        "file": SimpleUploadedFile("model.xlsx", model_xlsx(GOOD_ROWS)),
    })
    assert FinancialModel.objects.filter(case=review_case, source="excel").count() == 1
    url = reverse("expertise:opinion-draft", args=[review_case.pk])
    assert client.get(url).status_code == 200
    opinion = Opinion.objects.get(case=review_case)
    client.post(reverse("expertise:opinion-section", args=[review_case.pk, "summary"]), {"text": "Школа на 600 мест."})
    client.post(reverse("expertise:opinion-section", args=[review_case.pk, "conclusion"]), {"text": "Рекомендуется."})
    assert client.post(url, {"outcome": "positive"}).status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.HEAD_REVIEW
    assert opinion.appraisal_id

    # the head returns it with comments; the expert revises and resubmits
    client.logout()
    login(client, expertise_head)
    response = client.post(reverse("expertise:opinion-return", args=[review_case.pk, opinion.pk]), {"comment": "Уточните спрос."})
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.RETURNED
    client.logout()
    login(client, expert)
    assert "Уточните спрос." in client.get(url).content.decode()
    client.post(reverse("expertise:opinion-section", args=[review_case.pk, "demand"]), {"text": "Дефицит 1200 мест."})
    client.post(url, {"outcome": "positive"})
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.HEAD_REVIEW
    assert opinion.sections["demand"]["author_id"] == expert.pk

    client.logout()
    login(client, expertise_head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("expertise:opinion-issue", args=[review_case.pk, opinion.pk]),
                               {"outcome": "positive", "language": "ru"})
    assert response.status_code == 302
    opinion.refresh_from_db()
    year = timezone.localdate().year
    assert opinion.number == f"01/{year}"
    assert opinion.status == Opinion.Status.ISSUED
    assert opinion.pdf
    assert len(opinion.pdf_sha256) == 64
    with opinion.pdf.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == opinion.pdf_sha256
    page = client.get(review_case.get_absolute_url()).content.decode()
    assert opinion.pdf_sha256 in page
    pdf = client.get(reverse("expertise:opinion-pdf", args=[review_case.pk, opinion.pk]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    # issued is immutable; a correction is a new version that supersedes it with the next number
    with pytest.raises(ValidationError):
        op_svc.section_save(opinion=opinion, actor=expert, key="summary", text="changed")
    draft = op_svc.opinion_correct(opinion=opinion, actor=expertise_head)
    assert draft.version == 2
    assert draft.supersedes_id == opinion.pk
    draft = op_svc.opinion_submit(opinion=draft, actor=expert, outcome="positive")
    with django_capture_on_commit_callbacks(execute=True):
        draft = op_svc.opinion_issue(opinion=draft, actor=expertise_head, outcome="positive")
    opinion.refresh_from_db()
    assert opinion.is_superseded
    assert draft.number == f"02/{year}"


def test_pdf_context_has_number_outcome_and_npv(expert: Any, expertise_head: Any, review_case: ReviewCase) -> None:
    from expertise.exports import opinion_pdf_context
    from expertise.services.models_fin import LineInput, financial_model_save

    financial_model_save(case=review_case, actor=expert, params={
        "financial_rate": Decimal("0.1"), "social_rate": Decimal("0.05"), "price_basis": "real", "base_year": 2026, "periods": 2},
        lines=[LineInput("A", "capex", Decimal(1), [Decimal(-100), Decimal(0)]), LineInput("B", "revenue", Decimal(1), [Decimal(0), Decimal(220)])])
    opinion = op_svc.opinion_start(case=review_case, actor=expert)
    op_svc.section_save(opinion=opinion, actor=expert, key="conclusion", text="Да.")
    opinion = op_svc.opinion_submit(opinion=Opinion.objects.get(pk=opinion.pk), actor=expert, outcome="positive")
    opinion = op_svc.opinion_issue(opinion=opinion, actor=expertise_head, outcome="negative")
    ctx = opinion_pdf_context(opinion)
    assert ctx["m"]["fnpv"] == Decimal("100")
    assert ctx["opinion"].get_outcome_display() in ("Negative", "Отрицательное")


def test_remarks_rounds_carry_unresolved_and_pause_the_deadline(expert: Any, review_case: ReviewCase) -> None:
    a = case_svc.remark_add(case=review_case, actor=expert, section="Спрос", severity="critical", text="Нет обоснования")
    b = case_svc.remark_add(case=review_case, actor=expert, section="Смета", severity="minor", text="Опечатка")
    case_svc.remark_update(remark=b, actor=expert, initiator_response="Исправлено", resolved=True)
    before = case_svc.case_deadline(review_case)
    assert before is not None
    case_svc.case_return_for_revision(case=review_case, actor=expert)
    review_case.refresh_from_db()
    assert review_case.status == ReviewCase.Status.RETURNED
    review_case.paused_since = review_case.paused_since - __import__("datetime").timedelta(days=14)
    review_case.save(update_fields=["paused_since"])
    new_round = case_svc.case_resubmit(case=review_case, actor=expert)
    review_case.refresh_from_db()
    assert new_round.number == 2
    carried = list(new_round.remarks.all())
    assert [r.carried_from_id for r in carried] == [a.pk]
    assert review_case.paused_days >= 8
    assert review_case.deadline > before
    with pytest.raises(ValidationError):  # closed rounds keep their remarks as they were
        case_svc.remark_update(remark=a, actor=expert, initiator_response="x", resolved=True)


def test_positive_ppp_opinion_above_limit_needs_override(expert: Any, expertise_head: Any, review_case: ReviewCase) -> None:
    review_case.kind = "ppp_documentation"
    review_case.save(update_fields=["kind"])
    ObligationLimitRule.objects.create(level="local", year=2027, base_amount=Decimal(1000), percentage=Decimal(10))
    opinion = op_svc.opinion_start(case=review_case, actor=expert)
    op_svc.section_save(opinion=opinion, actor=expert, key="conclusion", text="Да.")
    opinion = op_svc.opinion_submit(opinion=Opinion.objects.get(pk=opinion.pk), actor=expert, outcome="positive", fields={
        "obligation_year": 2027, "existing_obligations": Decimal(80), "new_obligations": Decimal(40)})
    with pytest.raises(ValidationError) as exc:
        op_svc.opinion_issue(opinion=opinion, actor=expertise_head, outcome="positive")
    assert "override_reason" in exc.value.message_dict
    opinion = Opinion.objects.get(pk=opinion.pk)
    opinion = op_svc.opinion_issue(opinion=opinion, actor=expertise_head, outcome="positive", override_reason="Решение маслихата")
    assert opinion.limit_utilisation == Decimal("1.2")


def test_working_days_skip_weekends_and_holidays() -> None:
    import datetime

    from expertise.services.calendar import add_working_days, working_days_between

    # Fri 20 March 2026 → the next working day is Thu 26 March (21–23 Nauryz; Sat 21 and Sun 22 move to 24–25)
    assert add_working_days(datetime.date(2026, 3, 20), 1) == datetime.date(2026, 3, 26)
    assert working_days_between(datetime.date(2026, 3, 20), datetime.date(2026, 3, 27)) == 2
    assert add_working_days(datetime.date(2026, 3, 2), 0) == datetime.date(2026, 3, 2)


def test_excel_export_of_cases(client: Any, expert: Any, review_case: ReviewCase) -> None:
    import openpyxl

    login(client, expert)
    response = client.get(reverse("expertise:case-export"), {"q": review_case.title})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == review_case.number
