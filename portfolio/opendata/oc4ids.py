"""The OC4IDS 0.9.5 project package of the published projects (schema vendored in `oc4ids/`, Apache 2.0).

Only what the public may see goes in: the projects `projects.selectors.public.published_projects()` returns
(never a confidential or unpublished one), their approved public summary (the live publication), the figures
`public_facts` computes from the register, the milestone titles and dates, the photos and documents the live
publication made public, the districts and the coordinates. Never an e-mail or a person's name: no manager,
curator, author or uploader is read; the only party is the responsible department (an organisation).

Languages. The schema has no translation objects; we follow the OCDS convention for language variants: the
main fields are in Russian (`"language": "ru"`, the register's main language) and the Kazakh and English texts
are given beside them with a language suffix (`title_kk`, `title_en`, `description_kk`, …), which the schema
allows (it sets no `additionalProperties: false`) and OCDS tooling understands.

Mapping to the vendored codelists:

================================  =============================================================================
register                          OC4IDS
================================  =============================================================================
stage idea, initiation            status ``identification``
stage approved, planning          status ``preparation``
stage execution                   status ``implementation``
stage suspended                   status ``implementation`` once it has started (actual start), else
                                  ``preparation`` (the closed codelist has no "suspended")
stage closure                     status ``completion``
stage post_project                status ``maintenance`` (the asset is in operation)
stage terminated                  status ``cancelled``
type construction                 type ``construction``; other types (PPP, digital, organisational, social,
                                  other) say how a project is run, not what it does to an asset: no ``type``
direction polycentric             sector ``socialHousing``
direction transport               sector ``transport``
direction utilities               sector ``waterAndWaste``, ``energy``
direction safe-city               sector ``governance``
direction green                   sector ``naturalResources``
direction economy                 sector ``economy``
direction youth                   sector ``cultureSportsAndRecreation``
direction inclusive               sector ``education``, ``health``
direction smart-city              sector ``communications``
direction public-admin            sector ``governance``
milestone with an actual date     status ``met`` (``dateMet``)
milestone due (forecast, else     status ``notMet`` when the due date has passed, else ``scheduled``
planned) without an actual date
milestone                         type ``delivery``
public photo                      documentType ``illustration``
public document: passport         documentType ``projectScope``; plan ``projectPlan``; status report
                                  ``physicalProgressReport``; closure report ``projectEvaluation``; acceptance
                                  act ``completionCertificate``; contract ``contractSigned``; photo
                                  ``illustration``; others: no documentType
department                        party with role ``publicAuthority`` and the project's ``publicAuthority``
================================  =============================================================================

Other fields: `id` = settings.PMIS_OC4IDS_PREFIX + project code; `period` = actual, else forecast, else planned
start and finish; `budget.amount` = the plan of the budget lines in KZT; `locations` = the point (GeoJSON order:
longitude, latitude) and one location per district (its name as description and address region); `updated` =
when the live version was approved. Dates are midnight in the city's time zone.

Every package is validated against the vendored schema before it is kept (`validate_package`); the schema
requires at least one project, so with nothing published there is no package (only the CSV's header).
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from projects.selectors.public import PublicFacts, public_facts, published_projects

SCHEMA_DIR = Path(__file__).resolve().parent / "oc4ids"
SCHEMA_VERSION = "0.9.5"  # what the vendored files are
PACKAGE_VERSION = "0.9"  # what a package states (major.minor, the schema's pattern)
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LANGUAGE = "ru"
TRANSLATIONS = ("kk", "en")

STATUS_BY_STAGE = {
    "idea": "identification",
    "initiation": "identification",
    "approved": "preparation",
    "planning": "preparation",
    "execution": "implementation",
    "closure": "completion",
    "post_project": "maintenance",
    "terminated": "cancelled",
}
TYPE_BY_PROJECT_TYPE = {"construction": "construction"}
SECTORS_BY_DIRECTION = {
    "polycentric": ["socialHousing"],
    "transport": ["transport"],
    "utilities": ["waterAndWaste", "energy"],
    "safe-city": ["governance"],
    "green": ["naturalResources"],
    "economy": ["economy"],
    "youth": ["cultureSportsAndRecreation"],
    "inclusive": ["education", "health"],
    "smart-city": ["communications"],
    "public-admin": ["governance"],
}
DOCUMENT_TYPE_BY_DOC_TYPE = {
    "passport": "projectScope",
    "plan": "projectPlan",
    "status_report": "physicalProgressReport",
    "closure_report": "projectEvaluation",
    "act": "completionCertificate",
    "contract": "contractSigned",
    "photo": "illustration",
}


def prefix() -> str:
    return str(getattr(settings, "PMIS_OC4IDS_PREFIX", "oc4ids-pmis-"))


def site_url(path: str) -> str:
    return str(settings.PMIS_SITE_URL).rstrip("/") + path


def public_url(name: str, *args: Any) -> str | None:
    """The absolute URL of a public page in Russian (the package's language), None when it does not exist."""
    try:
        with translation.override(LANGUAGE):
            return site_url(reverse(name, args=args))
    except NoReverseMatch:
        return None


def stamp(value: datetime.date | datetime.datetime) -> str:
    """An RFC 3339 date-time: a date is its midnight in the city's time zone."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min, tzinfo=timezone.get_current_timezone())
    return timezone.localtime(value).isoformat(timespec="seconds")


def amount(value: Decimal) -> int | float:
    """A JSON number for money: an integer when whole, else the two-decimal value."""
    return int(value) if value == value.to_integral_value() else float(value.quantize(Decimal("0.01")))


def project_status(project: Any) -> str:
    if project.stage == "suspended":
        return "implementation" if project.actual_start else "preparation"
    return STATUS_BY_STAGE.get(project.stage, "identification")


def published_for_open_data() -> QuerySet[Any]:
    """The published projects with everything the package and the CSV read, in a fixed number of queries."""
    return (
        published_projects()
        .select_related("direction", "department")
        .prefetch_related(
            "districts",
            "milestones",
            "publications__photos",
            "publications__documents",
        )
        .order_by("code")
    )


def live_of(project: Any) -> Any | None:
    """The live publication among the prefetched ones (published_projects guarantees there is one)."""
    for publication in project.publications.all():
        if publication.status == type(publication).Status.LIVE:
            return publication
    return None


def _texts(target: dict[str, Any], key: str, values: dict[str, str]) -> None:
    """`key` in Russian, `key_kk` / `key_en` beside it; empty texts are left out (the schema's minLength)."""
    main = (values.get(LANGUAGE) or "").strip()
    if main:
        target[key] = main
    for lang in TRANSLATIONS:
        text = (values.get(lang) or "").strip()
        if text:
            target[f"{key}_{lang}"] = text


def _period(project: Any) -> dict[str, str]:
    start = project.actual_start or project.forecast_start or project.planned_start
    finish = project.actual_finish or project.forecast_finish or project.planned_finish
    period: dict[str, str] = {}
    if start:
        period["startDate"] = stamp(start)
    if finish:
        period["endDate"] = stamp(finish)
    return period


def _locations(project: Any) -> list[dict[str, Any]]:
    locations: list[dict[str, Any]] = []
    if project.latitude is not None and project.longitude is not None:
        locations.append(
            {
                "id": "point",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(project.longitude), float(project.latitude)],
                },
            }
        )
    for district in sorted(project.districts.all(), key=lambda d: d.code):
        location: dict[str, Any] = {
            "id": f"district-{district.code}",
            "address": {"region": district.name_ru},
        }
        _texts(
            location, "description", {"ru": district.name_ru, "kk": district.name_kk, "en": district.name_en}
        )
        locations.append(location)
    return locations


