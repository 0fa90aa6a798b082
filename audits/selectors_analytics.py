"""Audit analytics: compliance by direction, department, project type and checklist item, and over time; the
most frequent findings; corrective-action closure and ageing; auditor workload.

Everything starts from `permissions.audits_visible_to(user)` (auditors: every audit; the Project Office: audits
shared for response or issued). Compliance figures count issued audits only (their score is final). Each table
is one aggregate query whatever the number of audits, and is built once as rows of plain values: the page, its
Excel export and the yearly PDF all show those same rows."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Case, CharField, Count, DecimalField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from audits.models import Audit, ChecklistAnswer, ChecklistItem, CorrectiveAction, Finding
from audits.permissions import audits_visible_to
from pmis.core.charts import quarter_label
from pmis.core.models import localized
from pmis.core.portal import direction_scores

PCT = Decimal("0.1")
# days overdue → bucket (upper bound inclusive; None: no bound)
AGEING = [(1, 30), (31, 60), (61, 90), (91, None)]


@dataclass
class Table:
    """One table of the page: the headers, the rows (plain values) and how each column is shown."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    kinds: list[str]  # "text", "int", "num" (up to one decimal), "pct" (a percentage, already × 100)
    chart: dict[str, Any] = field(default_factory=dict)

    @property
    def cells(self) -> list[list[tuple[str, Any]]]:
        return [list(zip(self.kinds, row, strict=True)) for row in self.rows]


def _pct(value: Any) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(str(value)) * 100).quantize(PCT, rounding=ROUND_HALF_UP)


def _name(row: Mapping[str, Any], prefix: str) -> str:
    """The name in the active language from values() columns `<prefix>name_ru/kk/en`."""
    holder = type(
        "Named", (), {f"name_{lang}": row.get(f"{prefix}name_{lang}") or "" for lang in ("ru", "kk", "en")}
    )
    return localized(holder, "name")


def analytics_audits(user: Any, *, year: int | None = None, direction: Any = None) -> QuerySet[Audit]:
    """The audits the user's figures are made of, filtered by programme year and basic direction."""
    qs = audits_visible_to(user)
    if year:
        qs = qs.filter(programme__year=year)
    if direction:
        qs = qs.filter(project__direction=direction)
    return qs


def analytics_years(user: Any) -> list[int]:
    return sorted(set(audits_visible_to(user).values_list("programme__year", flat=True)), reverse=True)


def _issued(audits: QuerySet[Audit]) -> QuerySet[Audit]:
    return audits.filter(status=Audit.Status.ISSUED, score__isnull=False)


def _compliance_headers(first: str) -> list[str]:
    return [first, _("Issued audits"), _("Average score, %")]


def compliance_by_direction(audits: QuerySet[Audit]) -> Table:
    """Compliance by basic direction and, when the surveys give it, the customers' satisfaction (CSAT) of the
    same direction over the last four quarters beside it (one more query; suppressed under five answers)."""
    rows = list(
        _issued(audits)
        .values(
            "project__direction_id",
            "project__direction__number",
            "project__direction__name_ru",
            "project__direction__name_kk",
            "project__direction__name_en",
        )
        .annotate(n=Count("id"), avg=Avg("score"))
        .order_by("project__direction__number")
    )
    data = [[_name(r, "project__direction__"), r["n"], _pct(r["avg"])] for r in rows]
    headers = _compliance_headers(_("Basic direction"))
    kinds = ["text", "int", "pct"]
    csat = direction_scores("csat", [r["project__direction_id"] for r in rows if r["project__direction_id"]])
    if csat is not None:
        headers.append(_("Customer satisfaction (CSAT), %"))
        kinds.append("pct")
        for row, r in zip(data, rows, strict=True):
            score = csat.get(r["project__direction_id"])
            row.append(None if score is None or score.value is None else _pct(score.value / 100))
    return Table(
        "direction",
        _("Compliance by basic direction"),
        headers,
        data,
        kinds,
        chart={"labels": [r[0] for r in data], "values": [float(r[2] or 0) for r in data]},
    )


def compliance_by_department(audits: QuerySet[Audit]) -> Table:
    rows = (
        _issued(audits)
        .values(
            "project__department_id",
            "project__department__name_ru",
            "project__department__name_kk",
            "project__department__name_en",
        )
        .annotate(n=Count("id"), avg=Avg("score"))
        .order_by("project__department__name_ru")
    )
    data = [[_name(r, "project__department__"), r["n"], _pct(r["avg"])] for r in rows]
    return Table(
        "department",
        _("Compliance by department"),
        _compliance_headers(_("Responsible department")),
        data,
        ["text", "int", "pct"],
    )


