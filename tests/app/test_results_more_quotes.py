"""An analyst reading why a group said what it did can read every answer behind a theme, ten
more at a time, not only the ten most recent; the heading says whether they are all of them."""

from __future__ import annotations

from flask.testing import FlaskClient

from models import Role
from tests.pages import Browser
from tests.results_data import add_responses, group
from tests.staff import signed_in

VIEW = "/results/stop-search?theme=Respect+and+manner&group=white"


def _answers(count: int) -> None:
    """``count`` White respondents' answers raising "Respect and manner", one each, and others
    on another theme, so that 25 White respondents wrote something (quotes need 20)."""
    made = []
    for n in range(count):
        made += group(
            1, "white", texts=[("improve", f"Answer {n + 1}", -0.5, ["Respect and manner"])]
        )
    made += group(
        25 - count,
        "white",
        texts=[("improve", "They explained the grounds.", 0.4, ["Explanation of grounds"])],
    )
    add_responses(made)


def _shown(page) -> list[str]:
    return [quote.get_text() for quote in page.soup.select(".app-quote")]


def test_ten_more_answers_at_a_time_until_all_are_shown(client: FlaskClient, browser: Browser):
    _answers(23)
    signed_in(client, Role.ANALYST)
    page = browser.get(VIEW)
    assert len(_shown(page)) == 10
    assert page.soup.select_one("#quotes h3").get_text().endswith("the 10 most recent answers")
    more = page.soup.find("a", string="Show 10 more answers")
    assert more is not None
    assert more["href"].endswith("shown=20#quote-11")
    assert "theme=Respect+and+manner" in more["href"] and "group=white" in more["href"]

    page = browser.get(more["href"])
    assert len(_shown(page)) == 20
    assert page.soup.select_one("#quote-11") is not None
    more = page.soup.find("a", string="Show 10 more answers")

    page = browser.get(more["href"])
    shown = _shown(page)
    assert sorted(shown) == sorted(f"Answer {n}" for n in range(1, 24))
    assert page.soup.select_one("#quotes h3").get_text().endswith("all 23 answers")
    assert page.soup.find("a", string="Show 10 more answers") is None


def test_exactly_ten_answers_are_all_of_them(client: FlaskClient, browser: Browser):
    _answers(10)
    signed_in(client, Role.ANALYST)
    page = browser.get(VIEW)
    assert len(_shown(page)) == 10
    assert page.soup.select_one("#quotes h3").get_text().endswith("all 10 answers")
    assert page.soup.find("a", string="Show 10 more answers") is None


def test_a_made_up_number_of_answers_shows_the_first_ten(client: FlaskClient, browser: Browser):
    _answers(23)
    signed_in(client, Role.ANALYST)
    for shown in ("abc", "-5", "0", "100000", "9" * 40):
        page = browser.get(f"{VIEW}&shown={shown}")
        assert page.status == 200, shown
        assert len(_shown(page)) == 10, shown
    assert len(_shown(browser.get(f"{VIEW}&shown=15"))) == 20  # rounded up to whole tens
