"""What an officer meets printing cards, found by walking through it as one: the card and the
sheet both say which language the cards are in, and offer the other."""

from __future__ import annotations

from flask.testing import FlaskClient
from flask_babel import refresh

from app.services.links import create_links
from models import Role
from tests.factories import create_link
from tests.pages import Browser
from tests.staff import signed_in


def _choice(page) -> tuple[str, dict[str, str]]:
    """The language the cards are in now, and the others, each with its address."""
    choice = page.soup.select_one("#card-language")
    current = choice.select_one("[aria-current=true]")
    return current.get_text(), {
        link.find(string=True, recursive=False): link["href"] for link in choice.select("a")
    }


def test_the_card_says_which_language_it_is_in(client: FlaskClient, browser: Browser):
    officer = signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    link = create_link(created_by_id=officer.id)

    page = browser.get(f"/officer/codes/{link.token}/card")

    assert _choice(page) == ("English", {"Cymraeg": f"/officer/codes/{link.token}/card?lang=cy"})

    refresh()  # the test's app context outlives the request that chose English
    welsh = browser.get(f"/officer/codes/{link.token}/card?lang=cy")
    assert _choice(welsh) == ("Cymraeg", {"English": f"/officer/codes/{link.token}/card?lang=en"})
    assert welsh.soup.select_one(".app-card")["lang"] == "cy"


def test_a_sheet_of_cards_can_be_printed_in_welsh(client: FlaskClient, browser: Browser):
    officer = signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    made = create_links("stop-search", count=10, created_by_id=officer.id)
    sheet = f"/officer/codes/sheets/{made[0].batch}"

    page = browser.get(sheet)
    current, others = _choice(page)
    assert (current, others) == ("English", {"Cymraeg": f"{sheet}?lang=cy"})

    refresh()
    welsh = browser.get(others["Cymraeg"])
    cards = welsh.soup.select(".app-card")
    assert len(cards) == 10 and all(card["lang"] == "cy" for card in cards)
    assert _choice(welsh)[0] == "Cymraeg"
