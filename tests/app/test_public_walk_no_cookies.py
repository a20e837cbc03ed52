"""A respondent whose browser sends no session cookie (cookies blocked, or the browser closed and
opened again) and presses a button is told that the service needs its one cookie, that their
browser may be blocking it and how to go on, instead of that the page timed out and their
answers are saved, which would be untrue. A browser that sent a cookie the service cannot read
(expired, or not signed by it) still gets the timed-out page. Nothing is stored either way."""

from __future__ import annotations

import pytest
from flask_babel import refresh

from models import Response
from tests.app.bad_input_helpers import count, journeys
from tests.factories import create_link
from tests.pages import Browser, Page

NEEDS_COOKIE = {
    "en": "This service needs a cookie to work",
    "cy": "Mae angen cwci ar y gwasanaeth hwn i weithio",
}
MAY_BE_BLOCKED = {
    "en": "Your browser may be blocking cookies",
    "cy": "Efallai fod eich porwr yn rhwystro cwcis",
}
HOW_TO_GO_ON = {
    "en": "To go on, allow cookies for this website in your browser's settings.",
    "cy": "I barhau, caniatewch gwcis ar gyfer y wefan hon yng ngosodiadau eich porwr.",
}
READ_ABOUT_IT = {
    "en": "Read about the cookie we use",
    "cy": "Darllenwch am y cwci rydym yn ei ddefnyddio",
}
TIMED_OUT = "Sorry, this page timed out"
SAVED = "Answers you gave before this page are kept"


def cookie_name(browser: Browser) -> str:
    return browser.client.application.config["SESSION_COOKIE_NAME"]


def block_cookies(browser: Browser) -> None:
    """As a browser that blocks cookies: the cookie the last page set is never sent back."""
    browser.client.delete_cookie(cookie_name(browser))


def links(page: Page) -> dict[str, str]:
    return {a["href"]: " ".join(a.get_text().split()) for a in page.soup.select("main a")}


def test_a_question_page_sent_without_a_cookie_says_the_service_needs_one(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/what-you-were-told")
    block_cookies(browser)
    page = browser.post(data={"told_grounds": "yes"})
    assert page.status == 400
    assert page.h1 == NEEDS_COOKIE["en"]
    text = page.text()
    assert MAY_BE_BLOCKED["en"] in text
    assert HOW_TO_GO_ON["en"] in text
    assert TIMED_OUT not in text and SAVED not in text
    assert links(page)["/privacy#cookies"] == READ_ABOUT_IT["en"]
    # Someone who cannot allow cookies is given another way to reach the force.
    assert links(page)["tel:101"] == "101"
    assert journeys() == []


def test_the_cookie_link_leads_to_the_cookies_part_of_the_notice(browser):
    page = browser.get("/privacy")
    assert " ".join(page.soup.select_one("#cookies").get_text().split()) == "Cookies"


@pytest.mark.parametrize("path", ["/", "/withdraw"])
def test_the_code_pages_sent_without_a_cookie_say_so_too(browser, path):
    browser.get(path)
    block_cookies(browser)
    page = browser.post(data={"code": "ABCD2345"})
    assert page.status == 400
    assert page.h1 == NEEDS_COOKIE["en"]


def test_in_welsh(browser):
    link = create_link()
    refresh()
    address = f"/r/{link.token}/what-you-were-told?lang=cy"
    browser.get(address)
    block_cookies(browser)
    # The form has no action: a browser sends it to the address it came from, ?lang= and all.
    page = browser.post(address, data={"told_grounds": "yes"})
    assert page.status == 400 and page.soup.html["lang"] == "cy"
    assert page.h1 == NEEDS_COOKIE["cy"]
    text = page.text()
    assert MAY_BE_BLOCKED["cy"] in text and HOW_TO_GO_ON["cy"] in text
    assert links(page)["/privacy#cookies"] == READ_ABOUT_IT["cy"]


@pytest.mark.parametrize("cookie", ["not-a-signed-session", "eyJjc3JmX3Rva2VuIjoiZiJ9.AAAAAA.x"])
def test_a_cookie_that_cannot_be_read_still_gets_the_timed_out_page(browser, cookie):
    """An expired or forged cookie was sent: the browser keeps cookies, the page timed out."""
    link = create_link()
    browser.get(f"/r/{link.token}/what-you-were-told")
    browser.client.set_cookie(cookie_name(browser), cookie)
    page = browser.post(data={"told_grounds": "yes"})
    assert page.status == 400
    assert page.h1 == TIMED_OUT
    assert NEEDS_COOKIE["en"] not in page.text()
    assert journeys() == []


def test_sending_answers_without_a_cookie_stores_nothing(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/how-you-were-treated")
    browser.post(data={"satisfaction": "satisfied"})
    browser.get(f"/r/{link.token}/check")
    block_cookies(browser)
    page = browser.post()
    assert page.status == 400 and page.h1 == NEEDS_COOKIE["en"]
    assert count(Response) == 0
