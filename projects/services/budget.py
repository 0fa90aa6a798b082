"""Writes on a project's budget lines; Project.total_budget_plan (the register filters on it) follows them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from projects.models import BudgetLine, Project
from projects.services.reports import project_rag_refresh

LINE_FIELDS = ["year", "source", "budget_program_code", "plan", "allocated", "committed", "disbursed"]


def _refresh_total(project: Project) -> None:
    """The register's total and the computed RAG (its finance dimension) follow the lines."""
    total = BudgetLine.objects.filter(project_id=project.pk).aggregate(s=Sum("plan"))["s"] or Decimal("0")
    if project.total_budget_plan != total:
        project.total_budget_plan = total
        project.save(update_fields=["total_budget_plan", "updated_at"])
    project_rag_refresh(project=project)


@transaction.atomic
def budget_line_save(*, line: BudgetLine, actor: Any) -> BudgetLine:
    """Create or update one line (the form set its fields); amounts never negative, one line per year × source × code."""
    line.budget_program_code = (line.budget_program_code or "").strip()
    line.full_clean(validate_unique=False, validate_constraints=False)
    clash = BudgetLine.objects.filter(
        project_id=line.project_id,
        year=line.year,
        source=line.source,
        budget_program_code=line.budget_program_code,
    ).exclude(pk=line.pk)
    if clash.exists():
        raise ValidationError(
            {"year": _("There is already a line for this year, funding source and budget program code.")}
        )
    if line.pk is None:
        line.save()
    else:
        line.save(update_fields=[*LINE_FIELDS, "updated_at"])
    _refresh_total(line.project)
    return line


@transaction.atomic
def budget_line_delete(*, line: BudgetLine, actor: Any) -> None:
    project = line.project
    line.delete()
    _refresh_total(project)
