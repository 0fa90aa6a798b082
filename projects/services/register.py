"""Writes of the register: per-user saved filters and the two steps of the Excel import.

Import = validate (reads only, every row checked, each rejection with its row number and reason) and then,
once the user confirms, commit (all valid rows created through `project_create` in one transaction).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from pmis.accounts.models import Organization
from pmis.core.texts import msg
from pmis.reference.models import Direction, District, SustainableDevelopmentGoal
from projects import permissions
from projects.exports import (
    MAX_IMPORT_ROWS,
    ParsedRow,
    cell_text,
    choice_lookup,
    parse_date,
    parse_import,
    parse_list,
    parse_yes_no,
)
from projects.filters import DEPARTMENT_KINDS
from projects.models import Program, Project, SavedFilter
from projects.services.project import project_create

# Saved filters


@transaction.atomic
def saved_filter_save(*, user: Any, name: str, query: str) -> SavedFilter:
    """Save the query under the name for this user; the same name again replaces the query."""
    name = name.strip()
    saved = SavedFilter.objects.filter(user=user, name=name).first()
    if saved is None:
        saved = SavedFilter(user=user, name=name, query=query)
        saved.full_clean()
        try:
            with transaction.atomic():
                saved.save()
        except IntegrityError as exc:  # a double click saved it a moment ago
            raise ValidationError({"name": _("You already have a filter with this name.")}) from exc
        return saved
    saved.query = query
    saved.full_clean()
    saved.save(update_fields=["query", "updated_at"])
    return saved


@transaction.atomic
def saved_filter_delete(*, saved: SavedFilter, actor: Any) -> None:
    saved.delete()


# Import, step 1 — checking every row


EXCLUDED_STAGES = (Project.Stage.SUSPENDED, Project.Stage.TERMINATED)


@dataclass
class _Lookups:
    directions: dict[str, int]
    departments: dict[str, int]
    own_departments: set[int]
    programs: dict[str, int]
    districts: dict[str, int]
    sdgs: dict[str, int]
    managers: dict[str, int]


def _lookups(user: Any, rows: list[ParsedRow]) -> _Lookups:
    """Every reference the rows name, in a handful of queries whatever the number of rows."""
    usernames = {cell_text(r.values.get("manager")).lower() for r in rows} - {""}
    return _Lookups(
        directions={str(n): pk for pk, n in Direction.objects.values_list("pk", "number")},
        departments={
            code.lower(): pk
            for pk, code in Organization.objects.filter(
                kind__in=DEPARTMENT_KINDS, is_active=True
            ).values_list("pk", "code")
        },
        own_departments=set(permissions.registrable_departments(user).values_list("pk", flat=True)),
        programs={code.lower(): pk for pk, code in Program.objects.values_list("pk", "code")},
        districts={code.lower(): pk for pk, code in District.objects.values_list("pk", "code")},
        sdgs={str(n): pk for pk, n in SustainableDevelopmentGoal.objects.values_list("pk", "number")},
        managers={
            name.lower(): pk
            for pk, name in permissions.eligible_managers()
            .filter(username__in=_case_variants(usernames))
            .values_list("pk", "username")
        }
        if usernames
        else {},
    )


def _case_variants(names: set[str]) -> set[str]:
    return names | {n.upper() for n in names} | {n.capitalize() for n in names}


def _choice_lookups() -> dict[str, Any]:
    return {
        "stage": choice_lookup(Project.Stage.choices),
        "type": choice_lookup(Project.Type.choices),
        "priority": choice_lookup(Project.Priority.choices),
    }


def _validate_row(row: ParsedRow, refs: _Lookups, choices: dict[str, Any]) -> dict[str, Any]:
    """Check one row; return the normalized data (JSON-safe) and fill row.errors with reasons."""
    v, errors = row.values, row.errors
    data: dict[str, Any] = {}
    for key in ("title_ru", "title_kk", "title_en", "summary_ru"):
        data[key] = cell_text(v.get(key))
    if not data["title_ru"]:
        errors.append(_("The Russian title is missing."))
    if not data["summary_ru"]:
        errors.append(_("The Russian summary is missing."))

    direction = cell_text(v.get("direction")).rstrip(".")
    data["direction"] = refs.directions.get(direction)
    if not direction:
        errors.append(_("The basic direction is missing."))
    elif data["direction"] is None:
        errors.append(_("Unknown basic direction “%(value)s”.") % {"value": direction})

    department = cell_text(v.get("department"))
    data["department"] = refs.departments.get(department.lower())
    if not department:
        errors.append(_("The department is missing."))
    elif data["department"] is None:
        errors.append(_("Unknown department code “%(value)s”.") % {"value": department})
    elif data["department"] not in refs.own_departments:
        errors.append(
            _("You may not register projects for the department “%(value)s”.") % {"value": department}
        )

    program = cell_text(v.get("program_item"))
    data["program_item"] = refs.programs.get(program.lower()) if program else None
    if program and data["program_item"] is None:
        errors.append(_("Unknown program item code “%(value)s”.") % {"value": program})

    for key, lookup, default, label in (
        ("stage", choices["stage"], Project.Stage.IDEA, _("stage")),
        ("type", choices["type"], Project.Type.OTHER, _("type")),
        ("priority", choices["priority"], Project.Priority.MEDIUM, _("priority")),
    ):
        text = cell_text(v.get(key))
        value = lookup(text) if text else default
        if value is None or (key == "stage" and value in EXCLUDED_STAGES):
            errors.append(_("Unknown %(field)s “%(value)s”.") % {"field": label, "value": text})
        data[key] = value

    dates: dict[str, datetime.date | None] = {}
    for key, label in (("planned_start", _("planned start")), ("planned_finish", _("planned finish"))):
        try:
            dates[key] = parse_date(v.get(key))
        except ValueError:
            dates[key] = None
            errors.append(
                _("The %(field)s “%(value)s” is not a date (use 2026-03-15 or 15.03.2026).")
                % {"field": label, "value": cell_text(v.get(key))}
            )
        parsed = dates[key]
        data[key] = parsed.isoformat() if parsed else None
    start, finish = dates.get("planned_start"), dates.get("planned_finish")
    if start and finish and finish < start:
        errors.append(_("The planned finish is before the planned start."))

    data["districts"] = []
    for code in parse_list(v.get("districts")):
        pk = refs.districts.get(code.lower())
        if pk is None:
            errors.append(_("Unknown district code “%(value)s”.") % {"value": code})
        else:
            data["districts"].append(pk)
    data["sdgs"] = []
    for number in parse_list(v.get("sdgs")):
        pk = refs.sdgs.get(number.rstrip("."))
        if pk is None:
            errors.append(_("Unknown SDG number “%(value)s”.") % {"value": number})
        else:
            data["sdgs"].append(pk)

    try:
        data["is_confidential"] = parse_yes_no(v.get("confidential"))
    except ValueError:
        data["is_confidential"] = False
        errors.append(
            _("Confidential must be yes or no, not “%(value)s”.")
            % {"value": cell_text(v.get("confidential"))}
        )

    manager = cell_text(v.get("manager"))
    data["manager"] = refs.managers.get(manager.lower()) if manager else None
    if manager and data["manager"] is None:
        errors.append(
            _("No project manager or department officer has the user name “%(value)s”.") % {"value": manager}
        )

    if not errors:
        _model_check(data, errors)
    return data


def _build(data: dict[str, Any]) -> Project:
    return Project(
        title_ru=data["title_ru"],
        title_kk=data["title_kk"],
        title_en=data["title_en"],
        summary_ru=data["summary_ru"],
        direction_id=data["direction"],
        department_id=data["department"],
        program_item_id=data["program_item"],
        stage=data["stage"],
        project_type=data["type"],
        priority=data["priority"],
        planned_start=datetime.date.fromisoformat(data["planned_start"]) if data["planned_start"] else None,
        planned_finish=datetime.date.fromisoformat(data["planned_finish"])
        if data["planned_finish"]
        else None,
        is_confidential=data["is_confidential"],
        manager_id=data["manager"],
    )


_RESOLVED = ["code", "direction", "department", "program_item", "manager", "curator"]


def _model_check(data: dict[str, Any], errors: list[str]) -> None:
    """The model's own rules (lengths, choices), without re-querying the references already resolved."""
    try:
        _build(data).full_clean(exclude=_RESOLVED, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            # full_clean names concrete fields only (a relation's reverse side has no verbose name)
            field = Project._meta.get_field(field_name) if field_name != "__all__" else None
            label = field.verbose_name if isinstance(field, Field) else ""
            for message in messages:
                errors.append(f"{label}: {message}" if label else message)


def register_import_validate(*, user: Any, content: bytes, progress: Any = None) -> dict[str, Any]:
    """Parse and check every row; nothing is written. Raises ExcelError for an unusable file."""
    rows = parse_import(content, max_rows=MAX_IMPORT_ROWS)
    refs, choices = _lookups(user, rows), _choice_lookups()
    valid, rejected = [], []
    for index, row in enumerate(rows):
        data = _validate_row(row, refs, choices)
        if row.errors:
            rejected.append(
                {"row": row.number, "title": cell_text(row.values.get("title_ru")), "errors": row.errors}
            )
        else:
            valid.append({"row": row.number, "data": data})
        if progress and index % 200 == 199:
            progress(10 + int(80 * index / max(len(rows), 1)), msg("Checking row %(n)s", n=row.number))
    return {"valid": valid, "rejected": rejected, "total": len(rows)}


# Import, step 2 — creating the confirmed rows


@transaction.atomic
def register_import_commit(
    *, user: Any, valid_rows: list[dict[str, Any]], progress: Any = None
) -> list[Project]:
    """Create the confirmed rows, all or nothing; the references are checked again as of now."""
    if not valid_rows:
        raise ValidationError(_("There are no valid rows to import."))
    refs = _lookups(user, [])
    created: list[Project] = []
    for index, item in enumerate(valid_rows):
        data = item["data"]
        problems = []
        if data["department"] not in refs.own_departments:
            problems.append(_("You may not register projects for this department."))
        if data["direction"] not in refs.directions.values():
            problems.append(_("The basic direction no longer exists."))
        if problems:
            raise ValidationError(
                _("Row %(row)s: %(reason)s") % {"row": item["row"], "reason": " ".join(problems)}
            )
        try:
            project = project_create(
                actor=user,
                project=_build(data),
                districts=District.objects.filter(pk__in=data["districts"]),
                sdgs=SustainableDevelopmentGoal.objects.filter(pk__in=data["sdgs"]),
            )
        except ValidationError as exc:
            reason = "; ".join(exc.messages)
            raise ValidationError(
                _("Row %(row)s: %(reason)s") % {"row": item["row"], "reason": reason}
            ) from exc
        if not permissions.can_edit_project(user, project):
            permissions.grant_user_editing(user, project)
        created.append(project)
        if progress and index % 50 == 49:
            progress(10 + int(85 * index / len(valid_rows)), msg("Created %(n)s projects", n=index + 1))
    return created


def import_reference() -> dict[str, list[tuple[str, str]]]:
    """The values the template's reference sheet lists (codes users type into the import file)."""
    from pmis.core.models import localized

    return {
        _("Basic directions"): [(str(d.number), d.name) for d in Direction.objects.order_by("number")],
        _("Departments"): [
            (o.code, o.name)
            for o in Organization.objects.filter(kind__in=DEPARTMENT_KINDS, is_active=True).order_by("code")
        ],
        _("Program items"): [(p.code, localized(p, "name")) for p in Program.objects.order_by("code")],
        _("Stages"): [(k, str(v)) for k, v in Project.Stage.choices if k not in EXCLUDED_STAGES],
        _("Types"): [(k, str(v)) for k, v in Project.Type.choices],
        _("Priorities"): [(k, str(v)) for k, v in Project.Priority.choices],
        _("Districts"): [(d.code, d.name) for d in District.objects.order_by("code")],
        _("UN SDG goals"): [
            (str(g.number), g.name) for g in SustainableDevelopmentGoal.objects.order_by("number")
        ],
    }
