"""Expertise models: review cases and opinions (cases.py); tariff verification lives in its own room,
expertise.tariffs.models (same app label, so the migrations and table names do not change)."""

from expertise.tariffs.models import *  # noqa: F401,F403

from .cases import *  # noqa: F403
