"""Forms of the programme, sampling-policy and checklist pages (input shape only; the rules are in services)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audits.models import AuditProgramme, ChecklistVersion, SamplingPolicy
from audits.risk import FACTORS
from audits.services.checklists import PRECHECKS
from audits.services.programme import REASON_LENGTH, parse_amount
from pmis.accounts import roles
from pmis.core.forms import StyledFormMixin
from projects.selectors.choices import TERMINATED_STAGE, stage_choices, type_choices


def auditors() -> Any:
    """Active users holding the auditor role, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.AUDITOR)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class ProgrammeFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *AuditProgramme.Status.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Newest year first")),
            ("year", _("Oldest year first")),
            ("-total", _("Most audits planned")),
            ("status", _("Status")),
        ],
    )


class ProgrammeForm(StyledFormMixin, forms.Form):
    """A draft programme: every field."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=get_user_model().objects.none(),
        help_text=_("An auditor; the head of the Project Office approves, never the owner."),
    )
    quota_q1 = forms.IntegerField(label=_("Audits in quarter 1"), min_value=0, max_value=500)
    quota_q2 = forms.IntegerField(label=_("Audits in quarter 2"), min_value=0, max_value=500)
    quota_q3 = forms.IntegerField(label=_("Audits in quarter 3"), min_value=0, max_value=500)
    quota_q4 = forms.IntegerField(label=_("Audits in quarter 4"), min_value=0, max_value=500)
    objectives = forms.CharField(
        label=_("Objectives and scope"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = auditors()


class QuotaRaiseForm(StyledFormMixin, forms.Form):
    """An approved programme: only the quotas, raised with a reason."""

    quota_q1 = forms.IntegerField(label=_("Audits in quarter 1"), min_value=0, max_value=500)
    quota_q2 = forms.IntegerField(label=_("Audits in quarter 2"), min_value=0, max_value=500)
    quota_q3 = forms.IntegerField(label=_("Audits in quarter 3"), min_value=0, max_value=500)
    quota_q4 = forms.IntegerField(label=_("Audits in quarter 4"), min_value=0, max_value=500)
    reason = forms.CharField(
        label=_("Why the quota is raised"),
        max_length=REASON_LENGTH,
        help_text=_("Kept in the programme's history."),
    )


class ApproveForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=REASON_LENGTH,
        help_text=_("Kept in the programme's history with your name and the time."),
    )


class BandsField(forms.CharField):
    """Budget band edges in tenge, one per line, ascending."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[Decimal]:  # type: ignore[override]
        text = super().to_python(value) or ""
        edges = []
        for line in text.replace(";", "\n").splitlines():
            if line.strip():
                edges.append(parse_amount(line))
        return edges

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            # thousands apart by spaces, as people read amounts; parse_amount takes them back
            return "\n".join(f"{Decimal(str(v)):,}".replace(",", " ") for v in value)
        return value

    def validate(self, value: Any) -> None:
        for edge in value:
            if edge <= 0:
                raise ValidationError(_("A band edge must be an amount above zero."))
        for low, high in zip(value, value[1:], strict=False):
            if high <= low:
                raise ValidationError(
                    _("Band edges must be in ascending order, each larger than the one before (%(value)s).")
                    % {"value": high}
                )


