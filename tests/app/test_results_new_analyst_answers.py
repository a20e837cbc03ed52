"""Pressing "Show answers" under "What people said" without a theme, or without a group, says
what to choose, beside the choice, and keeps what was chosen; the results stay on the page."""

from __future__ import annotations

from urllib.parse import urlencode

from flask.testing import FlaskClient

from models import Role
from tests.pages import Browser, Page
from tests.results_data import add_responses, group
from tests.staff import signed_in

THEME = "Respect and manner"


def _answers() -> None:
    texts = [("improve", "They were rude to me.", -0.5, [THEME])]
    add_responses(group(25, "white", texts=texts))
    add_responses(group(12, "black", answers={"satisfaction": "satisfied"}))


def _pressed(page: Page, button: str, **chosen: str) -> str:
    """The address a browser goes to when ``button`` of the results form is pressed, with
    the form's selects as the page left them except those in ``chosen``."""
    form = page.soup.select_one("form.app-results-filters")
    pairs = []
    for select in form.select("select"):
        option = select.select_one("option[selected]") or select.select_one("option")
        pairs.append((select["name"], chosen.get(select["name"], option["value"])))
    for box in form.select("input[type=text], input:not([type])"):
        pairs.append((box["name"], box.get("value", "")))
    pressed = next(b for b in form.select("button") if " ".join(b.get_text().split()) == button)
    if pressed.get("name"):
        pairs.append((pressed["name"], pressed.get("value", "")))
    action = pressed.get("formaction", form["action"]).split("#")[0]
    return f"{action}?{urlencode(pairs)}"


def _selected(page: Page, name: str) -> str:
    option = page.soup.select_one(f"select[name='{name}'] option[selected]")
    return option["value"] if option else ""


def test_show_answers_with_nothing_chosen_asks_for_both(client: FlaskClient, browser: Browser):
    _answers()
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    page = browser.get(_pressed(page, "Show answers"))
    assert page.status == 400
    assert page.error_summary() == [
        "Select a theme to read the answers that raise it",
        "Select a group to read its answers",
    ]
    assert page.title.startswith("Error:")
    links = [a["href"] for a in page.soup.select(".govuk-error-summary li a")]
    assert links == ["#theme", "#group"]
    assert "Select a theme to read the answers that raise it" in page.field_errors()
    # The results are still there to read.
    assert page.soup.select_one("#themes") is not None


def test_a_theme_without_a_group_asks_for_the_group_and_keeps_the_theme(
    client: FlaskClient, browser: Browser
):
    _answers()
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    page = browser.get(_pressed(page, "Show answers", theme=THEME))
    assert page.status == 400
    assert page.error_summary() == ["Select a group to read its answers"]
    assert _selected(page, "theme") == THEME
    assert page.soup.select(".app-quote") == []

    page = browser.get(_pressed(page, "Show answers", group="white"))
    assert page.status == 200
    assert page.error_summary() == []
    assert _selected(page, "theme") == THEME and _selected(page, "group") == "white"
    assert len(page.soup.select(".app-quote")) == 10


def test_a_group_without_a_theme_asks_for_the_theme_and_keeps_the_group(
    client: FlaskClient, browser: Browser
):
    _answers()
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    page = browser.get(_pressed(page, "Show answers", group="white"))
    assert page.error_summary() == ["Select a theme to read the answers that raise it"]
    assert _selected(page, "group") == "white"


def test_show_results_does_not_ask_for_a_theme_or_group(client: FlaskClient, browser: Browser):
    """Half a choice of answers to read is no error when the results are what is asked for."""
    _answers()
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    page = browser.get(_pressed(page, "Show results", theme=THEME))
    assert page.status == 200
    assert page.error_summary() == []
    assert _selected(page, "theme") == THEME
    # Nor do the report and the exports, which have no answers to read.
    report = browser.get(
        f"/results/stop-search/report?{urlencode({'theme': THEME, 'answers': 'show'})}"
    )
    assert report.status == 200 and report.error_summary() == []
