"""Issue 10, language pass: status lists agree with their object's noun, labels start with a capital."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from expertise.models import Opinion, ReviewCase
from monitoring.models import Actual, ImportBatch, ReportingPeriod
from portfolio.models import AgendaItem, Meeting, Submission
from projects.forms.delivery import IssueForm, RiskForm
from projects.models import ChangeRequest, ProjectIssue, StatusReport

# every label of one list agrees with the noun of its object (решение — «Одобрено», запрос — «Утверждён»),
# and a Kazakh list is all in one tense
STATUS_LISTS: list[tuple[Any, str, list[str]]] = [
    (AgendaItem.Decision, "ru", ["Одобрено", "Одобрено с условиями", "Отклонено", "Возвращено на доработку", "Принято к сведению"]),
    (AgendaItem.Decision, "kk", ["Мақұлданды", "Шарттармен мақұлданды", "Қабылданбады", "Пысықтауға қайтарылды", "Назарға алынды"]),
    (ChangeRequest.Status, "ru", ["Черновик", "Отправлен", "Оценён", "Утверждён", "Отклонён", "Возвращён на доработку"]),
    (ChangeRequest.Status, "kk", ["Жоба", "Жіберілді", "Бағаланды", "Бекітілді", "Қабылданбады", "Пысықтауға қайтарылды"]),
    (Submission.Status, "ru", ["У координатора направления", "Возвращено с замечаниями", "В Проектном офисе", "В повестке заседания", "Решение принято", "Отозвано"]),
    (Submission.Status, "kk", ["Бағыт үйлестірушісінде", "Ескертпелермен қайтарылды", "Жобалық кеңседе", "Отырыстың күн тәртібінде", "Шешім қабылданды", "Қайтарып алынды"]),
    (Meeting.Status, "ru", ["Запланировано", "Проведено", "Протокол подписан"]),
    (Meeting.Status, "kk", ["Жоспарланды", "Өткізілді", "Хаттамаға қол қойылды"]),
    (StatusReport.Status, "ru", ["Черновик", "Отправлен", "Возвращён с замечаниями", "Принят"]),
    (ProjectIssue.Severity, "ru", ["Низкая", "Средняя", "Высокая", "Критическая"]),
    (Actual.Status, "ru", ["Черновик", "Отправлено", "Проверено", "Отклонено"]),
    (ReportingPeriod.Status, "ru", ["Открыт", "Закрыт"]),
    (ReportingPeriod.Status, "kk", ["Ашық", "Жабық"]),
    (ImportBatch.Status, "ru", ["Загружен", "Проверен", "Записан", "Ошибка"]),
    (ImportBatch.Status, "kk", ["Жүктелді", "Тексерілді", "Жазылды", "Қате"]),
    (Opinion.Outcome, "ru", ["Положительное", "Отрицательное", "Возвращено на доработку"]),
    (ReviewCase.Status, "ru", ["Приём", "Проверка комплектности", "На проверке", "Возвращено на доработку", "У руководителя", "Заключение выдано", "Закрыто"]),
]  # fmt: skip


@pytest.mark.parametrize(("choices", "language", "labels"), STATUS_LISTS)
def test_a_status_list_speaks_of_one_object(choices: Any, language: str, labels: list[str]) -> None:
    with translation.override(language):
        assert [str(label) for label in choices.labels] == labels


@pytest.mark.parametrize("form_class", [RiskForm, IssueForm])
def test_form_labels_start_with_a_capital(db: None, form_class: Any) -> None:
    """The owner field was labelled «владелец» in lower case; it is the responsible person."""
    with translation.override("ru"):
        form = form_class()
        assert str(form.fields["owner"].label) == "Ответственный"
        assert [name for name, field in form.fields.items() if str(field.label)[:1].islower()] == []


def test_a_fuzzy_guess_of_msgmerge_is_never_taken_for_a_translation(tmp_path: Any) -> None:
    """makemessages guessed «статус» for "status report" and «вышестоящая организация» for "parent task"; the fill
    step accepted the guesses by dropping their fuzzy flag, so wrong words reached forms and history tabs."""
    import importlib.util

    import polib
    from django.conf import settings

    spec = importlib.util.spec_from_file_location("fill_po", settings.BASE_DIR / "locale" / "fill_po.py")
    assert spec is not None
    assert spec.loader is not None
    fill_po = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fill_po)
    (tmp_path / "ru" / "LC_MESSAGES").mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="parent task", msgstr="вышестоящая организация", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="task", msgstr="задача"))
    po.save(str(tmp_path / "ru" / "LC_MESSAGES" / "django.po"))
    fill_po.ROOT = tmp_path
    filled, missing = fill_po.fill("ru", {"task": {"ru": "задача"}})
    assert (filled, missing) == (1, ["parent task"])
    entries = {
        e.msgid: (e.msgstr, e.flags) for e in polib.pofile(str(tmp_path / "ru" / "LC_MESSAGES" / "django.po"))
    }
    assert entries == {"parent task": ("", []), "task": ("задача", [])}
