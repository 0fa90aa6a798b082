"""Personal data a respondent may type into a free-text answer: e-mail addresses, Kazakh phone numbers
(+7 7xx …, 8 7xx …, with or without spaces, dashes and brackets) and 12-digit IIN / BIN numbers.

The stored text is kept as typed for the survey's owners' moderation page; everything else that shows or exports
a free-text answer shows `mask(text)`. `may_contain_personal_data(text)` is the queue's warning flag."""

from __future__ import annotations

import re

from django.utils.translation import gettext

EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# +7 / 8, then a 7xx mobile or an area code, then 7 digits in any grouping of spaces, dashes, dots, brackets
PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\s?7|8)[\s\-.(]*[67]\d{2}[\s\-.)]*\d{3}[\s\-.]*\d{2}[\s\-.]*\d{2}(?!\d)"
)
# IIN (individual) and BIN (business) identification numbers: exactly 12 digits, not part of a longer number
IIN_RE = re.compile(r"(?<!\d)\d{12}(?!\d)")


def may_contain_personal_data(text: str) -> bool:
    """True when the text carries something that looks like an e-mail, a phone number or an IIN/BIN."""
    if not text:
        return False
    return bool(EMAIL_RE.search(text) or PHONE_RE.search(text) or IIN_RE.search(text))


def mask(text: str) -> str:
    """The text with e-mail addresses, phone numbers and IIN/BIN numbers replaced by a placeholder (in the
    active language)."""
    if not text or not (EMAIL_RE.search(text) or PHONE_RE.search(text) or IIN_RE.search(text)):
        return text
    text = EMAIL_RE.sub(gettext("[e-mail hidden]"), text)
    text = PHONE_RE.sub(gettext("[phone hidden]"), text)
    return IIN_RE.sub(gettext("[IIN/BIN hidden]"), text)