def compliance_by_type(audits: QuerySet[Audit]) -> Table:
    # the register's project types, read off the audit's relation (audits does not import the register's models)
    project_model = Audit._meta.get_field("project").related_model
    labels = dict(project_model._meta.get_field("project_type").flatchoices)  # type: ignore[union-attr]
    rows = (
        _issued(audits)
        .values("project__project_type")
        .annotate(n=Count("id"), avg=Avg("score"))
        .order_by("project__project_type")
    )
    data = [
        [str(labels.get(r["project__project_type"], r["project__project_type"])), r["n"], _pct(r["avg"])]
        for r in rows
    ]
    return Table(
        "type",
        _("Compliance by project type"),
        _compliance_headers(_("Project type")),
        data,
        ["text", "int", "pct"],
    )


def _item_labels(codes: list[str]) -> dict[str, str]:
    """ "N. text" of each item code, from the newest checklist version that has it (one query)."""
    labels: dict[str, str] = {}
    for item in ChecklistItem.objects.filter(code__in=codes).order_by("code", "-version__version"):
        labels.setdefault(item.code, f"{item.number}. {item.text}")
    return labels


def compliance_by_item(audits: QuerySet[Audit]) -> Table:
    """Per checklist item: answers of issued audits, average result (compliant 1, partially 0.5, non-compliant 0;
    not applicable and unanswered left out) and the share non-compliant."""
    score = Case(
        When(result=ChecklistAnswer.Result.COMPLIANT, then=Value(Decimal("1"))),
        When(result=ChecklistAnswer.Result.PARTIAL, then=Value(Decimal("0.5"))),
        default=Value(Decimal("0")),
        output_field=DecimalField(max_digits=5, decimal_places=4),
    )
    rows = list(
        ChecklistAnswer.objects.filter(audit__in=_issued(audits).values("pk"))
        .filter(
            result__in=[
                ChecklistAnswer.Result.COMPLIANT,
                ChecklistAnswer.Result.PARTIAL,
                ChecklistAnswer.Result.NON_COMPLIANT,
            ]
        )
        .values("item__code")
        .annotate(
            n=Count("id"),
            avg=Avg(score),
            bad=Count("id", filter=Q(result=ChecklistAnswer.Result.NON_COMPLIANT)),
            number=Avg("item__number"),
        )
        .order_by("number", "item__code")
    )
    labels = _item_labels([r["item__code"] for r in rows])
    data = [
        [
            labels.get(r["item__code"], r["item__code"]),
            r["n"],
            _pct(r["avg"]),
            _pct(Decimal(r["bad"]) / r["n"]),
        ]
        for r in rows
    ]
    return Table(
        "item",
        _("Compliance by checklist item"),
        [_("Checklist item"), _("Answers"), _("Average result, %"), _("Non-compliant, %")],
        data,
        ["text", "int", "pct", "pct"],
    )


def compliance_over_time(audits: QuerySet[Audit]) -> Table:
    rows = (
        _issued(audits)
        .filter(issued_at__isnull=False)
        .annotate(y=ExtractYear("issued_at"), q=ExtractQuarter("issued_at"))
        .values("y", "q")
        .annotate(n=Count("id"), avg=Avg("score"))
        .order_by("y", "q")
    )
    data = [[quarter_label(r["y"], r["q"]), r["n"], _pct(r["avg"])] for r in rows]
    return Table(
        "time",
        _("Compliance over time (quarter of issue)"),
        _compliance_headers(_("Quarter")),
        data,
        ["text", "int", "pct"],
        chart={"labels": [r[0] for r in data], "values": [float(r[2] or 0) for r in data]},
    )


def frequent_findings(audits: QuerySet[Audit]) -> Table:
    """Findings of the audits the user sees, by checklist item and severity, the most frequent first."""
    rows = list(
        Finding.objects.filter(audit__in=audits.values("pk"))
        .annotate(
            code=Case(When(item__isnull=True, then=Value("")), default="item__code", output_field=CharField())
        )
        .values("code")
        .annotate(
            total=Count("id"),
            critical=Count("id", filter=Q(severity=Finding.Severity.CRITICAL)),
            major=Count("id", filter=Q(severity=Finding.Severity.MAJOR)),
            minor=Count("id", filter=Q(severity=Finding.Severity.MINOR)),
        )
        .order_by("-total", "code")
    )
    labels = _item_labels([r["code"] for r in rows if r["code"]])
    data = [
        [
            labels.get(r["code"], r["code"]) if r["code"] else _("Not linked to a checklist item"),
            r["total"],
            r["critical"],
            r["major"],
            r["minor"],
        ]
        for r in rows
    ]
    return Table(
        "findings",
        _("Most frequent findings"),
        [_("Checklist item"), _("Findings"), _("Critical"), _("Major"), _("Minor")],
        data,
        ["text", "int", "int", "int", "int"],
    )


