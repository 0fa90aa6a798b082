"""Expertise review cases: visible to experts, the head of expertise and the applicant department (A) only —
not to administrators (DESIGN.md §4); assigned experts edit, the head of expertise manages, the applicant
department resubmits. Expertise reference data (calendar, review periods, PPP limits) is read by expertise
staff and administrators and edited by the head of expertise and administrators."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from tests.authz import LOGIN, Entry

# department A (the applicant): officer, manager, direction_head
APPLICANT = {"officer": 200, "manager": 200, "direction_head": 200}
CASE_STAFF = {"expert": 200, "expertise_head": 200}
STAFF = {**CASE_STAFF, "admin": 200}  # reference data
VISIBLE = {"anonymous": LOGIN, **CASE_STAFF, **APPLICANT, "*": 404}
HEAD_ONLY = {
    "anonymous": LOGIN,
    "expertise_head": 200,
    "expert": 403,
    "officer": 403,
    "manager": 403,
    "direction_head": 403,
    "*": 404,
}
REFERENCE_EDIT = {"anonymous": LOGIN, "expertise_head": 200, "admin": 200, "*": 403}
EXPERT_ONLY = {
    "anonymous": LOGIN,
    "expert": 200,
    "expertise_head": 403,
    "officer": 403,
    "manager": 403,
    "direction_head": 403,
    "*": 404,
}


def setup(world: Any) -> None:
    from expertise.models import CaseDocument, HistoryImport, Opinion, ReviewCase
    from expertise.services.cases import CHECKLIST_ITEMS, completeness_record, experts_assign, remark_add
    from expertise.services.models_fin import LineInput, financial_model_save
    from expertise.services.opinions import opinion_start
    from tests.expertise.factories import IssuedOpinionFactory, ReviewCaseFactory

    users = world.users
    department_a = users["officer"].organization
    case = ReviewCaseFactory(applicant=department_a)
    completeness_record(
        case=case, actor=users["expertise_head"], checklist=dict.fromkeys(CHECKLIST_ITEMS, True)
    )
    experts_assign(case=case, actor=users["expertise_head"], lead=users["expert"], members=[])
    world.remark = remark_add(
        case=case, actor=users["expert"], section="Спрос", severity="major", text="Обоснуйте спрос"
    )
    document = CaseDocument(
        case=case, doc_type="feasibility", title="ТЭО", sha256="0" * 64, size=3, uploaded_by=users["expert"]
    )
    document.file.save("teo.pdf", ContentFile(b"pdf"), save=False)
    document.save()
    world.document = document
    world.model = financial_model_save(
        case=case,
        actor=users["expert"],
        params={
            "financial_rate": Decimal("0.1"),
            "social_rate": Decimal("0.05"),
            "price_basis": "real",
            "base_year": 2026,
            "periods": 2,
        },
        lines=[LineInput("A", "capex", Decimal(1), [Decimal(-100), Decimal(150)])],
    )
    world.draft = opinion_start(case=case, actor=users["expert"])
    world.case = case
    from expertise.models import Holiday, ObligationLimitRule, ReviewDeadlineRule, Scenario

    world.scenario = Scenario.objects.create(
        case=case, name="Стресс", changes=[{"target": "kind:capex", "pct": "20"}]
    )
    world.holiday = Holiday.objects.create(date=__import__("datetime").date(2031, 5, 27), name="Курбан айт")
    world.deadline_rule = ReviewDeadlineRule.objects.order_by(
        "pk"
    ).first() or ReviewDeadlineRule.objects.create(kind="feasibility_study", working_days=30)
    world.limit_rule = ObligationLimitRule.objects.create(level="local", year=2031, amount=Decimal(1000))
    issued = IssuedOpinionFactory(
        case=ReviewCaseFactory(applicant=department_a, status=ReviewCase.Status.ISSUED), is_historical=False
    )
    issued.pdf.save("opinion.pdf", ContentFile(b"%PDF-1.4"), save=False)
    issued.pdf_sha256 = "1" * 64
    issued.save()
    world.issued = issued
    world.head_review = Opinion.objects.create(
        case=ReviewCaseFactory(applicant=department_a, status=ReviewCase.Status.HEAD_REVIEW),
        status=Opinion.Status.HEAD_REVIEW,
    )
    record = HistoryImport(
        file_name="a.xlsx", sha256="0" * 64, created_by=users["expertise_head"], status="invalid"
    )
    record.file.save("a.xlsx", ContentFile(b"x"), save=False)
    record.save()
    world.import_record = record


def _case(w: Any) -> list[Any]:
    return [w.case.pk]


ENTRIES = [
    Entry("expertise:case-list", expect={"anonymous": LOGIN, "*": 200}),
    Entry("expertise:case-export", expect={"anonymous": LOGIN, "*": 200}),
    Entry(
        "expertise:case-create",
        expect={"anonymous": LOGIN, "expert": 200, "expertise_head": 200, "*": 403},
    ),
    Entry("expertise:case-detail", args=_case, expect=VISIBLE),
    Entry("expertise:case-history", args=_case, expect=VISIBLE),
    Entry(
        "expertise:document-add",
        method="POST",
        args=_case,
        note="empty form re-rendered",
        expect={"anonymous": LOGIN, **CASE_STAFF, **APPLICANT, "*": 404},
    ),
    Entry("expertise:document-download", args=lambda w: [w.case.pk, w.document.pk], expect=VISIBLE),
    Entry("expertise:case-checklist", args=_case, expect=HEAD_ONLY),
    Entry("expertise:case-assign", args=_case, expect=HEAD_ONLY),
    Entry(
        "expertise:remark-add", method="POST", args=_case, note="empty form re-rendered", expect=EXPERT_ONLY
    ),
    Entry("expertise:remark-update", args=lambda w: [w.case.pk, w.remark.pk], expect=EXPERT_ONLY),
    Entry(
        "expertise:remark-respond",
        args=lambda w: [w.case.pk, w.remark.pk],
        expect={
            "anonymous": LOGIN,
            **APPLICANT,
            "expert": 403,
            "expertise_head": 403,
            "*": 404,
        },
    ),
    Entry("expertise:case-return", method="POST", args=_case, expect={**EXPERT_ONLY, "expert": 302}),
    Entry(
        "expertise:case-resubmit",
        method="POST",
        args=_case,
        expect={
            "anonymous": LOGIN,
            "expertise_head": 302,
            "officer": 302,
            "manager": 302,
            "direction_head": 302,
            "expert": 403,
            "*": 404,
        },
    ),
    Entry("expertise:model-edit", args=_case, expect=EXPERT_ONLY),
    Entry("expertise:model-upload", args=_case, expect=EXPERT_ONLY),
    Entry("expertise:model-template", args=_case, expect=VISIBLE),
    Entry("expertise:model-detail", args=lambda w: [w.case.pk, w.model.pk], expect=VISIBLE),
    Entry("expertise:ppp-vfm", args=lambda w: [w.case.pk, w.model.pk], expect=EXPERT_ONLY),
    Entry("expertise:ppp-fiscal", args=lambda w: [w.case.pk, w.model.pk], expect=EXPERT_ONLY),
    Entry("expertise:ppp-limit", args=lambda w: [w.case.pk, w.model.pk], expect=EXPERT_ONLY),
    Entry("expertise:scenario-list", args=_case, expect=EXPERT_ONLY),
    Entry("expertise:scenario-update", args=lambda w: [w.case.pk, w.scenario.pk], expect=EXPERT_ONLY),
    Entry(
        "expertise:scenario-delete",
        method="POST",
        args=lambda w: [w.case.pk, w.scenario.pk],
        note="the only scenario is kept (message), redirect",
        expect={**EXPERT_ONLY, "expert": 302},
    ),
    Entry("expertise:calendar", expect={"anonymous": LOGIN, **STAFF, "*": 403}),
    Entry("expertise:holiday-create", expect=REFERENCE_EDIT),
    Entry("expertise:holiday-update", args=lambda w: [w.holiday.pk], expect=REFERENCE_EDIT),
    Entry(
        "expertise:holiday-delete",
        method="POST",
        args=lambda w: [w.holiday.pk],
        expect={**REFERENCE_EDIT, "expertise_head": 302, "admin": 302},
    ),
    Entry("expertise:deadline-rule-update", args=lambda w: [w.deadline_rule.pk], expect=REFERENCE_EDIT),
    Entry("expertise:limit-rule-list", expect={"anonymous": LOGIN, **STAFF, "*": 403}),
    Entry("expertise:limit-rule-create", expect=REFERENCE_EDIT),
    Entry("expertise:limit-rule-update", args=lambda w: [w.limit_rule.pk], expect=REFERENCE_EDIT),
    Entry("expertise:opinion-draft", args=_case, expect=EXPERT_ONLY),
    Entry(
        "expertise:opinion-section",
        method="POST",
        args=lambda w: [w.case.pk, "summary"],
        data=lambda w: {"text": "Текст"},
        expect={**EXPERT_ONLY, "expert": 302},
    ),
    Entry("expertise:opinion-detail", args=lambda w: [w.issued.case_id, w.issued.pk], expect=VISIBLE),
    Entry(
        "expertise:opinion-detail",
        args=lambda w: [w.draft.case_id, w.draft.pk],
        note="a draft: the applicant department reads an opinion once it is issued",
        expect={"anonymous": LOGIN, **CASE_STAFF, "*": 404},
    ),
    Entry("expertise:opinion-pdf", args=lambda w: [w.issued.case_id, w.issued.pk], expect=VISIBLE),
    Entry(
        "expertise:opinion-pdf-render",
        method="POST",
        args=lambda w: [w.issued.case_id, w.issued.pk],
        expect={**HEAD_ONLY, "expertise_head": 302},
    ),
    Entry(
        "expertise:opinion-return",
        method="POST",
        args=lambda w: [w.head_review.case_id, w.head_review.pk],
        note="empty form re-rendered",
        expect={**HEAD_ONLY},
    ),
    Entry(
        "expertise:opinion-issue",
        method="POST",
        args=lambda w: [w.head_review.case_id, w.head_review.pk],
        note="empty form re-rendered",
        expect={**HEAD_ONLY},
    ),
    Entry(
        "expertise:opinion-correct",
        method="POST",
        args=lambda w: [w.issued.case_id, w.issued.pk],
        expect={**HEAD_ONLY, "expertise_head": 302},
    ),
    Entry("expertise:opinion-list", expect={"anonymous": LOGIN, "*": 200}),
    Entry("expertise:opinion-export", expect={"anonymous": LOGIN, "*": 200}),
    Entry("expertise:stats", expect={"anonymous": LOGIN, "*": 200}),
    Entry("expertise:import-list", expect={"anonymous": LOGIN, "expertise_head": 200, "*": 403}),
    Entry(
        "expertise:import-template",
        expect={"anonymous": LOGIN, "expertise_head": 200, "*": 403},
    ),
    Entry(
        "expertise:import-detail",
        args=lambda w: [w.import_record.pk],
        expect={"anonymous": LOGIN, "expertise_head": 200, "*": 404},
    ),
    Entry(
        "expertise:import-confirm",
        method="POST",
        args=lambda w: [w.import_record.pk],
        expect={"anonymous": LOGIN, "expertise_head": 302, "*": 404},
    ),
]
