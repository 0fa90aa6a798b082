"""Audits — programme, sampling-policy versions and checklist versions: auditors run them; the Project Office
reads them and approves the programme (never its owner: the owner here is the auditor); everyone else is
refused (403: these are not confidential, just not theirs). Administrators hold no audit role (a superuser's
blanket roles do not count), so they are refused too."""

from __future__ import annotations

from typing import Any

from tests.authz import LOGIN, Entry

READ = {"anonymous": LOGIN, "auditor": 200, "pmo": 200, "*": 403}
AUDITOR = {"anonymous": LOGIN, "auditor": 200, "*": 403}
AUDITOR_POST = {"anonymous": LOGIN, "auditor": 302, "*": 403}
APPROVE = {"anonymous": LOGIN, "pmo": 200, "*": 403}


def setup(world: Any) -> None:
    from audits.models import ChecklistVersion, SamplingPolicy
    from audits.services.checklists import checklist_new_version
    from audits.services.programme import policy_new_version, programme_create
    from tests.audits.factories import checklist_v1

    auditor = world.users["auditor"]
    # a year of its own, so that another area's programme or policy of the matrix world never collides
    programme = programme_create(
        actor=auditor, year=2031, owner=auditor, quota_q1=1, quota_q2=1, quota_q3=1, quota_q4=1
    )
    world.audit_programme = programme
    world.audit_policy = SamplingPolicy.objects.filter(
        programme=programme, status=SamplingPolicy.Status.DRAFT
    ).first() or policy_new_version(programme=programme, actor=auditor)
    world.checklist_v1 = checklist_v1()
    world.checklist_draft = ChecklistVersion.objects.filter(
        status=ChecklistVersion.Status.DRAFT
    ).first() or checklist_new_version(actor=auditor)
    world.checklist_draft_item = world.checklist_draft.items.order_by("number").last()


def _programme(w: Any) -> list[Any]:
    return [w.audit_programme.pk]


def _policy(w: Any) -> list[Any]:
    return [w.audit_policy.pk]


def _draft(w: Any) -> list[Any]:
    return [w.checklist_draft.pk]


def _draft_item(w: Any) -> list[Any]:
    return [w.checklist_draft.pk, w.checklist_draft_item.pk]


ENTRIES = [
    Entry("audits:programme-list", expect=READ),
    Entry("audits:programme-create", expect=AUDITOR),
    Entry("audits:programme-detail", args=_programme, expect=READ),
    Entry("audits:programme-edit", args=_programme, expect=AUDITOR),
    Entry(
        "audits:programme-approve",
        args=_programme,
        expect=APPROVE,
        note="the Project Office approves; the owner (the auditor) and other auditors are refused: four eyes",
    ),
    Entry("audits:programme-history", args=_programme, expect=READ),
    Entry(
        "audits:policy-create",
        args=_programme,
        method="POST",
        expect=AUDITOR_POST,
        note="a draft version exists: the auditor is sent back to the programme with the reason",
    ),
    Entry("audits:policy-detail", args=_policy, expect=READ),
    Entry("audits:policy-edit", args=_policy, expect=AUDITOR, note="a draft version: the form"),
    Entry("audits:policy-history", args=_policy, expect=READ),
    Entry("audits:checklist-list", expect=READ),
    Entry("audits:checklist-create", method="POST", expect=AUDITOR_POST),
    Entry("audits:checklist-detail", args=lambda w: [w.checklist_v1.pk], expect=READ),
    Entry("audits:checklist-edit", args=_draft, expect=AUDITOR),
    Entry("audits:checklist-item-add", args=_draft, expect=AUDITOR),
    Entry("audits:checklist-item-edit", args=_draft_item, expect=AUDITOR),
    Entry("audits:checklist-item-remove", args=_draft_item, method="POST", expect=AUDITOR_POST),
    Entry(
        "audits:checklist-publish",
        args=_draft,
        method="POST",
        expect=AUDITOR_POST,
        note="without a note of what changed the auditor is sent back with the reason",
    ),
    Entry("audits:checklist-history", args=_draft, expect=READ),
]
