"""The portal shell's plug points: navigation entries and home-page panels, registered by each app.

Apps register in their `portal.py` (autodiscovered at start-up), so the shell never imports an app:

    register_nav(NavItem(key="projects", label=_("Projects"), url_name="projects:list", icon="kanban"))
    register_section_nav("monitoring", NavItem(key="verify", label=_("Verification"), url_name="monitoring:verify",
                                               visible=permissions.can_verify))
    @register_home_panel(order=10)
    def my_projects(user) -> Panel | None: ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    from pmis.accounts.models import User
    from pmis.accounts.types import AnyUser


@dataclass(frozen=True)
class NavItem:
    """A menu entry. `visible` is the app's permissions function that the page's own door applies, so a menu
    never offers a page that answers 403 or 404 to its reader."""

    key: str
    label: StrOrPromise
    url_name: str
    icon: str = "circle"
    order: int = 100
    visible: Callable[[AnyUser], bool] = lambda user: user.is_authenticated

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return "#"


@dataclass
class PanelItem:
    text: str
    url: str = ""
    meta: str = ""
    badge: str = ""
    badge_class: str = "text-bg-secondary"


@dataclass
class Panel:
    key: str
    title: StrOrPromise
    items: list[PanelItem] = field(default_factory=list)
    empty_text: StrOrPromise = ""
    more_url: str = ""
    count: int | None = None
    order: int = 100


_NAV: dict[str, NavItem] = {}
_PANELS: list[tuple[int, Callable[[User], Panel | None]]] = []


def register_nav(item: NavItem) -> None:
    _NAV[item.key] = item


def register_home_panel(
    order: int = 100,
) -> Callable[[Callable[[User], Panel | None]], Callable[[User], Panel | None]]:
    def decorator(func: Callable[[User], Panel | None]) -> Callable[[User], Panel | None]:
        _PANELS.append((order, func))
        _PANELS.sort(key=lambda pair: pair[0])
        return func

    return decorator


def nav_for(user: AnyUser) -> list[NavItem]:
    """Navigation entries the user may see, in order."""
    return sorted((item for item in _NAV.values() if item.visible(user)), key=lambda i: (i.order, i.key))


_SECTIONS: dict[str, dict[str, NavItem]] = {}


def register_section_nav(section: str, item: NavItem) -> None:
    """An entry of an app's section menu (the row of pills above the app's pages)."""
    _SECTIONS.setdefault(section, {})[item.key] = item


def section_nav_for(user: User, section: str) -> list[NavItem]:
    """Entries of the section menu the user may open, in order."""
    items = _SECTIONS.get(section, {}).values()
    return sorted((item for item in items if item.visible(user)), key=lambda i: (i.order, i.key))


def panels_for(user: User) -> list[Panel]:
    """Home-page panels with something for this user (a panel returns None when it does not apply)."""
    panels = []
    for order, func in _PANELS:
        panel = func(user)
        if panel is not None:
            panel.order = order
            panels.append(panel)
    return panels


# --- Project card plug points -------------------------------------------------------------------
# The register's card (projects) must not import the apps built on it, so those apps add a tab or a
# header action here from their portal.py: `register_card_tab(CardTab(...))` adds a tab whose URL takes the
# project's pk; a function decorated with `register_card_action(order)` gets (user, project) and returns a
# CardAction or None.


@dataclass(frozen=True)
class CardTab:
    key: str
    label: StrOrPromise
    url_name: str  # reversed with the project's pk as its only argument
    after: str = ""  # key of the tab this one follows; appended at the end when unknown
    visible: Callable[[User, Any], bool] = lambda user, project: True


@dataclass
class CardAction:
    label: StrOrPromise
    url: str
    icon: str = "circle"
    method: str = "get"  # "post" renders a small form with the CSRF token
    testid: str = ""
    style: str = "btn-outline-secondary"


_CARD_TABS: dict[str, CardTab] = {}
_CARD_ACTIONS: list[tuple[int, Callable[[User, Any], CardAction | None]]] = []


def register_card_tab(tab: CardTab) -> None:
    _CARD_TABS[tab.key] = tab


def card_tabs_extra(user: User, project: Any) -> list[CardTab]:
    return [tab for tab in _CARD_TABS.values() if tab.visible(user, project)]


def register_card_action(
    order: int = 100,
) -> Callable[[Callable[[User, Any], CardAction | None]], Callable[[User, Any], CardAction | None]]:
    def decorator(func: Callable[[User, Any], CardAction | None]) -> Callable[[User, Any], CardAction | None]:
        _CARD_ACTIONS.append((order, func))
        _CARD_ACTIONS.sort(key=lambda pair: pair[0])
        return func

    return decorator


def card_actions_for(user: User, project: Any) -> list[CardAction]:
    """Header actions other apps offer on this project's card for this user (None = not applicable)."""
    actions = []
    for _order, func in _CARD_ACTIONS:
        action = func(user, project)
        if action is not None:
            actions.append(action)
    return actions