def _milestones(project: Any, today: datetime.date) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for milestone in sorted(project.milestones.all(), key=lambda m: (m.order, m.planned_date, m.pk)):
        due = milestone.forecast_date or milestone.planned_date
        item: dict[str, Any] = {"id": str(milestone.pk), "type": "delivery", "dueDate": stamp(due)}
        if milestone.title.strip():
            item["title"] = milestone.title.strip()
        if milestone.actual_date:
            item["status"] = "met"
            item["dateMet"] = stamp(milestone.actual_date)
        else:
            item["status"] = "notMet" if due < today else "scheduled"
        items.append(item)
    return items


def _documents(project: Any, publication: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    seen: set[int] = set()
    files = [(d, True) for d in publication.photos.all()] + [(d, False) for d in publication.documents.all()]
    for document, is_photo in sorted(files, key=lambda pair: (pair[0].created_at, pair[0].pk)):
        if document.pk in seen:
            continue
        seen.add(document.pk)
        item: dict[str, Any] = {"id": f"doc-{document.pk}"}
        kind = "illustration" if is_photo else DOCUMENT_TYPE_BY_DOC_TYPE.get(document.doc_type)
        if kind:
            item["documentType"] = kind
        if document.title.strip():
            item["title"] = document.title.strip()
        url = public_url("public:project-file", project.code, document.pk)
        if url:
            item["url"] = url
        if document.content_type:
            item["format"] = document.content_type
        if publication.published_at:
            item["datePublished"] = stamp(publication.published_at)
        items.append(item)
    return items


def _party(organization: Any) -> dict[str, Any]:
    party: dict[str, Any] = {"id": f"pmis-org-{organization.code}", "roles": ["publicAuthority"]}
    _texts(
        party, "name", {"ru": organization.name_ru, "kk": organization.name_kk, "en": organization.name_en}
    )
    return party


def project_release(
    project: Any, publication: Any, facts: PublicFacts, today: datetime.date
) -> dict[str, Any]:
    """One project in OC4IDS: public fields only."""
    data: dict[str, Any] = {"id": f"{prefix()}{project.code}", "language": LANGUAGE}
    if publication.published_at:
        data["updated"] = stamp(publication.published_at)
    data["identifiers"] = [{"id": project.code, "scheme": "PMIS"}]
    _texts(data, "title", {"ru": project.title_ru, "kk": project.title_kk, "en": project.title_en})
    _texts(
        data,
        "description",
        {"ru": publication.summary_ru, "kk": publication.summary_kk, "en": publication.summary_en},
    )
    _texts(
        data,
        "purpose",
        {"ru": publication.benefits_ru, "kk": publication.benefits_kk, "en": publication.benefits_en},
    )
    data["status"] = project_status(project)
    if project.project_type in TYPE_BY_PROJECT_TYPE:
        data["type"] = TYPE_BY_PROJECT_TYPE[project.project_type]
    sectors = SECTORS_BY_DIRECTION.get(project.direction.code)
    if sectors:
        data["sector"] = list(sectors)
    party = _party(project.department)
    data["publicAuthority"] = {"id": party["id"], "name": party["name"]}
    data["parties"] = [party]
    period = _period(project)
    if period:
        data["period"] = period
    data["budget"] = {"amount": {"amount": amount(facts.budget_plan), "currency": "KZT"}}
    locations = _locations(project)
    if locations:
        data["locations"] = locations
    milestones = _milestones(project, today)
    if milestones:
        data["milestones"] = milestones
    documents = _documents(project, publication)
    if documents:
        data["documents"] = documents
    return data


def build_projects(
    projects: Sequence[Any] | None = None, facts: dict[int, PublicFacts] | None = None
) -> list[dict[str, Any]]:
    """The OC4IDS projects of the published projects (all of them unless given), in code order."""
    if projects is None:
        projects = list(published_for_open_data())
    if facts is None:
        facts = public_facts(projects)
    today = timezone.localdate()
    items = []
    for project in projects:
        publication = live_of(project)
        if publication is None or project.is_confidential:  # belt and braces: the selector excludes them
            continue
        items.append(project_release(project, publication, facts[project.pk], today))
    return items


def build_package(projects: list[dict[str, Any]], *, published: datetime.datetime) -> dict[str, Any]:
    """The project package around `projects` (an empty list gives a package the schema refuses)."""
    package: dict[str, Any] = {
        "uri": site_url(reverse("opendata:package")),
        "publishedDate": stamp(published),
        "publisher": {
            "name": str(getattr(settings, "PMIS_OC4IDS_PUBLISHER", "Проектный офис города Алматы"))
        },
        "license": LICENSE_URL,
        "version": PACKAGE_VERSION,
        "projects": projects,
    }
    policy = public_url("public:open-data")
    if policy:
        package["publicationPolicy"] = policy
    return package


def dumps(package: dict[str, Any]) -> bytes:
    """The package as stored and served: UTF-8 JSON, compact (2,000 projects stay a few megabytes)."""
    return json.dumps(package, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@functools.cache
def validator() -> Any:
    """A Draft 4 validator of the package schema; the project schema is resolved from the vendored copy by its
    `id` (no network: the registry knows only these two files and retrieves nothing)."""
    from jsonschema import Draft4Validator, FormatChecker  # type: ignore[import-untyped]
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    package_schema = json.loads((SCHEMA_DIR / "project-package-schema.json").read_text(encoding="utf-8"))
    project_schema = json.loads((SCHEMA_DIR / "project-schema.json").read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resources(
        [
            (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
            for schema in (package_schema, project_schema)
        ]
    )
    return Draft4Validator(package_schema, registry=registry, format_checker=FormatChecker())


def validation_errors(package: dict[str, Any], *, limit: int = 10) -> list[str]:
    """The first schema errors of `package` ("path: message"), empty when it is valid."""
    errors = []
    for error in validator().iter_errors(package):
        path = "/".join(str(part) for part in error.absolute_path) or "(package)"
        errors.append(f"{path}: {error.message}")
        if len(errors) >= limit:
            break
    return errors
