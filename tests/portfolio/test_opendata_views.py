"""The open-data files at stable URLs (ETag / Last-Modified → 304, CORS, licence link; built at once when there
is no release yet) and the open-data page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import override

from portfolio.models import OpenDataRelease
from portfolio.opendata import oc4ids, services
from tests.portfolio.factories_opendata import published_project
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    cache.clear()


def test_package_is_served_with_its_headers_and_validates(client: Any) -> None:
    published_project()
    assert not OpenDataRelease.objects.exists()
    response = client.get(reverse("opendata:package"))  # no release yet: built at once
    assert response.status_code == 200
    release = OpenDataRelease.objects.get()
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["ETag"] == f'"{release.etag}"'
    assert response["Last-Modified"] == http_date(release.created_at.timestamp())
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    package = json.loads(response.content)
    assert oc4ids.validation_errors(package) == []
    assert len(package["projects"]) == 1


@pytest.mark.parametrize("name", ["opendata:package", "opendata:csv"])
def test_conditional_requests_answer_304_until_a_new_release(client: Any, name: str) -> None:
    published_project()
    first = client.get(reverse(name))
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(reverse(name), HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(reverse(name), HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    head = client.head(reverse(name), HTTP_IF_NONE_MATCH=etag)
    assert head.status_code == 304
    published_project(full=False)
    services.build_release()
    again = client.get(reverse(name), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag
    assert client.post(reverse(name)).status_code == 405


def test_csv_is_served_with_a_bom(client: Any) -> None:
    project = published_project()
    response = client.get(reverse("opendata:csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert 'rel="license"' in response["Link"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert project.code in response.content.decode("utf-8-sig")


def test_nothing_published_means_no_package_and_an_empty_table(client: Any) -> None:
    ProjectFactory()
    response = client.get(reverse("opendata:package"))
    assert response.status_code == 404
    assert json.loads(response.content)["detail"]
    table = client.get(reverse("opendata:csv"))
    assert table.status_code == 200
    assert table.content.decode("utf-8-sig").count("\n") == 1


def test_a_failed_first_build_answers_503_not_500(client: Any, monkeypatch: Any) -> None:
    published_project()
    monkeypatch.setattr(oc4ids, "validation_errors", lambda package, **kwargs: ["projects/0/status: bad"])
    response = client.get(reverse("opendata:package"))
    assert response.status_code == 503
    assert not OpenDataRelease.objects.exists()


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_open_data_page_says_what_the_files_hold(client: Any, lang: str) -> None:
    published_project()
    published_project(full=False)
    with override(lang):
        url = reverse("public:open-data")
    assert url == f"/{lang}/open-data/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    release = OpenDataRelease.objects.get()
    assert release.project_count == 2
    assert reverse("opendata:package") in html
    assert reverse("opendata:csv") in html
    assert "0.9.5" in html
    assert "https://creativecommons.org/licenses/by/4.0/" in html
    assert '<dd class="col-sm-8">2</dd>' in html
    assert "<time datetime=" in html
    for column in ("code", "title_kk", "budget_disbursed", "forecast_finish", "latitude", "url"):
        assert f"<code>{column}</code>" in html
    assert "csrfmiddlewaretoken" not in html


def test_open_data_page_is_cached_and_refreshed_with_a_new_release(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    published_project()
    url = "/ru/open-data/"
    assert client.get(url)["X-Public-Cache"] == "miss"
    assert client.get(url)["X-Public-Cache"] == "hit"
    published_project(full=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.build_release()
    response = client.get(url)
    assert response["X-Public-Cache"] == "miss"
    assert '<dd class="col-sm-8">2</dd>' in response.content.decode()
