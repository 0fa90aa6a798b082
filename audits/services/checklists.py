"""Checklist versions: a new version copies the one in use as a draft; only a draft's items change; publishing
puts the draft in use and retires the previous one. An audit keeps the version it started with (its FK)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise
from simple_history.utils import bulk_create_with_history

from audits.models import ChecklistItem, ChecklistVersion
from projects.selectors.choices import type_choices

if TYPE_CHECKING:
    from pmis.accounts.models import User

# the automatic pre-checks an item may use (the data the system holds answers them); "" is none
PRECHECKS: list[tuple[str, StrOrPromise]] = [
    ("passport", gettext_lazy("Passport approved and current")),
    ("indicators", gettext_lazy("Indicators with baseline, targets and source")),
    ("plan", gettext_lazy("Plan baselined, milestones owned")),
    ("budget", gettext_lazy("Budget: plan, committed and disbursed reconcile")),
    ("reports", gettext_lazy("Status reports on time; reported RAG equals the RAG recomputed from the data")),
    ("changes", gettext_lazy("Change requests approved before the baseline changed")),
    ("risks", gettext_lazy("Risk register updated each period")),
    ("expertise", gettext_lazy("Positive expertise opinion dated before the first disbursement")),
    ("documents", gettext_lazy("Documents hashed")),
    ("earlier_findings", gettext_lazy("Earlier findings closed by their deadlines")),
]
PRECHECK_KEYS = [key for key, _label in PRECHECKS]
MAX_WEIGHT = Decimal(100)
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_ITEM_FIELDS = ("number", "code", "text_ru", "text_kk", "text_en", "weight", "precheck", "applies_to")


def ensure_checklist_editable(version: ChecklistVersion) -> None:
    """Refuse (ValidationError) any change to a version in use or retired: audits may rely on it."""
    if version.status == ChecklistVersion.Status.ACTIVE:
        raise ValidationError(
            _("Checklist version %(version)s is in use and cannot be changed; create a new version instead.")
            % {"version": version.version}
        )
    if version.status != ChecklistVersion.Status.DRAFT:
        raise ValidationError(
            _("Checklist version %(version)s is retired and cannot be changed; create a new version instead.")
            % {"version": version.version}
        )


def _locked(version: ChecklistVersion) -> ChecklistVersion:
    current = ChecklistVersion.objects.select_for_update().get(pk=version.pk)
    ensure_checklist_editable(current)
    return current


@transaction.atomic
def checklist_new_version(*, actor: User) -> ChecklistVersion:
    """A draft copy of the checklist in use (items, weights, pre-checks), numbered after the newest version."""
    versions = list(ChecklistVersion.objects.select_for_update().order_by("-version"))
    draft = next((v for v in versions if v.status == ChecklistVersion.Status.DRAFT), None)
    if draft is not None:
        raise ValidationError(
            _("Version %(version)s is still a draft: edit or publish it instead of creating another one.")
            % {"version": draft.version}
        )
    source = next((v for v in versions if v.status == ChecklistVersion.Status.ACTIVE), None)
    version = ChecklistVersion(
        version=(versions[0].version + 1) if versions else 1,
        status=ChecklistVersion.Status.DRAFT,
        created_by=actor,
    )
    version.full_clean()
    version._history_user = actor
    version.save()
    if source is not None:
        bulk_create_with_history(
            [
                ChecklistItem(version=version, **{name: getattr(item, name) for name in _ITEM_FIELDS})
                for item in source.items.order_by("number")
            ],
            ChecklistItem,
            default_user=actor,
        )
    return version


@transaction.atomic
def checklist_note_save(*, version: ChecklistVersion, actor: User, note: str) -> ChecklistVersion:
    """Say what changed in a draft version."""
    current = _locked(version)
    current.note = note.strip()
    current.full_clean()
    current._history_user = actor
    current.save(update_fields=["note", "updated_at"])
    return current


def _check_item(
    *,
    version: ChecklistVersion,
    item_pk: int | None,
    code: str,
    weight: Decimal,
    precheck: str,
    applies_to: str,
) -> None:
    errors: dict[str, str] = {}
    if not _CODE_RE.match(code):
        errors["code"] = _(
            "A code is lowercase Latin letters, digits and underscores, starting with a letter (at most 40)."
        )
    elif (
        ChecklistItem.objects.filter(version=version, code=code)
        .exclude(pk__in=[item_pk] if item_pk is not None else [])
        .exists()
    ):
        errors["code"] = _("Another item of this version already has the code “%(code)s”.") % {"code": code}
    if not weight.is_finite() or weight <= 0 or weight > MAX_WEIGHT:
        errors["weight"] = _("A weight is a number above 0 and at most %(max)s.") % {"max": MAX_WEIGHT}
    elif weight != weight.quantize(Decimal("0.01")):
        errors["weight"] = _("A weight has at most two decimals.")
    if precheck and precheck not in PRECHECK_KEYS:
        errors["precheck"] = _("Choose a pre-check from the list, or none.")
    if applies_to and applies_to not in {value for value, _label in type_choices()}:
        errors["applies_to"] = _("Choose a project type from the list, or every project.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def checklist_item_save(
    *,
    version: ChecklistVersion,
    actor: User,
    item: ChecklistItem | None = None,
    code: str,
    text_ru: str,
    text_kk: str = "",
    text_en: str = "",
    weight: Decimal,
    precheck: str = "",
    applies_to: str = "",
) -> ChecklistItem:
    """Add an item at the end of a draft version, or change one of its items."""
    current = _locked(version)
    code = code.strip()
    if not text_ru.strip():
        raise ValidationError({"text_ru": _("The Russian text of the item is required.")})
    _check_item(
        version=current,
        item_pk=item.pk if item is not None else None,
        code=code,
        weight=weight,
        precheck=precheck,
        applies_to=applies_to,
    )
    if item is None:
        last = ChecklistItem.objects.filter(version=current).aggregate(n=Max("number"))["n"] or 0
        item = ChecklistItem(version=current, number=last + 1)
    elif item.version_id != current.pk:
        raise ValidationError(_("The item belongs to another checklist version."))
    item.code = code
    item.text_ru = text_ru.strip()
    item.text_kk = text_kk.strip()
    item.text_en = text_en.strip()
    item.weight = weight
    item.precheck = precheck
    item.applies_to = applies_to
    item.full_clean()
    item._history_user = actor
    item.save()
    return item


@transaction.atomic
def checklist_item_remove(*, item: ChecklistItem, actor: User) -> None:
    """Remove an item of a draft version; the items after it move up one number (history kept for each)."""
    current = _locked(item.version)
    if current.items.count() <= 1:
        raise ValidationError(_("A checklist keeps at least one item."))
    number = item.number
    item._history_user = actor
    item.delete()
    for later in ChecklistItem.objects.filter(version=current, number__gt=number).order_by("number"):
        later.number -= 1
        later._history_user = actor
        later.save(update_fields=["number", "updated_at"])


@transaction.atomic
def checklist_publish(*, version: ChecklistVersion, actor: User) -> ChecklistVersion:
    """Put a draft in use for audits started from now on; the version in use so far is retired."""
    current = _locked(version)
    if not current.items.exists():
        raise ValidationError(_("A checklist without items cannot be published."))
    if not current.note.strip():
        raise ValidationError({"note": _("Say what changed in this version before publishing it.")})
    now = timezone.now()
    for active in ChecklistVersion.objects.select_for_update().filter(status=ChecklistVersion.Status.ACTIVE):
        active.status = ChecklistVersion.Status.RETIRED
        active._history_user = actor
        active.save(update_fields=["status", "updated_at"])
    current.status = ChecklistVersion.Status.ACTIVE
    current.published_at = now
    current._history_user = actor
    current.save(update_fields=["status", "published_at", "updated_at"])
    return current
