"""Forms of the survey builder. Texts are edited side by side in Kazakh, Russian and English; validation that
needs the survey (conditions, keys, choices) is the service's, shown beside the field it names."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from pmis.accounts import roles
from pmis.core.forms import StyledFormMixin
from pmis.reference.models import Direction, District
from projects.models import Project
from projects.permissions import projects_visible_to
from surveys import library
from surveys.models import Question, Survey, SurveyVersion
from surveys.models.builder import LANGUAGES
from surveys.services.builder import CONDITION_KINDS, latest_version, ordered_questions

LANGUAGE_LABELS = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}


class SurveyFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search in titles"), required=False, max_length=100)
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=[("", _("All audiences")), *Survey.Audience.choices]
    )
    subject = forms.ChoiceField(
        label=_("Subject"), required=False, choices=[("", _("All subjects")), *Survey.Subject.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Survey.Status.choices]
    )
    mine = forms.BooleanField(label=_("Only surveys I own"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Newest first")),
            ("created", _("Oldest first")),
            ("title", _("Title A–Z")),
            ("-title", _("Title Z–A")),
            ("status", _("Status")),
            ("-responses", _("Most answers")),
        ],
    )


def _text_fields(
    prefix: str, label: Any, *, textarea: bool = False, max_length: int | None = 255
) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for lang in LANGUAGES:
        kwargs: dict[str, Any] = {
            "label": f"{label} ({LANGUAGE_LABELS[lang]})",
            "required": lang == "ru" and prefix in ("title", "text"),
        }
        if textarea:
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "lang": lang})
        else:
            kwargs["widget"] = forms.TextInput(attrs={"lang": lang})
            kwargs["max_length"] = max_length
        fields[f"{prefix}_{lang}"] = forms.CharField(**kwargs)
    return fields


def pmo_users() -> Any:
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.PMO_STAFF)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class SurveyForm(StyledFormMixin, forms.Form):
    """The survey's own texts, audience, subject with its target and the co-owners (edit and create)."""

    audience = forms.ChoiceField(label=_("Audience"), choices=Survey.Audience.choices)
    subject = forms.ChoiceField(label=_("Subject"), choices=Survey.Subject.choices)
    project: forms.ModelChoiceField[Project] = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False
    )
    direction = forms.ModelChoiceField(
        label=_("Basic direction"), queryset=Direction.objects.order_by("number"), required=False
    )
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.all(), required=False)
    co_owners: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Co-owners"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Project Office staff who edit the survey and read its free-text answers with you."),
    )
    text_groups = (("title", _("Title")), ("intro", _("Introduction")))

    def __init__(self, *args: Any, user: Any, survey: Survey | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields("title", _("Title")))
        self.fields.update(_text_fields("intro", _("Introduction"), textarea=True))
        for name in list(self.fields):
            if name.startswith(("title_", "intro_")):  # added after the mixin styled the others
                self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["project"].queryset = projects_visible_to(user).order_by("code")  # type: ignore[attr-defined]
        co_owners = self.fields["co_owners"]
        co_owners.queryset = pmo_users().exclude(pk=survey.owner_id if survey else user.pk)  # type: ignore[attr-defined]
        co_owners.widget.attrs["size"] = 6
        if survey is not None:
            self._add_result_fields(survey)
        if survey is not None and survey.status != Survey.Status.DRAFT:
            for name in ("audience", "subject"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once the survey has been opened.")

    def text_rows(self) -> list[tuple[Any, list[Any]]]:
        return [
            (label, [self[f"{prefix}_{lang}"] for lang in LANGUAGES]) for prefix, label in self.text_groups
        ]

    def _add_result_fields(self, survey: Survey) -> None:
        """How results are reported (edit only: the questions exist by then)."""
        from surveys.profile import DIMENSIONS

        version = latest_version(survey)
        scale = (
            list(version.questions.filter(kind=Question.Kind.SCALE5).order_by("section__order", "order"))
            if version
            else []
        )
        self.fields["headline_key"] = forms.ChoiceField(
            label=_("Headline question"),
            choices=[("", _("None"))] + [(q.key, f"{q.key} — {q.text}") for q in scale],
            required=False,
            help_text=_("The 1–5 question whose satisfied share (4 and 5) the results report first."),
        )
        names = dict(Question.Profile.choices)
        self.fields["weighting"] = forms.MultipleChoiceField(
            label=_("Weight the results by"),
            choices=[(d, names[d]) for d in DIMENSIONS],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Citizen surveys: the answers' profile is weighted to the population shares."),
        )
        self.fields["feeds_indicator_code"] = forms.CharField(
            label=_("Feeds the strategic indicator (code)"),
            max_length=40,
            required=False,
            help_text=_(
                "The city-wide citizen survey writes its weighted satisfied share into this indicator."
            ),
        )
        for name in ("headline_key", "feeds_indicator_code"):
            self.fields[name].widget.attrs["class"] = (
                "form-select" if name == "headline_key" else "form-control"
            )


class SurveyCreateForm(SurveyForm):
    """Start from a library template (its texts and questions) or blank."""

    template_key = forms.ChoiceField(label=_("Start from"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), choices=Survey.Audience.choices, required=False)
    subject = forms.ChoiceField(label=_("Subject"), choices=Survey.Subject.choices, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start = cast(forms.ChoiceField, self.fields["template_key"])
        start.choices = [("", _("A blank survey")), *library.choices_for_new_survey()]
        start.widget.attrs["class"] = "form-select"
        self.fields["title_ru"].required = False
        self.fields["title_ru"].help_text = _("Needed for a blank survey; a template brings its own titles.")
        for name, options in (("audience", Survey.Audience.choices), ("subject", Survey.Subject.choices)):
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = [("", _("As in the template")), *options]
            field.widget.attrs["class"] = "form-select"


class SectionForm(StyledFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields("title", _("Title")))
        for lang in LANGUAGES:
            self.fields[f"title_{lang}"].widget.attrs["class"] = "form-control"

    def text_rows(self) -> list[tuple[Any, list[Any]]]:
        return [(_("Title"), [self[f"title_{lang}"] for lang in LANGUAGES])]


class QuestionForm(StyledFormMixin, forms.Form):
    """A question: type, texts and hints side by side, required, numbers, profile, display condition."""

    key = forms.SlugField(
        label=_("Key"),
        required=False,
        max_length=40,
        help_text=_("Stays the same in every version: results compare versions on it. Left empty: q1, q2, …"),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=Question.Kind.choices)
    profile = forms.ChoiceField(
        label=_("Profile question"),
        required=False,
        choices=Question.Profile.choices,
        help_text=_("District, age band or sex: the choices are generated and not editable."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    min_value = forms.DecimalField(
        label=_("Smallest number"), required=False, max_digits=14, decimal_places=2
    )
    max_value = forms.DecimalField(label=_("Largest number"), required=False, max_digits=14, decimal_places=2)
    condition_question = forms.ModelChoiceField(
        label=_("Show only when question"),
        required=False,
        queryset=Question.objects.none(),
        empty_label=_("— always shown —"),
        help_text=_("An earlier scale or choice question."),
    )
    condition_values = forms.CharField(
        label=_("has one of the answers"),
        required=False,
        max_length=255,
        help_text=_(
            "Values separated by commas: 1–5 for a scale, 0–10 for 0–10, the choice values for a choice."
        ),
    )
    text_groups = (("text", _("Question")), ("help", _("Hint")))

    def __init__(
        self, *args: Any, version: SurveyVersion, question: Question | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields("text", _("Question"), textarea=True))
        self.fields.update(_text_fields("help", _("Hint")))
        for prefix in ("text", "help"):
            for lang in LANGUAGES:
                self.fields[f"{prefix}_{lang}"].widget.attrs["class"] = "form-control"
        earlier = []
        for q in ordered_questions(version):
            if question is not None and q.pk == question.pk:
                break
            if q.kind in CONDITION_KINDS:
                earlier.append(q.pk)
        field = self.fields["condition_question"]
        field.queryset = Question.objects.filter(pk__in=earlier).order_by("section__order", "order")  # type: ignore[attr-defined]
        field.label_from_instance = lambda q: f"{q.key}: {q.text[:60]}"  # type: ignore[attr-defined]
        if question is not None:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _("Stays the same in every version.")

    def clean_condition_values(self) -> list[str]:
        raw = self.cleaned_data.get("condition_values") or ""
        return [v.strip() for v in raw.split(",") if v.strip()]

    def text_rows(self) -> list[tuple[Any, list[Any]]]:
        return [
            (label, [self[f"{prefix}_{lang}"] for lang in LANGUAGES]) for prefix, label in self.text_groups
        ]


class ChoiceForm(StyledFormMixin, forms.Form):
    value = forms.SlugField(label=_("Value"), required=False, max_length=40)
    label_kk = forms.CharField(label=_("Label (Kazakh)"), required=False, max_length=255)
    label_ru = forms.CharField(label=_("Label (Russian)"), required=False, max_length=255)
    label_en = forms.CharField(label=_("Label (English)"), required=False, max_length=255)


ChoiceFormSet = forms.formset_factory(ChoiceForm, extra=3, can_delete=True, max_num=60, validate_max=True)


class VersionNewForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("What changes in the new version"), required=False, max_length=255)


def choices_initial(question: Question | None) -> list[dict[str, Any]]:
    if question is None:
        return []
    return [
        {"value": c.value, **{f"label_{lang}": getattr(c, f"label_{lang}") for lang in LANGUAGES}}
        for c in question.choices.order_by("order", "pk")
    ]


def question_initial(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        name: getattr(question, name)
        for name in ("key", "kind", "profile", "required", "min_value", "max_value")
    }
    for prefix in ("text", "help"):
        for lang in LANGUAGES:
            data[f"{prefix}_{lang}"] = getattr(question, f"{prefix}_{lang}")
    data["condition_question"] = question.condition_question_id
    data["condition_values"] = ", ".join(str(v) for v in question.condition_values or [])
    return data
