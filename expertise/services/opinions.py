"""Opinions: drafting by sections, review by the head, issue with a number, corrections as new versions."""

from __future__ import annotations

import hashlib
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from expertise import appraisal
from expertise.models import AppraisalResult, ObligationLimitRule, Opinion, ReviewCase
from pmis.core import events
from pmis.core.jobs import job_create

# Sections an expert writes (APPRAISAL.md §3–11, 13); the header, documents, metrics and remarks are generated.
SECTIONS: list[tuple[str, Any]] = [
    ("summary", gettext_lazy("Project summary")),
    ("strategic_fit", gettext_lazy("Fit with strategic and planning documents")),
    ("demand", gettext_lazy("Demand and need")),
    ("alternatives", gettext_lazy("Alternatives")),
    ("financial", gettext_lazy("Financial analysis")),
    ("economic", gettext_lazy("Economic analysis")),
    ("risks", gettext_lazy("Risks and sensitivity")),
    ("institutional", gettext_lazy("Institutional arrangements and procurement")),
    ("ppp", gettext_lazy("PPP: value for money, risk allocation, state obligations")),
    ("conclusion", gettext_lazy("Conclusion: reasons and conditions")),
]
SECTION_KEYS = [key for key, _label in SECTIONS]

# the precision of Opinion.limit_utilisation (six decimal places, below a million)
UTILISATION_PLACES = Decimal("0.000001")
UTILISATION_CEILING = Decimal(10) ** 6

OS = Opinion.Status
C = ReviewCase.Status


def sections_for(case: ReviewCase) -> list[tuple[str, Any]]:
    if case.kind == "ppp_documentation":
        return SECTIONS
    return [(k, label) for k, label in SECTIONS if k != "ppp"]


def working_opinion(case: ReviewCase) -> Opinion | None:
    """The case's opinion not yet issued (there is at most one)."""
    return case.opinions.exclude(status=OS.ISSUED).order_by("-version").first()


def latest_result(case: ReviewCase) -> AppraisalResult | None:
    return (
        AppraisalResult.objects.filter(model__case=case)
        .select_related("model")
        .order_by("-model__version", "-id")
        .first()
    )


def _ensure_editable(opinion: Opinion) -> None:
    if opinion.status == OS.ISSUED:
        raise ValidationError(_("An issued opinion cannot be changed; issue a correction instead."))


@transaction.atomic
def opinion_start(*, case: ReviewCase, actor: Any) -> Opinion:
    """The draft the experts work on: the existing one, or a new version."""
    existing = working_opinion(case)
    if existing is not None:
        return existing
    if case.status not in (C.IN_REVIEW, C.RETURNED, C.HEAD_REVIEW):
        raise ValidationError(_("An opinion is drafted while the case is in review."))
    version = (case.opinions.aggregate(v=Max("version"))["v"] or 0) + 1
    opinion = Opinion(case=case, version=version, regulatory_basis=case.regulatory_basis, sections={})
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def section_save(*, opinion: Opinion, actor: Any, key: str, text: str) -> Opinion:
    """Save one section, recording who wrote it (several experts draft parts of the same opinion)."""
    _ensure_editable(opinion)
    if opinion.status == OS.HEAD_REVIEW:
        raise ValidationError(_("The draft is with the head; wait for the decision."))
    if key not in SECTION_KEYS:
        raise ValidationError(_("Unknown section."))
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    sections = dict(opinion.sections)
    sections[key] = {"text": text.strip(), **_author(actor)}
    opinion.sections = sections
    opinion.save(update_fields=["sections", "updated_at"])
    return opinion


