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
import hashlib
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
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
    template = _url_template(name, len(args), str(settings.PMIS_SITE_URL))
    if template is None:
        return None
    for index, arg in enumerate(args):
        template = template.replace(f"__arg{index}__", quote(str(arg), safe=""))
    return template


@functools.lru_cache(maxsize=32)
def _url_template(name: str, count: int, site: str) -> str | None:
    # reversed once per name (thousands of projects), the arguments put in by public_url; str/int converters
    try:
        with translation.override(LANGUAGE):
            return site_url(reverse(name, args=[f"__arg{index}__" for index in range(count)]))
    except NoReverseMatch:
        try:  # an int converter refuses the placeholder: reverse with numbers that are easy to find
            with translation.override(LANGUAGE):
                numbers = [str(987654320 + index) for index in range(count)]
                url = site_url(reverse(name, args=numbers))
        except NoReverseMatch:
            return None
        for index, number in enumerate(numbers):
            url = url.replace(number, f"__arg{index}__")
        return url


def stamp(value: datetime.date | datetime.datetime) -> str:
    """An RFC 3339 date-time: a date is its midnight in the city's time zone."""
    if not isinstance(value, datetime.datetime):
        return _midnight(value, timezone.get_current_timezone_name())
    return timezone.localtime(value).isoformat(timespec="seconds")


@functools.lru_cache(maxsize=4096)
def _midnight(day: datetime.date, zone: str) -> str:
    # thousands of milestones share a few hundred dates: format each once
    moment = datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())
    return moment.isoformat(timespec="seconds")


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
            "publications__photos",
            "publications__documents",
        )
        .order_by("code")
    )


class PublicMilestone(NamedTuple):
    pk: int
    title: str
    planned_date: datetime.date
    forecast_date: datetime.date | None
    actual_date: datetime.date | None
    order: int


def milestones_by_project() -> dict[int, list[PublicMilestone]]:
    """The milestones of the published projects (titles and dates only), in timeline order, in one query of
    plain rows: thousands of milestones cost little this way (model instances would dominate the build)."""
    rows = (
        published_projects()
        .filter(milestones__isnull=False)
        .values_list(
            "pk",
            "milestones__id",
            "milestones__title",
            "milestones__planned_date",
            "milestones__forecast_date",
            "milestones__actual_date",
            "milestones__order",
        )
        .order_by()
    )
    found: dict[int, list[PublicMilestone]] = {}
    for project_id, pk, title, planned, forecast, actual, order in rows:
        found.setdefault(project_id, []).append(PublicMilestone(pk, title, planned, forecast, actual, order))
    for items in found.values():
        items.sort(key=lambda m: (m.order, m.planned_date, m.pk))
    return found


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


def _milestones(milestones: list[PublicMilestone], today: datetime.date) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for milestone in milestones:
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
    project: Any,
    publication: Any,
    facts: PublicFacts,
    today: datetime.date,
    timeline: list[PublicMilestone] | None = None,
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
    milestones = _milestones(timeline or [], today)
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
    timelines = milestones_by_project()
    today = timezone.localdate()
    items = []
    for project in projects:
        publication = live_of(project)
        if publication is None or project.is_confidential:  # belt and braces: the selector excludes them
            continue
        items.append(
            project_release(project, publication, facts[project.pk], today, timelines.get(project.pk, []))
        )
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
def _schemas() -> tuple[dict[str, Any], dict[str, Any], Any]:
    """The vendored package and project schemas and a registry that knows both by their `id` (nothing else:
    a reference to anything else fails instead of reaching the network)."""
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
    return package_schema, project_schema, registry


@functools.cache
def validator() -> Any:
    """A Draft 4 validator of the package schema; `projects.items` ($ref to the project schema's https id) is
    resolved from the vendored copy."""
    from jsonschema import Draft4Validator, FormatChecker  # type: ignore[import-untyped]

    package_schema, _project, registry = _schemas()
    return Draft4Validator(package_schema, registry=registry, format_checker=FormatChecker())


@functools.cache
def project_validator() -> Any:
    """A Draft 4 validator of one project (the schema the package's `projects.items` refers to)."""
    from jsonschema import Draft4Validator, FormatChecker

    _package, project_schema, registry = _schemas()
    return Draft4Validator(project_schema, registry=registry, format_checker=FormatChecker())


@functools.cache
def _schema_digest() -> str:
    content = b"".join(
        (SCHEMA_DIR / name).read_bytes() for name in ("project-package-schema.json", "project-schema.json")
    )
    return hashlib.sha256(content).hexdigest()[:16]


def _errors(checker: Any, instance: Any, prefix: str, limit: int) -> list[str]:
    errors = []
    for error in checker.iter_errors(instance):
        path = prefix + "/".join(str(part) for part in error.absolute_path)
        errors.append(f"{path or '(package)'}: {error.message}")
        if len(errors) >= limit:
            break
    return errors


VALIDATED_SECONDS = 30 * 24 * 3600


def validation_errors(
    package: dict[str, Any], *, limit: int = 10, full: bool = False, memo: bool = True
) -> list[str]:
    """The first schema errors of `package` ("path: message"), empty when it is valid.

    `full` runs the package validator over the whole package at once. The default gives the same answer
    faster for thousands of projects (jsonschema checks `uniqueItems` of objects pair by pair, and
    re-validating 2,000 unchanged projects on every publication would take seconds): the package validator
    checks the envelope with the first project; `projects` must be unique (compared as canonical JSON); each
    project is checked against the project schema — except a project whose exact content (and schema) was
    found valid before, remembered in the cache by its SHA-256 (validity depends on nothing else; `memo=False`
    validates every project afresh)."""
    projects = package.get("projects")
    if full or not isinstance(projects, list) or not projects:
        return _errors(validator(), package, "", limit)
    errors = _errors(validator(), {**package, "projects": projects[:1]}, "", limit)
    canonical = [json.dumps(item, sort_keys=True, ensure_ascii=False) for item in projects]
    if len(set(canonical)) != len(canonical):
        errors.append("projects: has non-unique elements")
    schema = _schema_digest()
    keys = [f"opendata:valid:{schema}:{hashlib.sha256(text.encode()).hexdigest()}" for text in canonical]
    known = cache.get_many(keys) if memo else {}
    valid: dict[str, int] = {}
    for index, (item, key) in enumerate(zip(projects, keys, strict=True)):
        if len(errors) >= limit:
            break
        if key in known or key in valid:
            continue
        found = _errors(project_validator(), item, f"projects/{index}/", limit - len(errors))
        if found:
            errors.extend(found)
        else:
            valid[key] = 1
    if valid:
        cache.set_many(valid, timeout=VALIDATED_SECONDS)
    return errors[:limit]
