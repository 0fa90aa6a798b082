"""Random project audits: programme, sampling policy, verifiable draws, checklists, fieldwork, findings,
corrective actions and reports (DESIGN.md vocabulary: AuditPlan = AuditProgramme, AuditEngagement = Audit)."""

from audits.models.checklists import ChecklistItem, ChecklistVersion
from audits.models.draws import AuditDraw, DrawItem, SeedCommitment
from audits.models.fieldwork import Audit, AuditTeamMember, ChecklistAnswer, DocumentRequest, Evidence
from audits.models.findings import CorrectiveAction, Finding
from audits.models.programme import AuditProgramme, SamplingPolicy
from audits.models.reports import AuditReport

__all__ = [
    "Audit",
    "AuditDraw",
    "AuditProgramme",
    "AuditReport",
    "AuditTeamMember",
    "ChecklistAnswer",
    "ChecklistItem",
    "ChecklistVersion",
    "CorrectiveAction",
    "DocumentRequest",
    "DrawItem",
    "Evidence",
    "Finding",
    "SamplingPolicy",
    "SeedCommitment",
]
