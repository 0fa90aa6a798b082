"""Automatic pre-checks: what the system's data says about a checklist item, at the audit's cut-off date.

One function per `precheck` key of `audits/checklist_start.py`, each `(project, cutoff) -> (status, facts)`:
status is passed / failed / not_checked, facts a list of stored sentences (`pmis.core.texts.msg`, key and
numbers) shown beside the item in the reader's language. A pre-check whose data no app provides, or that has
nothing to look at, says "not checked" with the reason — never "passed".

Where the numbers come from:
- the register, through `projects.selectors.audit_facts` (its domain dates: approved, submitted, decided,
  reviewed; amounts as currently recorded);
- monitoring and expertise, through `pmis.core.portal.project_facts` ("indicators", "first_disbursement",
  "expertise_opinions"): a missing provider gives "not checked";
- earlier findings, from the audit function's own rows (audits issued on or before the cut-off).

Rules (the thresholds are named constants in projects.selectors.audit_facts):
- passport: passed when the newest passport version was approved on or before the cut-off.
- indicators: passed when every indicator in use has a baseline, yearly targets and a data source.
- plan: passed when a baseline exists and every milestone has an owner.
- budget: passed when every budget line has a budget-program code and plan ≥ committed ≥ disbursed on each
  line.
- reports: one report per month from the project's start (at most 12 months back) due by the 10th of the
  following month; passed when each was submitted on time, its reported RAG equals the RAG recomputed from the
  data for the end of its month, and every confidence that differs from the RAG has a rationale.
- changes: passed when every re-baseline (version 2 on) comes from a change request approved before it and no
  approved change of dates, budget or scope is left without a new baseline version.
- risks: passed when every open risk was reviewed within 45 days of the cut-off and every top risk (score 12 or
  more) has an owner and a response; an empty register fails.
- expertise: passed when a positive opinion was issued no later than the month of the first disbursement (or
  before any disbursement); not checked when no review case is linked to the project.
- documents: passed when every document of the register carries a SHA-256; not checked when there are none.
- earlier_findings: passed when every corrective action of earlier audits' findings due by the cut-off was
  closed (verified) by its due date.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from pmis.core.portal import project_facts
from pmis.core.texts import Text, date, label, money, month, msg
from projects.selectors import audit_facts

PASSED = "passed"
FAILED = "failed"
NOT_CHECKED = "not_checked"

Result = tuple[str, list[Text]]
Precheck = Callable[[Any, datetime.date], Result]


def _provider_missing(what: dict[str, Any]) -> Result:
    return NOT_CHECKED, [msg("Not checked: no application provides %(what)s.", what=what)]


def passport(project: Any, cutoff: datetime.date) -> Result:
    facts = audit_facts.passport_facts(project, cutoff)
    if facts.latest_version is None:
        return FAILED, [msg("The project has no passport.")]
    if facts.approved_version is None:
        return FAILED, [msg("No passport version was approved by the cut-off date.")]
    lines = [
        msg(
            "Passport version %(version)s approved on %(date)s.",
            version=facts.approved_version,
            date=date(facts.approved_on),
        )
    ]
    if facts.approved_version != facts.latest_version:
        lines.append(msg("A newer version %(version)s is not approved yet.", version=facts.latest_version))
        return FAILED, lines
    return PASSED, lines


def indicators(project: Any, cutoff: datetime.date) -> Result:
    data = project_facts("indicators", [project.pk], cutoff)
    if data is None:
        return _provider_missing(label("indicator data"))
    row = data.get(project.pk) or {}
    total = row.get("total", 0)
    if not total:
        return FAILED, [msg("The project has no indicators.")]
    lines = [
        msg("%(n)s of %(total)s indicators have a baseline.", n=row["with_baseline"], total=total),
        msg("%(n)s of %(total)s indicators have yearly targets.", n=row["with_targets"], total=total),
        msg("%(n)s of %(total)s indicators name their data source.", n=row["with_source"], total=total),
    ]
    return (PASSED if row["complete"] == total else FAILED), lines


def plan(project: Any, cutoff: datetime.date) -> Result:
    facts = audit_facts.plan_facts(project, cutoff)
    lines = []
    ok = True
    if facts.baseline_version is None:
        lines.append(msg("The plan has no baseline."))
        ok = False
    else:
        lines.append(
            msg(
                "Baseline version %(version)s of %(date)s.",
                version=facts.baseline_version,
                date=date(facts.baseline_on),
            )
        )
    if not facts.milestones:
        lines.append(msg("The plan has no milestones."))
        ok = False
    else:
        lines.append(
            msg("%(n)s of %(total)s milestones have an owner.", n=facts.owned, total=facts.milestones)
        )
        ok = ok and facts.owned == facts.milestones
    return (PASSED if ok else FAILED), lines


def budget(project: Any, cutoff: datetime.date) -> Result:
    facts = audit_facts.budget_facts(project)
    if not facts.lines:
        return FAILED, [msg("The project has no budget lines.")]
    lines = [
        msg(
            "Plan %(plan)s, committed %(committed)s, disbursed %(disbursed)s.",
            plan=money(facts.plan),
            committed=money(facts.committed),
            disbursed=money(facts.disbursed),
        ),
        msg("%(n)s of %(total)s budget lines carry a budget-program code.", n=facts.coded, total=facts.lines),
    ]
    ok = facts.coded == facts.lines
    if facts.over_committed:
        lines.append(msg("Committed exceeds the plan on %(n)s budget lines.", n=facts.over_committed))
        ok = False
    if facts.over_disbursed:
        lines.append(
            msg("Disbursed exceeds the committed amount on %(n)s budget lines.", n=facts.over_disbursed)
        )
        ok = False
    return (PASSED if ok else FAILED), lines


def reports(project: Any, cutoff: datetime.date) -> Result:
    periods = audit_facts.report_facts(project, cutoff)
    if not periods:
        return NOT_CHECKED, [msg("Not checked: no status report was due by the cut-off date.")]
    total = len(periods)
    on_time = sum(1 for p in periods if p.on_time)
    submitted = [p for p in periods if p.submitted_on is not None]
    matching = sum(1 for p in submitted if p.reported_rag == p.recomputed_rag)
    unjustified = sum(1 for p in submitted if p.override_without_rationale)
    lines = [
        msg("%(n)s of %(total)s status reports on time.", n=on_time, total=total),
        msg(
            "%(n)s of %(total)s reported RAG ratings equal the RAG recomputed from the data.",
            n=matching,
            total=len(submitted),
        ),
    ]
    late = [p for p in periods if not p.on_time]
    if late:
        first = late[0]
        lines.append(
            msg(
                "First late or missing report: %(month)s (due %(due)s).",
                month=month(datetime.date(first.year, first.month, 1)),
                due=date(first.due),
            )
        )
    if unjustified:
        lines.append(
            msg("%(n)s confidence assessments differ from the RAG without a rationale.", n=unjustified)
        )
    ok = on_time == total and matching == len(submitted) and not unjustified
    return (PASSED if ok else FAILED), lines


def changes(project: Any, cutoff: datetime.date) -> Result:
    facts = audit_facts.change_facts(project, cutoff)
    lines = [
        msg(
            "%(n)s of %(total)s baseline changes come from a change request approved before them.",
            n=facts.backed,
            total=facts.rebaselines,
        )
    ]
    if facts.unbaselined:
        lines.append(
            msg(
                "%(n)s approved changes of dates, budget or scope have no new baseline version.",
                n=facts.unbaselined,
            )
        )
    ok = facts.backed == facts.rebaselines and not facts.unbaselined
    return (PASSED if ok else FAILED), lines


def risks(project: Any, cutoff: datetime.date) -> Result:
    facts = audit_facts.risk_facts(project, cutoff)
    if not facts.open:
        return FAILED, [msg("The risk register has no open risks.")]
    lines = [
        msg(
            "%(n)s of %(total)s open risks reviewed within %(days)s days of the cut-off date.",
            n=facts.reviewed,
            total=facts.open,
            days=audit_facts.RISK_REVIEW_DAYS,
        ),
        msg(
            "%(n)s of %(total)s top risks (score %(score)s or more) have an owner and a response.",
            n=facts.top_owned,
            total=facts.top,
            score=audit_facts.TOP_RISK_SCORE,
        ),
    ]
    ok = facts.reviewed == facts.open and facts.top_owned == facts.top
    return (PASSED if ok else FAILED), lines


def expertise(project: Any, cutoff: datetime.date) -> Result:
    opinions = project_facts("expertise_opinions", [project.pk], cutoff)
    if opinions is None:
        return _provider_missing(label("expertise opinions"))
    row = opinions.get(project.pk) or {}
    if not row.get("cases"):
        return NOT_CHECKED, [msg("Not checked: no expertise case is linked to the project.")]
    paid = project_facts("first_disbursement", [project.pk], cutoff)
    if paid is None:
        return _provider_missing(label("disbursement dates"))
    first_paid = (paid.get(project.pk) or {}).get("date")
    positive_on = row.get("positive_on")
    lines = []
    if positive_on is not None:
        lines.append(msg("Positive expertise opinion issued on %(date)s.", date=date(positive_on)))
    else:
        lines.append(msg("No positive expertise opinion by the cut-off date."))
    if first_paid is not None:
        lines.append(msg("First disbursement in %(month)s.", month=month(first_paid)))
    else:
        lines.append(msg("No disbursement by the cut-off date."))
    if first_paid is None:
        return (PASSED if positive_on is not None else NOT_CHECKED), lines
    if positive_on is None:
        return FAILED, lines
    in_time = (positive_on.year, positive_on.month) <= (first_paid.year, first_paid.month)
    return (PASSED if in_time else FAILED), lines


def documents(project: Any, cutoff: datetime.date) -> Result:
    facts = audit_facts.document_facts(project)
    if not facts.total:
        return NOT_CHECKED, [msg("Not checked: the project has no documents in the register.")]
    lines = [msg("%(n)s of %(total)s documents carry a SHA-256.", n=facts.hashed, total=facts.total)]
    return (PASSED if facts.hashed == facts.total else FAILED), lines


def earlier_findings(project: Any, cutoff: datetime.date) -> Result:
    from audits.models import Audit, CorrectiveAction

    actions = list(
        CorrectiveAction.objects.filter(
            finding__audit__project=project,
            finding__audit__status=Audit.Status.ISSUED,
            finding__audit__issued_at__date__lte=cutoff,
            due_date__lte=cutoff,
        ).values("status", "due_date", "verified_at")
    )
    if not actions:
        return PASSED, [msg("No corrective action of an earlier audit was due by the cut-off date.")]
    in_time = sum(
        1
        for a in actions
        if a["status"] == CorrectiveAction.Status.VERIFIED
        and a["verified_at"] is not None
        and a["verified_at"].date() <= a["due_date"]
    )
    lines = [
        msg(
            "%(n)s of %(total)s corrective actions of earlier audits closed by their due date.",
            n=in_time,
            total=len(actions),
        )
    ]
    return (PASSED if in_time == len(actions) else FAILED), lines


PRECHECKS: dict[str, Precheck] = {
    "passport": passport,
    "indicators": indicators,
    "plan": plan,
    "budget": budget,
    "reports": reports,
    "changes": changes,
    "risks": risks,
    "expertise": expertise,
    "documents": documents,
    "earlier_findings": earlier_findings,
}


def run(key: str, project: Any, cutoff: datetime.date) -> tuple[str, list[dict[str, Any]]]:
    """The pre-check named `key` as (status, facts as stored JSON); blank or unknown: not checked, no figures."""
    func = PRECHECKS.get(key)
    if func is None:
        return NOT_CHECKED, []
    status, facts = func(project, cutoff)
    return status, [fact.as_json() for fact in facts]
