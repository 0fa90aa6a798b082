"""Expertise models: review cases and opinions (cases.py); tariff verification (tariffs.py)."""

from .cases import *  # noqa: F403
# tariff models: the tariff engineer adds `from .tariffs import *` here
