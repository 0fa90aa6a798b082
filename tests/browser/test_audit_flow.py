"""The auditor's journey in a real browser: the quarter's population is frozen and its SHA-256 shown; a dice seed
is recorded before witnesses and the draw run; anyone signed out reads the public page and the inputs file, which
`audit_verify` recomputes to "match"; the auditor opens an audit of a drawn project with the conflict-of-interest
declaration, starts fieldwork, answers checklist items in place (the running score changes), records a major
finding and sends the draft in Kazakh; the project's manager answers the finding and proposes a corrective
action; the auditor issues the final report in English, whose PDF carries the report number and its heading."""

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from audits.models import Audit, AuditDraw, AuditReport, ChecklistAnswer, Finding
from audits.services.programme import (
    POLICY_FIELDS,
    policy_new_version,
    policy_update,
    programme_approve,
    programme_create,
)
from tests.audits.factories import checklist_v1
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, UserFactory
from tests.projects.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DICE = "3141592653589793238462643"  # 25 digits read out from the dice
# above the policy's default certainty threshold (10 bn ₸): the manager's project is audited in full, so the
# draw lists it whatever the seed, next to the two drawn by lot
BIG_BUDGET = Decimal("15000000000")


def _switch(page: Any, live_server: Any, username: str | None) -> None:
    page.context.clear_cookies()
    if username:
        sign_in(page, live_server, username, PASSWORD)


def _submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _pdf_text(page: Any, row: str, path: Path) -> str:
    with page.expect_download() as download_info:
        page.click(f"{row} [data-testid=report-download]")
    download_info.value.save_as(str(path))
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is required by the test suite"
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _setup(auditor: Any, pmo: Any, manager: Any, department_a: Any) -> Any:
    """What the browser does not do: the register's projects, the approved programme and its policy."""
    checklist_v1()
    managed = ProjectFactory(department=department_a, manager=manager, total_budget_plan=BIG_BUDGET)
    for i in range(7):  # some with a manager of their own, some without
        ProjectFactory(department=department_a, manager=UserFactory() if i % 2 else None)
    programme = programme_create(
        actor=auditor,
        year=timezone.localdate().year,
        owner=auditor,
        quota_q1=3,
        quota_q2=3,
        quota_q3=3,
        quota_q4=3,
        objectives="Compliance with the project management rules",
    )
    programme_approve(programme=programme, actor=pmo, note="Approved")
    policy = policy_new_version(programme=programme, actor=auditor)
    values = {name: getattr(policy, name) for name in POLICY_FIELDS}
    policy_update(policy=policy, actor=auditor, **{**values, "sample_size": 2})
    return managed


