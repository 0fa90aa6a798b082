"""Forms of the publication workflow: the draft's texts and files, the return note, the withdrawal reason."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pmis.core.forms import StyledFormMixin
from projects.models import Document, Publication

LANGUAGES = (("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English")))
TEXT_MAX = 4000


def _text(label: Any, lang: str, *, rows: int) -> forms.CharField:
    """A text in one language (empty allowed while drafting; submission asks for all three)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows, "lang": lang}),
    )


class PublicationForm(StyledFormMixin, forms.Form):
    """Texts in kk / ru / en side by side, and which of the project's photos and documents are public."""

    summary_kk = _text(_("Public summary (Kazakh)"), "kk", rows=6)
    summary_ru = _text(_("Public summary (Russian)"), "ru", rows=6)
    summary_en = _text(_("Public summary (English)"), "en", rows=6)
    benefits_kk = _text(_("What changes for residents (Kazakh)"), "kk", rows=4)
    benefits_ru = _text(_("What changes for residents (Russian)"), "ru", rows=4)
    benefits_en = _text(_("What changes for residents (English)"), "en", rows=4)
    photos = forms.ModelMultipleChoiceField(
        label=_("Public photos"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Public documents"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, photos: list[Document], documents: list[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        project_ids = {d.project_id for d in documents}
        all_ids = [d.pk for d in documents]
        photo_ids = [d.pk for d in photos]
        # the querysets only validate the ticked ids (the template lists `photo_choices` / `document_choices`)
        cast(forms.ModelMultipleChoiceField, self.fields["photos"]).queryset = Document.objects.filter(
            pk__in=photo_ids, project_id__in=project_ids
        )
        cast(forms.ModelMultipleChoiceField, self.fields["documents"]).queryset = Document.objects.filter(
            pk__in=all_ids, project_id__in=project_ids
        )
        self.photo_choices = photos
        self.document_choices = documents

    def rows(self) -> list[dict[str, Any]]:
        """The text fields by language, for the side-by-side layout."""
        return [
            {"code": code, "label": label, "fields": [self[f"summary_{code}"], self[f"benefits_{code}"]]}
            for code, label in LANGUAGES
        ]

    def _chosen(self, name: str) -> set[int]:
        """Ids ticked in the field (bound: what was posted; unbound: the initial choice)."""
        if self.is_bound:
            return {int(v) for v in getattr(self.data, "getlist", lambda _n: [])(name) if str(v).isdigit()}
        return {d.pk for d in self.initial.get(name, [])}

    @property
    def photo_ids(self) -> set[int]:
        return self._chosen("photos")

    @property
    def document_ids(self) -> set[int]:
        return self._chosen("documents")


def initial_from(publication: Publication | None) -> dict[str, Any]:
    if publication is None:
        return {}
    data: dict[str, Any] = {
        f"{kind}_{lang}": getattr(publication, f"{kind}_{lang}")
        for kind in ("summary", "benefits")
        for lang in ("kk", "ru", "en")
    }
    data["photos"] = list(publication.photos.all())
    data["documents"] = list(publication.documents.all())
    return data


class ReturnForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What must be changed"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the page is withdrawn"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class QueueFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Awaiting approval and published")),
            (Publication.Status.SUBMITTED, Publication.Status.SUBMITTED.label),
            (Publication.Status.LIVE, Publication.Status.LIVE.label),
        ],
    )
    direction: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Basic direction"), queryset=None, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from pmis.reference.models import Direction

        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["direction"]).queryset = Direction.objects.order_by("number")
