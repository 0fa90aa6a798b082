"""History: who changed what, from what to what (django-simple-history + pmis.core.history)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from pmis.accounts.models import Organization
from pmis.core.history import history_rows
from tests.conftest import assert_num_queries, login
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def akimat():
    return OrganizationFactory(
        code="akimat",
        kind=Organization.Kind.AKIMAT,
        name_ru="Акимат города Алматы",
        name_en="Akimat of Almaty",
    )


@pytest.fixture
def adc():
    return OrganizationFactory(
        code="adc", kind=Organization.Kind.PROJECT_OFFICE, name_ru="ЦРА", name_en="Almaty Development Center"
    )


@pytest.fixture
def department(akimat):
    return OrganizationFactory(
        code="dep-mobility",
        name_ru="Управление мобильности",
        name_kk="Мобильділік басқармасы",
        name_en="Mobility Department",
        parent=akimat,
    )


@pytest.fixture
def administrator():
    from pmis.accounts import roles

    return UserFactory(
        username="timur",
        first_name="Тимур",
        last_name="Абдрахманов",
        roles=[roles.ADMINISTRATOR],
        is_staff=True,
        is_superuser=True,
    )


def test_change_through_the_admin_records_who_and_what(client, administrator, department, adc):
    login(client, administrator)
    response = client.post(
        reverse("admin:accounts_organization_change", args=[department.pk]),
        {
            "code": "dep-mobility",
            "kind": Organization.Kind.DEPARTMENT,
            "name_ru": "Управление городской мобильности",
            "name_kk": "Мобильділік басқармасы",
            "name_en": "Mobility Department",
            "short_name": "УГМ",
            "parent": adc.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = department.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == administrator

    with translation.override("en"):
        rows = history_rows(department)
    assert [row.action for row in rows] == ["Changed", "Created"]
    changed = rows[0]
    assert changed.who == "Абдрахманов Тимур"
    changes = {c.label: (c.old, c.new) for c in changed.changes}
    assert changes == {
        "name (Russian)": ("Управление мобильности", "Управление городской мобильности"),
        "short name": ("—", "УГМ"),
        "parent": ("Akimat of Almaty", "Almaty Development Center"),
    }
    assert rows[1].who == "system"  # created by the factory, outside any request


def test_history_user_set_in_code_and_labels_in_russian(department, administrator):
    department.kind = Organization.Kind.OTHER
    department.is_active = False
    department._history_user = administrator
    department.save()
    with translation.override("ru"):
        rows = history_rows(department)
    assert rows[0].who == "Абдрахманов Тимур"
    assert rows[0].action == "Изменено"
    changes = {c.label: (c.old, c.new) for c in rows[0].changes}
    assert changes["вид"] == ("Управление акимата", "Другая организация")
    assert changes["действует"] == ("да", "нет")


def test_history_rows_query_count_is_flat(department, akimat, adc):
    for index in range(1, 11):
        department.parent = adc if index % 2 else akimat
        department.short_name = f"v{index}"
        department.save()
    with assert_num_queries(2):  # the records with their users, then every FK target named in one query
        rows = history_rows(department)
    assert len(rows) == 11
    assert all(len(row.changes) == 2 for row in rows[:-1])


def test_profile_shows_the_users_own_history(client, administrator):
    user = UserFactory(username="aidos", position="Специалист")
    user.position = "Главный специалист"
    user._history_user = administrator
    user.save()
    login(client, user)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="history"' in html
    assert "Абдрахманов Тимур" in html
    assert "<del>Специалист</del>" in html
    assert "Главный специалист" in html
    rows = response.context["history"]
    assert rows[0].changes[0].new == "Главный специалист"


def test_password_and_sign_ins_are_not_shown_as_changes(client, administrator):
    user = UserFactory(username="aidos")
    shown = len(history_rows(user))
    user.set_password("Another-Secret-2031")
    user.save()
    login(client, user)  # updates last_login, which history excludes
    rows = history_rows(user)
    assert len(rows) == shown
    assert all("password" not in change.label for row in rows for change in row.changes)


def test_a_change_with_a_reason_is_shown_even_without_field_changes(department, administrator):
    from simple_history.utils import update_change_reason

    department.save()
    update_change_reason(department, "Проверка реестра")
    rows = history_rows(department)
    assert rows[0].reason == "Проверка реестра"
    assert rows[0].changes == []


def test_dates_and_amounts_are_shown_in_the_users_language(administrator):
    import datetime
    from decimal import Decimal

    from projects.models import Project
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(planned_start=datetime.date(2026, 3, 2))
    project = Project.objects.get(pk=project.pk)
    project.planned_start = datetime.date(2026, 11, 27)
    project._change_reason = ""
    project.save()
    with translation.override("ru"):
        rows = history_rows(project)
        label = str(Project._meta.get_field("planned_start").verbose_name)
    change = next(c for c in rows[0].changes if c.label == label)
    assert (change.old, change.new) == ("02.03.2026", "27.11.2026")
    from pmis.core.history import _display

    with translation.override("ru"):
        assert _display(Project, "latitude", Decimal("43.238949"), {}) == "43,238949"
        assert _display(
            Project, "created_at", datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC), {}
        ).startswith("02.03.2026")


def test_my_profile_history_names_the_field_and_its_values_in_the_readers_language(
    client: object, officer: object
) -> None:
    """The profile passes the lazy `request.user`: its history still finds the model's field (label and choices),
    instead of showing the raw "Language", "en", "kk"."""
    officer.language = "en"  # type: ignore[attr-defined]
    officer.save(update_fields=["language"])  # type: ignore[attr-defined]
    officer.language = "kk"  # type: ignore[attr-defined]
    officer.save(update_fields=["language"])  # type: ignore[attr-defined]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"  # type: ignore[attr-defined]
    login(client, officer)  # type: ignore[arg-type]
    body = client.get(reverse("accounts:profile")).content.decode()  # type: ignore[attr-defined]
    assert 'class="fw-normal">Интерфейс тілі</th><td><del>English</del></td><td>Қазақша</td>' in body
    assert ">Language<" not in body
