"""A person who opens their single-use link and finds answers already sent with it may not have
sent them: someone else may have used the link given to them. The page tells them how to tell
the force, in English and in Welsh, as well as how to withdraw answers they did send."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.app.test_journey import answer_stop_search
from tests.factories import create_link
from tests.pages import Browser

SAYS = {
    "en": "If you did not send answers with this link, someone else may have used it. "
    "Tell Demoshire Police:",
    "cy": "Os na wnaethoch chi anfon atebion gyda'r ddolen hon, efallai bod rhywun arall wedi'i "
    "defnyddio. Rhowch wybod i Demoshire Police:",
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_used_link_says_what_to_do_if_you_did_not_send_the_answers(
    app: Flask, browser: Browser, language: str
):
    token = create_link("stop-search").token
    answer_stop_search(browser, token)
    browser.post()  # sent, in the browser that was given the link
    someone_else = Browser(app.test_client())
    page = someone_else.get(f"/r/{token}?lang={language}")
    assert page.status == 410
    said = page.soup.select_one("#not-sent-by-you")
    assert said is not None and " ".join(said.get_text().split()) == SAYS[language]
    contacts = [a["href"] for a in said.find_next_sibling("ul").select("a")]
    assert f"mailto:{app.config['FORCE_CONTACT_EMAIL']}" in contacts
    assert "tel:101" in contacts
