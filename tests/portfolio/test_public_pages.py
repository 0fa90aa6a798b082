"""The citizen pages: only published projects anywhere (list, home totals, map data, district, direction), the
figures equal the register, filters and search, languages and hreflang, no CSRF token, 404 for a project that
is missing, unpublished or confidential alike."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from monitoring.models import Actual
from portfolio.models import AgendaItem, Meeting
from projects.models import Project
from surveys.models import Feedback
from tests.factories import DistrictFactory, SDGFactory
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory
from tests.portfolio.factories import AgendaItemFactory, MeetingFactory
from tests.portfolio.factories_public import publish, published_project, withdraw
from tests.projects.factories import BudgetLineFactory, DocumentFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def url(name: str, *args: Any, lang: str = "ru") -> str:
    with translation.override(lang):
        return reverse(name, args=list(args))


@pytest.fixture
def world(direction: Any) -> Any:
    """One published project, one unpublished, one confidential (with a live publication the rule still hides),
    one withdrawn: all in the same direction and district."""
    district = DistrictFactory(code="almaly", name_ru="Алмалинский", name_kk="Алмалы", name_en="Almaly")
    shown = published_project(
        direction=direction, title_ru="Велодорожки в центре", title_kk="Орталықтағы веложолдар"
    )
    shown.districts.add(district)
    hidden = ProjectFactory(
        direction=direction, title_ru="Скрытый проект", latitude=Decimal("43.2"), longitude=Decimal("76.9")
    )
    hidden.districts.add(district)
    BudgetLineFactory(project=hidden, plan=Decimal("7777777"))
    secret = published_project(direction=direction, title_ru="Секретный проект")
    secret.districts.add(district)
    Project.objects.filter(pk=secret.pk).update(is_confidential=True)
    gone = published_project(direction=direction, title_ru="Снятый проект")
    gone.districts.add(district)
    withdraw(gone)
    cache.clear()
    return type(
        "World",
        (),
        {
            "shown": shown,
            "hidden": hidden,
            "secret": secret,
            "gone": gone,
            "district": district,
            "direction": direction,
        },
    )


def page(client: Any, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def test_only_published_projects_appear_anywhere(client: Any, world: Any) -> None:
    addresses = [
        url("public:home"),
        url("public:project-list"),
        url("public:map"),
        url("public:map-data"),
        url("public:district", world.district.pk),
        url("public:direction", world.direction.code),
        reverse("public_root:sitemap"),
    ]
    for address in addresses:
        html = page(client, address)
        assert world.shown.code in html or "Велодорожки" in html, address
        for other in (world.hidden, world.secret, world.gone):
            assert other.code not in html, (address, other.title_ru)
            assert other.title_ru not in html, (address, other.title_ru)
    data = json.loads(page(client, url("public:map-data")))
    assert [p["code"] for p in data["projects"]] == [world.shown.code]


@pytest.mark.parametrize("which", ["hidden", "secret", "gone", "missing"])
def test_a_project_not_published_is_a_404_like_a_missing_one(client: Any, world: Any, which: str) -> None:
    code = "PRJ-0000-99999" if which == "missing" else getattr(world, which).code
    assert client.get(url("public:project", code)).status_code == 404
    assert client.get(url("public:project-file", code, 1)).status_code == 404


def test_home_totals_equal_the_register(client: Any, world: Any, other_direction: Any) -> None:
    second = published_project(direction=other_direction)
    BudgetLineFactory(project=second, plan=Decimal("500000"), disbursed=Decimal("100000"))
    cache.clear()
    response = client.get(url("public:home"))
    city = response.context["city"]
    assert city.projects == 2
    assert city.budget_plan == Decimal(
        "2500000.00"
    )  # 1,000,000 + 1,000,000 + 500,000; not the hidden 7,777,777
    assert city.budget_disbursed == Decimal("600000.00")
    cards = {c.direction.code: c for c in response.context["cards"]}
    assert cards[world.direction.code].totals.projects == 1
    assert cards[world.direction.code].totals.budget_plan == Decimal("1000000.00")
    assert [p.code for p in cards[world.direction.code].projects] == [world.shown.code]
    assert cards[other_direction.code].totals.projects == 1


def test_project_page_shows_figures_from_the_register(client: Any, world: Any) -> None:
    response = client.get(url("public:project", world.shown.code, lang="en"))
    html = response.content.decode()
    facts = response.context["p"].facts
    assert facts.budget_plan == Decimal("1000000.00")
    assert facts.budget_disbursed == Decimal("250000.00")
    assert (facts.milestones_done, facts.milestones_planned) == (1, 2)
    assert facts.progress == 50
    assert 'data-testid="project-progress">50&nbsp;%' in html
    assert "1 of 2" in html
    assert "a short summary for residents" in html
    assert "What changes for residents" in html
    assert 'data-lat="43.250000"' in html
    assert "Almaly" in html
    # photos and documents the publication made public, served through the public file view
    photo = response.context["p"].photos[0]
    assert f'src="{url("public:project-file", world.shown.code, photo.pk, lang="en")}"' in html
    file_response = client.get(url("public:project-file", world.shown.code, photo.pk))
    assert file_response.status_code == 200
    assert file_response["Content-Type"] == "image/png"
    # a project document the publication did not pick stays private
    private = DocumentFactory(project=world.shown, title="Внутренняя записка")
    assert client.get(url("public:project-file", world.shown.code, private.pk)).status_code == 404
    assert "Внутренняя записка" not in page(client, url("public:project", world.shown.code))
    # the feedback button and Open Graph tags
    assert f'href="/en/projects/{world.shown.code}/feedback/"' in html
    assert '<meta property="og:title" content="Project No.' in html
    assert '<meta property="og:image" content="http://testserver/en/projects/' in html


def test_project_page_shows_held_committee_decisions_and_answered_feedback(client: Any, world: Any) -> None:
    held = MeetingFactory(
        status=Meeting.Status.HELD, starts_at=timezone.now() - datetime.timedelta(days=3), number="7"
    )
    AgendaItemFactory(
        meeting=held,
        project=world.shown,
        decision=AgendaItem.Decision.APPROVED,
        decision_text="Одобрить проект",
        materials="Внутренние материалы",
    )
    planned = MeetingFactory(status=Meeting.Status.PLANNED)
    AgendaItemFactory(
        meeting=planned,
        project=world.shown,
        decision=AgendaItem.Decision.REJECTED,
        decision_text="Черновик решения",
    )
    common = {"project": world.shown, "kind": Feedback.Kind.QUESTION, "consent_at": timezone.now()}
    Feedback.objects.create(
        reference="FB-1",
        text="Когда?",
        public_text="Когда закончат?",
        status=Feedback.Status.ANSWERED,
        answer="В декабре.",
        answered_at=timezone.now(),
        email="citizen@example.org",
        **common,
    )
    Feedback.objects.create(reference="FB-2", text="Ждёт модерации", status=Feedback.Status.PENDING, **common)
    html = page(client, url("public:project", world.shown.code))
    assert "Одобрить проект" in html
    assert "Черновик решения" not in html
    assert "Внутренние материалы" not in html
    assert "Когда закончат?" in html
    assert "В декабре." in html
    assert "citizen@example.org" not in html
    assert "Ждёт модерации" not in html


def test_no_csrf_token_and_hreflang_on_every_page(client: Any, world: Any) -> None:
    for name, args in [
        ("public:home", []),
        ("public:project-list", []),
        ("public:project", [world.shown.code]),
        ("public:district", [world.district.pk]),
        ("public:direction", [world.direction.code]),
        ("public:map", []),
    ]:
        response = client.get(url(name, *args, lang="kk"))
        html = response.content.decode()
        assert "csrfmiddlewaretoken" not in html, name
        assert "X-CSRFToken" not in html, name
        assert "csrftoken" not in response.cookies, name
        for lang in ("kk", "ru", "en"):
            assert (
                f'<link rel="alternate" hreflang="{lang}" href="http://testserver{url(name, *args, lang=lang)}">'
                in html
            )
        assert f'hreflang="x-default" href="http://testserver{url(name, *args, lang="ru")}"' in html
        assert '<html lang="kk">' in html
        assert '<meta name="description"' in html
        assert '<meta property="og:title"' in html
        # the language switcher: plain links to the same page, the current one marked
        assert re.search(
            r'href="{}" lang="kk" hreflang="kk" aria-current="true"'.format(
                re.escape(url(name, *args, lang="kk"))
            ),
            html,
        )


def test_language_comes_from_the_address(client: Any, world: Any) -> None:
    kk = page(client, url("public:project", world.shown.code, lang="kk"))
    ru = page(client, url("public:project", world.shown.code, lang="ru"))
    assert "Орталықтағы веложолдар" in kk
    assert "қысқаша сипаттама" in kk
    assert "Велодорожки в центре" in ru
    assert "краткое описание для жителей" in ru
    data = json.loads(page(client, url("public:map-data", lang="kk")))
    assert data["projects"][0]["title"] == "Орталықтағы веложолдар"
    assert data["projects"][0]["url"] == url("public:project", world.shown.code, lang="kk")


def test_list_filters_and_search(client: Any, world: Any, other_direction: Any) -> None:
    goal = SDGFactory(number=11, name_ru="Устойчивые города")
    other = published_project(
        direction=other_direction, title_ru="Парк у реки", title_en="River park", stage=Project.Stage.PLANNING
    )
    other.sdgs.add(goal)
    cache.clear()

    def codes(query: str) -> list[str]:
        response = client.get(url("public:project-list") + query)
        assert response.status_code == 200
        return sorted(p.code for p in response.context["page"].object_list)

    both = sorted([world.shown.code, other.code])
    assert codes("") == both
    assert codes(f"?direction={other_direction.code}") == [other.code]
    assert codes(f"?district={world.district.pk}") == [world.shown.code]
    assert codes("?stage=planning") == [other.code]
    assert codes("?sdg=11") == [other.code]
    assert codes("?q=River") == [other.code]
    assert codes("?q=веложолдар") == [world.shown.code]  # a Kazakh title
    assert codes("?q=краткое описание") == both  # the public summary
    assert codes("?q=Скрытый") == []  # an unpublished project's title finds nothing
    # bad filter values are ignored, never a 500
    assert codes("?district=abc&sdg=x&stage=nonsense&direction=nowhere&page=zzz") == both
    empty = client.get(url("public:project-list") + "?q=nothing-like-this")
    assert 'data-testid="empty-state"' in empty.content.decode()


def test_list_pagination(client: Any, direction: Any) -> None:
    for _ in range(23):
        project = ProjectFactory(direction=direction)
        publish(project)
    cache.clear()
    first = client.get(url("public:project-list"))
    assert len(first.context["page"].object_list) == 20
    assert "page=2" in first.content.decode()
    second = client.get(url("public:project-list") + "?page=2")
    assert len(second.context["page"].object_list) == 3


def test_direction_shows_only_verified_actuals_and_the_trend(client: Any, world: Any) -> None:
    indicator = IndicatorFactory(
        direction=world.direction, level="strategic", name_ru="Доля велодорожек", higher_is_better=True
    )
    TargetFactory(indicator=indicator, year=2025, period=1, value=Decimal("10"))
    ActualFactory(indicator=indicator, year=2025, period=1, value=Decimal("8"))
    ActualFactory(indicator=indicator, year=2025, period=2, value=Decimal("9.5"))
    ActualFactory(
        indicator=indicator, year=2025, period=3, value=Decimal("55.5"), status=Actual.Status.SUBMITTED
    )
    IndicatorFactory(
        direction=world.direction, level="strategic", name_ru="Списанный", retired_at=timezone.now()
    )
    project_level = IndicatorFactory(
        direction=world.direction, project=world.shown, name_ru="Показатель проекта"
    )
    ActualFactory(indicator=project_level)
    response = client.get(url("public:direction", world.direction.code))
    html = response.content.decode()
    indicators = response.context["indicators"]
    assert [i.name for i in indicators] == ["Доля велодорожек"]
    assert indicators[0].latest.actual == Decimal("9.5")
    assert "2025-Q1: 8 · 2025-Q2: 9,5" in html
    assert indicators[0].trend == "up"
    assert indicators[0].improving is True
    assert "55,5" not in html
    assert "55.5" not in html
    assert "Списанный" not in html
    assert "Показатель проекта" not in html


def test_unknown_district_or_direction_is_404(client: Any, db: None) -> None:
    assert client.get(url("public:district", 999999)).status_code == 404
    assert client.get(url("public:direction", "nowhere")).status_code == 404


def test_empty_site_pages_render(client: Any, direction: Any) -> None:
    for address in (
        url("public:home"),
        url("public:project-list"),
        url("public:map"),
        url("public:direction", direction.code),
    ):
        assert client.get(address).status_code == 200
    assert json.loads(page(client, url("public:map-data"))) == {"projects": []}


def test_the_shell_context_serves_every_public_page_and_nothing_else(rf: Any) -> None:
    """Feedback and open-data pages (other apps' views) extend public/base.html: the context processor gives
    them the language links; internal pages get nothing from it."""
    from portfolio.public.context_processors import public_shell

    assert public_shell(rf.get("/projects/1/")) == {}
    with translation.override("kk"):
        shell = public_shell(rf.get("/kk/projects/X-1/feedback/?a=1"))
    assert [(lang["code"], lang["url"], lang["current"]) for lang in shell["public_languages"]] == [
        ("kk", "/kk/projects/X-1/feedback/?a=1", True),
        ("ru", "/ru/projects/X-1/feedback/?a=1", False),
        ("en", "/en/projects/X-1/feedback/?a=1", False),
    ]
    assert shell["x_default_url"] == "http://testserver/ru/projects/X-1/feedback/?a=1"
    assert shell["og_locale"] == "kk_KZ"


def test_list_sorting(client: Any, direction: Any) -> None:
    early = published_project(
        direction=direction,
        title_ru="Б-проект",
        title_en="Z project",
        forecast_finish=datetime.date(2026, 6, 1),
    )
    late = published_project(
        direction=direction,
        title_ru="А-проект",
        title_en="Y project",
        forecast_finish=datetime.date(2027, 6, 1),
    )
    cache.clear()

    def codes(query: str, lang: str = "ru") -> list[str]:
        response = client.get(url("public:project-list", lang=lang) + query)
        return [p.code for p in response.context["page"].object_list]

    assert codes("") == [late.code, early.code]  # newest first
    assert codes("?sort=title") == [late.code, early.code]  # А before Б
    assert codes("?sort=title", lang="en") == [late.code, early.code]  # Y before Z
    assert codes("?sort=finish") == [early.code, late.code]
    assert codes("?sort=bogus") == [late.code, early.code]


def test_a_citizens_404_is_a_public_page(client: Any, world: Any) -> None:
    for code in (world.hidden.code, "PRJ-0000-99999"):
        response = client.get(url("public:project", code, lang="kk"))
        assert response.status_code == 404
        html = response.content.decode()
        assert "public/404.html" in [t.name for t in response.templates]
        assert 'href="/kk/projects/"' in html
        assert world.hidden.title_ru not in html
    assert "404.html" in [t.name for t in client.get("/projects/no-such-page/").templates]
