"""A view of a period names only its own months among those whose responses are not counted
yet: a small month after the period has nothing to do with it."""

from __future__ import annotations

from flask.testing import FlaskClient

from models import Role
from tests.pages import Browser, Page
from tests.results_data import add_responses, group
from tests.staff import signed_in

SATISFIED = {"satisfaction": "satisfied"}
SMALL_MONTH = "Responses from September 2026 are not counted here"


def _note(page: Page) -> str:
    note = page.soup.select_one(".app-left-out-note")
    return " ".join(note.get_text().split()) if note else ""


def _responses() -> None:
    add_responses(group(12, "white", month="2026-04", answers=SATISFIED))
    add_responses(group(12, "black", month="2026-05", answers=SATISFIED))
    add_responses(group(3, "white", month="2026-09", answers=SATISFIED))  # too few to count


def test_a_period_before_the_small_month_does_not_mention_it(client: FlaskClient, browser: Browser):
    _responses()
    signed_in(client, Role.ANALYST)
    assert SMALL_MONTH in _note(browser.get("/results/stop-search"))
    for path in ("/results/stop-search", "/results/stop-search/report"):
        page = browser.get(f"{path}?start=4&start=2026&end=6&end=2026")
        assert page.status == 200, path
        assert page.soup.select_one(".app-left-out-note") is None, path
        assert "September 2026" not in page.text(), path
    csv = client.get("/results/stop-search/export.csv?start=4&start=2026&end=6&end=2026")
    assert "September 2026" not in csv.get_data(as_text=True)


def test_a_period_holding_the_small_month_still_names_it(client: FlaskClient, browser: Browser):
    _responses()
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search?start=4&start=2026&end=9&end=2026")
    assert SMALL_MONTH in _note(page)
    page = browser.get("/results/stop-search?start=7&start=2026")
    assert SMALL_MONTH in _note(page)
