"""Writes on the public versions of a project: draft, save, submit, approve (four eyes), return, withdraw.

Every write records history (who, why) and every change of what the public sees (approve, withdraw) sends
`pmis.core.events.publication_changed` once the transaction commits, so the public cache and open data
follow. A confidential project can never have a live version: submit and approve refuse it, and making a
project confidential withdraws its live version in the same transaction (`publication_withdraw_confidential`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.accounts import roles
from pmis.core import events
from pmis.core.texts import msg
from pmis.notifications.services import notify
from projects.models import Document, Project, Publication
from projects.models.publication import PUBLIC_LANGUAGES

Status = Publication.Status
EDITABLE = (Status.DRAFT, Status.RETURNED)
TEXT_FIELDS = tuple(f"{kind}_{lang}" for kind in ("summary", "benefits") for lang in PUBLIC_LANGUAGES)
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
LANGUAGE_NAMES = {"kk": "қазақша", "ru": "русский", "en": "English"}


def _tab_url(project_id: int) -> str:
    return reverse("projects:publication", args=[project_id])


def _locked_project(project: Project) -> Project:
    """The project row, locked: versions of one project are numbered and decided one at a time."""
    return Project.objects.select_for_update().get(pk=project.pk)


def _locked(publication: Publication) -> Publication:
    # only the version row is locked (its author is a nullable join, which PostgreSQL cannot lock)
    return (
        Publication.objects.select_for_update(of=("self",))
        .select_related("project", "author")
        .get(pk=publication.pk)
    )


def _save(publication: Publication, actor: Any, fields: Iterable[str], reason: str) -> None:
    publication._history_user = actor
    publication._change_reason = reason[:100]
    publication.full_clean()
    publication.save(update_fields=[*fields, "updated_at"])


def _refuse_confidential(project: Project) -> None:
    if project.is_confidential:
        raise ValidationError(_("A confidential project can never be published."))


def project_office_staff() -> list[Any]:
    """Active Project Office staff (who approve public versions)."""
    from pmis.accounts.models import User

    return list(User.objects.filter(is_active=True, groups__name=roles.PMO_STAFF).distinct().order_by("pk"))


@transaction.atomic
def publication_draft(*, project: Project, actor: Any) -> Publication:
    """The editable draft of the project's public page: the newest draft or returned version; else a new
    version copying the texts and the chosen files of the latest one. Refused for a confidential project and
    while a version awaits approval."""
    project = _locked_project(project)
    _refuse_confidential(project)
    latest = project.publications.order_by("-version").first()
    if latest is not None and latest.status in EDITABLE:
        return latest
    if latest is not None and latest.status == Status.SUBMITTED:
        raise ValidationError(
            _("Version %(v)s awaits the Project Office's decision. Wait for it before starting a new one.")
            % {"v": latest.version}
        )
    draft = Publication(project=project, version=(latest.version + 1) if latest else 1, author=actor)
    if latest is not None:
        for name in TEXT_FIELDS:
            setattr(draft, name, getattr(latest, name))
    draft._history_user = actor
    draft._change_reason = "draft"
    draft.full_clean()
    draft.save()
    if latest is not None:
        draft.photos.set(list(latest.photos.all()))
        draft.documents.set(list(latest.documents.all()))
    return draft


def is_photo(document: Document) -> bool:
    return document.content_type in PHOTO_TYPES


@transaction.atomic
def publication_save(*, draft: Publication, actor: Any, data: Mapping[str, Any]) -> Publication:
    """Save the texts (summary_*/benefits_* in kk, ru, en) and the public photos and documents (the project's
    own documents only; photos must be images) of an editable version."""
    stored = _locked(draft)
    if stored.status not in EDITABLE:
        raise ValidationError(_("Only a draft or a returned version can be edited."))
    photos = list(data.get("photos") or [])
    documents = list(data.get("documents") or [])
    errors: dict[str, list[str]] = {}
    if any(d.project_id != stored.project_id for d in [*photos, *documents]):
        errors.setdefault("documents", []).append(_("Choose only documents of this project."))
    if any(not is_photo(d) for d in photos):
        errors.setdefault("photos", []).append(_("Only images (JPEG, PNG, WebP) can be public photos."))
    if errors:
        raise ValidationError(errors)
    for name in TEXT_FIELDS:
        if name in data:
            setattr(stored, name, (data[name] or "").strip())
    stored.author = actor
    _save(stored, actor, [*TEXT_FIELDS, "author"], "saved")
    stored.photos.set(photos)
    stored.documents.set(documents)
    return stored


@transaction.atomic
def publication_submit(*, publication: Publication, actor: Any) -> Publication:
    """Send an editable version to the Project Office; refused while a language's texts are missing and for a
    confidential project."""
    stored = _locked(publication)
    _refuse_confidential(_locked_project(stored.project))
    if stored.status not in EDITABLE:
        raise ValidationError(_("Only a draft or a returned version can be submitted."))
    missing = stored.missing_languages()
    if missing:
        raise ValidationError(
            _("Write the summary and “what changes for residents” in every language. Missing: %(list)s.")
            % {"list": ", ".join(LANGUAGE_NAMES[lang] for lang in missing)}
        )
    stored.status = Status.SUBMITTED
    stored.submitted_at = timezone.now()
    if stored.author_id is None:
        stored.author = actor
    _save(stored, actor, ["status", "submitted_at", "author"], "submitted")
    notify(
        recipients=[u for u in project_office_staff() if u.pk != actor.pk],
        title=msg(
            "The public page of %(code)s (version %(version)s) awaits approval",
            code=stored.project.code,
            version=stored.version,
        ),
        url=_tab_url(stored.project_id),
    )
    return stored


def wrote_version(publication: Publication, user: Any) -> bool:
    """Whether the user wrote or edited this version (its author, or anyone in its history): four eyes."""
    if user is None or not user.is_authenticated:
        return False
    if publication.author_id == user.pk:
        return True
    return bool(publication.history.filter(history_user=user).exists())


@transaction.atomic
def publication_approve(*, publication: Publication, actor: Any) -> Publication:
    """Make a submitted version live (the previous live one is superseded). Project Office staff only, never
    whoever wrote the version, never for a confidential project."""
    if not roles.has_role(actor, roles.PMO_STAFF):
        raise ValidationError(_("Only the Project Office approves public pages."))
    stored = _locked(publication)
    project = _locked_project(stored.project)
    _refuse_confidential(project)
    if stored.status != Status.SUBMITTED:
        raise ValidationError(_("Only a version awaiting approval can be approved."))
    if wrote_version(stored, actor):
        raise ValidationError(
            _("You wrote this version: someone else in the Project Office must approve it.")
        )
    now = timezone.now()
    for previous in project.publications.select_for_update().filter(status=Status.LIVE):
        previous.status = Status.SUPERSEDED
        _save(previous, actor, ["status"], f"superseded by v{stored.version}")
    stored.status = Status.LIVE
    stored.decided_by = actor
    stored.decided_at = now
    stored.published_at = now
    stored.return_note = ""
    _save(stored, actor, ["status", "decided_by", "decided_at", "published_at", "return_note"], "approved")
    events.send_on_commit(events.publication_changed, "projects", project_id=project.pk)
    notify(
        recipients=[u for u in (stored.author,) if u is not None and u.pk != actor.pk],
        title=msg(
            "The public page of %(code)s (version %(version)s) is published",
            code=project.code,
            version=stored.version,
        ),
        url=_tab_url(project.pk),
        kind="success",
    )
    return stored


@transaction.atomic
def publication_return(*, publication: Publication, actor: Any, note: str) -> Publication:
    """Return a submitted version to its author with a note (required)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what must be changed.")})
    stored = _locked(publication)
    if stored.status != Status.SUBMITTED:
        raise ValidationError(_("Only a version awaiting approval can be returned."))
    stored.status = Status.RETURNED
    stored.return_note = note
    stored.decided_by = actor
    stored.decided_at = timezone.now()
    _save(stored, actor, ["status", "return_note", "decided_by", "decided_at"], "returned")
    notify(
        recipients=[u for u in (stored.author,) if u is not None and u.pk != actor.pk],
        title=msg(
            "The public page of %(code)s (version %(version)s) was returned for revision",
            code=stored.project.code,
            version=stored.version,
        ),
        body=note,
        url=_tab_url(stored.project_id),
        kind="warning",
    )
    return stored


