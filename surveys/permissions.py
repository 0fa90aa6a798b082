"""The only door to survey objects.

- The Project Office (Project Office staff) builds surveys, runs campaigns and keeps the population shares;
  a survey is edited by its owners (owner and co-owners), read by every Project Office user.
- Results (aggregates, with cells under 5 answers suppressed) are read by the Project Office and the SAC
  (which verifies the strategic indicator the city-wide survey feeds). Free-text answers are read and
  moderated by the survey's owners only (SURVEYS.md); nobody sees an answer beside a respondent's name.
- A respondent needs no role: the invitation's token is the key (`/surveys/t/<token>/`), or, signed in, their
  own invitation; citizens answer an open citizen survey through its public link with no account.
Surveys are not confidential: a signed-in user outside the function gets 403; an invitation that is not the
reader's own is 404 (never reveal that it exists).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from pmis.accounts import roles
from surveys.models import Campaign, Feedback, Invitation, PopulationReference, Survey


def is_project_office(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and roles.PMO_STAFF in roles.role_names(user))


def is_sac(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and roles.SAC_ANALYST in roles.role_names(user))


def manages_surveys(user: Any) -> bool:
    """Builds surveys, runs campaigns, keeps population shares: the Project Office."""
    return is_project_office(user)


def reads_results(user: Any) -> bool:
    """Reads surveys, campaigns and their aggregated results: the Project Office and the SAC."""
    return is_project_office(user) or is_sac(user)


def require_manager(user: Any) -> None:
    if not manages_surveys(user):
        raise PermissionDenied


def require_results_reader(user: Any) -> None:
    if not reads_results(user):
        raise PermissionDenied


def is_owner(user: Any, survey: Survey) -> bool:
    """Owner or co-owner (one query for co-owners unless prefetched)."""
    if user is None or not user.is_authenticated:
        return False
    if survey.owner_id == user.pk:
        return True
    cache = getattr(survey, "_prefetched_objects_cache", {})
    if "co_owners" in cache:
        return any(u.pk == user.pk for u in cache["co_owners"])
    return survey.co_owners.filter(pk=user.pk).exists()


def can_edit_survey(user: Any, survey: Survey) -> bool:
    return manages_surveys(user) and is_owner(user, survey)


def can_read_texts(user: Any, survey: Survey) -> bool:
    """Free-text answers (and their moderation): the survey's owners only."""
    return manages_surveys(user) and is_owner(user, survey)


def surveys_visible_to(user: Any) -> QuerySet[Survey]:
    if not reads_results(user):
        return Survey.objects.none()
    qs = Survey.objects.all()
    if not manages_surveys(user):
        qs = qs.filter(is_template=False)
    return qs


def owned_surveys(user: Any) -> QuerySet[Survey]:
    if not manages_surveys(user):
        return Survey.objects.none()
    return Survey.objects.filter(Q(owner=user) | Q(co_owners=user)).distinct()


def access_survey(user: Any, pk: int, *, write: bool = False, texts: bool = False) -> Survey:
    """The survey for this reader: 403 outside the function, 404 when it does not exist (or is a template for
    a non-manager), 403 for a write or the free text without being an owner."""
    require_results_reader(user)
    survey = get_object_or_404(surveys_visible_to(user).select_related("owner"), pk=pk)
    if write and not can_edit_survey(user, survey):
        raise PermissionDenied
    if texts and not can_read_texts(user, survey):
        raise PermissionDenied
    return survey


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    if not reads_results(user):
        return Campaign.objects.none()
    return Campaign.objects.filter(survey__in=surveys_visible_to(user))


def can_edit_campaign(user: Any, campaign: Campaign) -> bool:
    return can_edit_survey(user, campaign.survey)


def access_campaign(user: Any, pk: int, *, write: bool = False) -> Campaign:
    require_results_reader(user)
    campaign = get_object_or_404(campaigns_visible_to(user).select_related("survey", "owner"), pk=pk)
    if write and not can_edit_campaign(user, campaign):
        raise PermissionDenied
    return campaign


