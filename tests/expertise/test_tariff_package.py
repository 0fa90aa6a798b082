"""The tariff room is laid out like an app, with reads never importing writes (the old circle between
selectors_tariffs.py and services/tariffs.py), and its models keep the expertise app label (no migration)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import expertise.tariffs

PACKAGE = Path(expertise.tariffs.__file__).parent


def _imports(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("module", ["engine", "models", "permissions", "calculation", "selectors"])
def test_reads_do_not_import_the_services(module: str) -> None:
    assert not {name for name in _imports(module) if name.startswith("expertise.tariffs.services")}


def test_the_rooms_of_an_app() -> None:
    rooms = {p.stem for p in PACKAGE.glob("*.py")} | {p.name for p in PACKAGE.iterdir() if p.is_dir()}
    assert rooms >= {
        "models",
        "services",
        "selectors",
        "forms",
        "views",
        "permissions",
        "urls",
        "admin",
        "engine",
    }
    assert not list(PACKAGE.parent.glob("*_tariffs.py"))


def test_models_keep_the_expertise_app_label() -> None:
    from expertise.tariffs.models import ClaimCheck, TariffCase

    assert (TariffCase._meta.app_label, TariffCase._meta.db_table) == ("expertise", "expertise_tariffcase")
    assert ClaimCheck._meta.app_label == "expertise"
