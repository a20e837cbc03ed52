"""Quotes need at least k_text respondents in the group who wrote something (20 by default):
exactly 20 is enough, 19 is not, even though a group of 19 has its figures shown (k is 10).
Free text can name a street or an incident, and a quote from a group of a few people can be
traced back to one of them."""

from __future__ import annotations

from flask.testing import FlaskClient

from models import Role
from tests.factories import create_area
from tests.pages import Browser
from tests.results_data import add_responses, group
from tests.staff import signed_in

THEME = "Respect and manner"


def _view(browser: Browser, who: str):
    return browser.get(f"/results/stop-search?theme=Respect+and+manner&group={who}")


def test_quotes_are_shown_from_exactly_k_text_writers_and_not_from_one_fewer(
    client: FlaskClient, browser: Browser
):
    add_responses(
        group(20, "white", texts=[("improve", "Twenty of us wrote this.", -0.5, [THEME])])
        + group(19, "black", texts=[("improve", "Nineteen of us wrote this.", -0.5, [THEME])])
        + group(30, "asian")
    )
    signed_in(client, Role.ANALYST)

    twenty = _view(browser, "white")
    assert [q.get_text(strip=True) for q in twenty.soup.select(".app-quote")][:1] == [
        "Twenty of us wrote this."
    ]

    nineteen = _view(browser, "black")
    assert not nineteen.soup.select(".app-quote")
    assert "Nineteen of us wrote this." not in nineteen.text()
    assert "at least 20 respondents wrote something" in nineteen.text()


def test_quotes_by_area_come_from_the_chosen_area_alone(client: FlaskClient, browser: Browser):
    north, south = create_area("north", "North District"), create_area("south", "South District")
    add_responses(
        group(20, "white", area=north, texts=[("improve", "Said in the north.", -0.5, [THEME])])
        + group(20, "black", area=south, texts=[("improve", "Said in the south.", -0.5, [THEME])])
    )
    signed_in(client, Role.ANALYST)

    page = browser.get("/results/stop-search?by=area&theme=Respect+and+manner&group=north")

    quoted = {q.get_text(strip=True) for q in page.soup.select(".app-quote")}
    assert quoted == {"Said in the north."}
