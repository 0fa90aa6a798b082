"""Access to jobs (a job is visible to the person who requested it, and to administrators), and `require`,
the 403 half of every app's doors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from pmis.accounts.roles import is_administrator
from pmis.core.models import Job

if TYPE_CHECKING:
    from pmis.accounts.types import AnyUser


def jobs_visible_to(user: AnyUser) -> QuerySet[Job]:
    """Jobs the user may see: their own; all of them for administrators."""
    if not user.is_authenticated:
        return Job.objects.none()
    if is_administrator(user):
        return Job.objects.all()
    return Job.objects.filter(requested_by=user)


def access_job(user: AnyUser, pk: int) -> Job:
    """The only way views get a Job: 404 when it is not the user's."""
    return get_object_or_404(jobs_visible_to(user), pk=pk)


def require(allowed: bool) -> None:
    """403 when the (already visible) object does not allow the action: the second half of every door."""
    if not allowed:
        raise PermissionDenied
