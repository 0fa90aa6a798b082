"""Input shape and field validation of the portfolio forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmis.accounts.models import Organization, User
from pmis.core.forms import StyledFormMixin
from pmis.reference.models import Direction
from portfolio.models import AgendaItem, Attendance, ExpertOpinion, Meeting, Submission, ToleranceRule, Vote
from projects.models import ChangeRequest, GateDecision, PassportVersion


class SubmissionForm(StyledFormMixin, forms.Form):
    project_code = forms.CharField(
        label=_("Project code"), max_length=20, help_text=_("For example PRJ-2026-00012.")
    )
    # an overdue critical audit finding enters the queue only by the rule, never filed by hand
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in Submission.Kind.choices if c[0] != Submission.Kind.AUDIT_FINDING],
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    request = forms.CharField(
        label=_("The request"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the Committee is asked to decide, and why."),
    )
    draft_decision = forms.CharField(
        label=_("Draft decision"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    change_request_number = forms.IntegerField(label=_("Change request number"), required=False, min_value=1)
    gate = forms.ChoiceField(label=_("Gate"), choices=[("", "—"), *GateDecision.Gate.choices], required=False)
    other_directions = forms.ModelMultipleChoiceField(
        label=_("Other directions involved"),
        queryset=Direction.objects.order_by("number"),
        required=False,
        help_text=_("For a cross-sectoral issue."),
    )

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        self.projects = projects  # the projects the user may submit for (already permission-scoped)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        code = (data.get("project_code") or "").strip()
        project = (
            self.projects.filter(code__iexact=code).select_related("direction").first() if code else None
        )
        if code and project is None:
            self.add_error("project_code", _("No project with this code that you may submit for."))
        data["project"] = project
        kind = data.get("kind")
        data["change_request"] = data["passport"] = None
        if project is not None and kind == Submission.Kind.CHANGE_REQUEST:
            number = data.get("change_request_number")
            change = ChangeRequest.objects.filter(project=project, number=number).first() if number else None
            if change is None:
                self.add_error(
                    "change_request_number", _("Give the number of a change request of this project.")
                )
            elif change.status not in (ChangeRequest.Status.SUBMITTED, ChangeRequest.Status.ASSESSED):
                self.add_error(
                    "change_request_number", _("Only a submitted change request can go to the Committee.")
                )
            data["change_request"] = change
        if project is not None and kind == Submission.Kind.GATE and not data.get("gate"):
            self.add_error("gate", _("Choose the gate to be decided."))
        if project is not None and kind == Submission.Kind.PASSPORT:
            passport = PassportVersion.objects.filter(
                project=project, status=PassportVersion.Status.SUBMITTED
            ).first()
            if passport is None:
                self.add_error("kind", _("The project has no passport version submitted for approval."))
            data["passport"] = passport
        return data


class _OwnIds:
    """Forms that share a page get ids of their own (the submission page holds several "note" fields); the
    field names, and so what is posted, stay the same."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class NoteForm(_OwnIds, StyledFormMixin, forms.Form):
    id_prefix = "return"
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ScreenForm(NoteForm):
    id_prefix = "screen"
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("forward", _("Forward to the Project Office")), ("return", _("Return with remarks"))],
        widget=forms.RadioSelect,
    )