def section_digest(text: str) -> str:
    """A short fingerprint of a section's saved text: the draft page sends it back to detect a parallel edit."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _author(actor: Any) -> dict[str, Any]:
    return {"author": actor.get_full_name() or actor.get_username(), "author_id": actor.pk}


@transaction.atomic
def draft_save(
    *,
    opinion: Opinion,
    actor: Any,
    texts: dict[str, str],
    bases: dict[str, str] | None = None,
    fields: dict[str, Any] | None = None,
) -> Opinion:
    """Save the whole draft at once: every section whose text changed (its author becomes the actor) and the
    proposed outcome and obligation fields. `bases` are the digests of the texts the page was opened with: a
    section someone else saved meanwhile is not overwritten (nothing is saved, the error names the section)."""
    _ensure_editable(opinion)
    if opinion.status == OS.HEAD_REVIEW:
        raise ValidationError(_("The draft is with the head; wait for the decision."))
    unknown = set(texts) - set(SECTION_KEYS)
    if unknown:
        raise ValidationError(_("Unknown section."))
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    sections = dict(opinion.sections)
    conflicts: dict[str, list[str]] = {}
    changed = False
    for key, raw in texts.items():
        text = raw.strip()
        stored = sections.get(key) or {}
        if text == stored.get("text", ""):
            continue
        base = (bases or {}).get(key)
        if base is not None and base != section_digest(stored.get("text", "")):
            conflicts[key] = [
                _(
                    "%(who)s saved this section after you opened the page; their text is shown below. Saving again replaces it with yours."
                )
                % {"who": stored.get("author", "")}
            ]
            continue
        sections[key] = {"text": text, **_author(actor)}
        changed = True
    if conflicts:
        raise ValidationError(conflicts)
    update = ["updated_at"]
    if changed:
        opinion.sections = sections
        update.append("sections")
    for name, value in (fields or {}).items():
        if getattr(opinion, name) != value:
            setattr(opinion, name, value)
            update.append(name)
    if len(update) > 1:
        opinion.full_clean()
        opinion.save(update_fields=update)
    return opinion


def obligation_check(opinion: Opinion) -> tuple[Decimal | None, bool]:
    """(utilisation, exceeded) of the local PPP obligation limit for the opinion's year; (None, False) without data."""
    if opinion.new_obligations is None or opinion.obligation_year is None:
        return None, False
    rule = ObligationLimitRule.objects.filter(
        level=ObligationLimitRule.Level.LOCAL, year=opinion.obligation_year
    ).first()
    if rule is None or rule.limit is None or rule.limit <= 0:
        raise ValidationError(
            {
                "obligation_year": _("No PPP obligation limit rule is configured for %(year)s.")
                % {"year": opinion.obligation_year}
            }
        )
    utilisation, exceeded = appraisal.obligation_limit_check(
        opinion.existing_obligations or 0, opinion.new_obligations, rule.limit
    )
    # the ratio is exact (1/3 has no end); the opinion keeps it to the model's six places, while `exceeded`
    # stays the exact comparison, so 100.00004 % is above the limit even though it is stored as 1.000000
    if utilisation >= UTILISATION_CEILING:
        raise ValidationError(
            _(
                "The obligations are more than a million times the limit of %(year)s; check the amounts and the limit rule."
            )
            % {"year": opinion.obligation_year}
        )
    return utilisation.quantize(UTILISATION_PLACES, rounding=ROUND_HALF_UP), exceeded


@transaction.atomic
def opinion_submit(
    *, opinion: Opinion, actor: Any, outcome: str, fields: dict[str, Any] | None = None
) -> Opinion:
    """Send the draft to the head with the proposed outcome; the latest appraisal is attached."""
    _ensure_editable(opinion)
    case = opinion.case
    if case.status != C.IN_REVIEW:
        raise ValidationError(_("Only a case in review can go to the head."))
    for name, value in (fields or {}).items():
        setattr(opinion, name, value)
    opinion.outcome = outcome
    if not (opinion.sections.get("conclusion") or {}).get("text"):
        raise ValidationError(_("Write the conclusion before sending the draft to the head."))
    opinion.appraisal = latest_result(case)
    opinion.status = OS.HEAD_REVIEW
    opinion.full_clean()
    opinion.save()
    case.status = C.HEAD_REVIEW
    case.save(update_fields=["status", "updated_at"])
    return opinion


@transaction.atomic
def opinion_return(*, opinion: Opinion, actor: Any, comment: str) -> Opinion:
    """The head returns the draft to the experts with comments."""
    if opinion.status != OS.HEAD_REVIEW:
        raise ValidationError(_("Only a draft with the head can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must change.")})
    opinion.status = OS.RETURNED
    opinion.head_comment = comment.strip()
    opinion.save(update_fields=["status", "head_comment", "updated_at"])
    opinion.case.status = C.IN_REVIEW
    opinion.case.save(update_fields=["status", "updated_at"])
    return opinion


