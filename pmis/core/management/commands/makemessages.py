"""makemessages that also extracts the stored-text helpers of pmis.core.texts (msg, pmsg, nmsg)."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=msg:1",
        "--keyword=pmsg:1c,2",
        "--keyword=nmsg:1,2",
        "--keyword=label:1",
    ]
