"""Reads of the citizen pages: published projects only (projects.selectors.public), public fields only, a fixed
number of queries per page whatever the number of projects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Sum, Value, Window
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.urls import reverse
from django.utils.translation import get_language

from monitoring.selectors_public import PublicIndicator, public_direction_indicators
from pmis.core.numbers import parse_int
from pmis.reference.models import Direction, District, SustainableDevelopmentGoal
from portfolio.models import AgendaItem, Meeting
from projects.selectors.public import (
    PublicFacts,
    disbursed_share,
    public_facts,
    public_milestones,
    published_projects,
)
from surveys.selectors_feedback import answered_for_project

if TYPE_CHECKING:  # types only: the register is read through projects.selectors.public
    from projects.models import Document, Milestone, Project, Publication
    from surveys.models import Feedback

PAGE_SIZE = 20
PROJECTS_PER_DIRECTION = 3
SEARCH_MAX = 100
LANGS = ("kk", "ru", "en")
# the live state of a publication (projects' Publication.Status.LIVE; the public side never imports the model)
LIVE = "live"
ZERO = Decimal("0")
LIST_FIELDS = (
    "id",
    "code",
    "title_ru",
    "title_kk",
    "title_en",
    "stage",
    "direction_id",
    "planned_finish",
    "forecast_finish",
    "created_at",
)


@dataclass
class Totals:
    projects: int = 0
    budget_plan: Decimal = ZERO
    budget_disbursed: Decimal = ZERO

    @property
    def disbursed_share(self) -> int | None:
        return disbursed_share(self.budget_disbursed, self.budget_plan)


@dataclass
class DirectionCard:
    direction: Direction
    totals: Totals
    projects: list[Project] = field(default_factory=list)


def _with_facts(projects: list[Project]) -> list[Project]:
    """Attach each project's public figures as `.facts` (three queries for the whole list)."""
    facts = public_facts(projects)
    for project in projects:
        project.facts = facts[project.pk]  # type: ignore[attr-defined]
    return projects


def _totals(qs: QuerySet[Project]) -> Totals:
    row = qs.aggregate(
        n=Count("id", distinct=True),
        plan=Sum("budget_lines__plan"),
        disbursed=Sum("budget_lines__disbursed"),
    )
    return Totals(int(row["n"] or 0), row["plan"] or ZERO, row["disbursed"] or ZERO)


def home() -> dict[str, Any]:
    """The ten directions with their published projects' count and budget and a few of their projects, and the
    city's totals."""
    directions = list(Direction.objects.order_by("number"))
    per_direction: dict[int, Totals] = {
        row["direction_id"]: Totals(int(row["n"]), row["plan"] or ZERO, row["disbursed"] or ZERO)
        for row in published_projects()
        .order_by()
        .values("direction_id")
        .annotate(
            n=Count("id", distinct=True),
            plan=Sum("budget_lines__plan"),
            disbursed=Sum("budget_lines__disbursed"),
        )
    }
    newest = (
        published_projects()
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("direction_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=PROJECTS_PER_DIRECTION)
        .prefetch_related("districts")
        .only(*LIST_FIELDS)
        .order_by("direction_id", "rank")
    )
    few: dict[int, list[Project]] = {}
    for project in _with_facts(list(newest)):
        few.setdefault(project.direction_id, []).append(project)
    cards = [
        DirectionCard(direction=d, totals=per_direction.get(d.pk, Totals()), projects=few.get(d.pk, []))
        for d in directions
    ]
    city = Totals(
        projects=sum(t.projects for t in per_direction.values()),
        budget_plan=sum((t.budget_plan for t in per_direction.values()), ZERO),
        budget_disbursed=sum((t.budget_disbursed for t in per_direction.values()), ZERO),
    )
    return {"cards": cards, "city": city}


def search(qs: QuerySet[Project], text: str) -> QuerySet[Project]:
    """Projects whose code, title (any language) or live public summary (any language) contains `text`."""
    text = text.strip()[:SEARCH_MAX]
    if not text:
        return qs
    titles = Q(code__iexact=text)
    summaries = Q()
    for lang in LANGS:
        titles |= Q(**{f"title_{lang}__icontains": text})
        summaries |= Q(**{f"publications__summary_{lang}__icontains": text})
        summaries |= Q(**{f"publications__benefits_{lang}__icontains": text})
    in_summary = published_projects().filter(Q(publications__status=LIVE) & summaries).values("pk")
    return qs.filter(titles | Q(pk__in=in_summary))


@dataclass(frozen=True)
class ListFilters:
    direction: Direction | None = None
    district: District | None = None
    stage: str = ""
    sdg: SustainableDevelopmentGoal | None = None
    q: str = ""
    sort: str = "new"

    @property
    def active(self) -> bool:
        return bool(self.direction or self.district or self.stage or self.sdg or self.q)


SORTS = ("new", "title", "finish")


def _ordering(sort: str) -> list[Any]:
    """new: newest first; title: by the title in the reader's language (Russian where it has none); finish: the
    expected finish, soonest first (projects without a date last)."""
    if sort == "title":
        lang = (get_language() or "ru")[:2]
        title = (
            F("title_ru")
            if lang not in LANGS
            else Coalesce(NullIf(F(f"title_{lang}"), Value("")), F("title_ru"))
        )
        return [title.asc(), "id"]
    if sort == "finish":
        return [Coalesce("forecast_finish", "planned_finish").asc(nulls_last=True), "id"]
    return ["-created_at", "-id"]


def stage_choices() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in published_projects().model.Stage.choices]


