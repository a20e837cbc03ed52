"""What a start page promises about skipping questions is true of the survey behind it."""

from __future__ import annotations

import pytest

from app.services.definitions import BUILT_IN, Definition, load_built_in, localised
from tests.factories import create_link


@pytest.mark.parametrize("slug", BUILT_IN)
@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_start_page_says_which_questions_must_be_answered(browser, slug, language):
    definition = Definition(load_built_in(slug))
    required = [q for _, q in definition.questions() if q.get("required")]
    text = browser.get(f"/r/{create_link(slug).token}?lang={language}").text()
    if not required:
        assert ("skip any question" if language == "en" else "hepgor unrhyw gwestiwn") in text
        return
    # Each question that must be answered is named, and "any question" becomes "any other".
    assert ("skip any other question" if language == "en" else "unrhyw gwestiwn arall") in text
    assert "marked as required" not in text
    for question in required:
        words = localised(question["text"], language).rstrip("?").lower().split()
        assert any(word in text.lower() for word in words[-2:]), question["key"]
