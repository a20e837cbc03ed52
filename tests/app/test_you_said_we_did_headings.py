"""The public "You said, we did" pages' headings nest, as a screen reader's list of headings
shows them: on the index, the force-wide themes sit under "Across the force", each action's
status under its theme; on an area's page, the themes sit under the area's name."""

from __future__ import annotations

from tests.app.test_actions import publish, record
from tests.factories import create_area
from tests.pages import Page
from tests.staff import forget_request_state


def outline(page: Page) -> list[tuple[int, str]]:
    """The headings of the page's main content: their level and text, in order."""
    return [
        (int(h.name[1]), " ".join(h.get_text().split()))
        for h in page.soup.select("main h1, main h2, main h3, main h4, main h5")
    ]


def test_force_wide_themes_are_headed_by_across_the_force(analyst, browser):
    create_area("north", "North District")
    for action in (
        record(browser, area="", you_said="Say why, every time.", status="planned"),
        record(browser, area="", theme="", you_said="Open more often.", status="done"),
        record(browser, area="north", you_said="Only in the north."),
    ):
        publish(browser, action)
    forget_request_state()

    page = browser.get("/you-said-we-did")
    assert outline(page) == [
        (1, "You said, we did"),
        (2, "Choose your area"),
        (2, "Across the force"),
        (3, "Explanation of grounds"),
        (4, "Planned"),
        (3, "Other things you told us"),
        (4, "Done"),
    ]

    area = browser.get("/you-said-we-did/north")
    assert outline(area) == [(1, "North District"), (2, "Explanation of grounds"), (3, "Done")]
