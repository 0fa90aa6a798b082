"""Demo data of the expertise app, loaded by `manage.py load_demo`."""

from __future__ import annotations

from typing import Any

from expertise.demo_tariffs import load as load_tariffs


def load(ctx: dict[str, Any]) -> None:
    load_tariffs(ctx)
