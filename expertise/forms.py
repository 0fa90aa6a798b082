"""Input shape and field validation of the expertise pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from expertise.models import (
    CaseDocument,
    FinancialModel,
    Holiday,
    ObligationLimitRule,
    Opinion,
    RegulatoryBasis,
    Remark,
    ReviewCase,
    ReviewDeadlineRule,
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
            _("The file is too large (limit %(mb)s MB).")
            % {"mb": settings.PMIS_UPLOAD_MAX_BYTES // (1024 * 1024)}
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
        label=_("Project code in the register"),
        required=False,
        max_length=20,
        help_text=_("Optional: the code of the project in the register, e.g. PRJ-2025-0001."),
    )
    doc_type = forms.ChoiceField(
        label=_("Document type"), choices=CaseDocument.Type.choices, initial=CaseDocument.Type.APPLICATION
    )
    document = forms.FileField(label=_("Document"), required=False)

    class Meta:
        model = ReviewCase
        fields = [
            "kind",
            "title",
            "applicant",
            "budget_program_administrator",
            "regulatory_basis",
            "received_on",
            "description",
        ]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["applicant"]).queryset = Organization.objects.filter(
            is_active=True
        ).order_by("name_ru")
        cast(
            forms.ModelChoiceField, self.fields["regulatory_basis"]
        ).queryset = RegulatoryBasis.objects.filter(in_force_to__isnull=True)
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
                label=CHECKLIST_LABELS[item],
                required=False,
                initial=(initial_checklist or {}).get(item, False),
            )


class AssignForm(StyledFormMixin, forms.Form):
    lead = forms.ModelChoiceField(label=_("Lead expert"), queryset=get_user_model().objects.none())
    members = forms.ModelMultipleChoiceField(
        label=_("Other experts"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["lead"]).queryset = experts_queryset()
        cast(forms.ModelChoiceField, self.fields["members"]).queryset = experts_queryset()


class RemarkForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Remark
        fields = ["section", "severity", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class RemarkUpdateForm(StyledFormMixin, forms.Form):
    """The expert marks a remark resolved (the response is the applicant's to write)."""

    resolved = forms.BooleanField(label=_("Resolved"), required=False)


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
    count = min(
        int(data.get("line_count") or 0) if str(data.get("line_count") or "0").isdigit() else 0, MAX_LINES
    )
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
            lines.append(
                LineInput(name=name[:200], kind=kind, conversion_factor=factor or Decimal(1), values=values)
            )
    if not lines and not errors:
        errors.append(str(_("The model needs at least one line.")))
    return lines, rows, errors


class SectionForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
        max_length=50000,
        required=False,
    )


class DraftForm(forms.Form):
    """Every section of the draft in one form (`section_<key>`), each with the digest of the text the page was
    opened with (`base_<key>`), so one save keeps all typed text and a parallel edit is not overwritten."""

    def __init__(self, *args: Any, sections: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = [key for key, _label in sections]
        for key, label in sections:
            self.fields[f"section_{key}"] = forms.CharField(
                label=label,
                required=False,
                max_length=50000,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 5, "class": "form-control", "id": f"text-{key}"}),
            )
            self.fields[f"base_{key}"] = forms.CharField(
                required=False, max_length=64, widget=forms.HiddenInput
            )

    def texts(self) -> dict[str, str]:
        """The sections the request carries (a section left out of the request is left as it is)."""
        return {
            key: self.cleaned_data.get(f"section_{key}") or ""
            for key in self.keys
            if f"section_{key}" in self.data
        }

    def bases(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[f"base_{key}"] for key in self.keys if self.cleaned_data.get(f"base_{key}")
        }


BLANK_OUTCOME: list[tuple[str, StrOrPromise]] = [("", "—")]


class SubmitForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Opinion
        fields = ["outcome", "obligation_year", "existing_obligations", "new_obligations"]

    def __init__(self, *args: Any, case: ReviewCase, sending: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = sending  # saving the draft keeps a proposed outcome, or none yet
        cast(forms.ChoiceField, self.fields["outcome"]).choices = (
            Opinion.Outcome.choices if sending else [*BLANK_OUTCOME, *Opinion.Outcome.choices]
        )
        if case.kind != ReviewKind.PPP_DOCUMENTATION:
            for name in ("obligation_year", "existing_obligations", "new_obligations"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("new_obligations") is not None and not data.get("obligation_year"):
            self.add_error("obligation_year", _("Give the year of the obligations."))
        return data


class IssueForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Opinion.Outcome.choices)
    language = forms.ChoiceField(
        label=_("Language of the document"), choices=[("ru", "Русский"), ("kk", "Қазақша")]
    )
    override_reason = forms.CharField(
        label=_("Reason to exceed the PPP obligation limit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only for a positive opinion on a PPP project above the limit."),
    )


class ReturnForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comments for the experts"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Workbook with archive opinions (.xlsx)"))

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data.get("file"), (".xlsx",))


def _year_choices() -> list[tuple[str, StrOrPromise]]:
    this = timezone.localdate().year
    return [("", _("All years"))] + [(str(y), str(y)) for y in range(this, 2009, -1)]


class CaseFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    expert = forms.ModelChoiceField(
        label=_("Expert"), required=False, queryset=get_user_model().objects.none()
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Newest first")),
            ("received", _("Oldest first")),
            ("deadline", _("Deadline")),
            ("number", _("Number")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = _year_choices()
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All kinds")), *ReviewKind.choices]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All statuses")),
            *ReviewCase.Status.choices,
        ]
        cast(forms.ModelChoiceField, self.fields["expert"]).queryset = experts_queryset()


class OpinionFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    expert = forms.ModelChoiceField(
        label=_("Expert"), required=False, queryset=get_user_model().objects.none()
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Newest first")),
            ("number", _("Oldest first")),
            ("-days", _("Longest review first")),
            ("days", _("Shortest review first")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = _year_choices()
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All kinds")), *ReviewKind.choices]
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [
            ("", _("All outcomes")),
            *Opinion.Outcome.choices,
        ]
        cast(forms.ModelChoiceField, self.fields["expert"]).queryset = experts_queryset()


class StatsFilterForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All kinds")), *ReviewKind.choices]


# --- Scenarios, PPP calculations, limit rules, calendar, responses to remarks ----------------------

PCT_KINDS = [
    ("capex", _("Capital expenditure, %")),
    ("opex", _("Operating costs, %")),
    ("revenue", _("Revenue, %")),
    ("benefit", _("Economic benefits, %")),
    ("transfer", _("Transfers, %")),
    ("residual", _("Residual value, %")),
]


def _pct_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=8,
        decimal_places=2,
        min_value=Decimal(-100),
        max_value=Decimal(1000),
    )


class ScenarioForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Scenario"), max_length=100)
    delay_periods = forms.IntegerField(
        label=_("Delay of revenues and benefits, periods"),
        min_value=0,
        max_value=30,
        initial=0,
        help_text=_("Revenue, benefit and residual-value lines start this many years later."),
    )
    line_changes = forms.CharField(
        label=_("Changes of single lines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per row: line name = change in %, e.g. “Fare revenue = -20”. A line's own change replaces the change of its kind."
        ),
    )

    def __init__(self, *args: Any, line_names: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line_names = line_names or []
        for kind, label in PCT_KINDS:
            self.fields[f"pct_{kind}"] = _pct_field(label)
            self.fields[f"pct_{kind}"].widget.attrs["class"] = "form-control"
        self.order_fields(["name", *[f"pct_{k}" for k, _l in PCT_KINDS], "line_changes", "delay_periods"])

    @staticmethod
    def initial_for(scenario: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {"name": scenario.name, "delay_periods": scenario.delay_periods}
        rows = []
        for change in scenario.changes:
            target = str(change.get("target", ""))
            if target.startswith("kind:"):
                initial[f"pct_{target[5:]}"] = change.get("pct")
            elif target.startswith("line:"):
                rows.append(f"{target[5:]} = {change.get('pct')}")
        initial["line_changes"] = "\n".join(rows)
        return initial

    def clean_line_changes(self) -> dict[str, Decimal]:
        result: dict[str, Decimal] = {}
        for number, raw in enumerate((self.cleaned_data.get("line_changes") or "").splitlines(), start=1):
            if not raw.strip():
                continue
            name, sep, value = raw.rpartition("=")
            name = name.strip()
            pct = parse_decimal(value.replace("%", "")) if sep else None
            if not sep or not name or pct is None or value.strip() == "":
                raise forms.ValidationError(_("Row %(n)s: write “line name = change in %%”.") % {"n": number})
            if self.line_names and name not in self.line_names:
                raise forms.ValidationError(
                    _("Row %(n)s: the model has no line “%(name)s”.") % {"n": number, "name": name}
                )
            if pct < -100 or pct > 1000:
                raise forms.ValidationError(
                    _("Row %(n)s: the change must be between −100% and 1000%.") % {"n": number}
                )
            result[name] = pct
        return result

    def kind_pct(self) -> dict[str, Decimal]:
        return {k: self.cleaned_data[f"pct_{k}"] for k, _l in PCT_KINDS if self.cleaned_data.get(f"pct_{k}")}


def parse_series(
    data: Any, names: tuple[str, ...], periods: int
) -> tuple[dict[str, list[Decimal]], dict[str, list[str]], list[str]]:
    """Per-year rows typed in a grid (`<name>-<t>`): values, the raw strings for re-display, and errors."""
    values: dict[str, list[Decimal]] = {}
    raw: dict[str, list[str]] = {}
    errors: list[str] = []
    for name in names:
        values[name], raw[name] = [], []
        for t in range(periods):
            text = str(data.get(f"{name}-{t}", "") or "")
            raw[name].append(text)
            value = parse_decimal(text)
            if value is None:
                errors.append(
                    _("%(row)s, year %(n)s: “%(value)s” is not a number.")
                    % {"row": name, "n": t + 1, "value": text}
                )
            values[name].append(value or Decimal(0))
    return values, raw, errors


class RateForm(StyledFormMixin, forms.Form):
    rate = forms.DecimalField(
        label=_("Discount rate"),
        max_digits=8,
        decimal_places=6,
        min_value=Decimal("-0.99"),
        max_value=Decimal(10),
        help_text=_("As a fraction: 0.08 means 8%."),
    )


class VfmForm(RateForm):
    competitive_neutrality = forms.DecimalField(
        label=_("Competitive neutrality (PV), KZT"), max_digits=20, decimal_places=2, initial=0
    )
    transferable_risk = forms.DecimalField(
        label=_("Transferable risk (PV), KZT"), max_digits=20, decimal_places=2, initial=0, min_value=0
    )
    retained_risk = forms.DecimalField(
        label=_("Retained risk (PV), KZT"), max_digits=20, decimal_places=2, initial=0, min_value=0
    )


class LimitCheckForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year of the obligations"), min_value=2000, max_value=2100)
    existing = forms.DecimalField(
        label=_("Existing PPP obligations in the year, KZT"), max_digits=20, decimal_places=2, min_value=0
    )
    new = forms.DecimalField(
        label=_("New obligations of this project in the year, KZT"),
        max_digits=20,
        decimal_places=2,
        min_value=0,
    )
    override_reason = forms.CharField(
        label=_("Reason to exceed the PPP obligation limit"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when the obligations exceed the limit."),
    )


class LimitRuleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ObligationLimitRule
        fields = ["level", "year", "base_description", "base_amount", "percentage", "amount", "legal_act"]
        help_texts = {"amount": _("Either the limit amount, or the base amount and the percentage of it.")}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("amount") is None and (data.get("base_amount") is None or data.get("percentage") is None):
            self.add_error(
                "amount", _("Give either the limit amount or the base amount with the percentage.")
            )
        for name in ("amount", "base_amount", "percentage"):
            if data.get(name) is not None and data[name] <= 0:
                self.add_error(name, _("Must be positive."))
        return data


class HolidayForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name", "kind"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class DeadlineRuleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ReviewDeadlineRule
        fields = ["working_days", "regulatory_basis"]


class RemarkResponseForm(StyledFormMixin, forms.Form):
    initiator_response = forms.CharField(
        label=_("Response of the applicant"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
