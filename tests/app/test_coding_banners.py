"""What an analyst has just done in coding (an answer coded, models trained, a theme added,
saved or removed) is confirmed in the green "Success" banner, as on the admin pages;
"Important" is kept for what changed nothing or needs their attention."""

from __future__ import annotations

import pytest

from app.services import surveys, taxonomy
from tests.app.coding_helpers import RESPECT, add_answers, code_directly, synthetic_coded
from tests.pages import Browser, Page

THEMES = "/results/stop-search/coding/themes"


def _banners(page: Page) -> list[tuple[str, str]]:
    """Each notification banner on the page: (its title, its words)."""
    return [
        (
            banner.select_one(".govuk-notification-banner__title").get_text(strip=True),
            " ".join(banner.select_one(".govuk-notification-banner__content").get_text().split()),
        )
        for banner in page.soup.select(".govuk-notification-banner")
    ]


def _code(browser: Browser) -> Page:
    page = browser.get("/results/stop-search/coding/answer")
    form = page.soup.select_one("main form")
    return browser.post(form["action"], data={"sentiment": "1", "themes": [RESPECT]})


def test_a_coded_answer_is_a_success_and_the_last_one_says_every_answer_is_coded(analyst, browser):
    add_answers(["The officer was polite.", "They never said why."])
    page = _code(browser)
    assert page.h1 == "Code an answer"
    assert _banners(page) == [("Success", "Your coding has been saved. Here is another answer.")]
    banner = page.soup.select_one(".govuk-notification-banner--success")
    assert banner is not None and banner["role"] == "alert"

    # The last one: said once, as done, on the survey's coding page; no "here is another".
    page = _code(browser)
    assert page.url == "/results/stop-search/coding"
    assert _banners(page) == [
        ("Success", "Your coding has been saved. Every answer to this survey has been coded.")
    ]

    # Asking for another when none is left is news, not something done.
    page = browser.get("/results/stop-search/coding/answer")
    assert _banners(page) == [("Important", "Every answer to this survey has been coded.")]


@pytest.fixture
def low_thresholds(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODING_MIN_SENTIMENT", 60)
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)


def test_trained_models_are_a_success(analyst, browser, low_thresholds):
    code_directly(synthetic_coded(100), analyst)
    browser.get("/results/stop-search/coding")
    page = browser.post("/results/stop-search/coding/train")
    ((title, words),) = _banners(page)
    assert title == "Success"
    assert words.startswith("New sentiment and theme models learned from 100 coded answers")


def test_theme_changes_are_a_success_and_no_change_is_important(analyst, browser):
    browser.get(f"{THEMES}/new")
    page = browser.post(data={"name": "Dogs", "description": "Police dogs.", "seeds": "dog"})
    ((title, words),) = _banners(page)
    assert (title, words.split(".")[0]) == ("Success", "Dogs has been added")

    key = taxonomy.theme_key("Dogs")
    page = browser.get(f"{THEMES}/{key}")
    page = browser.post(
        data={"name": "Dogs", "description": "Police dogs.", "seeds": page.textarea("seeds")}
    )
    assert _banners(page) == [("Important", "Nothing changed.")]

    # Only a Welsh name: the answers keep their themes, and the banner says it was saved.
    page = browser.get(f"{THEMES}/{key}")
    page = browser.post(
        data={
            "name": "Dogs",
            "name_cy": "Cŵn",
            "description": "Police dogs.",
            "seeds": page.textarea("seeds"),
        }
    )
    assert _banners(page) == [("Success", "Dogs has been saved.")]

    browser.get(f"{THEMES}/{key}/remove")
    page = browser.post()
    ((title, words),) = _banners(page)
    assert (title, words.split(".")[0]) == ("Success", "Dogs has been removed")
    assert "Dogs" not in taxonomy.theme_names(surveys.get_survey("stop-search"))
