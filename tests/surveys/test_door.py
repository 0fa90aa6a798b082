"""The survey door: who reads, who edits, who reads free text; an invitation is its recipient's only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pmis.accounts import roles
from surveys import permissions as door
from tests.factories import UserFactory
from tests.surveys.factories import SurveyManagerFactory, make_survey

pytestmark = pytest.mark.django_db


def test_owner_edits_and_reads_texts_other_pmo_reads_only_sac_reads_results() -> None:
    owner = SurveyManagerFactory()
    other_pmo = SurveyManagerFactory()
    sac = UserFactory(roles=[roles.SAC_ANALYST])
    officer = UserFactory(roles=[roles.DEPARTMENT_OFFICER])
    survey = make_survey(owner)
    assert door.access_survey(owner, survey.pk, write=True, texts=True) == survey
    assert door.access_survey(other_pmo, survey.pk) == survey
    with pytest.raises(PermissionDenied):
        door.access_survey(other_pmo, survey.pk, write=True)
    with pytest.raises(PermissionDenied):
        door.access_survey(sac, survey.pk, texts=True)
    assert door.access_survey(sac, survey.pk) == survey
    with pytest.raises(PermissionDenied):
        door.access_survey(officer, survey.pk)
    survey.co_owners.add(other_pmo)
    assert door.can_read_texts(other_pmo, survey)


def test_public_link_opens_only_an_open_citizen_survey() -> None:
    survey = make_survey(audience="citizen", public_slug="abc")
    with pytest.raises(Http404):
        door.public_survey("abc")
    survey.status = survey.Status.OPEN
    survey.save()
    assert door.public_survey("abc") == survey
    with pytest.raises(Http404):
        door.public_survey("nope")