def action_closure(audits: QuerySet[Audit], *, today: datetime.date | None = None) -> Table:
    """Corrective actions of those audits: how many, closed (verified), closure rate, and the open ones by how
    many days they are overdue (one aggregate query)."""
    today = today or timezone.localdate()
    closed = Q(status=CorrectiveAction.Status.VERIFIED)
    buckets: dict[str, Any] = {"not_due": Count("id", filter=~closed & Q(due_date__gte=today))}
    for low, high in AGEING:
        q = ~closed & Q(due_date__lte=today - datetime.timedelta(days=low))
        if high is not None:
            q &= Q(due_date__gte=today - datetime.timedelta(days=high))
        buckets[f"b{low}"] = Count("id", filter=q)
    figures = CorrectiveAction.objects.filter(finding__audit__in=audits.values("pk")).aggregate(
        total=Count("id"),
        closed=Count("id", filter=closed),
        done=Count("id", filter=Q(status=CorrectiveAction.Status.DONE)),
        **buckets,
    )
    total = figures["total"]
    rate = _pct(Decimal(figures["closed"]) / total) if total else None
    bucket_labels = [
        _("%(low)s–%(high)s days overdue") % {"low": low, "high": high}
        if high is not None
        else _("more than %(days)s days overdue") % {"days": low - 1}
        for low, high in AGEING
    ]
    open_rows = [[_("Open, not yet due"), figures["not_due"]]] + [
        [label, figures[f"b{low}"]] for label, (low, _high) in zip(bucket_labels, AGEING, strict=True)
    ]
    data = [
        [_("Corrective actions"), total],
        [_("Closed (verified)"), figures["closed"]],
        [_("Closure rate, %"), rate],
        [_("Done, awaiting verification"), figures["done"]],
        *open_rows,
    ]
    return Table(
        "actions",
        _("Corrective actions: closure and ageing"),
        [_("Actions"), pgettext("a count of actions", "Number")],
        data,
        ["text", "num"],
        chart={"labels": [r[0] for r in open_rows], "values": [r[1] for r in open_rows], "rate": rate},
    )


def auditor_workload(audits: QuerySet[Audit]) -> Table:
    rows = (
        audits.values("lead_id", "lead__first_name", "lead__last_name", "lead__username")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=~Q(status__in=[Audit.Status.ISSUED, Audit.Status.CANCELLED])),
            issued=Count("id", filter=Q(status=Audit.Status.ISSUED)),
        )
        .order_by("-total", "lead__last_name", "lead_id")
    )
    data = [
        [
            " ".join(filter(None, [r["lead__last_name"], r["lead__first_name"]])) or r["lead__username"],
            r["total"],
            r["open"],
            r["issued"],
        ]
        for r in rows
    ]
    return Table(
        "workload",
        _("Auditor workload"),
        [
            _("Lead auditor"),
            _("Audits"),
            pgettext("audits still open", "Open"),
            pgettext("audits with an issued report", "Issued"),
        ],
        data,
        ["text", "int", "int", "int"],
    )


TABLES = [
    compliance_by_direction,
    compliance_by_department,
    compliance_by_type,
    compliance_by_item,
    compliance_over_time,
    frequent_findings,
    action_closure,
    auditor_workload,
]
TABLE_KEYS = ["direction", "department", "type", "item", "time", "findings", "actions", "workload"]


def analytics_tables(user: Any, *, year: int | None = None, direction: Any = None) -> list[Table]:
    """Every table of the analytics page for this user and these filters."""
    audits = analytics_audits(user, year=year, direction=direction)
    return [build(audits) for build in TABLES]


def analytics_table(user: Any, key: str, *, year: int | None = None, direction: Any = None) -> Table | None:
    """One table (for its Excel export), or None for an unknown key."""
    if key not in TABLE_KEYS:
        return None
    audits = analytics_audits(user, year=year, direction=direction)
    return TABLES[TABLE_KEYS.index(key)](audits)