def _withdraw(
    project: Project, actor: Any, *, reason: str = "", reason_msg: dict[str, Any] | None = None
) -> Publication:
    live = project.publications.select_for_update().filter(status=Status.LIVE).first()
    if live is None:
        raise ValidationError(_("The project has no published version to withdraw."))
    live.status = Status.WITHDRAWN
    live.withdrawn_by = actor
    live.withdrawn_at = timezone.now()
    live.withdraw_reason = reason
    live.withdraw_reason_msg = reason_msg or {}
    _save(
        live,
        actor,
        ["status", "withdrawn_by", "withdrawn_at", "withdraw_reason", "withdraw_reason_msg"],
        "withdrawn",
    )
    events.send_on_commit(events.publication_changed, "projects", project_id=project.pk)
    return live


@transaction.atomic
def publication_withdraw(*, project: Project, actor: Any, reason: str) -> Publication:
    """Take the live version down at once (a reason is required)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the page is withdrawn.")})
    project = _locked_project(project)
    return _withdraw(project, actor, reason=reason)


@transaction.atomic
def publication_withdraw_confidential(*, project: Project, actor: Any) -> Publication | None:
    """A project made confidential loses its live version (called in the same transaction as the change)."""
    if not project.is_confidential:
        return None
    if not project.publications.filter(status=Status.LIVE).exists():
        return None
    reason = msg("The project was made confidential; a confidential project is never public.")
    return _withdraw(project, actor, reason=reason.render("en"), reason_msg=reason.as_json())
