"""robots.txt and sitemap.xml at the site's root."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import DistrictFactory
from tests.portfolio.factories_public import published_project
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def test_robots_allows_the_public_pages_and_links_the_sitemap(client: Any) -> None:
    response = client.get(reverse("public_root:robots"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for allowed in ("Allow: /kk/", "Allow: /ru/", "Allow: /en/", "Allow: /open-data/"):
        assert allowed in text
    for internal in ("/projects/", "/portfolio/", "/monitoring/", "/admin/", "/accounts/"):
        assert f"Disallow: {internal}" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_published_pages_in_three_languages_with_alternates(
    client: Any, direction: Any
) -> None:
    district = DistrictFactory()
    shown = published_project(direction=direction)
    hidden = ProjectFactory(direction=direction)
    response = client.get(reverse("public_root:sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    urls = root.findall("s:url", NS)
    locs = [u.find("s:loc", NS).text for u in urls]
    for lang in ("kk", "ru", "en"):
        for path in (
            "/",
            "/projects/",
            "/map/",
            f"/projects/{shown.code}/",
            f"/districts/{district.pk}/",
            f"/directions/{direction.code}/",
        ):
            assert f"http://testserver/{lang}{path}" in locs
    assert not [loc for loc in locs if hidden.code in loc]
    assert len(locs) == len(set(locs))
    entry = next(
        u for u in urls if u.find("s:loc", NS).text == f"http://testserver/kk/projects/{shown.code}/"
    )
    alternates = {a.get("hreflang"): a.get("href") for a in entry.findall("x:link", NS)}
    assert alternates == {
        lang: f"http://testserver/{lang}/projects/{shown.code}/" for lang in ("kk", "ru", "en")
    }
    assert entry.find("s:lastmod", NS) is not None
