"""Writes of citizen feedback: submission from the public page, moderation by the Project Office, the
department's answer and the daily reminders and escalations.

- `feedback_submit` takes a citizen's question, suggestion or complaint for a published project only (404 the
  same as a missing one otherwise): the text is stripped of HTML and control characters, a photo is verified
  with Pillow and re-encoded without EXIF, a filled honeypot pretends success and stores nothing, and every
  post counts against the per-address limit (a salted SHA-256 of the address per hour window, never linked
  to the feedback). All or nothing: a refused post leaves no row and no file.
- `feedback_accept` fixes the published text (personal data masked), routes the item to the project's
  department as an entry in the project's issue log with a deadline in working days, and tells the department.
- `feedback_answer` publishes the answer under the question, resolves the issue and e-mails the citizen (in the
  language they wrote in) when they left an address.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from pmis.core import portal, publiccache, texts
from pmis.core.texts import msg
from pmis.notifications.services import notify
from projects.selectors.public import published_project
from projects.selectors.team import department_heads, project_manager_and_officers
from surveys.models import Feedback, FeedbackRateBucket
from surveys.personal_data import mask

logger = logging.getLogger(__name__)

LANGUAGES = ("kk", "ru", "en")
TEXT_MIN = 10
TEXT_MAX = 2000
ANSWER_MIN = 10
ANSWER_MAX = 4000
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
PHOTO_FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
DEFAULT_RATE_LIMIT = 5
REMIND_BEFORE_DAYS = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RateLimited(Exception):
    """Too many posts of the feedback form from this address in the current window."""


@dataclass(frozen=True)
class Submitted:
    """What the citizen is told: the reference number; `stored` is False for a honeypot post."""

    reference: str
    stored: bool
    feedback: Feedback | None = None


# --- Cleaning -------------------------------------------------------------------------------------------


def clean_text(raw: Any) -> str:
    """Plain text: HTML tags removed, control characters removed (line breaks and tabs kept), lines trimmed."""
    text = strip_tags(str(raw or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")
    )
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def check_text(text: str, *, minimum: int = TEXT_MIN, maximum: int = TEXT_MAX) -> str:
    """The cleaned text, or a ValidationError saying how long it must be."""
    if len(text) < minimum:
        raise ValidationError(
            _("Write at least %(min)s characters (without HTML).") % {"min": minimum}, code="short"
        )
    if len(text) > maximum:
        raise ValidationError(_("Write at most %(max)s characters.") % {"max": maximum}, code="long")
    return text


@dataclass(frozen=True)
class CheckedPhoto:
    content: bytes
    content_type: str
    extension: str


def check_photo(uploaded: Any) -> CheckedPhoto:
    """A JPEG, PNG or WebP image of at most 5 MB, decoded with Pillow and re-encoded without EXIF or any other
    metadata (a location in a phone's photo is personal data). Anything else is a ValidationError."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    size = getattr(uploaded, "size", None) or 0
    if size > PHOTO_MAX_BYTES:
        raise ValidationError(_("The photo is too large: at most 5 MB."), code="photo_size")
    if size == 0:
        raise ValidationError(_("The photo is empty."), code="photo_empty")
    uploaded.seek(0)
    data = uploaded.read(PHOTO_MAX_BYTES + 1)
    if len(data) > PHOTO_MAX_BYTES:
        raise ValidationError(_("The photo is too large: at most 5 MB."), code="photo_size")
    not_image = ValidationError(_("Attach a photo in JPEG, PNG or WebP format."), code="photo_type")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format or ""
            width, height = probe.size
            if image_format not in PHOTO_FORMATS:
                raise not_image
            if width * height > PHOTO_MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="photo_pixels")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            # saved without exif= / pnginfo= / icc_profile=: no metadata survives
            if image_format == "JPEG":
                upright.save(out, format="JPEG", quality=85, optimize=True)
            else:
                upright.save(out, format=image_format)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise not_image from exc
    content_type, extension = PHOTO_FORMATS[image_format]
    return CheckedPhoto(content=out.getvalue(), content_type=content_type, extension=extension)


# --- Rate limit -----------------------------------------------------------------------------------------


def rate_limit() -> int:
    return int(getattr(settings, "PMIS_FEEDBACK_RATE_LIMIT", DEFAULT_RATE_LIMIT))


def window_start(now: datetime.datetime) -> datetime.datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def ip_hash(ip: str | None, start: datetime.datetime) -> str:
    """A salted SHA-256 of the address; the salt changes with every window, so windows cannot be linked."""
    salt = f"{settings.SECRET_KEY}:feedback:{start.isoformat()}"
    return hashlib.sha256(f"{salt}:{ip or 'unknown'}".encode()).hexdigest()


