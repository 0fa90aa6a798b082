"""The template library: every template instantiates, speaks kk / ru / en everywhere, has unique keys and
conditions that point to earlier questions; profile questions carry their categories."""

from __future__ import annotations

from typing import Any

import pytest

from pmis.reference.models import District
from surveys import library, profile
from surveys.models import Question, Survey
from tests.surveys.factories import SurveyManagerFactory, current_version

pytestmark = pytest.mark.django_db

KEYS = ["customer_project_office", "customer_bdig", "customer_expertise", "citizen_project", "citizen_city"]


def _texts(tpl: dict[str, Any]) -> list[dict[str, str]]:
    out = [tpl["title"], tpl["intro"]]
    for section in tpl["sections"]:
        out.append(section["title"])
        for q in section["questions"]:
            out.append(q["text"])
            if "help" in q:
                out.append(q["help"])
            if isinstance(q.get("choices"), list):
                out.extend(label for _v, label in q["choices"])
    return out


def test_the_library_has_every_template() -> None:
    assert list(library.TEMPLATES) == KEYS


@pytest.mark.parametrize("key", KEYS)
def test_every_text_is_in_three_languages(key: str) -> None:
    for text in _texts(library.TEMPLATES[key]):
        assert set(text) == {"ru", "kk", "en"}, text
        assert all(v.strip() for v in text.values()), text
        # a Kazakh text is not the Russian one copied
        assert text["kk"] != text["ru"] or text["ru"][:2].isdigit(), text


@pytest.mark.parametrize("key", KEYS)
def test_keys_are_unique_and_conditions_point_back(key: str) -> None:
    tpl = library.TEMPLATES[key]
    seen: dict[str, dict[str, Any]] = {}
    for section in tpl["sections"]:
        for q in section["questions"]:
            assert q["key"] not in seen, q["key"]
            if "when" in q:
                earlier, values = q["when"]
                assert earlier in seen, f"{q['key']} depends on a later question {earlier}"
                target = seen[earlier]
                if target["kind"] == Question.Kind.SCALE5:
                    assert set(values) <= {"1", "2", "3", "4", "5"}
                elif isinstance(target.get("choices"), list):
                    assert set(values) <= {v for v, _l in target["choices"]}
            seen[q["key"]] = q
    assert tpl["headline"] in seen
    assert seen[tpl["headline"]]["kind"] == Question.Kind.SCALE5


@pytest.mark.parametrize("key", KEYS)
def test_every_template_instantiates(key: str) -> None:
    owner = SurveyManagerFactory()
    survey = library.instantiate(key, actor=owner)
    assert survey.status == Survey.Status.DRAFT
    assert survey.template_key == key
    assert survey.owner == owner
    assert survey.history.first().history_user == owner
    version = current_version(survey)
    keys = list(version.questions.values_list("key", flat=True))
    expected = [q["key"] for s in library.TEMPLATES[key]["sections"] for q in s["questions"]]
    assert sorted(keys) == sorted(expected)
    for q in version.questions.filter(condition_question__isnull=False).select_related("condition_question"):
        assert q.condition_question.version_id == version.pk


def test_citizen_city_is_the_weighted_headline_survey() -> None:
    tpl = library.TEMPLATES["citizen_city"]
    assert tpl["audience"] == Survey.Audience.CITIZEN
    assert tpl["headline"] == "satisfaction"
    assert tpl["weighting"] == ["district", "sex", "age_band"]
    assert "feeds_indicator_code" not in tpl  # the survey sets it, not the template
    kinds = {q["kind"] for s in tpl["sections"] for q in s["questions"]}
    assert Question.Kind.NPS not in kinds
    survey = library.instantiate("citizen_city", actor=SurveyManagerFactory(), feeds_indicator_code="S-02")
    assert survey.feeds_indicator_code == "S-02"
    assert survey.weighting == ["district", "sex", "age_band"]
    questions = {q.key: q for q in current_version(survey).questions.all()}
    assert questions["district"].required is True
    assert questions["district"].profile == "district"
    assert questions["sex"].profile == "sex"
    assert questions["age_band"].profile == "age_band"


def test_profile_choices_are_the_weighting_categories() -> None:
    District.objects.get_or_create(code="medeu", defaults={"name_ru": "Медеуский район", "name_en": "Medeu"})
    survey = library.instantiate("citizen_project", actor=SurveyManagerFactory())
    questions = {q.key: q for q in current_version(survey).questions.prefetch_related("choices")}
    district_values = {c.value for c in questions["district"].choices.all()}
    assert district_values == set(District.objects.values_list("code", flat=True))
    medeu = questions["district"].choices.get(value="medeu")
    assert medeu.label_ru == "Медеуский район"
    assert {c.value for c in questions["sex"].choices.all()} == {v for v, _l in profile.SEX}
    assert {c.value for c in questions["age_band"].choices.all()} == {v for v, _l in profile.AGE_BANDS}
    assert all(not q.required for k, q in questions.items() if q.profile)


def test_without_districts_the_builder_fills_the_choices() -> None:
    District.objects.all().delete()
    survey = library.instantiate("citizen_project", actor=SurveyManagerFactory())
    assert not current_version(survey).questions.get(key="district").choices.exists()