class PolicyForm(StyledFormMixin, forms.Form):
    """A draft sampling-policy version, in the words a careful auditor checks it by."""

    method = forms.ChoiceField(
        label=_("Sampling method"), choices=SamplingPolicy.Method.choices, widget=forms.RadioSelect
    )
    eligible_stages = forms.MultipleChoiceField(
        label=_("Eligible stages"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only projects at these stages enter the population. A terminated project never does."),
    )
    months_since_audit = forms.IntegerField(
        label=_("Not audited in the last N months"),
        min_value=0,
        max_value=120,
        help_text=_(
            "A project audited (an audit started) within this many months before the cut-off is left out."
        ),
    )
    stratify_by_type = forms.BooleanField(label=_("Stratify by project type"), required=False)
    budget_bands = BandsField(
        label=_("Budget band edges, ₸"),
        required=False,
        help_text=_(
            "One amount in tenge per line, ascending, e.g. 100 000 000 and 1 000 000 000 make three bands: "
            "below 100 million, 100 million to below 1 billion, 1 billion and above. Empty: one band."
        ),
    )
    allocation = forms.ChoiceField(
        label=_("Allocation across strata"),
        choices=SamplingPolicy.Allocation.choices,
        widget=forms.RadioSelect,
    )
    minimum_per_stratum = forms.IntegerField(
        label=_("Minimum per stratum"),
        min_value=0,
        max_value=1000,
        help_text=_("Used by the fixed-minimum allocation (a smaller stratum is taken whole)."),
    )
    sample_size = forms.IntegerField(
        label=_("Sample size (besides certainty items)"), min_value=1, max_value=1000
    )
    confidence_risk = forms.DecimalField(
        label=_("Risk of over-reliance α"),
        min_value=Decimal("0.0001"),
        max_value=Decimal("0.9999"),
        decimal_places=4,
        help_text=_("Kept with the sample size as its justification, e.g. 0.05."),
    )
    tolerable_rate = forms.DecimalField(
        label=_("Tolerable deviation rate p"),
        min_value=Decimal("0.0001"),
        max_value=Decimal("0.9999"),
        decimal_places=4,
        help_text=_("e.g. 0.10. The sample-size calculator turns α and p into the sample size."),
    )
    certainty_budget_threshold = forms.DecimalField(
        label=_("Audit in full above a planned budget of, ₸"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=18,
        decimal_places=2,
        help_text=_("Empty: no budget threshold."),
    )
    certainty_red_twice = forms.BooleanField(
        label=_("Audit in full a project rated Red in its last two status reports"), required=False
    )
    notes = forms.CharField(
        label=_("Notes: what changed in this version and why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["eligible_stages"]).choices = [
            (value, label) for value, label in stage_choices() if value != TERMINATED_STAGE
        ]

    @staticmethod
    def initial_for(policy: SamplingPolicy) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(policy, name)
            for name in (
                "method",
                "eligible_stages",
                "months_since_audit",
                "stratify_by_type",
                "budget_bands",
                "allocation",
                "minimum_per_stratum",
                "sample_size",
                "confidence_risk",
                "tolerable_rate",
                "certainty_budget_threshold",
                "certainty_red_twice",
                "notes",
            )
        }
        for factor in FACTORS:
            initial[f"weight_{factor.key}"] = Decimal(str(policy.risk_weights.get(factor.key, "0")))
        return initial

    GROUPS: dict[str, tuple[str, ...]] = {
        "eligible": ("eligible_stages", "months_since_audit"),
        "certainty": ("certainty_budget_threshold", "certainty_red_twice"),
        "strata": ("stratify_by_type", "budget_bands", "allocation", "minimum_per_stratum"),
        "method": ("method", "sample_size", "confidence_risk", "tolerable_rate"),
        "weights": tuple(f"weight_{factor.key}" for factor in FACTORS),
        "notes": ("notes",),
    }

    @property
    def group(self) -> dict[str, SimpleNamespace]:
        """Fieldsets of the page: each renders with `_form_fields.html` as if it were a form of its own."""
        return {
            key: SimpleNamespace(
                visible_fields=[self[name] for name in names], hidden_fields=[], non_field_errors=[]
            )
            for key, names in self.GROUPS.items()
        }

    def rules(self) -> dict[str, Any]:
        """The cleaned input as the service's keyword arguments."""
        data = dict(self.cleaned_data)
        data["risk_weights"] = {factor.key: data.pop(f"weight_{factor.key}") for factor in FACTORS}
        return data


# one weight per risk factor of audits/risk.py, its formula as the help text (class-level, so the mixin styles them)
for _factor in FACTORS:
    PolicyForm.base_fields[f"weight_{_factor.key}"] = forms.DecimalField(
        label=_factor.label,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        help_text=_factor.formula,
    )


class ChecklistFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ChecklistVersion.Status.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("", _("Newest version first")), ("version", _("Oldest version first"))],
    )


class ChecklistNoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What changed in this version"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ChecklistItemForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_(
            "A short identifier: lowercase Latin letters, digits and underscores, unique in the version."
        ),
    )
    text_ru = forms.CharField(label=_("Text (Russian)"), widget=forms.Textarea(attrs={"rows": 2}))
    text_kk = forms.CharField(
        label=_("Text (Kazakh)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    text_en = forms.CharField(
        label=_("Text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        decimal_places=2,
        help_text=_("Above zero; score = Σ weight × result / Σ weight over the applicable items."),
    )
    precheck = forms.ChoiceField(label=_("Automatic pre-check"), required=False)
    applies_to = forms.ChoiceField(label=_("Applies to"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["precheck"]).choices = [
            ("", _("None: the auditor alone answers")),
            *PRECHECKS,
        ]
        cast(forms.ChoiceField, self.fields["applies_to"]).choices = [
            ("", _("Every project")),
            *type_choices(),
        ]
