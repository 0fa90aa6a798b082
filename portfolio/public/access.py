"""The door of the public side: what an anonymous visitor may open. Everyone may read the public pages, but
every view still asks here, so a project that is missing, unpublished or confidential is the same 404, and a
file is served only when the live publication made it public."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from pmis.reference.models import Direction, District
from projects.selectors.public import public_file, published_project

if TYPE_CHECKING:  # types only: the register is read through projects.selectors.public
    from projects.models import Document, Project, Publication


def access_public_project(code: str) -> tuple[Project, Publication]:
    """The published project with this code and its live publication (404 for anything else)."""
    return published_project(code)


def access_public_file(code: str, pk: int) -> tuple[Project, Document]:
    """A photo or document the live publication of a published project made public (404 otherwise)."""
    project, _publication = published_project(code)
    return project, public_file(project, pk)


def access_public_district(pk: int) -> District:
    district = District.objects.filter(pk=pk).first()
    if district is None:
        raise Http404
    return district


def access_public_direction(code: str) -> Direction:
    direction = Direction.objects.filter(code=code).first()
    if direction is None:
        raise Http404
    return direction
