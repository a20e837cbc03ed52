"""The load benchmark's respondents read their withdrawal code off the real confirmation page:
when the page's markup changes, `bench/load.py` must still find the code a person would read,
or every journey it times would count as failed."""

from __future__ import annotations

from bench.load_client import withdrawal_code
from tests.app.bad_input_helpers import submit_stop_search
from tests.factories import create_link


def test_the_code_read_is_the_one_the_page_shows_and_it_withdraws(app, client, browser):
    link = create_link("stop-search")
    submit_stop_search(browser, link.token)
    page = browser.page
    shown = "".join(page.soup.select_one("#withdrawal-code").get_text().split())
    assert withdrawal_code(page.html) == shown
    browser.get("/withdraw")
    done = browser.post(data={"code": shown})
    assert done.status == 200 and "deleted" in done.text().lower()


def test_no_code_is_read_from_a_page_without_one():
    assert withdrawal_code("<p>Thank you</p>") is None
    assert withdrawal_code('<p id="withdrawal-code">not a code</p>') is None
