"""The publication workflow's services: draft, save, submit, four-eyes approval, return, withdraw, confidential."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from pmis.core import events
from pmis.notifications.models import Notification
from projects.models import Publication
from projects.services import project as project_services
from projects.services import publication as services
from tests.factories import UserFactory
from tests.projects.factories import DocumentFactory, ProjectFactory
from tests.projects.factories_publication import TEXTS, live_publication, photo_document

pytestmark = pytest.mark.django_db
Status = Publication.Status


@pytest.fixture
def pmo2(project_office: Any) -> Any:
    from pmis.accounts import roles

    return UserFactory(username="pmo2", organization=project_office, roles=[roles.PMO_STAFF])


@pytest.fixture(autouse=True)
def _english() -> Any:
    """The services' messages are matched in English (the test settings' default language is Russian)."""
    with translation.override("en"):
        yield



def _written(project: Any, author: Any) -> Publication:
    draft = services.publication_draft(project=project, actor=author)
    return services.publication_save(draft=draft, actor=author, data=dict(TEXTS))


def _submitted(project: Any, author: Any) -> Publication:
    return services.publication_submit(publication=_written(project, author), actor=author)


def test_draft_is_reused_until_submitted(project_a: Any, officer_a: Any) -> None:
    first = services.publication_draft(project=project_a, actor=officer_a)
    again = services.publication_draft(project=project_a, actor=officer_a)
    assert first.pk == again.pk
    assert first.version == 1
    assert first.status == Status.DRAFT


def test_new_draft_copies_texts_and_files_of_the_latest_version(project_a: Any, officer_a: Any) -> None:
    photo = photo_document(project_a)
    doc = DocumentFactory(project=project_a)
    live = live_publication(project_a, version=3)
    live.photos.set([photo])
    live.documents.set([doc])
    draft = services.publication_draft(project=project_a, actor=officer_a)
    assert draft.version == 4
    assert draft.summary_kk == TEXTS["summary_kk"]
    assert list(draft.photos.all()) == [photo]
    assert list(draft.documents.all()) == [doc]


def test_save_refuses_foreign_documents_and_non_image_photos(
    project_a: Any, project_b: Any, officer_a: Any
) -> None:
    draft = services.publication_draft(project=project_a, actor=officer_a)
    pdf = DocumentFactory(project=project_a)
    with pytest.raises(ValidationError) as exc:
        services.publication_save(draft=draft, actor=officer_a, data={"photos": [pdf]})
    assert "photos" in exc.value.message_dict
    foreign = DocumentFactory(project=project_b)
    with pytest.raises(ValidationError) as exc:
        services.publication_save(draft=draft, actor=officer_a, data={"documents": [foreign]})
    assert "documents" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.documents.count() == 0


def test_submit_lists_the_missing_languages(project_a: Any, officer_a: Any) -> None:
    draft = services.publication_draft(project=project_a, actor=officer_a)
    data = dict(TEXTS, summary_kk="  ", benefits_en="")
    services.publication_save(draft=draft, actor=officer_a, data=data)
    with pytest.raises(ValidationError) as exc:
        services.publication_submit(publication=draft, actor=officer_a)
    text = " ".join(exc.value.messages)
    assert "қазақша" in text
    assert "English" in text
    assert "русский" not in text
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_submit_needs_the_projects_title_in_every_language(project_a: Any, officer_a: Any) -> None:
    project_a.title_kk = ""
    project_a.save(update_fields=["title_kk"])
    draft = services.publication_draft(project=project_a, actor=officer_a)
    services.publication_save(draft=draft, actor=officer_a, data=dict(TEXTS))
    with pytest.raises(ValidationError) as exc:
        services.publication_submit(publication=draft, actor=officer_a)
    assert "қазақша" in " ".join(exc.value.messages)
    project_a.title_kk = "Жоба"
    project_a.save(update_fields=["title_kk"])
    draft.refresh_from_db()
    assert services.publication_submit(publication=draft, actor=officer_a).status == Status.SUBMITTED


def test_submit_notifies_the_project_office(project_a: Any, officer_a: Any, pmo: Any) -> None:
    pub = _submitted(project_a, officer_a)
    assert pub.status == Status.SUBMITTED
    assert pub.submitted_at is not None
    note = Notification.objects.get(recipient=pmo)
    assert note.title_msg["key"].startswith("The public page of %(code)s")


def test_four_eyes_the_author_cannot_approve(project_a: Any, pmo: Any, pmo2: Any) -> None:
    pub = _submitted(project_a, pmo)  # the Project Office may write a page too, but not approve its own
    with pytest.raises(ValidationError, match="someone else"):
        services.publication_approve(publication=pub, actor=pmo)
    services.publication_approve(publication=pub, actor=pmo2)
    pub.refresh_from_db()
    assert pub.status == Status.LIVE


def test_a_project_office_editor_of_the_version_cannot_approve_it(
    project_a: Any, officer_a: Any, pmo: Any
) -> None:
    draft = _written(project_a, officer_a)
    services.publication_save(draft=draft, actor=pmo, data=dict(TEXTS, summary_en="Edited by the PMO."))
    services.publication_save(draft=draft, actor=officer_a, data=dict(TEXTS))
    pub = services.publication_submit(publication=draft, actor=officer_a)
    with pytest.raises(ValidationError):
        services.publication_approve(publication=pub, actor=pmo)


def test_only_the_project_office_approves(project_a: Any, officer_a: Any, manager: Any) -> None:
    pub = _submitted(project_a, officer_a)
    with pytest.raises(ValidationError, match="Only the Project Office"):
        services.publication_approve(publication=pub, actor=manager)


def test_approve_supersedes_the_previous_live_version_and_notifies_the_author(
    project_a: Any, officer_a: Any, pmo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    old = live_publication(project_a, version=1)
    pub = _submitted(project_a, officer_a)
    assert pub.version == 2
    received: list[dict[str, Any]] = []

    def listener(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs)

    events.publication_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.publication_approve(publication=pub, actor=pmo)
        assert received == []  # not before the commit
        for callback in callbacks:
            callback()
    finally:
        events.publication_changed.disconnect(listener)
    assert {"project_id": project_a.pk, "signal": events.publication_changed} in received
    old.refresh_from_db()
    pub.refresh_from_db()
    assert old.status == Status.SUPERSEDED
    assert pub.status == Status.LIVE
    assert pub.published_at is not None
    assert pub.decided_by == pmo
    keys = [n.title_msg["key"] for n in Notification.objects.filter(recipient=officer_a)]
    assert any("is published" in key for key in keys)


def test_return_needs_a_note_and_goes_back_to_the_author(project_a: Any, officer_a: Any, pmo: Any) -> None:
    pub = _submitted(project_a, officer_a)
    with pytest.raises(ValidationError) as exc:
        services.publication_return(publication=pub, actor=pmo, note="  ")
    assert "note" in exc.value.message_dict
    services.publication_return(publication=pub, actor=pmo, note="Add the cost.")
    pub.refresh_from_db()
    assert pub.status == Status.RETURNED
    assert pub.return_note == "Add the cost."
    assert Notification.objects.filter(recipient=officer_a, kind="warning").exists()
    # the returned version is the draft again, and can be submitted again
    assert services.publication_draft(project=project_a, actor=officer_a).pk == pub.pk
    services.publication_submit(publication=pub, actor=officer_a)


def test_no_new_draft_while_a_version_awaits_approval(project_a: Any, officer_a: Any) -> None:
    _submitted(project_a, officer_a)
    with pytest.raises(ValidationError, match="awaits"):
        services.publication_draft(project=project_a, actor=officer_a)


def test_withdraw_needs_a_reason_and_takes_the_page_down_at_once(
    project_a: Any, pmo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from projects.selectors.public import is_published

    live = live_publication(project_a)
    assert is_published(project_a)
    with pytest.raises(ValidationError):
        services.publication_withdraw(project=project_a, actor=pmo, reason="")
    with django_capture_on_commit_callbacks() as callbacks:
        services.publication_withdraw(project=project_a, actor=pmo, reason="Wrong figures.")
    assert len(callbacks) == 1
    live.refresh_from_db()
    assert live.status == Status.WITHDRAWN
    assert live.withdrawn_by == pmo
    assert live.withdraw_reason_text == "Wrong figures."
    assert not is_published(project_a)
    with pytest.raises(ValidationError):
        services.publication_withdraw(project=project_a, actor=pmo, reason="Again.")


def test_confidential_project_is_never_published(confidential_project: Any, manager: Any, pmo: Any) -> None:
    with pytest.raises(ValidationError, match="confidential"):
        services.publication_draft(project=confidential_project, actor=manager)
    pub = Publication.objects.create(
        project=confidential_project, version=1, status=Status.SUBMITTED, **TEXTS
    )
    with pytest.raises(ValidationError, match="confidential"):
        services.publication_approve(publication=pub, actor=pmo)
    draft = Publication.objects.create(project=confidential_project, version=2, **TEXTS)
    with pytest.raises(ValidationError, match="confidential"):
        services.publication_submit(publication=draft, actor=manager)


def test_made_confidential_loses_its_live_version_in_the_same_transaction(
    project_a: Any, officer_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.utils import translation

    live = live_publication(project_a)
    project_a.is_confidential = True
    with django_capture_on_commit_callbacks() as callbacks:
        project_services.project_update_details(
            project=project_a, actor=officer_a, fields=["is_confidential"]
        )
    assert callbacks
    live.refresh_from_db()
    assert live.status == Status.WITHDRAWN
    assert live.withdraw_reason_msg["key"].startswith("The project was made confidential")
    with translation.override("en"):
        assert "confidential" in live.withdraw_reason_text


def test_history_rows_record_who_and_why(project_a: Any, officer_a: Any, pmo: Any) -> None:
    pub = _submitted(project_a, officer_a)
    services.publication_approve(publication=pub, actor=pmo)
    services.publication_withdraw(project=project_a, actor=pmo, reason="Outdated.")
    rows = list(pub.history.order_by("history_date", "history_id"))
    assert [r.history_change_reason for r in rows if r.history_change_reason] == [
        "draft",
        "saved",
        "submitted",
        "approved",
        "withdrawn",
    ]
    assert rows[-1].history_user == pmo
    assert rows[0].history_user == officer_a


def test_published_register_change_sends_publication_changed(
    project_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.projects.factories import MilestoneFactory

    with django_capture_on_commit_callbacks() as callbacks:
        MilestoneFactory(project=project_a)  # not published: nothing
    assert callbacks == []
    live_publication(project_a)
    received: list[Any] = []

    def listener(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs["project_id"])

    events.publication_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            MilestoneFactory(project=project_a)
            project_a.save(update_fields=["updated_at"])
    finally:
        events.publication_changed.disconnect(listener)
    assert received == [project_a.pk, project_a.pk]


def test_other_project_change_sends_nothing(
    project_a: Any, project_b: Any, django_capture_on_commit_callbacks: Any
) -> None:
    live_publication(project_a)
    with django_capture_on_commit_callbacks() as callbacks:
        ProjectFactory().save()
        DocumentFactory(project=project_b)
    assert callbacks == []


def test_deleting_register_rows_of_a_published_project_sends_publication_changed(
    project_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.projects.factories import BudgetLineFactory, TaskFactory

    line = BudgetLineFactory(project=project_a)
    task = TaskFactory(project=project_a)
    document = DocumentFactory(project=project_a)
    live_publication(project_a)
    for row in (line, task, document):
        with django_capture_on_commit_callbacks() as callbacks:
            row.delete()
        assert len(callbacks) == 1, row
    with django_capture_on_commit_callbacks() as callbacks:
        project_a.delete()
    assert callbacks  # sent before the cascade removed the live version
