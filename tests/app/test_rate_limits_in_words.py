"""A rate limit reached on a staff page is said in words, not in the limit's own notation."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import Flask, render_template
from flask_limiter._limits import RuntimeLimit
from flask_limiter.errors import RateLimitExceeded
from limits import parse


def _page(app: Flask, written: str) -> str:
    limit = RuntimeLimit(parse(written), key_func=lambda: "someone", scope=None)
    with app.test_request_context("/admin/users"):
        html = render_template("errors/staff.html", error=RateLimitExceeded(limit))
    return " ".join(BeautifulSoup(html, "html.parser").select_one("main").get_text().split())


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("60 per 1 hour", "This can be done at most 60 times in an hour"),
        ("20 per 10 minutes", "This can be done at most 20 times in 10 minutes"),
        ("1 per day", "This can be done at most once in a day"),
    ],
)
def test_the_limit_is_said_in_words(app: Flask, written: str, said: str):
    text = _page(app, written)
    assert "Too many attempts" in text
    assert said in text
    assert " per " not in text  # not "60 per 1 hour"


def test_how_long_to_wait_is_the_limits_own_period(app: Flask):
    text = _page(app, "60 per 1 hour")
    assert "Wait up to an hour, then try again." in text
    assert "a few minutes" not in text