def test_audit_journey_from_draw_to_issued_report(
    browser_page: Any,
    live_server: Any,
    auditor: Any,
    pmo: Any,
    manager: Any,
    department_a: Any,
    tmp_path: Path,
    screenshot: Any,
) -> None:
    page = browser_page
    project = _setup(auditor, pmo, manager, department_a)
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1

    # the auditor freezes the quarter's population: the draw page shows its SHA-256
    _switch(page, live_server, "auditor")
    page.goto(f"{live_server.url}/audits/draws/new/")
    page.select_option("select[name=programme]", index=1)
    page.select_option("select[name=quarter]", str(quarter))
    page.select_option("select[name=policy]", index=1)
    page.fill("input[name=cutoff]", today.isoformat())
    _submit(page, "main form button[type=submit]")
    draw = AuditDraw.objects.get()
    assert page.url.rstrip("/").endswith(f"/draws/{draw.pk}")
    population_hash = page.inner_text("[data-testid=population-hash]").strip()
    assert re.fullmatch(r"[0-9a-f]{64}", population_hash)
    assert population_hash == draw.population_sha256
    assert page.inner_text("[data-testid=population-count]").strip() == "8"

    # the dice seed before two witnesses, then the draw: the drawn projects are listed
    page.fill("input[name=digits]", DICE)
    page.fill("textarea[name=witnesses]", "Public council\nCity newspaper")
    _submit(page, "form[action$='/seed/'] button[type=submit]")
    assert page.inner_text("[data-testid=seed]").strip()
    _submit(page, "form[action$='/run/'] button[type=submit]")
    drawn = page.locator("[data-testid=drawn] tbody tr")
    assert 2 <= drawn.count() <= 3
    assert project.code in page.inner_text("[data-testid=drawn]")
    draw.refresh_from_db()
    assert draw.status == AuditDraw.Status.DRAWN
    screenshot(page, "drawn")

    # signed out: the public page shows the hash, the seed and the result; its inputs file verifies
    _switch(page, live_server, None)
    page.goto(f"{live_server.url}/audits/draws/{draw.number}/public/")
    assert population_hash in page.inner_text("[data-testid=population-hash]")
    assert draw.seed in page.inner_text("[data-testid=seed]")
    assert project.code in page.inner_text("[data-testid=result]")
    screenshot(page, "public")
    response = page.request.get(f"{live_server.url}/audits/draws/{draw.number}/public/inputs.json")
    assert response.ok
    inputs = tmp_path / f"{draw.number}.json"
    inputs.write_bytes(response.body())
    assert json.loads(inputs.read_text(encoding="utf-8"))
    out = io.StringIO()
    call_command("audit_verify", str(inputs), stdout=out)
    assert "match" in out.getvalue()

    # the auditor opens an audit of the drawn project from the draw page, with the declaration
    _switch(page, live_server, "auditor")
    page.goto(f"{live_server.url}/audits/draws/{draw.pk}/")
    _submit(page, f"[data-testid=drawn] tbody tr:has-text('{project.code}') a[href*='item=']")
    assert project.code in page.inner_text("[data-testid=audit-drawn-item]")
    page.fill("input[name=planned_start]", today.isoformat())
    page.fill("input[name=planned_finish]", (today + datetime.timedelta(days=20)).isoformat())
    page.fill("textarea[name=scope]", "Project management rules, this year")
    page.check("input[name=declared]")
    _submit(page, "[data-testid=audit-start-form] button[type=submit]")
    audit = Audit.objects.get(project=project)
    assert page.url.rstrip("/").endswith(f"/audits/{audit.pk}")
    assert page.locator("[data-testid=audit-team] tbody tr").count() == 1
    _submit(page, "[data-testid=audit-start-fieldwork]")
    assert page.get_by_test_id("audit-start-fieldwork").count() == 0
    audit.refresh_from_db()
    assert audit.status == Audit.Status.FIELDWORK

    # checklist items answered in place: the running score follows each answer
    answers = list(
        audit.answers.select_related("item")
        .exclude(result=ChecklistAnswer.Result.NOT_APPLICABLE)
        .order_by("item__number")
    )
    good = next(a for a in answers if a.precheck_status != ChecklistAnswer.Precheck.FAILED)
    bad = next(a for a in answers if a.pk != good.pk and a.precheck_status != ChecklistAnswer.Precheck.PASSED)
    score = page.get_by_test_id("audit-score")
    assert score.inner_text().strip() == "—"
    url_before = page.url
    for answer, result in ((good, "compliant"), (bad, "non_compliant")):
        card = page.locator(f"#answer-{answer.pk}")
        card.get_by_test_id("answer-edit").click()
        form = card.get_by_test_id("answer-form")
        form.locator(f"input[name=result][value={result}]").check()
        form.locator("textarea[name=comment]").fill("Checked against the register")
        before = score.inner_text()
        form.locator("button[type=submit]").click()
        expect(score).not_to_have_text(before)  # a web-first wait (no eval under the page's CSP)
        assert page.locator(f"#answer-{answer.pk} [data-testid=answer-form]").count() == 0
        assert page.locator(f"#answer-{answer.pk} [data-testid=answer-result]").inner_text().strip()
    assert page.url == url_before  # in place, no navigation
    assert "100" not in score.inner_text()
    assert score.inner_text().strip() != "—"
    screenshot(page, "fieldwork")

    # a major finding on the non-compliant item
    page.click(f"a[href='/audits/{audit.pk}/findings/']")
    page.wait_for_url(f"**/audits/{audit.pk}/findings/")
    _submit(page, f"a[href='/audits/{audit.pk}/findings/new/']")
    page.select_option("select[name=severity]", "major")
    page.select_option("select[name=item]", str(bad.item_id))
    page.fill("input[name=title]", "Status reports are late")
    page.fill("textarea[name=description]", "Two of the last four status reports were late.")
    page.fill("textarea[name=recommendation]", "Name who answers for the reports.")
    _submit(page, "main form button[type=submit]")
    table = page.get_by_test_id("findings-table")
    assert "Status reports are late" in table.inner_text()
    finding = Finding.objects.get(audit=audit)
    assert finding.severity == Finding.Severity.MAJOR
    assert finding.item_id == bad.item_id

    # the draft report, sent for the management response in Kazakh: the job renders it
    report_tab = page.locator(f"a.nav-link[href='/audits/{audit.pk}/report/']")
    assert report_tab.inner_text().strip() != "Доложить"  # the noun, not portfolio's verb "to report"
    report_tab.click()
    page.wait_for_url(f"**/audits/{audit.pk}/report/")
    _submit(page, "[data-testid=report-prepare]")
    page.select_option("[data-testid=report-workflow] select[name$=language]", "kk")
    _submit(page, "[data-testid=report-send]")
    page.wait_for_selector("tr[data-report=draft] [data-testid=report-sha256]")
    assert page.locator("tr[data-report=draft] td").nth(1).inner_text().strip() == "KK"
    audit.refresh_from_db()
    assert audit.status == Audit.Status.RESPONSE
    screenshot(page, "draft-sent")
    draft = _pdf_text(page, "tr[data-report=draft]", tmp_path / "draft.pdf")
    with translation.override("kk"):  # the document's language, not the reader's
        assert gettext("Draft audit report %(audit)s") % {"audit": audit.number} in " ".join(draft.split())

    # the project's manager reads the finding, responds and proposes a corrective action of their own
    _switch(page, live_server, "manager")
    page.goto(f"{live_server.url}/audits/{audit.pk}/findings/")
    assert "Status reports are late" in page.get_by_test_id("findings-table").inner_text()
    _submit(page, f"a[href='/audits/{audit.pk}/findings/{finding.pk}/respond/']")
    page.fill("textarea[name=management_response]", "Agreed: a person now answers for the reports.")
    _submit(page, "main form button[type=submit]")
    assert "Agreed: a person now answers" in page.get_by_test_id("findings-table").inner_text()
    _submit(page, f"a[href='/audits/{audit.pk}/findings/{finding.pk}/actions/new/']")
    page.fill("textarea[name=description]", "Appoint the person responsible for status reports")
    page.select_option("select[name=owner]", str(manager.pk))
    page.fill("input[name=due_date]", (today + datetime.timedelta(days=30)).isoformat())
    _submit(page, "main form button[type=submit]")
    assert "Appoint the person responsible" in page.get_by_test_id("findings-table").inner_text()
    action = finding.actions.get()
    assert action.owner_id == manager.pk
    assert action.due_date > today
    screenshot(page, "responded")

    # the auditor issues the final report in English; its PDF carries the number and the heading
    _switch(page, live_server, "auditor")
    page.goto(f"{live_server.url}/audits/{audit.pk}/report/")
    assert page.get_by_test_id("report-blockers").count() == 0
    page.select_option("[data-testid=report-workflow] select[name$=language]", "en")
    _submit(page, "[data-testid=report-issue]")
    assert page.get_by_test_id("report-issued").is_visible()
    page.wait_for_selector("tr[data-report=final] [data-testid=report-sha256]")
    final = AuditReport.objects.get(audit=audit, kind=AuditReport.Kind.FINAL)
    assert final.number
    assert final.language == "en"
    assert final.sha256 in page.inner_text("tr[data-report=final] [data-testid=report-sha256]")
    screenshot(page, "issued")
    text = _pdf_text(page, "tr[data-report=final]", tmp_path / "report.pdf")
    assert final.number in text
    assert f"Audit report No. {final.number}" in " ".join(text.split())
    assert audit.number in text
