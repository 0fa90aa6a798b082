"""The fieldwork bench builder and page cases run on a small city (the full bench is `make bench`)."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from typing import Any

import pytest

from audits.models import Audit, Finding
from tests.audits.factories import checklist_v1
from tests.conftest import login
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _module(path: str) -> Any:
    spec = importlib.util.spec_from_file_location(path.replace("/", "_"), ROOT / path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_builder_and_pages(client: Any, auditor: Any) -> None:
    checklist_v1()
    for _ in range(3):
        ProjectFactory()
    out = io.StringIO()
    _module("bench/builders/70_audits_fieldwork.py").build(100, out)
    assert Audit.objects.count() == 3
    assert Finding.objects.count() == 36
    assert "3 audits" in out.getvalue()
    cases = dict(_module("bench/pages/audits.py").cases({}))
    login(client, auditor)
    assert client.get(cases["audits.list"]).status_code == 200
    assert client.get(cases["audits.audit"]).status_code == 200
