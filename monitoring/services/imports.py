"""Excel import of actual values: check (a per-row error report, nothing written), then apply when confirmed.

Template columns (both the department and the national-project templates):
national project code · indicator code · indicator · unit · year · period · plan · actual value · source · comment
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.models import PERIODS_PER_YEAR, Actual, ImportBatch
from monitoring.services.bulk import is_postgres
from pmis.core.excel import ExcelError, read_rows
from pmis.core.numbers import parse_decimal, parse_int
from pmis.core.texts import Text, msg

if TYPE_CHECKING:
    from pmis.accounts.models import User

COLUMNS = 10
MAX_ERRORS_KEPT = 1000
Progress = Callable[[int, Text | str], None]


def template_headers() -> list[str]:
    return [
        _("National project code"),
        _("Indicator code"),
        _("Indicator"),
        _("Unit"),
        _("Year"),
        _("Period"),
        _("Plan"),
        _("Actual value"),
        _("Source"),
        _("Comment"),
    ]


@dataclass
class Parsed:
    valid: list[tuple[int, int, int, Decimal, str, str]]  # indicator id, year, period, value, source, comment
    errors: list[dict[str, Any]]
    total: int


def _decimal(value: Any) -> Decimal | None:
    """A cell's value to four decimal places, as the actuals keep it; None beyond what the column can hold."""
    number = parse_decimal(value)
    if number is None or abs(number) >= Decimal("1e15"):
        return None
    return number.quantize(Decimal("0.0001"))


def _rows(data: bytes) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for index, row in enumerate(read_rows(data)):
        if index == 0:
            continue  # header
        yield index + 1, tuple(row[:COLUMNS]) + (None,) * (COLUMNS - len(row))


