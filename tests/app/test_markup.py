"""Pages are sent with sound markup: no attribute twice on an element, no id twice on a page.
Every page a test reads through tests.pages.Browser, and every staff page of the role matrix,
is checked with tests.markup; these tests show that the check finds what it is for."""

from __future__ import annotations

from tests.app.test_actions import record
from tests.factories import create_area, create_link
from tests.markup import markup_problems


def test_an_attribute_given_twice_is_found():
    html = '<div class="x" data-module="a" data-module="a"></div>'
    assert markup_problems(html) == ["<div> has data-module 2 times: ['a', 'a']"]


def test_an_id_used_twice_is_found():
    html = '<form><input id="csrf_token"></form><form><input id="csrf_token" /></form>'
    assert markup_problems(html) == ["id 'csrf_token' is used 2 times"]


def test_the_service_navigation_names_its_behaviour_once(client):
    html = client.get(f"/r/{create_link().token}").get_data(as_text=True)
    assert html.count('data-module="govuk-service-navigation"') == 1
    assert markup_problems(html) == []


def test_a_page_with_two_forms_has_no_two_csrf_ids(browser, analyst):
    # The actions page has a "Publish" form for each action, each with its CSRF token.
    create_area("north", "North District")
    record(browser, you_said="Nobody said why.")
    record(browser, you_said="They were rude.")
    page = browser.get("/results/stop-search/actions")
    assert len(page.soup.select("input[name='csrf_token']")) == 2
    assert page.soup.select("[id='csrf_token']") == []
    # The tokens still work: publishing the first action is accepted.
    assert browser.post(page.soup.select("form[method=post]")[0]["action"]).status == 200
