"""The example code on the "Enter the code from your card" page is as long as a real one, so
someone who types it to see what happens is told the code was not found, not told again to
type it as the (shorter) example shows."""

from __future__ import annotations

import re

import pytest

from app.services.links import normalise_token
from tests.pages import Browser

EXAMPLE = re.compile(r"\b[A-Z0-9]{4}(?:-[A-Z0-9]{1,4})+\b")
NOT_FOUND = {
    "en": "We could not find a survey with that code.",
    "cy": "Nid oeddem yn gallu dod o hyd i arolwg gyda'r cod hwnnw.",
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_example_code_is_shaped_like_a_real_one(browser: Browser, language: str):
    page = browser.get(f"/r?lang={language}")
    hint = page.soup.select_one("#code-hint").get_text(" ", strip=True)
    example = EXAMPLE.search(hint).group(0)
    assert normalise_token(example) is not None, example

    refused = browser.post(data={"code": example})
    assert refused.status == 400
    message = refused.soup.select_one("#code-error").get_text(" ", strip=True)
    assert NOT_FOUND[language] in message, message
    # The error's own example is the hint's, in either language.
    wrong = browser.post(data={"code": "ABCD"})
    assert example in wrong.soup.select_one("#code-error").get_text(" ", strip=True)