def parse(data: bytes, user: User, progress: Progress | None = None) -> Parsed:
    """Validate every row; rows with an empty value are skipped. Raises ExcelError for an unreadable file.

    Codes are looked up among the indicators the uploader may see: an invisible one (a confidential project's)
    answers "No indicator has this code" like a code that does not exist, never revealing that it does."""
    from monitoring.permissions import enterable_indicators, indicators_visible_to

    raw = list(_rows(data))
    codes = {str(r[1]).strip() for _n, r in raw if r[1] is not None}
    known: dict[str, tuple[int, str]] = {}
    allowed: set[int] = set()
    code_list = sorted(codes)
    for start in range(0, len(code_list), 5000):
        chunk = code_list[start : start + 5000]
        visible = indicators_visible_to(user).filter(code__in=chunk)
        for pk, code, freq in visible.values_list("pk", "code", "frequency"):
            known[code] = (pk, freq)
        allowed.update(enterable_indicators(user).filter(code__in=chunk).values_list("pk", flat=True))
    locked: set[tuple[int, int, int]] = set()
    ids = sorted({v[0] for v in known.values()})
    years = sorted({y for _n, r in raw if (y := parse_int(r[4])) is not None})
    for start in range(0, len(ids), 5000):
        locked.update(
            Actual.objects.filter(
                indicator_id__in=ids[start : start + 5000], year__in=years, is_locked=True
            ).values_list("indicator_id", "year", "period")
        )
    valid: list[tuple[int, int, int, Decimal, str, str]] = []
    errors: list[dict[str, Any]] = []
    seen: set[tuple[int, int, int]] = set()
    total = 0

    def error(row_no: int, code: str, message: str) -> None:
        if len(errors) < MAX_ERRORS_KEPT:
            errors.append({"row": row_no, "code": code, "message": message})
        else:
            errors.append({"row": row_no, "code": code, "message": ""})

    for row_no, row in raw:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        total += 1
        code = str(row[1]).strip() if row[1] is not None else ""
        if row[7] is None or (isinstance(row[7], str) and not row[7].strip()):
            total -= 1
            continue
        if not code:
            error(row_no, code, _("The indicator code is empty."))
            continue
        found = known.get(code)
        if found is None:
            error(row_no, code, _("No indicator has this code."))
            continue
        pk, freq = found
        if pk not in allowed:
            error(row_no, code, _("You may not enter values for this indicator."))
            continue
        year, period, value = parse_int(row[4]), parse_int(row[5]), _decimal(row[7])
        if year is None or not 2000 <= year <= 2100:
            error(row_no, code, _("The year must be a number between 2000 and 2100."))
            continue
        if period is None or not 1 <= period <= PERIODS_PER_YEAR[freq]:
            error(
                row_no,
                code,
                _("The period must be a number from 1 to %(n)d for this indicator.")
                % {"n": PERIODS_PER_YEAR[freq]},
            )
            continue
        if value is None:
            error(row_no, code, _("The actual value is not a number."))
            continue
        key = (pk, year, period)
        if key in locked:
            error(row_no, code, _("The reporting period is closed: its values are locked."))
            continue
        if key in seen:
            error(row_no, code, _("This indicator and period appear twice in the file."))
            continue
        seen.add(key)
        valid.append((pk, year, period, value, str(row[8] or "")[:255], str(row[9] or "")[:2000]))
        if progress and total % 5000 == 0:
            progress(min(90, 10 + total * 80 // max(1, len(raw))), msg("Checked %(n)d rows", n=total))
    return Parsed(valid=valid, errors=errors, total=total)


def import_check(*, batch: ImportBatch, progress: Progress | None = None) -> ImportBatch:
    """Check the uploaded file and keep the per-row error report; writes no value."""
    try:
        with batch.file.open("rb") as fh:
            data = fh.read()
        parsed = parse(data, batch.uploaded_by, progress)
    except ExcelError as exc:
        batch.status = ImportBatch.Status.FAILED
        batch.errors = [{"row": 0, "code": "", "message": str(exc)}]
        batch.save(update_fields=["status", "errors", "updated_at"])
        return batch
    batch.status = ImportBatch.Status.CHECKED
    batch.total_rows = parsed.total
    batch.valid_rows = len(parsed.valid)
    batch.errors = parsed.errors[:MAX_ERRORS_KEPT]
    batch.save(update_fields=["status", "total_rows", "valid_rows", "errors", "updated_at"])
    return batch


def write_values(
    rows: list[tuple[int, int, int, Decimal, str, str]], actor: User, *, with_history: bool = True
) -> int:
    """Upsert submitted actuals in bulk: new rows with bulk_create, corrections with bulk_update (history kept)."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    now = timezone.now()
    ids = sorted({r[0] for r in rows})
    years = sorted({r[1] for r in rows})
    wanted = {(r[0], r[1], r[2]) for r in rows}
    existing_pks: dict[tuple[int, int, int], int] = {}
    for start in range(0, len(ids), 5000):
        for pk, ind, year, period in Actual.objects.filter(
            indicator_id__in=ids[start : start + 5000], year__in=years, is_locked=False
        ).values_list("pk", "indicator_id", "year", "period"):
            if (ind, year, period) in wanted:
                existing_pks[(ind, year, period)] = pk
    existing = (
        {
            (a.indicator_id, a.year, a.period): a
            for a in Actual.objects.filter(pk__in=list(existing_pks.values()))
        }
        if existing_pks
        else {}
    )
    new, changed = [], []
    for pk, year, period, value, source, comment in rows:
        actual = existing.get((pk, year, period))
        fields = {
            "value": value,
            "source": source,
            "comment": comment,
            "status": Actual.Status.SUBMITTED,
            "entered_by_id": actor.pk,
            "verified_by_id": None,
            "verified_at": None,
            "rejection_reason": "",
            "updated_at": now,
        }
        if actual is None:
            new.append(Actual(indicator_id=pk, year=year, period=period, created_at=now, **fields))
        else:
            for name, val in fields.items():
                setattr(actual, name, val)
            changed.append(actual)
    update_fields = [
        "value",
        "source",
        "comment",
        "status",
        "entered_by",
        "verified_by",
        "verified_at",
        "rejection_reason",
        "updated_at",
    ]
    if with_history:
        if new:
            if is_postgres():
                _copy_new_with_history(new, actor, now)
            else:
                bulk_create_with_history(
                    new, Actual, batch_size=5000, default_user=actor, default_change_reason="import"
                )
        if changed:
            bulk_update_with_history(
                changed,
                Actual,
                update_fields,
                batch_size=5000,
                default_user=actor,
                default_change_reason="import",
            )
    else:
        Actual.objects.bulk_create(new, batch_size=5000)
        Actual.objects.bulk_update(changed, update_fields, batch_size=5000)
    return len(new) + len(changed)


def import_apply(*, batch: ImportBatch, progress: Progress | None = None) -> ImportBatch:
    """Write the valid rows of a checked import (the rows in the error report are not written)."""
    from monitoring.services.ratings import compute_ratings

    with batch.file.open("rb") as fh:
        data = fh.read()
    parsed = parse(data, batch.uploaded_by, progress)
    with transaction.atomic():
        written = write_values(parsed.valid, batch.uploaded_by)
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_rows = written
        batch.errors = parsed.errors[:MAX_ERRORS_KEPT]
        batch.save(update_fields=["status", "applied_rows", "errors", "updated_at"])
    if progress:
        progress(95, msg("Computing ratings"))
    compute_ratings(indicator_ids=sorted({r[0] for r in parsed.valid}))
    return batch


_ACTUAL_COLUMNS = (
    "created_at",
    "updated_at",
    "indicator_id",
    "year",
    "period",
    "value",
    "source",
    "evidence",
    "comment",
    "status",
    "entered_by_id",
    "verified_by_id",
    "verified_at",
    "rejection_reason",
    "is_locked",
)


def _copy_new_with_history(new: list[Actual], actor: User, now: Any) -> None:
    """PostgreSQL: COPY the new values, then write their "created" history rows with one INSERT … SELECT."""
    from django.db import connection

    from monitoring.services.bulk import copy_rows

    copy_rows(
        Actual._meta.db_table,
        _ACTUAL_COLUMNS,
        (
            (
                now,
                now,
                a.indicator_id,
                a.year,
                a.period,
                a.value,
                a.source,
                "",
                a.comment,
                a.status,
                actor.pk,
                None,
                None,
                "",
                False,
            )
            for a in new
        ),
    )
    history = Actual.history.model._meta.db_table
    table = Actual._meta.db_table
    cols = ", ".join(("id", *_ACTUAL_COLUMNS))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history} ({cols}, history_date, history_change_reason, history_type, history_user_id) "  # noqa: S608
            f"SELECT {cols}, %s, %s, %s, %s FROM {table} WHERE created_at = %s AND entered_by_id = %s",
            [now, "import", "+", actor.pk, now, actor.pk],
        )
