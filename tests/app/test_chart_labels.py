"""Chart labels are shown as typed: an area or theme name with dollar signs in it (which
matplotlib would otherwise read as mathematical markup) neither breaks the results page nor
changes on the chart."""

from __future__ import annotations

from flask.testing import FlaskClient

from models import Role
from tests.factories import create_area
from tests.pages import Browser
from tests.results_data import add_responses, group
from tests.staff import signed_in

# Text between two dollar signs that is not valid mathematical markup.
ODD_NAME = r"Fees $\frac$ and $a^$ area"


def test_an_area_named_with_dollar_signs_is_shown_as_typed_on_the_results_charts(
    client: FlaskClient, browser: Browser
):
    odd = create_area("odd", ODD_NAME)
    add_responses(group(12, "white", area=odd, answers={"satisfaction": "satisfied"}))
    add_responses(group(12, "black", answers={"satisfaction": "dissatisfied"}))
    signed_in(client, Role.ANALYST)

    page = browser.get("/results/stop-search?by=area")

    assert page.status == 200
    assert page.table("Respondents by area")[ODD_NAME][0] == "12"
    chart_text = " ".join(
        " ".join(svg.get_text(" ").split()) for svg in page.soup.select("svg[role=img]")
    )
    assert "$\\frac$" in chart_text and "$a^$" in chart_text


def test_a_theme_named_with_dollar_signs_is_shown_as_typed_on_the_themes_heat_map(
    client: FlaskClient, browser: Browser
):
    signed_in(client, Role.ANALYST)
    browser.get("/results/stop-search/coding/themes/new")
    browser.post(data={"name": ODD_NAME, "name_cy": "", "description": "Fees.", "seeds": "fee"})
    texts = [("improve", "The fee was too high", 0.1, [ODD_NAME])]
    add_responses(group(30, "white", answers={"satisfaction": "satisfied"}, texts=texts))
    add_responses(group(30, "black", answers={"satisfaction": "satisfied"}, texts=texts))

    for address in ("/results/stop-search", "/results/stop-search/report"):
        page = browser.get(address)
        assert page.status == 200, address
        heat_maps = [
            " ".join(svg.get_text(" ").split())
            for svg in page.soup.select("svg[role=img]")
            if svg.select_one("title").get_text().startswith("Heat map")
        ]
        assert any("$\\frac$" in text for text in heat_maps), address


def test_an_area_named_with_a_character_xml_cannot_hold_still_gets_its_charts(
    client: FlaskClient, browser: Browser
):
    """U+FFFE passes the admin's area form; matplotlib writes it into the SVG as it is, which
    no XML parser reads, so the page and the printed report were a server error."""
    odd = create_area("odd", "North\ufffeDistrict")
    add_responses(group(12, "white", area=odd, answers={"satisfaction": "satisfied"}))
    add_responses(group(12, "black", answers={"satisfaction": "dissatisfied"}))
    signed_in(client, Role.ANALYST)

    for address in ("/results/stop-search?by=area", "/results/stop-search/report?by=area"):
        page = browser.get(address)
        assert page.status == 200, address
        chart_text = " ".join(
            " ".join(svg.get_text(" ").split()) for svg in page.soup.select("svg[role=img]")
        )
        assert "NorthDistrict" in chart_text, address
