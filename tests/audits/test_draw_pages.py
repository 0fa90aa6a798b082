"""Draw pages: list, freeze, detail with the protocol's forms, the public page and its JSON, the sample-size
calculator; refusals shown next to the form; query counts flat as the data grows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits import sampling
from audits.models import AuditDraw
from audits.services import draws as svc
from tests.audits.factories_draws import CUTOFF, DICE, approved_programme, city, drawn_draw, policy_for
from tests.conftest import login
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()  # the public pages are cached for anonymous readers


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _frozen(actor: Any, quarter: int = 3, **policy: Any) -> AuditDraw:
    programme = approved_programme(owner=actor)
    return svc.draw_freeze(
        programme=programme,
        quarter=quarter,
        policy=policy_for(programme, **policy),
        cutoff=CUTOFF,
        actor=actor,
    )


def test_list_shows_draws_to_the_audit_function_only(
    client: Any, auditor: Any, pmo: Any, officer: Any
) -> None:
    city(6)
    _frozen(auditor)
    login(client, auditor)
    response = client.get(reverse("audits:draw-list"))
    assert response.status_code == 200
    assert "D-2026-Q3" in response.text
    login(client, pmo)
    assert client.get(reverse("audits:draw-list")).status_code == 200
    login(client, officer)
    assert client.get(reverse("audits:draw-list")).status_code == 403


def test_list_filters_and_exports(client: Any, auditor: Any) -> None:
    city(6)
    _frozen(auditor)
    login(client, auditor)
    assert "D-2026-Q3" not in client.get(reverse("audits:draw-list"), {"status": "drawn"}).text
    assert "D-2026-Q3" in client.get(reverse("audits:draw-list"), {"status": "frozen", "year": 2026}).text
    export = client.get(reverse("audits:draw-list"), {"export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_list_queries_do_not_grow(client: Any, auditor: Any) -> None:
    city(6)
    _frozen(auditor, quarter=1)
    login(client, auditor)
    url = reverse("audits:draw-list")
    few = _count(client, url)
    # the same with four draws as with one
    assert few == 8
    _frozen(auditor, quarter=2)
    _frozen(auditor, quarter=3)
    _frozen(auditor, quarter=4)
    assert _count(client, url) == few


def test_freeze_form_creates_the_draw(client: Any, auditor: Any) -> None:
    city(6)
    programme = approved_programme(owner=auditor)
    policy = policy_for(programme)
    login(client, auditor)
    data = {"programme": programme.pk, "quarter": 2, "policy": policy.pk, "cutoff": "2026-04-01"}
    response = client.post(reverse("audits:draw-freeze"), data)
    draw = AuditDraw.objects.get()
    assert response.status_code == 302
    assert response["Location"] == draw.get_absolute_url()
    assert draw.number == "D-2026-Q2"
    again = client.post(reverse("audits:draw-freeze"), data)
    assert again.status_code == 200
    assert "already has its draw" in again.text


def test_project_office_reads_but_cannot_freeze_or_operate(client: Any, auditor: Any, pmo: Any) -> None:
    city(6)
    draw = _frozen(auditor)
    login(client, pmo)
    assert client.get(reverse("audits:draw-detail", args=[draw.pk])).status_code == 200
    assert client.get(reverse("audits:draw-freeze")).status_code == 403
    response = client.post(reverse("audits:draw-seed", args=[draw.pk]), {"digits": DICE, "witnesses": "A"})
    assert response.status_code == 403
    draw.refresh_from_db()
    assert draw.seed == ""


def test_short_seed_is_refused_next_to_the_field_and_nothing_is_written(client: Any, auditor: Any) -> None:
    city(6)
    draw = _frozen(auditor)
    login(client, auditor)
    response = client.post(
        reverse("audits:draw-seed", args=[draw.pk]), {"digits": "12345", "witnesses": "Observer"}
    )
    assert response.status_code == 200
    assert "at least 20 digits" in response.text
    assert 'aria-invalid="true"' in response.text
    draw.refresh_from_db()
    assert draw.seed == ""


def test_seed_and_run_from_the_page(client: Any, auditor: Any) -> None:
    city(8)
    draw = _frozen(auditor)
    login(client, auditor)
    run_early = client.post(reverse("audits:draw-run", args=[draw.pk]))
    assert run_early.status_code == 200
    assert "Record the seed before running the draw." in run_early.text
    seeded = client.post(
        reverse("audits:draw-seed", args=[draw.pk]), {"digits": DICE, "witnesses": "Observer\nJournalist"}
    )
    assert seeded.status_code == 302
    assert client.post(reverse("audits:draw-run", args=[draw.pk])).status_code == 302
    draw.refresh_from_db()
    assert draw.status == AuditDraw.Status.DRAWN
    assert draw.witnesses == ["Observer", "Journalist"]
    page = client.get(reverse("audits:draw-detail", args=[draw.pk]))
    for item in draw.result["items"]:
        assert item["code"] in page.text


def test_commit_reveal_from_the_page(client: Any, auditor: Any) -> None:
    city(6)
    draw = _frozen(auditor)
    login(client, auditor)
    secrets = {"Council": "one two three", "Press": "four five six"}
    for party, secret in secrets.items():
        response = client.post(
            reverse("audits:draw-commit", args=[draw.pk]),
            {"party": party, "commitment": sampling.sha256_hex(secret)},
        )
        assert response.status_code == 302
    assert client.post(reverse("audits:draw-close-commitments", args=[draw.pk])).status_code == 302
    wrong = client.post(
        reverse("audits:draw-reveal", args=[draw.pk]), {"party": "Council", "secret": "guess"}
    )
    assert wrong.status_code == 200
    assert "does not match" in wrong.text
    for party, secret in secrets.items():
        client.post(reverse("audits:draw-reveal", args=[draw.pk]), {"party": party, "secret": secret})
    draw.refresh_from_db()
    assert draw.status == AuditDraw.Status.SEEDED
    assert draw.seed == sampling.seed_from_reveals(list(secrets.values()))


def test_detail_queries_do_not_grow(client: Any, auditor: Any) -> None:
    city(8)
    small = drawn_draw(auditor)
    login(client, auditor)
    few = _count(client, reverse("audits:draw-detail", args=[small.pk]))
    assert few == 10
    city(30, prefix="PRJ-MORE", stage="closure")  # more population, more strata rows, more drawn items
    programme = approved_programme(year=2027, owner=auditor)
    big = svc.draw_freeze(
        programme=programme,
        quarter=1,
        policy=policy_for(programme, sample_size=12),
        cutoff=CUTOFF,
        actor=auditor,
    )
    svc.draw_seed_dice(draw=big, digits=DICE, witnesses=["Observer"], actor=auditor)
    big = svc.draw_run(draw=big, actor=auditor)
    assert len(big.result["items"]) > len(small.result["items"])
    assert _count(client, reverse("audits:draw-detail", args=[big.pk])) == few


def test_public_page_is_anonymous_and_shows_no_confidential_code(client: Any, auditor: Any) -> None:
    city(8)
    ProjectFactory(code="PRJ-SECRET-1", is_confidential=True)
    draw = drawn_draw(auditor)
    response = client.get(reverse("audits:draw-public", args=[draw.number]))
    assert response.status_code == 200
    assert draw.population_sha256 in response.text
    assert draw.seed in response.text
    assert "PRJ-SECRET-1" not in response.text
    for item in draw.result["items"]:
        assert item["code"] in response.text
    assert "Observer of the public council" in response.text


def test_public_page_is_cached_for_anonymous_readers_and_queries_are_flat(client: Any, auditor: Any) -> None:
    city(8)
    draw = drawn_draw(auditor)
    url = reverse("audits:draw-public", args=[draw.number])
    first = _count(client, url)
    assert first == 2  # the draw (with programme and policy) and its commitments
    assert _count(client, url) == 0  # served from the cache


def test_public_json_round_trip_through_audit_verify(client: Any, auditor: Any) -> None:
    city(10)
    ProjectFactory(code="PRJ-SECRET-2", is_confidential=True)
    draw = drawn_draw(auditor)
    response = client.get(reverse("audits:draw-inputs", args=[draw.number]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="{draw.number}.json"'
    assert b"PRJ-SECRET-2" not in response.content
    document = json.loads(response.content)
    assert sampling.verify_document(document) == "match"
    document["result"]["items"][-1]["key"] = "0.5"
    assert sampling.verify_document(document).startswith(f"result.items[{len(draw.result['items']) - 1}].key")


def test_unknown_public_draw_is_404(client: Any) -> None:
    assert client.get(reverse("audits:draw-public", args=["D-1999-Q1"])).status_code == 404


def test_sample_size_calculator(client: Any, auditor: Any) -> None:
    login(client, auditor)
    url = reverse("audits:sample-size")
    assert 'data-testid="sample-size">n = 29' in client.get(url).text
    assert "n = 59" in client.get(url, {"alpha": "0.05", "rate": "0.05"}).text
    bad = client.get(url, {"alpha": "1.5", "rate": "abc"})
    assert bad.status_code == 200
    assert "between 0 and 1" in bad.text
    assert 'aria-invalid="true"' in bad.text
    fragment = client.get(
        url, {"alpha": "0.10", "rate": "0.05"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="sample-size-result"
    )
    assert "n = 45" in fragment.text
    assert "<html" not in fragment.text


def test_home_panel_lists_draws_to_complete_for_auditors(client: Any, auditor: Any, pmo: Any) -> None:
    city(4)
    draw = _frozen(auditor)
    login(client, auditor)
    assert reverse("audits:draw-detail", args=[draw.pk]) in client.get(reverse("core:home")).text
    login(client, pmo)
    assert reverse("audits:draw-detail", args=[draw.pk]) not in client.get(reverse("core:home")).text


def test_the_verification_script_is_served_byte_for_byte(client: Any) -> None:
    from pathlib import Path

    response = client.get(reverse("audits:draw-verifier"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="audit_verify.py"'
    assert response.content == (Path(__file__).resolve().parents[2] / "docs" / "audit_verify.py").read_bytes()