def _next_sequence(year: int) -> int:
    last = (
        Opinion.objects.select_for_update()
        .filter(year=year, sequence__isnull=False)
        .aggregate(m=Max("sequence"))["m"]
    )
    return (last or 0) + 1


@transaction.atomic
def opinion_issue(
    *, opinion: Opinion, actor: Any, outcome: str, language: str = "ru", override_reason: str = ""
) -> Opinion:
    """The head signs off: number NN/YYYY (sequence per year), outcome, date; the PDF is rendered by a job.

    A positive opinion on a PPP case whose obligations exceed the local limit needs an override reason.
    """
    if opinion.status != OS.HEAD_REVIEW:
        raise ValidationError(_("Only a draft with the head can be issued."))
    if outcome not in Opinion.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    opinion.override_reason = override_reason.strip()
    utilisation, exceeded = obligation_check(opinion)
    opinion.limit_utilisation = utilisation
    if exceeded and outcome == Opinion.Outcome.POSITIVE and not opinion.override_reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "The PPP obligations exceed the limit: a positive opinion needs a reason to override it."
                )
            }
        )
    today = timezone.localdate()
    opinion.year = today.year
    opinion.sequence = _next_sequence(today.year)
    opinion.number = f"{opinion.sequence:02d}/{today.year}"
    opinion.outcome = outcome
    opinion.status = OS.ISSUED
    opinion.issued_on = today
    opinion.issued_at = timezone.now()
    opinion.issued_by = actor
    opinion.language = language if language in ("ru", "kk") else "ru"
    opinion.days_to_opinion = max((today - opinion.case.received_on).days, 0)
    opinion.full_clean()
    opinion.save()
    if opinion.supersedes_id:
        # saved, not .update()d, so the superseded opinion's history shows when and by whom it was replaced
        previous = Opinion.objects.select_for_update().get(pk=opinion.supersedes_id)
        previous.is_superseded = True
        previous._history_user = actor
        previous.save(update_fields=["is_superseded", "updated_at"])
    case = opinion.case
    case.status = C.ISSUED
    case.save(update_fields=["status", "updated_at"])
    opinion_pdf_request(opinion=opinion, actor=actor)
    events.send_on_commit(
        events.opinion_issued,
        "expertise",
        case_id=case.pk,
        applicant_organization_id=case.applicant_id,
        project_id=case.project_id,
    )
    return opinion


def opinion_pdf_request(*, opinion: Opinion, actor: Any) -> Any:
    """Queue the PDF job (dispatched on commit). The job speaks to whoever asked (its messages are in their
    language); the document is rendered in the opinion's own language by the job itself."""
    return job_create(
        kind="expertise.opinion_pdf", requested_by=actor, params={"opinion_id": opinion.pk}, target=opinion
    )


@transaction.atomic
def opinion_correct(*, opinion: Opinion, actor: Any) -> Opinion:
    """A correction of an issued opinion: a new draft version that will supersede it when issued."""
    if opinion.status != OS.ISSUED or opinion.is_superseded:
        raise ValidationError(_("Only the current issued opinion can be corrected."))
    if working_opinion(opinion.case) is not None:
        raise ValidationError(_("A correction is already being drafted."))
    version = (opinion.case.opinions.aggregate(v=Max("version"))["v"] or 0) + 1
    draft = Opinion(
        case=opinion.case,
        version=version,
        supersedes=opinion,
        sections=dict(opinion.sections),
        regulatory_basis=opinion.regulatory_basis,
        obligation_year=opinion.obligation_year,
        existing_obligations=opinion.existing_obligations,
        new_obligations=opinion.new_obligations,
    )
    draft.full_clean()
    draft.save()
    case = opinion.case
    case.status = C.IN_REVIEW
    case.save(update_fields=["status", "updated_at"])
    return draft


def opinion_pdf_store(*, opinion: Opinion, content: bytes) -> Opinion:
    """Keep the rendered file and its SHA-256 on the opinion (the only change allowed after issue)."""
    opinion.pdf_sha256 = hashlib.sha256(content).hexdigest()
    opinion.pdf.save(
        f"opinion-{opinion.number.replace('/', '-')}-v{opinion.version}.pdf", ContentFile(content), save=False
    )
    opinion.save(update_fields=["pdf", "pdf_sha256", "updated_at"])
    return opinion