# --- Project facts --------------------------------------------------------------------------------------------
# Apps on the same floor must not import each other (audits reads monitoring's and expertise's data), so an app
# that knows something about projects registers a bulk provider here from its portal.py with
# `register_project_facts(key, func)`, where func(project_ids, on_date) returns {project_id: {...}};
# a reader asks `project_facts("open_escalations", ids, on)`, which is None when no app provides that key
# (the reader then says "not checked", never "passed").

FactsProvider = Callable[[list[int], Any], dict[int, dict[str, Any]]]
_FACTS: dict[str, FactsProvider] = {}


def register_project_facts(key: str, func: FactsProvider) -> FactsProvider:
    _FACTS[key] = func
    return func


def project_facts(key: str, project_ids: list[int], on: Any) -> dict[int, dict[str, Any]] | None:
    """Facts of that key for those projects as of the date `on`, or None when no app provides them."""
    func = _FACTS.get(key)
    if func is None:
        return None
    return func(list(project_ids), on)


# --- The working-day calendar ---------------------------------------------------------------------------------
# The city's working calendar (holidays, transferred days) is kept by expertise; other apps count working days
# through here. Without a registered calendar, Monday to Friday are working days.

_WORKING_DAYS: list[Callable[[Any, int], Any]] = []


def register_working_days(func: Callable[[Any, int], Any]) -> None:
    """`func(start, n)` → the date n working days after start (start not counted)."""
    _WORKING_DAYS[:] = [func]


def add_working_days(start: Any, days: int) -> Any:
    if _WORKING_DAYS:
        return _WORKING_DAYS[0](start, days)
    import datetime

    current, left = start, days
    while left > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


# --- Indicator intake -----------------------------------------------------------------------------------------
# An app below monitoring's floor that measures an indicator (the surveys: the city-wide survey's weighted
# satisfaction share) submits the actual through here; monitoring registers its own entry of actuals
# (`actual_save(..., submit=True)`: the value awaits the SAC's verification like any other).

IndicatorIntake = Callable[..., Any]
_INDICATOR_INTAKE: list[IndicatorIntake] = []


def register_indicator_intake(func: IndicatorIntake) -> IndicatorIntake:
    """`func(code, year, period, value, *, actor, source, comment)` → the stored actual; raises ValidationError
    (unknown indicator, closed period, …)."""
    _INDICATOR_INTAKE[:] = [func]
    return func


def indicator_intake_available() -> bool:
    return bool(_INDICATOR_INTAKE)


def submit_indicator_actual(
    code: str, year: int, period: int, value: Any, *, actor: Any, source: str = "", comment: str = ""
) -> Any:
    """Submit an actual value of the indicator `code` for verification; LookupError when no app takes them."""
    if not _INDICATOR_INTAKE:
        raise LookupError("no indicator intake is registered")
    return _INDICATOR_INTAKE[0](code, year, period, value, actor=actor, source=source, comment=comment)


# --- Scores by basic direction ----------------------------------------------------------------------------------
# A figure per basic direction that an app on a lower floor shows beside its own (audits shows the customers'
# satisfaction beside audit compliance): the app that measures it registers `register_direction_scores(key, func)`
# where func(direction_ids) returns {direction_id: DirectionScore}; a reader asks `direction_scores(key, ids)`,
# which is None when nothing is registered (the reader then leaves the column out).


@dataclass(frozen=True)
class DirectionScore:
    value: float | None  # a percentage; None when the cell is suppressed (too few answers)
    n: int
    label: str = ""


DirectionScores = Callable[[list[int]], dict[int, DirectionScore]]
_DIRECTION_SCORES: dict[str, DirectionScores] = {}


def register_direction_scores(key: str, func: DirectionScores) -> DirectionScores:
    _DIRECTION_SCORES[key] = func
    return func


def direction_scores(key: str, direction_ids: list[int]) -> dict[int, DirectionScore] | None:
    """That key's figure for those directions (one query whatever their number), or None when no app gives it."""
    func = _DIRECTION_SCORES.get(key)
    if func is None:
        return None
    return func(list(direction_ids))
