"""Who a campaign's wave goes to. Projects are read only through `projects.selectors`; people and
organizations through the accounts models. Users without an e-mail address are included: they still get the
in-app invitation."""

from __future__ import annotations

from typing import Any

from pmis.accounts.models import User
from projects.selectors.team import direction_managers, project_manager_and_officers
from surveys.models import Campaign

K = Campaign.AudienceKind


def _by_name(users: Any) -> list[User]:
    return list(users.order_by("last_name", "first_name", "username"))


def organization_users(organization_ids: Any) -> list[User]:
    """Active users of the organizations, by name."""
    ids = [i for i in organization_ids if i]
    if not ids:
        return []
    return _by_name(User.objects.filter(organization_id__in=ids, is_active=True))


def resolve(campaign: Campaign) -> list[User]:
    """The audience of a scheduled (or a manually sent) wave, by the campaign's audience kind. Applicants of
    review cases exist only on the opinion event (`applicants`), so they resolve to nobody here."""
    kind = campaign.audience_kind
    if kind == K.DEPARTMENTS:
        return organization_users(campaign.departments.values_list("pk", flat=True))
    if kind == K.DIRECTION_MANAGERS:
        return list(direction_managers(campaign.direction_id))
    if kind == K.USERS:
        return _by_name(campaign.recipients.filter(is_active=True))
    return []


def project_event(campaign: Campaign, project_id: int) -> tuple[Any, list[User]]:
    """A gate passed or a project closed: the project's manager and its department's officers; nobody when
    the campaign is limited to a basic direction the project is not in. Returns (project or None, users)."""
    project, users = project_manager_and_officers(project_id)
    if project is None:
        return None, []
    if campaign.direction_id and project.direction_id != campaign.direction_id:
        return project, []
    return project, users


def applicants(applicant_organization_id: int | None) -> list[User]:
    """An opinion issued: the users of the applicant organization."""
    return organization_users([applicant_organization_id]) if applicant_organization_id else []
