"""Every description a screen reader is pointed to on a question page says something."""

from __future__ import annotations

import pytest

from app.services.definitions import BUILT_IN, Definition, load_built_in
from tests.factories import create_link


@pytest.mark.parametrize("slug", BUILT_IN)
def test_question_pages_point_screen_readers_only_at_hints_with_words(browser, slug):
    token = create_link(slug).token
    shown = 0
    for page in Definition(load_built_in(slug)).pages:
        response = browser.get(f"/r/{token}/{page.key}")
        if response.status != 200:  # a page only shown after some answers: sent on elsewhere
            continue
        shown += 1
        for hint in response.soup.select(".govuk-hint"):
            assert hint.get_text(strip=True), f"an empty hint on {page.key}"
        for element in response.soup.select("[aria-describedby]"):
            for described_by in element["aria-describedby"].split():
                found = response.soup.find(id=described_by)
                assert found is not None and found.get_text(strip=True), (page.key, described_by)
    assert shown >= 3
