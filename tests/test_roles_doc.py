"""docs/roles.md's access tables are the authorization matrix itself (tests/authz/roles_doc.py writes them)."""

from __future__ import annotations

from tests.authz.roles_doc import DOC, current_section, generate


def test_committed_roles_doc_equals_the_generated_one() -> None:
    assert current_section(DOC.read_text(encoding="utf-8")) == generate(), (
        "docs/roles.md is out of date with tests/authz/matrix_*.py: run `make roles-doc` and commit it"
    )
