"""The projects app's models, split by area; import them from `projects.models`."""

from projects.models.budget import BudgetLine
from projects.models.choices import Confidence, Rag
from projects.models.documents import Document, MethodologyTemplate, MethodologyTemplateVersion
from projects.models.governance import GateDecision, PassportVersion
from projects.models.plan import Baseline, Milestone, Task
from projects.models.policy import RagPolicy, SavedFilter
from projects.models.programs import Program
from projects.models.project import Project, ProjectMember, ProjectQuerySet
from projects.models.publication import Publication
from projects.models.registers import ChangeRequest, ProjectIssue, Risk
from projects.models.reports import StatusReport

__all__ = [
    "Baseline",
    "BudgetLine",
    "ChangeRequest",
    "Confidence",
    "Document",
    "GateDecision",
    "MethodologyTemplate",
    "MethodologyTemplateVersion",
    "Milestone",
    "PassportVersion",
    "Program",
    "Project",
    "ProjectIssue",
    "ProjectMember",
    "ProjectQuerySet",
    "Publication",
    "Rag",
    "RagPolicy",
    "Risk",
    "SavedFilter",
    "StatusReport",
    "Task",
]
