"""The choice of Welsh or English is remembered from page to page, and every page links to the
other language, keeping where you are."""

from __future__ import annotations

import pytest

from tests.app.welsh_helpers import answer_in_welsh
from tests.factories import create_link
from tests.pages import Page


def language_link(page: Page):
    """The other language: a link, or on a question page a button that sends the page's
    answers to be kept (tests/app/test_language_switch_keeps_answers.py)."""
    return page.soup.select_one(".app-language-bar__link")


def address(control) -> str:
    return control.get("href") or control["formaction"]


def test_language_choice_is_remembered_across_pages(browser):
    link = create_link()
    browser.get(f"/r/{link.token}?lang=cy")
    page = browser.get(f"/r/{link.token}/what-you-were-told")
    assert page.soup.html["lang"] == "cy"
    page = browser.post(data={"told_grounds": "yes"})
    assert page.url.endswith("/during-the-search")
    assert page.soup.html["lang"] == "cy"
    assert browser.get("/privacy").h1 == "Sut rydym yn defnyddio eich atebion"

    # Switching back to English is remembered too.
    english = browser.get(address(language_link(page)))
    assert english.soup.html["lang"] == "en"
    assert english.h1 == "During the search"
    assert browser.get(f"/r/{link.token}/what-you-were-told").h1 == "What the officer told you"


def test_unknown_language_is_ignored(browser):
    link = create_link()
    browser.get(f"/r/{link.token}?lang=cy")
    page = browser.get(f"/r/{link.token}?lang=fr")
    assert page.soup.html["lang"] == "cy"


def _assert_links_to(page: Page, code: str, name: str) -> None:
    link = language_link(page)
    assert link is not None, f"no language link on {page.url}"
    assert link.get_text(strip=True) == name
    assert link["lang"] == code
    assert link.name == "button" or link["hreflang"] == code
    href = address(link)
    assert href.split("?")[0] == page.url, f"{page.url} links to {href}"
    assert f"lang={code}" in href


@pytest.mark.parametrize(
    ("start", "other", "name"), [("cy", "en", "English"), ("en", "cy", "Cymraeg")]
)
def test_every_page_of_the_journey_links_to_the_other_language(browser, start, other, name):
    link = create_link()
    seen = [browser.get(f"/r/{link.token}?lang={start}")]
    browser.get(f"/r/{link.token}/what-you-were-told")
    seen.append(browser.page)
    seen.append(browser.post(data={"told_grounds": "nonsense"}))  # an error page after a POST
    assert seen[-1].status == 400
    for page_data in (
        {"told_grounds": "yes"},
        {"bwv_on": "no"},
        {"satisfaction": "satisfied"},
        {"went_well": "Good"},
        {"scrutiny_interest": "no"},
        {"ethnic_group": "asian"},
        {"ethnicity": "asian_indian"},
        {"age_band": "45_54"},
        {"long_term_condition": "yes"},
        {"activity_limited": "not_at_all"},
        {},
    ):
        seen.append(browser.page)
        browser.post(data=page_data)
    seen.append(browser.page)  # check your answers
    assert browser.page.url.endswith("/check")
    seen.append(browser.post())  # confirmation
    code = browser.page.soup.select_one("#withdrawal-code").get_text(strip=True)
    seen.append(browser.get("/withdraw"))
    seen.append(browser.post(data={"code": code}))  # withdrawn, shown after a POST
    for path in ("/r", "/privacy", "/accessibility", "/r/notarealtoken"):
        seen.append(browser.get(path))

    assert len({page.url for page in seen}) >= 18
    for page in seen:
        assert page.soup.html["lang"] == start, page.url
        _assert_links_to(page, other, name)


def test_language_link_keeps_the_query_string(browser):
    link = create_link()
    answer_in_welsh(browser, link.token)
    page = browser.get(f"/r/{link.token}/during-the-search?change=1")
    href = address(language_link(page))
    assert "change=1" in href and "lang=en" in href
    english = browser.get(href)
    assert english.h1 == "During the search"
    assert english.soup.select_one("button.govuk-button").get_text(strip=True) == "Continue"


def test_page_not_found_links_to_the_other_language(browser):
    page = browser.get("/no-such-page?lang=cy")
    assert page.status == 404
    assert page.h1 == "Heb ddod o hyd i'r dudalen"
    assert language_link(page) is not None
