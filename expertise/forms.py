"""Input shape and field validation of the expertise pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from expertise.models import (
    CaseDocument,
    FinancialModel,
    Opinion,
    RegulatoryBasis,
    Remark,
    ReviewCase,
    ReviewKind,
)
from expertise.services.cases import CHECKLIST_ITEMS
from expertise.services.models_fin import KINDS, MAX_LINES, LineInput, parse_decimal
from pmis.accounts import roles
from pmis.accounts.models import Organization
from pmis.core.forms import StyledFormMixin

DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".odt", ".ods", ".jpg", ".png")
CHECKLIST_LABELS = {
    "application": _("Cover letter of the administrator of the budget program"),
    "main_document": _("The document under review (feasibility study, evaluation, PPP documentation)"),
    "financial_model": _("Financial model"),
    "cost_estimates": _("Cost estimates and their justification"),
    "approvals": _("Required approvals and conclusions of sector bodies"),
}


def check_upload(upload: Any, extensions: tuple[str, ...] = DOCUMENT_EXTENSIONS) -> Any:
    if upload is None:
        return upload
    if upload.size > settings.PMIS_UPLOAD_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is too large (limit %(mb)s MB).") % {"mb": settings.PMIS_UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    if not upload.name.lower().endswith(extensions):
        raise forms.ValidationError(_("Allowed file types: %(types)s.") % {"types": ", ".join(extensions)})
    return upload


def experts_queryset() -> Any:
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[roles.EXPERT, roles.EXPERTISE_HEAD])
        .distinct()
        .order_by("last_name", "first_name")
    )


class CaseForm(StyledFormMixin, forms.ModelForm):
    project_code = forms.CharField(
        label=_("Project code in the register"), required=False, max_length=20,
        help_text=_("Optional: the code of the project in the register, e.g. PRJ-2025-0001."),
    )
    doc_type = forms.ChoiceField(label=_("Document type"), choices=CaseDocument.Type.choices, initial=CaseDocument.Type.APPLICATION)
    document = forms.FileField(label=_("Document"), required=False)

    class Meta:
        model = ReviewCase
        fields = ["kind", "title", "applicant", "budget_program_administrator", "regulatory_basis", "received_on", "description"]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = Organization.objects.filter(is_active=True).order_by("name_ru")
        self.fields["regulatory_basis"].queryset = RegulatoryBasis.objects.filter(in_force_to__isnull=True)
        self.fields["received_on"].initial = timezone.localdate()

    def clean_document(self) -> Any:
        return check_upload(self.cleaned_data.get("document"))

    def clean_project_code(self) -> Any:
        code = self.cleaned_data.get("project_code", "").strip()
        if not code:
            return None
        from projects.models import Project

        project = Project.objects.filter(code__iexact=code).first()
        if project is None:
            raise forms.ValidationError(_("No project with this code in the register."))
        return project

    def clean_received_on(self) -> Any:
        value = self.cleaned_data.get("received_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of receipt cannot be in the future."))
        return value


class DocumentForm(StyledFormMixin, forms.Form):
    doc_type = forms.ChoiceField(label=_("Document type"), choices=CaseDocument.Type.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data.get("file"))


class ChecklistForm(StyledFormMixin, forms.Form):
    def __init__(self, *args: Any, initial_checklist: dict[str, bool] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in CHECKLIST_ITEMS:
            self.fields[item] = forms.BooleanField(
                label=CHECKLIST_LABELS[item], required=False, initial=(initial_checklist or {}).get(item, False)
            )


class AssignForm(StyledFormMixin, forms.Form):
    lead = forms.ModelChoiceField(label=_("Lead expert"), queryset=get_user_model().objects.none())
    members = forms.ModelMultipleChoiceField(label=_("Other experts"), queryset=get_user_model().objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = experts_queryset()
        self.fields["members"].queryset = experts_queryset()


class RemarkForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Remark
        fields = ["section", "severity", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class RemarkUpdateForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Remark
        fields = ["initiator_response", "resolved"]
        widgets = {"initiator_response": forms.Textarea(attrs={"rows": 2})}


class ModelParamsForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FinancialModel
        fields = ["financial_rate", "social_rate", "price_basis", "base_year", "periods"]
        help_texts = {
            "financial_rate": _("As a fraction: 0.08 means 8%."),
            "social_rate": _("As a fraction: 0.05 means 5%."),
        }


class ExcelModelForm(ModelParamsForm):
    file = forms.FileField(label=_("Filled-in template (.xlsx)"))

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data.get("file"), (".xlsx",))


def parse_grid(data: Any, periods: int) -> tuple[list[LineInput], list[dict[str, Any]], list[str]]:
    """Lines typed in the grid (`line-<i>-name`, `-kind`, `-cf`, `-v<t>`): (lines, rows for re-display, errors)."""
    count = min(int(data.get("line_count") or 0) if str(data.get("line_count") or "0").isdigit() else 0, MAX_LINES)
    lines: list[LineInput] = []
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    for i in range(count):
        prefix = f"line-{i}-"
        name = (data.get(prefix + "name") or "").strip()
        kind = data.get(prefix + "kind") or ""
        raw_values = [data.get(f"{prefix}v{t}", "") for t in range(periods)]
        raw_cf = data.get(prefix + "cf", "1")
        row = {"name": name, "kind": kind, "cf": raw_cf, "values": raw_values, "errors": []}
        rows.append(row)
        if not name and all(str(v).strip() in ("", "0") for v in raw_values):
            continue  # an empty row is skipped
        if not name:
            row["errors"].append(_("Name the line."))
        if kind not in KINDS:
            row["errors"].append(_("Choose the kind of the line."))
        factor = parse_decimal(raw_cf if str(raw_cf).strip() else "1")
        if factor is None or factor < 0:
            row["errors"].append(_("The conversion factor must be a non-negative number."))
        values: list[Decimal] = []
        for t, raw in enumerate(raw_values):
            value = parse_decimal(raw)
            if value is None:
                row["errors"].append(_("Year %(n)s: not a number.") % {"n": t + 1})
            values.append(value or Decimal(0))
        if row["errors"]:
            errors.extend(f"{name or i + 1}: {e}" for e in row["errors"])
        else:
            lines.append(LineInput(name=name[:200], kind=kind, conversion_factor=factor or Decimal(1), values=values))
    if not lines and not errors:
        errors.append(str(_("The model needs at least one line.")))
    return lines, rows, errors


class SectionForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}), max_length=50000, required=False)


class SubmitForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Opinion
        fields = ["outcome", "obligation_year", "existing_obligations", "new_obligations"]

    def __init__(self, *args: Any, case: ReviewCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True
        self.fields["outcome"].choices = Opinion.Outcome.choices
        if case.kind != ReviewKind.PPP_DOCUMENTATION:
            for name in ("obligation_year", "existing_obligations", "new_obligations"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("new_obligations") is not None and not data.get("obligation_year"):
            self.add_error("obligation_year", _("Give the year of the obligations."))
        return data


class IssueForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Opinion.Outcome.choices)
    language = forms.ChoiceField(label=_("Language of the document"), choices=[("ru", "Русский"), ("kk", "Қазақша")])
    override_reason = forms.CharField(
        label=_("Reason to exceed the PPP obligation limit"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only for a positive opinion on a PPP project above the limit."),
    )


class ReturnForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(label=_("Comments for the experts"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Workbook with archive opinions (.xlsx)"))

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data.get("file"), (".xlsx",))


def _year_choices() -> list[tuple[str, str]]:
    this = timezone.localdate().year
    return [("", _("All years"))] + [(str(y), str(y)) for y in range(this, 2009, -1)]


class CaseFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    expert = forms.ModelChoiceField(label=_("Expert"), required=False, queryset=get_user_model().objects.none())
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("", _("Newest first")), ("received", _("Oldest first")), ("deadline", _("Deadline")), ("number", _("Number")),
    ])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["kind"].choices = [("", _("All kinds")), *ReviewKind.choices]
        self.fields["status"].choices = [("", _("All statuses")), *ReviewCase.Status.choices]
        self.fields["expert"].queryset = experts_queryset()


class OpinionFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    expert = forms.ModelChoiceField(label=_("Expert"), required=False, queryset=get_user_model().objects.none())
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("", _("Newest first")), ("number", _("Oldest first")), ("-days", _("Longest review first")), ("days", _("Shortest review first")),
    ])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["kind"].choices = [("", _("All kinds")), *ReviewKind.choices]
        self.fields["outcome"].choices = [("", _("All outcomes")), *Opinion.Outcome.choices]
        self.fields["expert"].queryset = experts_queryset()


class StatsFilterForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *ReviewKind.choices]
