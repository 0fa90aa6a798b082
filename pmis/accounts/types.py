"""Who is asking, as a type: a signed-in `User`, or the anonymous visitor Django puts on every other request."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from pmis.accounts.models import User

AnyUser: TypeAlias = User | AnonymousUser