def invitations_of(user: Any) -> QuerySet[Invitation]:
    if user is None or not user.is_authenticated:
        return Invitation.objects.none()
    return Invitation.objects.filter(recipient=user)


def access_invitation(user: Any, pk: int) -> Invitation:
    """The reader's own invitation (404 for anyone else's)."""
    return get_object_or_404(
        invitations_of(user).select_related("wave__campaign__survey", "wave__version"), pk=pk
    )


def public_survey(slug: str) -> Survey:
    """An open citizen survey by its public link; anything else is 404 (closed, draft, customer, template)."""
    survey = Survey.objects.filter(
        public_slug=slug, audience=Survey.Audience.CITIZEN, status=Survey.Status.OPEN, is_template=False
    ).first()
    if survey is None:
        raise Http404
    return survey


def access_population(user: Any, pk: int, *, write: bool = False) -> PopulationReference:
    require_results_reader(user)
    if write:
        require_manager(user)
    return get_object_or_404(PopulationReference, pk=pk)


# --- Citizen feedback ------------------------------------------------------------------------------------
# The Project Office moderates and reads everything (the citizen's e-mail address only it). A routed or
# answered item is read by the project's own team and its department's users (the department answers it);
# the project's editors answer it too. Anyone else signed in: 403 for the pages, 404 for an item.


def moderates_feedback(user: Any) -> bool:
    return is_project_office(user)


def feedback_visible_to(user: Any) -> QuerySet[Feedback]:
    """Every item for the Project Office; the routed and answered items of the reader's department or of a
    project whose team they are in, for anyone else signed in."""
    if user is None or not user.is_authenticated:
        return Feedback.objects.none()
    if moderates_feedback(user):
        return Feedback.objects.all()
    from projects.permissions import project_team_q

    q = project_team_q(user, prefix="project__")
    if user.organization_id:
        q |= Q(department_id=user.organization_id)
    return Feedback.objects.filter(
        q, status__in=[Feedback.Status.ROUTED, Feedback.Status.ANSWERED]
    ).distinct()


def reads_routed_feedback(user: Any) -> bool:
    """The "citizen questions" page of a department user: anyone signed in with an organization or a team."""
    return bool(user is not None and user.is_authenticated)


def require_feedback_moderator(user: Any) -> None:
    if not moderates_feedback(user):
        raise PermissionDenied


def can_answer_feedback(user: Any, feedback: Feedback) -> bool:
    """The Project Office, or an editor of the project (its department's editors, its manager)."""
    if feedback.status != Feedback.Status.ROUTED:
        return False
    if moderates_feedback(user):
        return True
    from projects.permissions import can_edit_project

    return bool(user is not None and user.is_authenticated and can_edit_project(user, feedback.project))


def sees_feedback_email(user: Any) -> bool:
    return moderates_feedback(user)


def access_feedback(user: Any, pk: int, *, moderate: bool = False, answer: bool = False) -> Feedback:
    """The item for this reader: 404 when they may not see it, 403 for a moderation without being the Project
    Office or an answer without being allowed to answer."""
    feedback = get_object_or_404(
        feedback_visible_to(user).select_related(
            "project", "department", "moderated_by", "answered_by", "issue"
        ),
        pk=pk,
    )
    if moderate and not moderates_feedback(user):
        raise PermissionDenied
    if answer and not can_answer_feedback(user, feedback):
        raise PermissionDenied
    return feedback


def public_feedback(reference: str) -> Feedback:
    """An item by its reference for the public tracking page: 404 for an unknown reference or one whose
    project is no longer published."""
    from projects.selectors.public import published_ids

    feedback = (
        Feedback.objects.filter(reference=reference.strip().upper(), project__in=published_ids())
        .select_related("project")
        .first()
    )
    if feedback is None:
        raise Http404
    return feedback
