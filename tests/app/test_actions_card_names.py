"""The list of a survey's actions: each card's Change and Delete links, and its Publish or
"Take off the public page" button, say which action they are for, so that a screen reader's
list of the page's links or buttons tells them apart (as GOV.UK's summary cards do)."""

from __future__ import annotations

from tests.app.test_actions import publish, record
from tests.factories import create_area


def _name(element) -> str:
    return " ".join(element.get_text().split())


def test_each_cards_links_and_buttons_name_their_action(analyst, browser):
    create_area("north", "North District")
    create_area("south", "South District")
    grounds = record(browser)
    record(browser, theme="Respect and manner", area="south", you_said="Rude & <abrupt>")
    publish(browser, grounds)

    page = browser.get("/results/stop-search/actions")
    links = [_name(a) for a in page.soup.select(".govuk-summary-card__actions a")]
    assert links == [
        "Change this action: Respect and manner · South District",
        "Delete this action: Respect and manner · South District",
        "Change this action: Explanation of grounds · North District",
        "Delete this action: Explanation of grounds · North District",
    ]
    buttons = [_name(b) for b in page.soup.select(".govuk-summary-card form button")]
    assert buttons == [
        "Publish this action: Respect and manner · South District",
        "Take off the public page: Explanation of grounds · North District",
    ]
    # What is seen is as before; the action's theme and area are for screen readers.
    for control in page.soup.select(".govuk-summary-card__actions a, .govuk-summary-card button"):
        hidden = control.select_one(".govuk-visually-hidden")
        assert hidden is not None
        assert hidden.get_text().endswith((" · North District", " · South District"))
