"""Single-use invitation tokens: the raw token goes only into the e-mail link; the database keeps its SHA-256."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """(raw token for the link, hash to store)."""
    raw = secrets.token_urlsafe(32)
    return raw, token_hash(raw)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_public_slug() -> str:
    return secrets.token_urlsafe(12)


def new_salt() -> str:
    return secrets.token_hex(16)
