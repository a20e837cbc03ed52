"""A respondent whose browser keeps no cookies, in a real Chromium: answering the first page
of a survey, they are told that the service needs its one cookie and how to go on, not that the
page timed out and their answers are saved. Once they allow cookies, the same browser goes back
as the page says, and the survey is answered and sent as usual.

Headless Chromium does not apply its own setting to block cookies, so here every response
reaches the page without its Set-Cookie header: the browser never stores a cookie, as one set
to block them would not, and sends none back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, Playwright, Route, expect
from playwright.sync_api import Error as PlaywrightError

from tests.app.bad_input_helpers import journeys
from tests.browser.accessibility import AccessibilityLog
from tests.browser.test_journeys import (
    STOP_SEARCH,
    assert_stored_as_given,
    continue_,
    give,
    on_page,
    stored_responses,
)
from tests.factories import create_link

pytestmark = pytest.mark.browser

NEEDS_COOKIE = "This service needs a cookie to work"
FIRST_PAGE = "what-you-were-told"
#: What Playwright says when a request it routed has ended without the handler's answer.
ABANDONED = re.compile(r"already handled|has been closed", re.IGNORECASE)


@dataclass
class CookieBlocker:
    """Passes every request of a browser context through to the server, and strips Set-Cookie
    from every response before the page sees it.

    Each request is sent from a request context of its own, thrown away after it: Playwright's
    own route.fetch would keep the cookie the response sets in the browser context's jar."""

    playwright: Playwright
    context: BrowserContext
    stripped: int = 0  # responses that set a cookie, which the page never saw

    def __post_init__(self) -> None:
        self.context.route("**/*", self._without_cookies)

    def _without_cookies(self, route: Route) -> None:
        request = route.request
        sender = self.playwright.request.new_context()
        try:
            response = sender.fetch(
                request.url,
                method=request.method,
                # As the browser sent them, with any cookie it had kept (none, if this works).
                headers={
                    name: value
                    for name, value in request.all_headers().items()
                    if name not in ("host", "content-length")
                },
                data=request.post_data_buffer,
                # Redirects are left to the browser, so that each response on the way is
                # stripped too.
                max_redirects=0,
            )
            headers = {
                name: value
                for name, value in response.headers.items()
                if name.lower() != "set-cookie"
            }
            self.stripped += len(headers) < len(response.headers)
            try:
                route.fulfill(response=response, headers=headers)
            except PlaywrightError as error:
                # The browser gave up on the request meanwhile (the page went on to another, or
                # the test ended while it was still loading): nothing waits for this answer.
                if not ABANDONED.search(error.message):
                    raise
        finally:
            sender.dispose()

    def allow_cookies(self) -> None:
        self.context.unroute("**/*", self._without_cookies)


@pytest.fixture
def blocked(playwright: Playwright, phone: Page) -> Iterator[CookieBlocker]:
    yield CookieBlocker(playwright, phone.context)
    # Let a request still on its way (the last page's fonts, say) finish before the page closes.
    phone.context.unroute_all(behavior="wait")


def kept_cookies(page: Page) -> tuple[str, list[str]]:
    """What the page's scripts can read, and the names of every cookie the browser keeps (the
    second is the test that counts: the service's cookie is HttpOnly, out of scripts' sight)."""
    return page.evaluate("document.cookie"), [cookie["name"] for cookie in page.context.cookies()]


def answer_the_first_page_without_cookies(page: Page, blocked: CookieBlocker) -> str:
    """Opens a survey link and answers its first page; returns the link's token."""
    token = create_link("stop-search").token
    page.goto(f"/r/{token}")
    expect(page.get_by_role("heading", level=1)).to_have_text(STOP_SEARCH.heading)
    page.get_by_role("button", name="Start now").click()
    on_page(page, token, FIRST_PAGE)
    give(page, STOP_SEARCH.pages[FIRST_PAGE])
    with page.expect_response(re.compile(rf"/r/{token}/{FIRST_PAGE}$")) as sent:
        continue_(page)
    assert sent.value.request.method == "POST" and sent.value.status == 400
    # The service did try to set its cookie, and the browser kept none of it.
    assert blocked.stripped > 0
    assert kept_cookies(page) == ("", [])
    return token


def test_a_browser_without_cookies_is_told_the_service_needs_one_and_can_go_on(
    app: Flask, phone: Page, blocked: CookieBlocker
):
    token = answer_the_first_page_without_cookies(phone, blocked)

    main = phone.get_by_role("main")
    expect(phone.get_by_role("heading", level=1)).to_have_text(NEEDS_COOKIE)
    expect(phone).to_have_title(f"{NEEDS_COOKIE} – Demoshire Police feedback")
    expect(main).to_contain_text("Your browser may be blocking cookies")
    expect(main).to_contain_text(
        "To go on, allow cookies for this website in your browser's settings. Then go back, "
        "reload the page and try again."
    )
    expect(main).not_to_contain_text(re.compile(r"saved|timed out", re.IGNORECASE))
    # Someone who cannot allow cookies has another way to give their views.
    expect(main.get_by_role("link", name="101")).to_have_attribute("href", "tel:101")
    axe = AccessibilityLog(phone)
    axe.scan("cookies blocked")
    axe.assert_clean()
    assert journeys() == []

    # As the page says: allow cookies, go back, reload the page and try again.
    blocked.allow_cookies()
    phone.go_back()
    on_page(phone, token, FIRST_PAGE)
    phone.reload()
    for key, answers in STOP_SEARCH.pages.items():
        on_page(phone, token, key)
        give(phone, answers)
        continue_(phone)
    on_page(phone, token, "check")
    phone.get_by_role("button", name="Send answers").click()
    on_page(phone, token, "done")
    expect(phone.locator(".govuk-panel__title")).to_have_text(
        "Thank you, your answers have been sent"
    )
    assert kept_cookies(phone)[1] == [app.config["SESSION_COOKIE_NAME"]]
    [response] = stored_responses("stop-search")
    assert_stored_as_given(response, STOP_SEARCH)


def test_the_page_about_the_cookie_leads_to_the_cookies_part_of_the_privacy_notice(
    phone: Page, blocked: CookieBlocker
):
    answer_the_first_page_without_cookies(phone, blocked)

    phone.get_by_role("main").get_by_role("link", name="Read about the cookie we use").click()

    expect(phone).to_have_url(re.compile(r"/privacy#cookies$"))
    cookies = phone.get_by_role("heading", name="Cookies", exact=True)
    expect(cookies).to_be_in_viewport()
    expect(phone.get_by_role("main")).to_contain_text(
        "We use one cookie, which the service needs in order to work."
    )
    assert kept_cookies(phone) == ("", [])
