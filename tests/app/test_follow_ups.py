"""The confirmation page's follow-up notes, in English and Welsh: the listening session's
"hear back" note links to the "You said, we did" page with words, not a bare address."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.app.test_confirmation import links_in
from tests.factories import create_link
from tests.pages import Browser, Page

ASKED_ABOUT = {"en": "What you asked about", "cy": "Yr hyn y gwnaethoch ofyn amdano"}
NEW_TAB = {"en": "(opens in new tab)", "cy": "(yn agor mewn tab newydd)"}


def asked_about(page: Page, language: str) -> list[str]:
    """The paragraphs under "What you asked about"."""
    heading = next(
        h for h in page.soup.select("main h2") if h.get_text(strip=True) == ASKED_ABOUT[language]
    )
    found = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        found.append(" ".join(sibling.get_text().split()))
    return found


def hear_back(browser: Browser, language: str) -> Page:
    """A listening session answered (in ``language``) asking to hear back; the confirmation."""
    token = create_link("listening-session", event_name="Town hall").token
    browser.get(f"/r/{token}?lang={language}")
    browser.get(f"/r/{token}/what-next")
    browser.post(data={"hear_back": "yes"})
    browser.get(f"/r/{token}/check")
    done = browser.post()
    assert done.url == f"/r/{token}/done"
    assert done.soup.html["lang"] == language
    return done


# -- hearing back: a link that reads as words -----------------------------------------------


@pytest.mark.parametrize(
    ("language", "words", "sentence"),
    [
        (
            "en",
            "“You said, we did” page",
            "We publish what people told us and what we did about it on our "
            "“You said, we did” page",
        ),
        (
            "cy",
            "tudalen “Dywedoch chi, gwnaethom ni”",
            "Rydym yn cyhoeddi'r hyn a ddywedodd pobl wrthym a'r hyn a wnaethom yn ei gylch ar "
            "ein tudalen “Dywedoch chi, gwnaethom ni”",
        ),
    ],
)
def test_hearing_back_links_to_the_results_page_with_words(browser, language, words, sentence):
    done = hear_back(browser, language)
    assert asked_about(done, language) == [f"{sentence} {NEW_TAB[language]}."]
    assert links_in(done, ASKED_ABOUT[language]) == [
        (f"{words} {NEW_TAB[language]}", "/you-said-we-did")
    ]
    assert "/you-said-we-did" not in done.text()  # the address is never the link's text
    assert browser.get("/you-said-we-did").status == 200


def test_hearing_back_follows_the_language_the_page_is_read_in(browser):
    done = hear_back(browser, "en")
    welsh = browser.get(f"{done.url}?lang=cy")
    assert links_in(welsh, ASKED_ABOUT["cy"]) == [
        ("tudalen “Dywedoch chi, gwnaethom ni”", "/you-said-we-did")
    ]
    assert "We publish" not in welsh.text()


def test_a_force_with_its_own_results_page_gets_the_same_words(app: Flask, browser, monkeypatch):
    monkeypatch.setitem(app.config, "RESULTS_PUBLISHED_URL", "https://police.example/results")
    done = hear_back(browser, "en")
    assert (
        f"“You said, we did” page {NEW_TAB['en']}",
        "https://police.example/results",
    ) in links_in(done, ASKED_ABOUT["en"])
