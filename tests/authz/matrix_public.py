"""The citizen pages (portfolio.public): no sign-in, the same answer for everyone — 200 for a published
project, 404 for an unpublished or confidential one (never revealing that it exists), whoever asks; robots.txt
and sitemap.xml at the site's root."""

from __future__ import annotations

from typing import Any

from tests.authz import Entry

EVERYONE = {"*": 200}
NOBODY = {"*": 404}


def setup(world: Any) -> None:
    from django.core.cache import cache

    from projects.models import Project
    from tests.factories import DistrictFactory
    from tests.portfolio.factories_public import published_project
    from tests.projects.factories import ProjectFactory

    cache.clear()  # pages cached by an earlier test's database must not answer here
    world.citizen_project = published_project()
    world.citizen_district = DistrictFactory()
    world.citizen_project.districts.add(world.citizen_district)
    world.citizen_photo = world.citizen_project.publications.get().photos.get()
    world.citizen_unpublished = ProjectFactory()
    world.citizen_confidential = published_project()
    Project.objects.filter(pk=world.citizen_confidential.pk).update(is_confidential=True)


ENTRIES = [
    Entry("public:home", expect=EVERYONE),
    Entry("public:project-list", expect=EVERYONE, query="q=a&stage=execution"),
    Entry("public:project", args=lambda w: [w.citizen_project.code], expect=EVERYONE),
    Entry(
        "public:project",
        args=lambda w: [w.citizen_unpublished.code],
        expect=NOBODY,
        note="an unpublished project: 404 like a missing one",
    ),
    Entry(
        "public:project",
        args=lambda w: [w.citizen_confidential.code],
        expect=NOBODY,
        note="a confidential project is never public, even with a live publication",
    ),
    Entry("public:project-file", args=lambda w: [w.citizen_project.code, w.citizen_photo.pk], expect=EVERYONE),
    Entry(
        "public:project-file",
        args=lambda w: [w.citizen_unpublished.code, w.citizen_photo.pk],
        expect=NOBODY,
        note="a published project's file asked for under an unpublished project's code",
    ),
    Entry("public:district", args=lambda w: [w.citizen_district.pk], expect=EVERYONE),
    Entry("public:direction", args=lambda w: [w.citizen_project.direction.code], expect=EVERYONE),
    Entry("public:map", expect=EVERYONE),
    Entry("public:map-data", expect=EVERYONE),
    Entry("public_root:robots", expect=EVERYONE),
    Entry("public_root:sitemap", expect=EVERYONE),
]
