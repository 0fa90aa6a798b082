"""Domain events other apps listen to, sent by the app that owns the event and received without importing it.

Each is a plain Django signal, sent with `transaction.on_commit` from the owning service (so a listener never
sees an event whose transaction rolled back) and carrying ids only (`sender` is the owning app's label):

- `gate_passed(project_id, stage)`: a project passed a gate ("proceed" or "proceed with conditions"); `stage`
  is the stage it moved to (projects.services.project.gate_decision_record).
- `project_closed(project_id)`: a project passed its closure gate (projects.services.project).
- `publication_changed(project_id)`: see below.
- `opinion_issued(case_id, applicant_organization_id, project_id)`: an expertise opinion was issued;
  `project_id` is None for a case without a project (expertise.services.opinions.opinion_issue).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal

gate_passed = Signal()
project_closed = Signal()
opinion_issued = Signal()


def send_on_commit(signal: Signal, sender: str, **kwargs: Any) -> None:
    """Send `signal` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs))


# `publication_changed(project_id)`: what the public sees of a project changed — a version was approved or
# withdrawn, or a published project's register data changed (projects.services.publication and projects'
# own receivers). The public pages' cache (pmis.core.publiccache) and open data (portfolio) listen.
publication_changed = Signal()