def count_post(ip: str | None, *, now: datetime.datetime | None = None) -> bool:
    """Count one post from this address in its own transaction (a refused post still counts); False when the
    address is over the limit of the current window."""
    start = window_start(now or timezone.now())
    key = ip_hash(ip, start)
    bucket = FeedbackRateBucket.objects.filter(ip_hash=key, window_start=start)
    with transaction.atomic():
        if not bucket.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    FeedbackRateBucket.objects.create(ip_hash=key, window_start=start, count=1)
            except IntegrityError:
                bucket.update(count=F("count") + 1)
    count = bucket.values_list("count", flat=True).first() or 0
    return count <= rate_limit()


def forget_old_buckets(*, now: datetime.datetime | None = None) -> int:
    """Delete rate buckets of windows that started more than a day ago; returns how many went."""
    before = (now or timezone.now()) - datetime.timedelta(days=1)
    deleted, _ = FeedbackRateBucket.objects.filter(window_start__lt=before).delete()
    return deleted


# --- Submission -----------------------------------------------------------------------------------------


def new_reference(year: int) -> str:
    """`FB-<year>-<6 random digits>`: not guessable from a neighbour's number."""
    return f"FB-{year}-{secrets.randbelow(1_000_000):06d}"


def _fields(data: Any) -> tuple[str, str, str, bool]:
    errors: dict[str, list[ValidationError]] = {}
    kind = str(data.get("kind") or "")
    if kind not in Feedback.Kind.values:
        errors["kind"] = [
            ValidationError(_("Choose what you are writing: a question, a suggestion or a complaint."))
        ]
    text = clean_text(data.get("text"))
    try:
        check_text(text)
    except ValidationError as exc:
        errors["text"] = [exc]
    email = str(data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [ValidationError(_("Enter a valid e-mail address, or leave the field empty."))]
    consent = data.get("consent") in (True, "on", "1", "true", "yes")
    if not consent:
        errors["consent"] = [
            ValidationError(_("Your consent to the processing of personal data is required."))
        ]
    if errors:
        raise ValidationError(errors)
    return kind, text, email, consent


def feedback_submit(
    *,
    project_code: str,
    data: Any,
    photo: Any,
    ip: str | None,
    language: str,
    honeypot: bool = False,
) -> Submitted:
    """Store a citizen's feedback on a published project and return its reference.

    404 for a missing, unpublished or confidential project; RateLimited over the address's limit (every post
    counts, valid or not); ValidationError per field for bad input; with `honeypot` a made-up reference is
    returned and nothing is stored. Nothing is stored half-way: the row and the photo go together or not at all.
    """
    project, _publication = published_project(project_code)
    if not count_post(ip):
        raise RateLimited
    now = timezone.now()
    if honeypot:
        return Submitted(reference=new_reference(now.year), stored=False)
    errors: dict[str, list[ValidationError]] = {}
    try:
        kind, text, email, _consent = _fields(data)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    checked = None
    if photo:
        try:
            checked = check_photo(photo)
        except ValidationError as exc:
            errors["photo"] = [exc]
    if errors:
        raise ValidationError(errors)
    lang = language if language in LANGUAGES else settings.LANGUAGE_CODE
    for _attempt in range(5):
        feedback = Feedback(
            reference=new_reference(now.year),
            project=project,
            kind=kind,
            text=text,
            email=email,
            consent_at=now,
            language=lang,
            status=Feedback.Status.PENDING,
        )
        if Feedback.objects.filter(reference=feedback.reference).exists():
            continue
        try:
            with transaction.atomic():
                if checked is not None:
                    feedback.photo_content_type = checked.content_type
                    feedback.photo.save(f"photo{checked.extension}", ContentFile(checked.content), save=False)
                feedback._change_reason = "submitted"
                feedback.save()
        except IntegrityError:
            _drop_file(feedback)
            continue
        except BaseException:
            _drop_file(feedback)
            raise
        logger.info("feedback submitted reference=%s project=%s", feedback.reference, project.pk)
        return Submitted(reference=feedback.reference, stored=True, feedback=feedback)
    raise ValidationError(_("Please send your message again."))


def _drop_file(feedback: Feedback) -> None:
    if feedback.photo:
        feedback.photo.delete(save=False)


# --- Moderation and answer ------------------------------------------------------------------------------


def _internal_url(feedback: Feedback) -> str:
    return reverse("surveys:feedback-detail", args=[feedback.pk])


def _require(feedback: Feedback, *statuses: str) -> None:
    # the row is locked until the decision is saved: two moderators cannot both route the same message
    current = (
        Feedback.objects.select_for_update().filter(pk=feedback.pk).values_list("status", flat=True).first()
    )
    if current not in statuses:
        raise ValidationError(_("This message has already been handled; reload the page."))


def default_public_text(feedback: Feedback) -> str:
    """The text as it would be published: personal data masked, in the language the citizen wrote in."""
    with translation.override(feedback.language or settings.LANGUAGE_CODE):
        return mask(feedback.text)


def response_due(today: datetime.date) -> datetime.date:
    """The answer's deadline: PMIS_FEEDBACK_RESPONSE_DAYS working days after today (the expertise calendar)."""
    due: datetime.date = portal.add_working_days(today, int(settings.PMIS_FEEDBACK_RESPONSE_DAYS))
    return due


@transaction.atomic
def feedback_accept(
    *, feedback: Feedback, actor: Any, theme: str, public_text: str, today: datetime.date | None = None
) -> Feedback:
    """Publishable: fix the published text (personal data masked again, whatever the moderator typed), route it
    to the project's department as an entry in the project's issue log due in working days, tell the
    department's officers and the project manager."""
    from projects.models import ProjectIssue
    from projects.services.registers import issue_save

    _require(feedback, Feedback.Status.PENDING)
    errors: dict[str, list[ValidationError]] = {}
    if theme not in Feedback.Theme.values:
        errors["theme"] = [ValidationError(_("Choose a theme."))]
    with translation.override(feedback.language or settings.LANGUAGE_CODE):
        cleaned = mask(clean_text(public_text))
    try:
        check_text(cleaned, minimum=TEXT_MIN, maximum=TEXT_MAX)
    except ValidationError as exc:
        errors["public_text"] = [exc]
    if errors:
        raise ValidationError(errors)
    project, officers = project_manager_and_officers(feedback.project_id)
    assert project is not None
    due = response_due(today or timezone.localdate())
    # the issue log is read by the department: the reference, then the citizen's published words
    issue = ProjectIssue(
        project=project,
        title=f"{feedback.reference} · {cleaned[:200]}",
        description=cleaned,
        severity=ProjectIssue.Severity.MEDIUM,
        owner_id=project.manager_id,
        status=ProjectIssue.Status.OPEN,
        due_date=due,
    )
    issue._history_user = actor
    issue_save(issue=issue, actor=actor)
    feedback.status = Feedback.Status.ROUTED
    feedback.theme = theme
    feedback.public_text = cleaned
    feedback.moderated_by = actor
    feedback.moderated_at = timezone.now()
    feedback.department_id = project.department_id
    feedback.issue = issue
    feedback.due_date = due
    feedback.reject_reason = ""
    _save(
        feedback,
        actor,
        "accepted",
        [
            "status",
            "theme",
            "public_text",
            "moderated_by",
            "moderated_at",
            "department",
            "issue",
            "due_date",
            "reject_reason",
        ],
    )
    notify(
        recipients=officers,
        title=msg(
            "Citizen %(kind)s %(reference)s on %(code)s: answer by %(due)s",
            kind=_kind_label(feedback),
            reference=feedback.reference,
            code=project.code,
            due=_date_arg(due),
        ),
        body=msg("Answer the citizen in PMIS; the answer is published on the project's public page."),
        url=_internal_url(feedback),
        kind="action",
    )
    return feedback


@transaction.atomic
def feedback_reject(*, feedback: Feedback, actor: Any, reason: str) -> Feedback:
    """Not published, with the reason the citizen's tracking page shows by its status only."""
    _require(feedback, Feedback.Status.PENDING)
    if reason not in Feedback.RejectReason.values:
        raise ValidationError({"reason": [ValidationError(_("Choose why it is not published."))]})
    feedback.status = Feedback.Status.REJECTED
    feedback.reject_reason = reason
    feedback.moderated_by = actor
    feedback.moderated_at = timezone.now()
    _save(feedback, actor, "rejected", ["status", "reject_reason", "moderated_by", "moderated_at"])
    return feedback


@transaction.atomic
def feedback_answer(*, feedback: Feedback, actor: Any, answer: str) -> Feedback:
    """Publish the department's answer under the question, resolve the issue-log entry, e-mail the citizen in
    their language when they left an address, and refresh the public pages."""
    from projects.models import ProjectIssue
    from projects.services.registers import issue_save

    _require(feedback, Feedback.Status.ROUTED)
    text = clean_text(answer)
    try:
        check_text(text, minimum=ANSWER_MIN, maximum=ANSWER_MAX)
    except ValidationError as exc:
        raise ValidationError({"answer": [exc]}) from exc
    feedback.status = Feedback.Status.ANSWERED
    feedback.answer = text
    feedback.answered_by = actor
    feedback.answered_at = timezone.now()
    _save(feedback, actor, "answered", ["status", "answer", "answered_by", "answered_at"])
    if feedback.issue_id:
        issue = ProjectIssue.objects.filter(pk=feedback.issue_id).first()
        if issue is not None and issue.status != ProjectIssue.Status.RESOLVED:
            issue.status = ProjectIssue.Status.RESOLVED
            issue._history_user = actor
            issue_save(issue=issue, actor=actor)
    feedback_id = feedback.pk
    if feedback.email:
        transaction.on_commit(lambda: _queue_answer_email(feedback_id))
    transaction.on_commit(publiccache.bump)
    return feedback


def _queue_answer_email(feedback_id: int) -> None:
    from surveys.tasks import feedback_answer_email_task

    feedback_answer_email_task.delay(feedback_id)


def send_answer_email(feedback_id: int) -> None:
    """The answer to the citizen's address, in the language they wrote in."""
    feedback = Feedback.objects.select_related("project").filter(pk=feedback_id).first()
    if feedback is None or not feedback.email or feedback.status != Feedback.Status.ANSWERED:
        return
    lang = feedback.language if feedback.language in LANGUAGES else settings.LANGUAGE_CODE
    with translation.override(lang):
        path = reverse("public:feedback-detail", args=[feedback.reference])
        context = {"feedback": feedback, "url": f"{settings.PMIS_SITE_URL.rstrip('/')}{path}"}
        subject = render_to_string("surveys/feedback/email/answer_subject.txt", context).strip()
        body = render_to_string("surveys/feedback/email/answer_body.txt", context)
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [feedback.email]).send()
    except Exception:  # the answer is published either way; the mail is a courtesy
        logger.exception("feedback answer e-mail failed reference=%s", feedback.reference)


