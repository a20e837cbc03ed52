"""A staff survey's start page does not send officers and staff to the public complaints route."""

from __future__ import annotations

import pytest

from tests.factories import create_link

COMPLAINTS = "find out how to complain"


@pytest.mark.parametrize(
    ("language", "grievance"),
    [("en", "raise a grievance"), ("cy", "godi cwyn neu roi gwybod am gamymddwyn")],
)
def test_say_to_stay_points_staff_to_their_own_procedures(browser, language, grievance):
    page = browser.get(f"/r/{create_link('say-to-stay').token}?lang={language}")
    inset = page.soup.select_one(".govuk-inset-text")
    assert grievance in inset.get_text()
    assert inset.select_one("a") is None  # no link to the public complaints route


def test_public_surveys_still_say_how_to_complain(app, browser):
    for slug in ("stop-search", "listening-session"):
        page = browser.get(f"/r/{create_link(slug).token}")
        link = page.soup.select_one(".govuk-inset-text a")
        assert link.get_text() == COMPLAINTS and link["href"] == app.config["COMPLAINTS_URL"]