class ResubmitForm(_OwnIds, StyledFormMixin, forms.Form):
    id_prefix = "resubmit"
    request = forms.CharField(
        label=_("The request"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )


class ScheduleForm(_OwnIds, StyledFormMixin, forms.Form):
    id_prefix = "schedule"
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())
    note = forms.CharField(
        label=_("Completeness and cross-sectoral check"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    draft_decision = forms.CharField(
        label=_("Draft decision"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["meeting"]).queryset = meetings


class MeetingForm(StyledFormMixin, forms.ModelForm):
    def clean_procedure(self) -> str:
        return self.cleaned_data.get("procedure") or Meeting.Procedure.IN_PERSON

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "procedure",
            "direction",
            "number",
            "title",
            "starts_at",
            "location",
            "quorum",
            "status",
            "minutes",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(
        self, *args: Any, directions: Any = None, steering_allowed: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.DateTimeField, self.fields["starts_at"]).input_formats = [
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
            "%d.%m.%Y %H:%M",
        ]
        self.fields["procedure"].required = False  # in person unless chosen otherwise
        if directions is not None:
            cast(forms.ModelChoiceField, self.fields["direction"]).queryset = directions
        if not steering_allowed:
            cast(forms.ChoiceField, self.fields["kind"]).choices = [
                (Meeting.Kind.DIRECTION, Meeting.Kind.DIRECTION.label)
            ]
        if self.instance.pk is None:
            del self.fields["status"]
            del self.fields["minutes"]


class AttendanceForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Attendance.Role.choices)
    present = forms.BooleanField(label=_("Present"), required=False)

    def clean_username(self) -> User:
        user = User.objects.filter(username=self.cleaned_data["username"].strip(), is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user with this name."))
        return user


class AgendaItemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "starts_at", "duration_minutes", "materials", "draft_decision"]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "materials": forms.Textarea(attrs={"rows": 3}),
            "draft_decision": forms.Textarea(attrs={"rows": 3}),
        }


class DecisionForm(StyledFormMixin, forms.Form):
    # no preselected decision: the secretary records what the meeting decided, never a default
    decision = forms.ChoiceField(label=_("Decision"), choices=[("", "—"), *AgendaItem.Decision.choices])
    decision_text = forms.CharField(
        label=_("Decision text"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=10000
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10000,
        help_text=_("An assignment to the project's department is issued for them."),
    )
    assignment_due = forms.DateField(
        label=_("Due date of the conditions"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    gate_outcome = forms.ChoiceField(
        label=_("If the gate is rejected"),
        choices=AgendaItem.GateOutcome.choices,
        required=False,
        initial=AgendaItem.GateOutcome.STOP,
        help_text=_("Returned for revision leaves the project at its stage; rejected stops or suspends it."),
    )

    def __init__(self, *args: Any, gate: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not gate:  # only a gate decision has an outcome beyond the agenda item
            del self.fields["gate_outcome"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("decision") == AgendaItem.Decision.APPROVED_WITH_CONDITIONS
            and not (data.get("conditions") or "").strip()
        ):
            self.add_error("conditions", _("State the conditions of the decision."))
        due = data.get("assignment_due")
        if due and due < timezone.localdate():
            self.add_error("assignment_due", _("The due date cannot be in the past."))
        return data


class VoteForm(StyledFormMixin, forms.Form):
    choice = forms.ChoiceField(label=_("Vote"), choices=Vote.Choice.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )


class OpinionForm(StyledFormMixin, forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=ExpertOpinion.Recommendation.choices
    )
    text = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)


class ConflictForm(StyledFormMixin, forms.Form):
    has_conflict = forms.BooleanField(label=_("I have a conflict of interest on this item"), required=False)
    note = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )


class AssignmentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(
        label=_("What must be done"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner_organization = forms.ModelChoiceField(
        label=_("Responsible organization"), queryset=Organization.objects.filter(is_active=True)
    )
    owner_username = forms.CharField(
        label=_("Responsible person (user name)"), max_length=150, required=False
    )
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_owner_username(self) -> User | None:
        name = (self.cleaned_data.get("owner_username") or "").strip()
        if not name:
            return None
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user with this name."))
        return user

    def clean_due_date(self) -> Any:
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due


class ReportForm(StyledFormMixin, forms.Form):
    evidence = forms.CharField(
        label=_("Evidence of completion"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )


class AcceptForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("accept", _("Accept")), ("return", _("Return to work"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )


class ToleranceRuleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ToleranceRule
        fields = ["direction", "schedule_days", "budget_percent", "budget_amount", "is_active"]
