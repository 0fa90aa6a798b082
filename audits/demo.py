"""Demo of the audit function for `manage.py load_demo`: this year's approved programme and its policy, a drawn
draw with its public page and the next quarter frozen (the areas' own demo modules), then three audits of drawn
projects at different stages — one planned, one in fieldwork with part of the checklist answered, and one with
its final report issued, findings answered by the project team and corrective actions (one verified, one open)
— so every audit page can be tried at once. Idempotent: a second run finds the audits of the draw."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits import demo_draws, demo_programme
from audits.models import Audit, AuditDraw, ChecklistAnswer, Finding
from audits.services import fieldwork, findings, reports
from projects.selectors.team import project_team_users

Result = ChecklistAnswer.Result
Precheck = ChecklistAnswer.Precheck


def _answer_all(audit: Audit, auditor: Any, *, limit: int | None = None) -> list[ChecklistAnswer]:
    """Answer the applicable items the way an auditor would after reading the pre-checks: agreeing with a computed
    pre-check, partially compliant where the data could not say."""
    answers = list(audit.answers.select_related("item", "audit", "audit__project").order_by("item__number"))
    done = []
    for answer in answers[:limit]:
        if answer.result == Result.NOT_APPLICABLE:
            continue
        if answer.precheck_status == Precheck.PASSED:
            result, comment = Result.COMPLIANT, "Подтверждается документами проекта (ДЕМО)."
        elif answer.precheck_status == Precheck.FAILED:
            result, comment = Result.NON_COMPLIANT, "Подтверждено при проверке на месте (ДЕМО)."
        else:
            result, comment = Result.PARTIAL, "Документы представлены не полностью (ДЕМО)."
        done.append(fieldwork.answer_save(answer=answer, actor=auditor, result=result, comment=comment))
    return done


def _start(item: Any, auditor: Any, today: datetime.date, *, start_in: int) -> Audit:
    return fieldwork.audit_start(
        actor=auditor,
        project=item.project,
        programme=item.draw.programme,
        lead=auditor,
        cutoff_date=item.draw.cutoff_date,
        planned_start=today + datetime.timedelta(days=start_in),
        planned_finish=today + datetime.timedelta(days=start_in + 20),
        scope="Соблюдение регламентов управления проектом за текущий год (ДЕМО).",
        declared=True,
        draw_item=item,
    )


def _issued(item: Any, auditor: Any, today: datetime.date) -> Audit | None:
    audit = _start(item, auditor, today, start_in=-30)
    audit = fieldwork.fieldwork_start(audit=audit, actor=auditor)
    fieldwork.team_notify(audit=audit, actor=auditor)
    _answer_all(audit, auditor)
    by_code = {a.item.code: a.item for a in audit.answers.select_related("item")}
    major = findings.finding_create(
        audit=audit,
        actor=auditor,
        severity=Finding.Severity.MAJOR,
        item=by_code.get("reports"),
        title="Отчёты о статусе сдаются с опозданием",
        description="Два из четырёх последних отчётов о статусе сданы позже срока (ДЕМО).",
        recommendation="Назначить ответственного за отчётность и контроль сроков.",
    )
    minor = findings.finding_create(
        audit=audit,
        actor=auditor,
        severity=Finding.Severity.MINOR,
        item=by_code.get("risks"),
        title="У двух рисков не указаны меры реагирования",
        description="В реестре рисков две записи без мер реагирования (ДЕМО).",
    )
    audit = reports.report_draft_prepare(audit=audit, actor=auditor)
    reports.report_draft_send(audit=audit, actor=auditor, language="ru")
    team = list(project_team_users(item.project))
    if not team:
        return audit
    owner = team[0]
    findings.finding_respond(
        finding=major, actor=owner, response="Согласны. Назначен ответственный, график отчётности утверждён."
    )
    findings.finding_respond(finding=minor, actor=owner, response="Меры реагирования внесены в реестр.")
    done = findings.action_add(
        finding=major,
        actor=owner,
        description="Назначить ответственного за отчётность приказом по управлению",
        owner=owner,
        due_date=today + datetime.timedelta(days=5),
    )
    findings.action_add(
        finding=major,
        actor=owner,
        description="Сдавать отчёты о статусе до 10-го числа месяца в течение полугода",
        owner=owner,
        due_date=today + datetime.timedelta(days=60),
    )
    findings.finding_accept_response(finding=minor, actor=auditor)
    reports.report_issue(audit=audit, actor=auditor, language="ru")
    evidence = SimpleUploadedFile(
        "prikaz.pdf", b"%PDF-1.4\n% demo order\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )
    done = findings.action_complete(
        action=done, actor=owner, note="Приказ подписан (ДЕМО).", uploaded_file=evidence
    )
    findings.action_verify(action=done, actor=auditor, note="Приказ проверен.")
    return audit


def load(ctx: dict[str, Any]) -> None:
    demo_programme.load(ctx)
    demo_draws.load(ctx)
    auditor = ctx["users"]["auditor"]
    draw = AuditDraw.objects.filter(status=AuditDraw.Status.DRAWN).order_by("-drawn_at").first()
    if draw is None or Audit.objects.filter(draw=draw).exists():
        return
    items = list(draw.items.select_related("project", "draw", "draw__programme").order_by("rank")[:3])
    if len(items) < 3:
        return
    today = timezone.localdate()
    _start(items[0], auditor, today, start_in=7)
    working = _start(items[1], auditor, today, start_in=-5)
    working = fieldwork.fieldwork_start(audit=working, actor=auditor)
    fieldwork.team_notify(audit=working, actor=auditor)
    fieldwork.request_add(
        audit=working,
        actor=auditor,
        text="Приказы о назначении руководителя проекта и ответственных за контрольные точки",
        due_date=today + datetime.timedelta(days=5),
    )
    _answer_all(working, auditor, limit=6)
    issued = _issued(items[2], auditor, today)
    if "stdout" in ctx:
        ctx["stdout"].write(
            f"audits: {working.number} in fieldwork, {issued.number if issued else '-'} issued with findings\n"
        )
