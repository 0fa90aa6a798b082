"""Expertise models: review cases and opinions (cases.py); tariff verification (tariffs.py)."""

from .cases import *  # noqa: F403
from .tariffs import *  # noqa: F401,F403
