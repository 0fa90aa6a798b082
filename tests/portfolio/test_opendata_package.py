"""The OC4IDS package: every package the system produces validates against the vendored schema (no network),
the validator really runs, only published projects and public fields go in, in a fixed number of queries."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from portfolio.opendata import oc4ids
from portfolio.opendata.services import build_release
from tests.factories import UserFactory
from tests.portfolio.factories_opendata import publish, published_project, withdraw
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def package_now() -> dict[str, Any]:
    return oc4ids.build_package(oc4ids.build_projects(), published=timezone.now())


def stored_package() -> dict[str, Any]:
    release = build_release().release
    release.package.open("rb")
    try:
        return json.loads(release.package.read())
    finally:
        release.package.close()


def test_full_project_package_validates_and_maps_the_register(settings: Any) -> None:
    settings.PMIS_OC4IDS_PREFIX = "oc4ids-test-"
    project = published_project(code="PRJ-2026-00777")
    package = stored_package()
    assert oc4ids.validation_errors(package) == []
    assert package["version"] == "0.9"
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["uri"].endswith("/open-data/oc4ids.json")
    (item,) = package["projects"]
    assert item["id"] == "oc4ids-test-PRJ-2026-00777"
    assert item["title"] == project.title_ru
    assert item["title_kk"] == project.title_kk
    assert item["title_en"] == project.title_en
    assert item["description"] == "PRJ-2026-00777: кратко о проекте"
    assert item["description_kk"].startswith("PRJ-2026-00777")
    assert item["status"] == "implementation"
    assert item["type"] == "construction"
    assert item["budget"] == {"amount": {"amount": 1500000.5, "currency": "KZT"}}
    assert item["period"]["startDate"].startswith("2026-01-15T00:00:00")
    point, *districts = item["locations"]
    assert point["geometry"] == {"type": "Point", "coordinates": [76.889709, 43.238949]}
    assert [d["id"] for d in districts] == ["district-almaly", "district-bostandyk"]
    assert [m["status"] for m in item["milestones"]] == ["met", "notMet", "scheduled"]
    assert "dateMet" in item["milestones"][0]
    kinds = sorted(d.get("documentType") for d in item["documents"])
    assert kinds == ["illustration", "projectPlan"]
    assert "Внутренняя записка" not in json.dumps(package, ensure_ascii=False)
    assert item["parties"][0]["roles"] == ["publicAuthority"]
    assert item["publicAuthority"]["name"] == project.department.name_ru


def test_minimal_projects_validate() -> None:
    published_project(full=False)
    published_project(full=False, stage="suspended", project_type="digital")
    published_project(full=False, stage="terminated", planned_start=None, planned_finish=None)
    package = stored_package()
    assert oc4ids.validation_errors(package) == []
    assert [p["status"] for p in package["projects"]] == ["implementation", "preparation", "cancelled"]
    assert "type" not in package["projects"][1]


@pytest.mark.parametrize(
    "stage",
    [
        "idea",
        "initiation",
        "approved",
        "planning",
        "execution",
        "closure",
        "post_project",
        "suspended",
        "terminated",
    ],
)
def test_every_stage_maps_to_the_closed_codelist(stage: str) -> None:
    published_project(full=False, stage=stage)
    assert oc4ids.validation_errors(package_now()) == []


def test_every_direction_maps_to_the_sector_codelist() -> None:
    from tests.factories import DirectionFactory

    codes = list(oc4ids.SECTORS_BY_DIRECTION)
    for code in codes:
        published_project(full=False, direction=DirectionFactory(code=code))
    # the sector codelist is open (the schema accepts any text): check against the vendored codelist instead
    listed = {
        line.split(",")[0]
        for line in (oc4ids.SCHEMA_DIR / "codelists" / "projectSector.csv").read_text().splitlines()[1:]
    }
    package = package_now()
    assert oc4ids.validation_errors(package) == []
    assert {s for p in package["projects"] for s in p["sector"]} <= listed


def test_no_published_project_means_no_package_and_the_schema_agrees() -> None:
    ProjectFactory()  # not published
    outcome = build_release()
    assert outcome.release.project_count == 0
    assert not outcome.release.package
    # why: the schema requires at least one project (the validator says so)
    empty = oc4ids.build_package([], published=timezone.now())
    assert any("projects" in error for error in oc4ids.validation_errors(empty))


def test_a_broken_package_fails_validation() -> None:
    published_project()
    package = package_now()
    assert oc4ids.validation_errors(package) == []
    for breaking in (
        lambda p: p["projects"][0].update(status="suspended"),  # not in the closed codelist
        lambda p: p["projects"][0]["budget"]["amount"].update(currency="TENGE"),
        lambda p: p["projects"][0]["milestones"][0].update(status="done"),
        lambda p: p["projects"][0].pop("id"),
        lambda p: p.update(version="0.9.5"),  # major.minor only
        lambda p: p["projects"][0].update(title=""),
    ):
        broken = copy.deepcopy(package)
        breaking(broken)
        assert oc4ids.validation_errors(broken), breaking
        assert oc4ids.validation_errors(broken, full=True), breaking


def test_the_fast_validation_agrees_with_the_full_validator(monkeypatch: Any) -> None:
    published_project()
    published_project()
    published_project(full=False)
    package = package_now()
    assert oc4ids.validation_errors(package) == oc4ids.validation_errors(package, full=True) == []
    twice = copy.deepcopy(package)
    twice["projects"].append(copy.deepcopy(twice["projects"][1]))
    assert oc4ids.validation_errors(twice, full=True)  # uniqueItems
    assert oc4ids.validation_errors(twice) == ["projects: has non-unique elements"]
    late = copy.deepcopy(package)
    late["projects"][2]["milestones"] = [{"id": "1", "status": "late"}]
    assert oc4ids.validation_errors(late, full=True)
    assert oc4ids.validation_errors(late)[0].startswith("projects/2/milestones/0/status:")
    # a project whose content was found valid is not validated again
    calls = []
    real = oc4ids.project_validator()
    monkeypatch.setattr(
        oc4ids,
        "project_validator",
        lambda: calls.append(1) or real,  # type: ignore[func-returns-value]
    )
    assert oc4ids.validation_errors(package) == []
    assert calls == []
    changed = copy.deepcopy(package)
    changed["projects"][0]["title"] = "Новое название"
    assert oc4ids.validation_errors(changed) == []
    assert calls == [1]


def test_the_project_schema_is_resolved_locally(monkeypatch: Any) -> None:
    """The package schema refers to the project schema by its https id: it must come from the vendored copy."""
    import urllib.request

    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("network access")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    for cached in (oc4ids._schemas, oc4ids.validator, oc4ids.project_validator):
        cached.cache_clear()
    published_project(full=False)
    package = package_now()
    assert oc4ids.validation_errors(package, full=True) == []
    assert oc4ids.validation_errors(package) == []
    package["projects"][0]["status"] = "nonsense"
    assert oc4ids.validation_errors(package, full=True)


def test_only_published_public_projects_and_no_personal_data() -> None:
    person = UserFactory(first_name="Айгерим", last_name="Сейткали", email="aigerim@example.kz")
    shown = published_project(manager=person, curator=person)
    confidential = ProjectFactory(is_confidential=True, manager=person)
    publish(confidential)  # a live row that the rule still hides
    ProjectFactory(title_ru="Черновик без публикации")
    gone = ProjectFactory(title_ru="Снятый проект")
    publish(gone)
    withdraw(gone, notify=False)
    package = stored_package()
    text = json.dumps(package, ensure_ascii=False)
    assert [p["identifiers"][0]["id"] for p in package["projects"]] == [shown.code]
    for secret in (confidential.code, "Черновик", "Снятый", "Айгерим", "Сейткали", "@", person.username):
        assert secret not in text


def test_queries_do_not_grow_with_the_projects(num_queries: Any) -> None:
    for _ in range(5):
        published_project()
    with num_queries(9) as ctx:
        items = oc4ids.build_projects()
    assert len(items) == 5
    for _ in range(25):
        published_project()
    with num_queries(len(ctx.captured_queries)):
        items = oc4ids.build_projects()
    assert len(items) == 30
    assert Decimal("0") < Decimal(str(items[0]["budget"]["amount"]["amount"]))


def test_public_urls_are_absolute_russian_and_optional(settings: Any) -> None:
    settings.PMIS_SITE_URL = "https://pmis.example.kz/"
    assert oc4ids.public_url("public:open-data") == "https://pmis.example.kz/ru/open-data/"
    assert oc4ids.public_url("projects:detail", 42) == "https://pmis.example.kz/projects/42/"
    assert oc4ids.public_url("projects:detail", 7) == "https://pmis.example.kz/projects/7/"
    assert oc4ids.public_url("public:no-such-page", "PRJ-1", 5) is None  # no such page: no URL


@pytest.fixture
def citizen_pages(settings: Any) -> Any:
    oc4ids._url_template.cache_clear()
    settings.PMIS_SITE_URL = "https://pmis.example.kz"
    yield
    oc4ids._url_template.cache_clear()


@pytest.mark.usefixtures("citizen_pages")
def test_documents_and_rows_link_to_the_public_pages() -> None:
    from portfolio.opendata.csv import build_csv
    from projects.selectors.public import public_facts

    project = published_project()
    package = package_now()
    assert oc4ids.validation_errors(package) == []
    urls = [d["url"] for d in package["projects"][0]["documents"]]
    publication = project.publications.get()
    expected = sorted(
        f"https://pmis.example.kz/ru/projects/{project.code}/files/{doc.pk}/"
        for doc in [*publication.photos.all(), *publication.documents.all()]
    )
    assert sorted(urls) == expected
    assert package["publicationPolicy"] == "https://pmis.example.kz/ru/open-data/"
    projects = list(oc4ids.published_for_open_data())
    table = build_csv(projects, public_facts(projects)).decode("utf-8-sig")
    assert f"https://pmis.example.kz/ru/projects/{project.code}/" in table
