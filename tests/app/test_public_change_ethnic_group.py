"""Changing the ethnic group from "Check your answers": the ethnic background chosen under the
old group is not one the new group offers, so it is asked again, and until it is answered the
check page does not show it (it would not be stored)."""

from __future__ import annotations

from models import Response, db
from tests.app.test_check_answers_changes import change_link, send, walk_to_check
from tests.factories import create_link

WHITE_IRISH = {
    "satisfaction": "satisfied",
    "ethnic_group": "white",
    "ethnicity": "white_irish",
    "age_band": "under_18",
    "long_term_condition": "no",
}
BACKGROUND = "Which of the following best describes your background?"


def background_row(check) -> str:
    """The answer the check page shows for the ethnic background."""
    for row in check.soup.select(".govuk-summary-list__row"):
        if BACKGROUND in row.select_one(".govuk-summary-list__key").get_text():
            return row.select_one(".govuk-summary-list__value").get_text(strip=True)
    raise AssertionError("no ethnic background row")


def test_a_changed_ethnic_group_asks_the_ethnic_background_again(browser):
    token = create_link().token
    check = walk_to_check(browser, token, WHITE_IRISH)
    assert background_row(check) == "Irish"
    change = change_link(check, "ethnic group")
    browser.get(change)
    following = send(browser, change, {"ethnic_group": "asian"})
    assert following == f"/r/{token}/ethnic-background?change=1"
    page = browser.get(following)
    assert f"{BACKGROUND} (optional)" in page.legends()
    assert "Irish" not in page.text()  # only the Asian backgrounds are offered
    assert page.checked("ethnicity") == []

    # Choosing one of them returns to the check page, showing it.
    after = send(browser, following, {"ethnicity": "asian_indian"})
    assert after == f"/r/{token}/check"
    assert background_row(browser.get(after)) == "Indian"


def test_an_ethnic_background_the_new_group_does_not_offer_is_not_shown_as_sent(browser):
    token = create_link().token
    change = change_link(walk_to_check(browser, token, WHITE_IRISH), "ethnic group")
    browser.get(change)
    send(browser, change, {"ethnic_group": "black"})
    # Straight back to the check page, by its Back link, without choosing a background.
    check = browser.get(f"/r/{token}/check")
    assert check.status == 200
    assert background_row(check) == "Not answered"
    done = browser.post(data={})
    assert done.h1 == "Thank you, your answers have been sent"
    stored = db.session.scalars(db.select(Response)).one()
    assert (stored.ethnic_group, stored.ethnicity) == ("black", "not_stated")


def test_an_unchanged_ethnic_group_returns_straight_to_the_check_page(browser):
    token = create_link().token
    change = change_link(walk_to_check(browser, token, WHITE_IRISH), "ethnic group")
    browser.get(change)
    assert send(browser, change, {"ethnic_group": "white"}) == f"/r/{token}/check"
    assert background_row(browser.get(f"/r/{token}/check")) == "Irish"
