"""The page a respondent sees when their internet connection has sent too much: it does not
blame them for trying too often (everyone at a listening session may share one Wi-Fi, and each
may have sent their answers once), says what to do and that their answers are kept, in English
and Welsh."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.app.test_rate_limits import limited, post_withdrawal  # noqa: F401  (a fixture)
from tests.pages import Browser

SAYS = {
    "en": [
        "There have been too many attempts from your internet connection in a short time.",
        "many people use the same Wi-Fi, such as at a listening session",
        "Wait a few minutes and try again.",
        "Any answers you have already given are kept.",
    ],
    "cy": [
        "Bu gormod o ymdrechion o'ch cysylltiad rhyngrwyd mewn amser byr.",
        "llawer o bobl yn defnyddio'r un Wi-Fi, er enghraifft mewn sesiwn wrando",
        "Arhoswch ychydig funudau a rhowch gynnig arall arni.",
    ],
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_too_many_attempts_says_the_connection_sent_them(limited: Flask, language: str):  # noqa: F811
    browser = Browser(limited.test_client())
    browser.get(f"/withdraw?lang={language}")
    for _ in range(3):
        post_withdrawal(browser)
    assert post_withdrawal(browser) == 429
    text = " ".join(browser.page.text().split())
    for sentence in SAYS[language]:
        assert sentence in text
    assert "You have tried this too many times" not in text
