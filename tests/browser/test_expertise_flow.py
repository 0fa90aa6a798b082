"""An expert review in a real browser: the head assigns a case; the expert uploads the financial model from
Excel and drafts; the head returns it with remarks; the expert revises; a positive opinion is issued; its PDF
downloads and its text contains the number, the outcome and the NPV."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from expertise.models import Opinion, ReviewCase
from pmis.core.excel import write_xlsx
from tests.browser.conftest import sign_in
from tests.expertise.factories import ReviewCaseFactory
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, username, PASSWORD)


def test_expert_review_from_assignment_to_issued_pdf(
    browser_page: Any,
    live_server: Any,
    expert: Any,
    expertise_head: Any,
    department_a: Any,
    tmp_path: Path,
    screenshot: Any,
) -> None:
    page = browser_page
    case = ReviewCaseFactory(
        applicant=department_a,
        status=ReviewCase.Status.COMPLETENESS_CHECK,
        checklist=dict.fromkeys(
            ["application", "main_document", "financial_model", "cost_estimates", "approvals"], True
        ),
    )
    base = f"{live_server.url}/expertise/cases/{case.pk}"

    # the head assigns the expert
    _switch(page, live_server, "expertise_head")
    page.goto(f"{base}/assign/")
    page.select_option("select[name=lead]", str(expert.pk))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.rstrip("/").endswith(f"/cases/{case.pk}")

    # the expert uploads the model from Excel and drafts the opinion
    model = tmp_path / "model.xlsx"
    model.write_bytes(
        write_xlsx(
            ["Line", "Kind", "CF", "2026", "2027", "2028", "2029", "2030"],
            [
                ["Строительство", "capex", 1, -1000, 0, 0, 0, 0],
                ["Выручка", "revenue", 1, 0, 400, 400, 400, 400],
            ],
        )
    )
    _switch(page, live_server, "expert")
    page.goto(f"{base}/model/upload/")
    page.fill("input[name=financial_rate]", "0.08")
    page.fill("input[name=social_rate]", "0.05")
    page.fill("input[name=base_year]", "2026")
    page.fill("input[name=periods]", "5")
    page.set_input_files("input[name=file]", str(model))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("[data-testid=fnpv]").first.inner_text().startswith("324")
    page.goto(f"{base}/opinion/")
    # text typed and not saved: leaving the page asks first
    page.click("#text-summary")
    page.keyboard.type("Депо на 120 автобусов.")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.evaluate("window.location.href = '/'")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.rstrip("/").endswith("/opinion")
    # one send keeps every section typed, none saved separately
    page.fill("#text-conclusion", "Проект рекомендуется к реализации.")
    page.select_option("select[name=outcome]", "positive")
    with page.expect_navigation():
        page.click("#opinion-form button[value=send]")
    opinion = Opinion.objects.get(case=case)
    assert opinion.status == Opinion.Status.HEAD_REVIEW
    assert opinion.sections["summary"]["text"] == "Депо на 120 автобусов."

    # the head returns it with remarks
    _switch(page, live_server, "expertise_head")
    page.goto(f"{base}/opinions/{opinion.pk}/")
    page.fill("textarea[name=comment]", "Обоснуйте спрос на перевозки.")
    with page.expect_navigation():
        page.click("form:has(textarea[name=comment]) button[type=submit]")

    # the expert revises and sends it again
    _switch(page, live_server, "expert")
    page.goto(f"{base}/opinion/")
    assert "Обоснуйте спрос" in page.inner_text("#head-comment")
    page.fill("#text-demand", "Пассажиропоток 40 тыс. в сутки.")
    page.select_option("select[name=outcome]", "positive")
    with page.expect_navigation():
        page.click("#opinion-form button[value=send]")

    # the head issues a positive opinion; its PDF downloads
    _switch(page, live_server, "expertise_head")
    page.goto(f"{base}/opinions/{opinion.pk}/")
    page.select_option("#head-decision select[name=outcome]", "positive")
    page.select_option("#head-decision select[name=language]", "ru")
    with page.expect_navigation():
        page.click("form:has(select[name=language]) button[type=submit]")
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.ISSUED
    page.goto(f"{base}/opinions/{opinion.pk}/")
    screenshot(page, "issued")
    assert opinion.pdf_sha256 in page.inner_text("[data-testid=pdf-sha256]")
    with page.expect_download() as download_info:
        page.click("#pdf-link")
    pdf_path = tmp_path / "opinion.pdf"
    download_info.value.save_as(str(pdf_path))
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is required by the test suite"
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert opinion.number in text
    with translation.override("ru"):  # "Положительное" once the catalog has it
        assert str(Opinion.Outcome.POSITIVE.label) in text
    assert "324,85" in text.replace("\xa0", " ")
