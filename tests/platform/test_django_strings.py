"""Django's own strings in Kazakh (and their app names): Django's and the security apps' Kazakh catalogs are
incomplete, so a Kazakh page fell back to Russian (the default language) or English. Our catalogs complete them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

from tests.conftest import login
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _in_kazakh(client: Any, user: Any) -> Any:
    login(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    return client


RUSSIAN_PASSWORD_RULES = [
    "Пароль не должен быть слишком похож на другую вашу личную информацию.",
    "Ваш пароль должен содержать как минимум",
    "Пароль не должен быть слишком простым и распространенным.",
    "Пароль не может состоять только из цифр.",
    "Для подтверждения введите, пожалуйста, пароль ещё раз.",
]


def test_the_kazakh_password_change_page_states_the_rules_in_kazakh(client: Any) -> None:
    text = _text(
        _in_kazakh(client, UserFactory(username="asel"))
        .get(reverse("accounts:password-change"))
        .content.decode()
    )
    for russian in RUSSIAN_PASSWORD_RULES:
        assert russian not in text
    assert "Құпиясөз сіздің басқа жеке деректеріңізге тым ұқсас болмауы керек." in text
    assert "Құпиясөз кемінде 10 таңбадан тұруы керек." in text
    assert "Құпиясөз жиі қолданылатын құпиясөздердің бірі болмауы керек." in text
    assert "Құпиясөз тек цифрлардан тұрмауы керек." in text
    assert "Тексеру үшін сол құпиясөзді қайта енгізіңіз." in text


def test_a_rejected_new_password_is_explained_in_kazakh(client: Any) -> None:
    user = UserFactory(username="asel")
    response = _in_kazakh(client, user).post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12346"},
    )
    text = _text(response.content.decode())
    assert response.status_code == 200
    assert "Енгізілген құпиясөздер сәйкес келмейді." in text
    assert "Введённые пароли не совпадают" not in text
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    text = _text(response.content.decode())
    assert "Құпиясөз тым қысқа: ол кемінде 10 таңбадан тұруы керек." in text
    assert "Бұл құпиясөз тым кең таралған." in text
    assert "Құпиясөз тек цифрлардан тұрады." in text
    assert "слишком" not in text


MIXED_ADMIN = [
    "Логи доступа",  # django-axes' Russian names
    "Попытки доступа",
    "Static devices",  # django-otp's fixed English names
    "TOTP devices",
    "Otp_Totp",
    "Otp_Static",
    "Axes",
    "Имя модели",  # Django admin's Russian fallback
    "Открыть сайт",
    "Пользователи и группы",
    "Переключить тему",
    "Последние действия",
    "Даңғо",  # Django's Kazakh for "Django site admin"
]


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/axes/", "/admin/axes/accesslog/", "/admin/otp_totp/totpdevice/"]
)
def test_the_kazakh_admin_shows_no_russian_or_english_names(client: Any, admin: Any, path: str) -> None:
    response = _in_kazakh(client, admin).get(path)
    assert response.status_code == 200
    text = _text(response.content.decode())
    for mixed in MIXED_ADMIN:
        assert mixed not in text, mixed
    assert "Сайтты ашу" in text
    assert "Кіруді қорғау" in text
    assert "Кіру журналы" in text
    if path != "/admin/axes/":  # the app index lists only its own models
        assert "Аутентификатор қосымшалары (TOTP)" in text


def test_the_admin_names_are_translated_in_russian_too(client: Any, admin: Any) -> None:
    login(client, admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    text = _text(client.get("/admin/").content.decode())
    assert "Static devices" not in text
    assert "TOTP devices" not in text
    assert "Журнал входов" in text
    assert "Приложения-аутентификаторы (TOTP)" in text


def _app_msgids() -> set[Any]:
    import axes
    import django

    sources = [
        Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/django.po",
        Path(django.__file__).parent / "contrib/auth/locale/en/LC_MESSAGES/django.po",
        Path(axes.__file__).parent / "locale/ru/LC_MESSAGES/django.po",
    ]
    ids: set[Any] = set()
    for path in sources:
        with path.open("rb") as handle:
            ids |= {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(handle) if m.id}
    return ids


def test_every_completed_string_is_still_one_the_apps_use() -> None:
    """After an upgrade of Django or django-axes, a changed msgid would silently stop translating."""
    from pmis.core import django_strings

    ids = _app_msgids()
    singles = [*django_strings.ADMIN, *django_strings.AUTH, *django_strings.AXES]
    assert [s for s in singles if s not in ids] == []
    plurals = [(text.key, text.plural) for text in django_strings.PLURALS]
    assert [p for p in plurals if p not in ids] == []
