"""Import of archive opinions (2010–2022) from the Excel template: check every row first, write all or nothing."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from expertise.models import HistoryImport, Opinion, RegulatoryBasis, ReviewCase, ReviewKind
from pmis.accounts.models import Organization
from pmis.core.excel import ExcelError, read_rows, write_xlsx
from pmis.core.jobs import JobError, job_create
from pmis.core.texts import msg

NUMBER_RE = re.compile(r"^\s*(\d{1,4})\s*/\s*(\d{4})\s*$")
COLUMNS = ["number", "issued_on", "outcome", "kind", "title", "applicant", "received_on", "act_number"]
MAX_ROWS = 5000
FIRST_YEAR, LAST_YEAR = 2000, 2100


def template_headers() -> list[str]:
    return [
        _("Opinion number (NN/YYYY)"), _("Date of issue"), _("Outcome"), _("Kind"), _("Title"),
        _("Applicant department (code)"), _("Received on"), _("Legal act number"),
    ]


def template_xlsx() -> bytes:
    example = [["07/2015", date(2015, 4, 20), "positive", "feasibility_study", "Строительство школы на 600 мест",
                "dep-education", date(2015, 3, 2), "129"]]
    return write_xlsx(template_headers(), example, title="opinions", column_widths=[16, 14, 22, 24, 60, 24, 14, 12])


@dataclass
class Row:
    line: int
    sequence: int
    year: int
    issued_on: date
    outcome: str
    kind: str
    title: str
    applicant_id: int
    received_on: date
    basis_id: int | None


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 — a calendar date, no time
            except ValueError:
                continue
    return None


def _outcomes() -> dict[str, str]:
    table = {value: value for value in Opinion.Outcome.values}
    table.update({"положительное": "positive", "отрицательное": "negative", "на доработку": "returned_for_revision",
                  "returned": "returned_for_revision"})
    return table


def parse(data: bytes) -> tuple[list[Row], list[dict[str, Any]]]:
    """The rows of the workbook and a list of errors {row, messages}; nothing is written."""
    try:
        raw = list(read_rows(data, max_rows=MAX_ROWS + 1))
    except ExcelError as exc:
        return [], [{"row": 0, "messages": [str(exc)]}]
    orgs = dict(Organization.objects.values_list("code", "pk"))
    bases = dict(RegulatoryBasis.objects.exclude(number="").values_list("number", "pk"))
    taken = set(Opinion.objects.filter(sequence__isnull=False).values_list("year", "sequence"))
    outcomes = _outcomes()
    rows: list[Row] = []
    errors: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for line, values in enumerate(raw[1:], start=2):
        cells = dict(zip(COLUMNS, list(values) + [None] * len(COLUMNS), strict=False))
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        messages = []
        match = NUMBER_RE.match(str(cells["number"] or ""))
        if not match:
            messages.append(_("the number must look like 07/2015"))
        issued_on = _as_date(cells["issued_on"])
        received_on = _as_date(cells["received_on"])
        if issued_on is None:
            messages.append(_("the date of issue is not a date"))
        if received_on is None:
            messages.append(_("the date of receipt is not a date"))
        if issued_on and received_on and received_on > issued_on:
            messages.append(_("the case was received after the opinion was issued"))
        outcome = outcomes.get(str(cells["outcome"] or "").strip().lower())
        if outcome is None:
            messages.append(_("unknown outcome “%(value)s”") % {"value": cells["outcome"]})
        kind = str(cells["kind"] or "").strip()
        if kind not in ReviewKind.values:
            messages.append(_("unknown kind “%(value)s”") % {"value": kind})
        title = str(cells["title"] or "").strip()
        if not title:
            messages.append(_("the title is empty"))
        applicant_id = orgs.get(str(cells["applicant"] or "").strip())
        if applicant_id is None:
            messages.append(_("unknown organization code “%(value)s”") % {"value": cells["applicant"]})
        act = str(cells["act_number"] or "").strip()
        basis_id = bases.get(act) if act else None
        if act and basis_id is None:
            messages.append(_("unknown legal act number “%(value)s”") % {"value": act})
        if match:
            key = (int(match.group(2)), int(match.group(1)))
            if not FIRST_YEAR <= key[0] <= LAST_YEAR:
                messages.append(_("the year of the number is out of range"))
            elif issued_on and issued_on.year != key[0]:
                messages.append(_("the year of the number differs from the year of issue"))
            if key in taken:
                messages.append(_("opinion %(number)s already exists") % {"number": cells["number"]})
            if key in seen:
                messages.append(_("the number repeats an earlier row"))
            seen.add(key)
        if messages:
            errors.append({"row": line, "messages": messages})
            continue
        assert match
        assert issued_on
        assert received_on
        assert outcome
        assert applicant_id
        rows.append(Row(line, int(match.group(1)), int(match.group(2)), issued_on, outcome, kind, title[:500],
                        applicant_id, received_on, basis_id))
    if len(raw) > MAX_ROWS + 1:
        errors.append({"row": 0, "messages": [_("At most %(n)s rows per file.") % {"n": MAX_ROWS}]})
    if not rows and not errors:
        errors.append({"row": 0, "messages": [_("The workbook has no rows under the header row.")]})
    return rows, errors


@transaction.atomic
def history_upload(*, actor: Any, name: str, data: bytes) -> HistoryImport:
    """Keep the uploaded workbook and queue its check."""
    record = HistoryImport(file_name=name[:255], sha256=hashlib.sha256(data).hexdigest(), created_by=actor)
    record.file.save(name, ContentFile(data), save=False)
    record.save()
    job_create(kind="expertise.history_import", requested_by=actor, params={"import_id": record.pk, "mode": "check"}, target=record)
    return record


def history_check(*, record: HistoryImport, progress: Any) -> tuple[int, list[dict[str, Any]]]:
    with record.file.open("rb") as fh:
        data = fh.read()
    rows, errors = parse(data)
    record.rows = len(rows)
    record.errors = errors
    record.status = HistoryImport.Status.INVALID if errors else HistoryImport.Status.VALID
    record.save(update_fields=["rows", "errors", "status", "updated_at"])
    return len(rows), errors


@transaction.atomic
def history_confirm(*, record: HistoryImport, actor: Any) -> HistoryImport:
    """The head confirmed a checked file: queue the write."""
    record = HistoryImport.objects.select_for_update().get(pk=record.pk)
    if record.status != HistoryImport.Status.VALID:
        raise ValueError("not valid")
    record.status = HistoryImport.Status.IMPORTING
    record.save(update_fields=["status", "updated_at"])
    job_create(kind="expertise.history_import", requested_by=actor, params={"import_id": record.pk, "mode": "commit"}, target=record)
    return record


def history_commit(*, record: HistoryImport, actor: Any, progress: Any) -> int:
    """Write every row or none: the file is checked again inside the transaction."""
    with record.file.open("rb") as fh:
        data = fh.read()
    try:
        with transaction.atomic():
            rows, errors = parse(data)
            if errors:
                raise JobError(
                    msg("The file no longer passes the check (%(n)s errors); nothing was imported.", n=len(errors))
                )
            default_basis = RegulatoryBasis.objects.order_by("in_force_from").first()
            for index, row in enumerate(rows):
                case = ReviewCase.objects.create(
                    number=f"АРХ-{row.year}-{row.sequence:04d}",
                    kind=row.kind,
                    title=row.title,
                    applicant_id=row.applicant_id,
                    regulatory_basis_id=row.basis_id or default_basis.pk,  # type: ignore[union-attr]
                    status=ReviewCase.Status.CLOSED,
                    received_on=row.received_on,
                    is_historical=True,
                    created_by=actor,
                )
                Opinion.objects.create(
                    case=case,
                    version=1,
                    number=f"{row.sequence:02d}/{row.year}",
                    year=row.year,
                    sequence=row.sequence,
                    outcome=row.outcome,
                    status=Opinion.Status.ISSUED,
                    issued_on=row.issued_on,
                    days_to_opinion=(row.issued_on - row.received_on).days,
                    regulatory_basis_id=row.basis_id or default_basis.pk,  # type: ignore[union-attr]
                    is_historical=True,
                )
                if index % 50 == 0:
                    progress(int(index * 100 / max(len(rows), 1)), "")
    except Exception:
        record.status = HistoryImport.Status.FAILED
        record.save(update_fields=["status", "updated_at"])
        raise
    record.status = HistoryImport.Status.IMPORTED
    record.save(update_fields=["status", "updated_at"])
    return len(rows)