def _save(feedback: Feedback, actor: Any, reason: str, fields: list[str]) -> None:
    feedback._history_user = actor
    feedback._change_reason = reason
    feedback.full_clean(exclude=["photo", "email"])
    feedback.save(update_fields=[*fields, "updated_at"])


def _kind_label(feedback: Feedback) -> Any:
    return texts.choice(feedback, "kind")


def _date_arg(value: datetime.date) -> Any:
    return texts.date(value)


# --- The daily sweep ------------------------------------------------------------------------------------


def feedback_daily(*, today: datetime.date | None = None) -> dict[str, int]:
    """Remind the department 3 working days before the due date and on it (once each), escalate an overdue
    item once to the department head, forget rate buckets older than a day."""
    now = timezone.now()
    if today is None:
        today = timezone.localdate(now)
    else:  # a given day (tests, a catch-up run): the marks say that day
        now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12, 0)))
    soon_limit = portal.add_working_days(today, REMIND_BEFORE_DAYS)
    routed = Feedback.objects.filter(status=Feedback.Status.ROUTED, due_date__isnull=False).select_related(
        "project"
    )
    reminded = escalated = 0
    for feedback in routed.filter(due_date__gte=today, due_date__lte=soon_limit):
        assert feedback.due_date is not None
        due_today = feedback.due_date == today
        last = timezone.localtime(feedback.reminded_at).date() if feedback.reminded_at else None
        if due_today:
            if last == today:
                continue
        elif last is not None:
            continue  # the "due soon" reminder went already
        _project, officers = project_manager_and_officers(feedback.project_id)
        title = (
            msg("Citizen message %(reference)s: the answer is due today", reference=feedback.reference)
            if due_today
            else msg(
                "Citizen message %(reference)s: the answer is due on %(due)s",
                reference=feedback.reference,
                due=_date_arg(feedback.due_date),
            )
        )
        notify(recipients=officers, title=title, url=_internal_url(feedback), kind="warning")
        feedback.reminded_at = now
        _save(feedback, None, "reminded", ["reminded_at"])
        reminded += 1
    overdue = list(routed.filter(due_date__lt=today, escalated_at__isnull=True))
    heads = department_heads([f.department_id for f in overdue])
    for feedback in overdue:
        assert feedback.due_date is not None
        recipients = list(heads.get(feedback.department_id or 0, []))
        notify(
            recipients=recipients,
            title=msg(
                "Citizen message %(reference)s on %(code)s is overdue: the answer was due on %(due)s",
                reference=feedback.reference,
                code=feedback.project.code,
                due=_date_arg(feedback.due_date),
            ),
            url=_internal_url(feedback),
            kind="warning",
        )
        feedback.escalated_at = now
        _save(feedback, None, "escalated", ["escalated_at"])
        escalated += 1
    forgotten = forget_old_buckets(now=now)
    return {"reminded": reminded, "escalated": escalated, "buckets_deleted": forgotten}
