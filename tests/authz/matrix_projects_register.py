"""The register list, saved filters, Excel export and import.

World: `w.saved` (a saved filter of the officer) and `w.import_job` (a checked import of the officer, with
no valid rows, so confirming writes nothing). Saved filters and imports belong to their owner: anyone
else gets 404. Importing is for those who may register projects (officers, managers, Project Office,
administrators); the others get 403.
"""

from __future__ import annotations

from typing import Any

from pmis.core.models import Job
from projects.models import SavedFilter
from tests.authz import LOGIN, Entry

CREATORS = ("officer", "outsider_officer", "manager", "pmo", "admin")


def setup(world: Any) -> None:
    officer = world.users["officer"]
    world.saved = SavedFilter.objects.create(user=officer, name="Исполнение", query="stage=execution")
    world.import_job = Job.objects.create(
        kind="projects.register_import", requested_by=officer, status=Job.Status.SUCCEEDED,
        params={"name": "projects.xlsx"}, result={"valid": [], "rejected": [{"row": 3, "title": "", "errors": ["x"]}]},
    )


IMPORT = {"anonymous": LOGIN, **dict.fromkeys(CREATORS, 200), "*": 403}
OWN_IMPORT = {"anonymous": LOGIN, "officer": 200, **{p: 404 for p in CREATORS if p != "officer"}, "*": 403}

ENTRIES = [
    Entry("projects:list", expect={"anonymous": LOGIN, "*": 200}),
    Entry("projects:list", query="q=проект&stage=execution&sort=-budget&per_page=50", expect={"anonymous": LOGIN, "*": 200},
          note="filtered, searched, sorted"),
    Entry("projects:saved-filter-create", method="POST", data=lambda w: {"name": "Мой", "query": "rag=red"},
          expect={"*": 302}),
    Entry("projects:saved-filter-apply", args=lambda w: [w.saved.pk], expect={"anonymous": LOGIN, "officer": 302, "*": 404}),
    Entry("projects:saved-filter-delete", method="POST", args=lambda w: [w.saved.pk],
          expect={"anonymous": LOGIN, "officer": 302, "*": 404}),
    Entry("projects:export", method="POST", data=lambda w: {"query": "stage=execution"}, expect={"*": 302},
          note="queues a job for the requester; visibility is applied in the job"),
    Entry("projects:import", expect=IMPORT),
    Entry("projects:import", method="POST", expect=IMPORT, note="no file: the form re-renders with an error"),
    Entry("projects:import-template", expect=IMPORT),
    Entry("projects:import-preview", args=lambda w: [w.import_job.pk], expect=OWN_IMPORT),
    Entry("projects:import-confirm", method="POST", args=lambda w: [w.import_job.pk],
          expect={k: (302 if v == 200 else v) for k, v in OWN_IMPORT.items()}),
]
