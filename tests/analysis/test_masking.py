"""mask_personal_details: what the results pages run before showing a quote."""

from __future__ import annotations

import pytest

from analysis.text import mask_personal_details


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My name is John Smith, call me", "My name is [name removed], call me"),
        ("my name is dave", "my name is [name removed]"),
        ("PC Jones was rude", "PC [name removed] was rude"),
        ("Sgt. Patel and DC Khan", "Sgt. [name removed] and DC [name removed]"),
        ("Officer Smith explained everything", "Officer [name removed] explained everything"),
        ("PC 1234 stopped me", "PC [number removed] stopped me"),
        ("his collar number was 4521", "his collar number was [number removed]"),
        ("ring 07700 900123", "ring [phone number removed]"),
        ("or +44 (0)20 7946 0958.", "or [phone number removed]."),
        ("(0161) 496 0000", "[phone number removed]"),
        ("mail joe.bloggs+x@example.co.uk now", "mail [email removed] now"),
        ("near SW1A 1AA", "near [postcode removed]"),
        ("near m1 1ae", "near [postcode removed]"),
        ("at 12 Acacia Avenue", "at [address removed]"),
        ("flat 3, 45 brixton road", "[address removed]"),
        ("stopped on Coldharbour Lane", "stopped on [address removed]"),
    ],
)
def test_masks_personal_details(text: str, expected: str) -> None:
    assert mask_personal_details(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the officer was rude",
        "My name is not important",
        "I was stopped 3 times on the way home",
        "it was the 2nd time",
        "Call 999 or 101",
        "went to court on the 12th",
        "",
    ],
)
def test_leaves_ordinary_text_alone(text: str) -> None:
    assert mask_personal_details(text) == text