def project_list(params: Mapping[str, str]) -> dict[str, Any]:
    """The published projects matching the filters (direction code, district id, stage, SDG number, search
    `q`), one page of them with their figures, and the filter options."""
    directions = list(Direction.objects.order_by("number"))
    districts = list(District.objects.order_by("name_ru"))
    sdgs = list(SustainableDevelopmentGoal.objects.order_by("number"))
    stages = stage_choices()
    by_code = {d.code: d for d in directions}
    district_id = parse_int(params.get("district"))
    sdg_number = parse_int(params.get("sdg"))
    stage = params.get("stage", "")
    filters = ListFilters(
        direction=by_code.get(params.get("direction", "")),
        district=next((d for d in districts if d.pk == district_id), None),
        stage=stage if stage in dict(stages) else "",
        sdg=next((g for g in sdgs if g.number == sdg_number), None),
        q=(params.get("q") or "").strip()[:SEARCH_MAX],
        sort=params.get("sort", "") if params.get("sort", "") in SORTS else "new",
    )
    qs = published_projects()
    if filters.direction is not None:
        qs = qs.filter(direction=filters.direction)
    if filters.district is not None:
        qs = qs.filter(districts=filters.district)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.sdg is not None:
        qs = qs.filter(sdgs=filters.sdg)
    qs = search(qs, filters.q)
    page = _page(qs, params.get("page"), _ordering(filters.sort))
    return {
        "page": page,
        "filters": filters,
        "directions": directions,
        "districts": districts,
        "sdgs": sdgs,
        "stages": stages,
    }


def _page(qs: QuerySet[Project], number: Any, ordering: list[Any] | None = None) -> Page[Project]:
    """One page of projects, with their direction, districts and figures."""
    ordered = (
        qs.select_related("direction")
        .prefetch_related("districts")
        .only(
            *LIST_FIELDS,
            "direction__id",
            "direction__code",
            "direction__name_ru",
            "direction__name_kk",
            "direction__name_en",
            "direction__number",
        )
        .order_by(*(ordering or ["-created_at", "-id"]))
    )
    page = Paginator(ordered, PAGE_SIZE).get_page(number)
    page.object_list = _with_facts(list(page.object_list))
    return page


@dataclass(frozen=True)
class PublicDecision:
    date: Any
    meeting_number: str
    decision: str
    text: str
    conditions: str


def committee_decisions(project: Project) -> list[PublicDecision]:
    """The Steering Committee's recorded decisions on this project at meetings that were held (never a planned
    meeting's draft; public fields only: date, meeting number, decision and its text)."""
    items = (
        AgendaItem.objects.filter(
            project_id=project.pk,
            meeting__kind=Meeting.Kind.STEERING,
            meeting__status__in=[Meeting.Status.HELD, Meeting.Status.CLOSED],
        )
        .exclude(decision="")
        .select_related("meeting")
        .only(
            "id",
            "decision",
            "decision_text",
            "conditions",
            "decided_at",
            "meeting__id",
            "meeting__number",
            "meeting__starts_at",
        )
        .order_by("-meeting__starts_at", "-id")[:20]
    )
    return [
        PublicDecision(
            date=item.meeting.starts_at,
            meeting_number=item.meeting.number,
            decision=item.get_decision_display(),
            text=item.decision_text,
            conditions=item.conditions,
        )
        for item in items
    ]


@dataclass
class ProjectPage:
    project: Project
    publication: Publication
    facts: PublicFacts
    milestones: list[Milestone]
    photos: list[Document]
    documents: list[Document]
    districts: list[District]
    sdgs: list[SustainableDevelopmentGoal]
    decisions: list[PublicDecision]
    feedback: list[Feedback]


def project_page(project: Project, publication: Publication) -> ProjectPage:
    """Everything the public project page shows, computed from the register."""
    return ProjectPage(
        project=project,
        publication=publication,
        facts=public_facts([project])[project.pk],
        milestones=public_milestones(project),
        # a photo is shown as an image: a file that is not one (a PDF picked by mistake) is left out
        photos=[d for d in publication.photos.all() if (d.content_type or "").startswith("image/")],
        documents=list(publication.documents.all()),
        districts=list(project.districts.all()),
        sdgs=list(project.sdgs.all()),
        decisions=committee_decisions(project),
        feedback=answered_for_project(project.pk),
    )


def district_page(district: District, params: Mapping[str, str]) -> dict[str, Any]:
    qs = published_projects().filter(districts=district)
    return {"district": district, "totals": _totals(qs), "page": _page(qs, params.get("page"))}


def direction_page(direction: Direction, params: Mapping[str, str]) -> dict[str, Any]:
    qs = published_projects().filter(direction=direction)
    indicators: list[PublicIndicator] = public_direction_indicators(direction)
    return {
        "direction": direction,
        "totals": _totals(qs),
        "page": _page(qs, params.get("page")),
        "indicators": indicators,
    }


def map_points() -> list[dict[str, Any]]:
    """Published projects with coordinates: code, title in the active language, position, page address."""
    rows = (
        published_projects()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .only("id", "code", "title_ru", "title_kk", "title_en", "latitude", "longitude", "created_at")
        .order_by("code")
    )
    placeholder = "__code__"
    url = reverse("public:project", args=[placeholder])
    return [
        {
            "code": p.code,
            "title": p.title,
            "lat": float(p.latitude),
            "lng": float(p.longitude),
            "url": url.replace(placeholder, p.code),
        }
        for p in rows
        if p.latitude is not None and p.longitude is not None
    ]


def sitemap_objects() -> dict[str, list[Any]]:
    """What the sitemap lists besides the fixed pages: every published project, district and direction."""
    return {
        "projects": list(published_projects().order_by("code").values_list("code", "updated_at")),
        "districts": list(District.objects.order_by("pk").values_list("pk", flat=True)),
        "directions": list(Direction.objects.order_by("number").values_list("code", flat=True)),
    }
