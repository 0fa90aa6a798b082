"""Demo people: one user per persona, used by `manage.py load_demo` (never by tests)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group

from pmis.accounts import roles
from pmis.accounts.models import Organization, User

PERSONAS: list[tuple[str, str, str, str, str, str]] = [
    # username, role, organization code, last name, first name, position
    ("officer", roles.DEPARTMENT_OFFICER, "dep-mobility", "Сериков", "Айдос", "Главный специалист"),
    ("manager", roles.PROJECT_MANAGER, "dep-mobility", "Жумабекова", "Динара", "Руководитель проекта"),
    ("coordinator", roles.BDIG_COORDINATOR, "bdig-transport", "Ахметов", "Ерлан", "Координатор ГРБН"),
    ("head", roles.DIRECTION_HEAD, "dep-mobility", "Касымов", "Нурлан", "Руководитель управления"),
    ("pmo", roles.PMO_STAFF, "adc", "Омарова", "Асель", "Менеджер Проектного офиса"),
    ("sac", roles.SAC_ANALYST, "sac", "Бекова", "Жанар", "Аналитик САЦ"),
    ("committee", roles.COMMITTEE_MEMBER, "akimat", "Турсунов", "Марат", "Член Управляющего комитета"),
    ("expert", roles.EXPERT, "adc", "Ибраева", "Гульнара", "Эксперт"),
    ("expertise_head", roles.EXPERTISE_HEAD, "adc", "Садыков", "Ержан", "Руководитель экспертизы"),
    ("auditor", roles.AUDITOR, "adc", "Нургалиева", "Салтанат", "Аудитор"),
    ("admin", roles.ADMINISTRATOR, "adc", "Абдрахманов", "Тимур", "Администратор системы"),
]


def load(ctx: dict[str, Any]) -> None:
    password = ctx["password"]
    users = {}
    for username, role, org_code, last, first, position in PERSONAS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "last_name": last,
                "first_name": first,
                "position": position,
                "email": f"{username}@pmis.example",
                "organization": Organization.objects.get(code=org_code),
                "is_staff": role == roles.ADMINISTRATOR,
                "is_superuser": role == roles.ADMINISTRATOR,
            },
        )
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        users[username] = user
    from pmis.reference.models import Direction

    transport = Direction.objects.get(code="transport")
    transport.head = users["head"]
    transport.save()
    transport.coordinators.add(users["coordinator"])
    ctx["users"] = users
