"""Who verifies a value: SAC for ordinary indicators, the Project Office for confidential projects' (SAC may not
see them, DESIGN.md §4), so no value waits for nobody; whoever entered a value never verifies it (four eyes); the
queue pre-selects nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from monitoring.models import Actual
from monitoring.permissions import verifiable_actuals
from monitoring.services.actuals import actual_reject, actuals_verify
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory
from tests.projects.factories import ProjectFactory

D = Decimal


@pytest.fixture
def waiting(direction: Any, department_a: Any, manager: Any, officer: Any, sac: Any) -> dict[str, Actual]:
    """Submitted values: two of ordinary projects (one entered by SAC itself), one of a confidential project."""
    secret = ProjectFactory(
        direction=direction, department=department_a, manager=manager, is_confidential=True
    )
    open_ = ProjectFactory(direction=direction, department=department_a, manager=manager)
    values = {}
    for name, project, author in (("open", open_, officer), ("own", open_, sac), ("secret", secret, officer)):
        indicator = IndicatorFactory(project=project, responsible_organization=department_a)
        TargetFactory(indicator=indicator, value=D(100))
        values[name] = ActualFactory(indicator=indicator, value=D(90), status="submitted", entered_by=author)
    return values


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("sac", {"open"}),  # not its own value, not the confidential one it may not see
        ("pmo", {"secret"}),  # the Project Office reads confidential projects and verifies their values
        ("admin", {"open", "own", "secret"}),
        ("officer", set()),
        ("coordinator", set()),
    ],
)
@pytest.mark.django_db
def test_every_value_has_a_verifier_and_nobody_verifies_their_own(
    request: Any, waiting: dict[str, Actual], persona: str, expected: set[str]
) -> None:
    user = request.getfixturevalue(persona)
    names = {a.pk: n for n, a in waiting.items()}
    assert {names[pk] for pk in verifiable_actuals(user).values_list("pk", flat=True)} == expected


@pytest.mark.django_db
def test_the_queue_lists_the_verifiers_values_with_nothing_preselected(
    client: Any, login_as: Any, waiting: dict[str, Actual]
) -> None:
    login_as("pmo")
    response = client.get(reverse("monitoring:verify"))
    assert response.status_code == 200
    assert [a.pk for a in response.context["page"]] == [waiting["secret"].pk]
    body = response.content.decode()
    assert f'value="{waiting["secret"].pk}"' in body
    assert "checked" not in body
    login_as("sac")
    assert [a.pk for a in client.get(reverse("monitoring:verify")).context["page"]] == [waiting["open"].pk]


@pytest.mark.django_db
def test_the_project_office_verifies_a_confidential_projects_value(
    client: Any, login_as: Any, waiting: dict[str, Actual], pmo: Any
) -> None:
    login_as("pmo")
    secret = waiting["secret"]
    client.post(reverse("monitoring:verify-selected"), {"actual": [secret.pk, waiting["open"].pk]})
    secret.refresh_from_db()
    assert (secret.status, secret.verified_by) == ("verified", pmo)
    assert Actual.objects.get(pk=waiting["open"].pk).status == "submitted"  # SAC's to verify


@pytest.mark.django_db
def test_sac_cannot_verify_or_reject_a_value_it_entered(
    client: Any, login_as: Any, waiting: dict[str, Actual], sac: Any
) -> None:
    own = waiting["own"]
    login_as("sac")
    page = client.get(reverse("monitoring:actual", args=[own.pk]))
    assert page.context["can_verify"] is False
    assert 'data-testid="four-eyes"' in page.content.decode()
    assert client.post(reverse("monitoring:actual", args=[own.pk]), {"action": "verify"}).status_code == 403
    assert (
        client.post(
            reverse("monitoring:actual", args=[own.pk]), {"action": "reject", "reason": "x"}
        ).status_code
        == 403
    )
    client.post(reverse("monitoring:verify-selected"), {"actual": [own.pk]})
    client.post(reverse("monitoring:verify-selected"), {"all": "1"})
    own.refresh_from_db()
    assert own.status == "submitted"
    # the services hold the rule too
    assert actuals_verify(actuals=[own], actor=sac) == 0
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actual_reject(actual=own, actor=sac, reason="Сомнительно.")


@pytest.mark.django_db
def test_sac_gets_no_door_to_a_confidential_value(
    client: Any, login_as: Any, waiting: dict[str, Actual]
) -> None:
    login_as("sac")
    secret = waiting["secret"]
    assert client.get(reverse("monitoring:actual", args=[secret.pk])).status_code == 404
    client.post(reverse("monitoring:verify-selected"), {"all": "1"})
    assert Actual.objects.get(pk=secret.pk).status == "submitted"
    assert Actual.objects.get(pk=waiting["open"].pk).status == "verified"
