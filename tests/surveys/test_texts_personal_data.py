"""Personal data in free text: detected and masked (e-mails, Kazakh phone numbers, IIN/BIN)."""

from __future__ import annotations

import pytest

from surveys.personal_data import mask, may_contain_personal_data


@pytest.mark.parametrize(
    "text",
    [
        "write to aigerim.k@mail.kz please",
        "my e-mail: First.Last+survey@gov.almaty.kz",
        "call +7 701 123 45 67",
        "call +77011234567",
        "call 8 707 123-45-67",
        "call 8(727)255-10-20",
        "звоните +7 (777) 123-45-67",
        "ИИН 900101300123",
        "BIN: 123456789012.",
    ],
)
def test_personal_data_is_detected_and_masked(text: str) -> None:
    assert may_contain_personal_data(text)
    masked = mask(text)
    assert masked != text
    assert "@" not in masked
    digits = "".join(ch for ch in masked if ch.isdigit())
    assert len(digits) < 7, masked  # no phone or identification number survives


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The office answered in 3 days, rating 5 of 5",
        "Budget 12 500 000 tenge in 2026",
        "Project 2026-10-01 went well",
        "Room 101, floor 7",
        "1234567890123 is thirteen digits, not an IIN",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not may_contain_personal_data(text)
    assert mask(text) == text


def test_the_placeholders_say_what_was_hidden() -> None:
    masked = mask("a@b.kz, +7 701 123 45 67, 900101300123")
    assert masked == "[e-mail hidden], [phone hidden], [IIN/BIN hidden]"
