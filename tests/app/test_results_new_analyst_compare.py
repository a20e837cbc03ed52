"""Changing "Group by" in the form, with a group of the old grouping still chosen under
"Compare with", shows the new grouping compared with its usual reference group, with no
"Important" banner: one press of "Show results" is enough. An address that names a group
the grouping does not have is still told so."""

from __future__ import annotations

import json

from flask.testing import FlaskClient

from models import Role
from tests.pages import Browser, Page
from tests.results_data import add_responses, group
from tests.staff import signed_in

SATISFIED = {"satisfaction": "satisfied"}


def _responses() -> None:
    add_responses(group(20, "white", sex="female", answers=SATISFIED))
    add_responses(group(12, "black", sex="male", answers=SATISFIED))


def _compare_options(page: Page) -> list[str]:
    return [o["value"] for o in page.soup.select("select[name='compare'] option")]


def test_changing_the_grouping_uses_its_usual_reference_quietly(
    client: FlaskClient, browser: Browser
):
    _responses()
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search?compare=black")
    assert "Each group is compared with Black" in page.text()
    hidden = page.soup.select_one("form.app-results-filters input[name='shown_by']")
    assert hidden["value"] == "ethnic_group"

    # What the form sends once Group by is changed to Sex and Show results pressed.
    page = browser.get("/results/stop-search?by=sex&compare=black&shown_by=ethnic_group")
    assert page.status == 200
    assert page.soup.select_one(".govuk-notification-banner") is None
    assert page.error_summary() == []
    assert "Each group is compared with female respondents ." in page.text()
    # The form now offers the groups of the new grouping, the usual reference chosen.
    assert "male" in _compare_options(page) and "black" not in _compare_options(page)
    chosen = page.soup.select_one("select[name='compare'] option[selected]")
    assert chosen is None or chosen["value"] == ""
    # Its printable report and downloads are of the same view, with nothing to explain.
    report = page.soup.find("a", string="Printable report")
    report = browser.get(report["href"])
    assert report.status == 200
    assert report.soup.select_one(".govuk-notification-banner") is None


def test_an_address_naming_a_group_of_another_grouping_is_still_told(
    client: FlaskClient, browser: Browser
):
    _responses()
    signed_in(client, Role.ANALYST)
    for query in ("by=sex&compare=black", "by=sex&compare=black&shown_by=sex"):
        page = browser.get(f"/results/stop-search?{query}")
        banner = page.soup.select_one(".govuk-notification-banner")
        assert banner is not None, query
        assert "is not one of the groups when grouping by sex" in banner.get_text()


def test_compare_with_carries_every_groupings_groups_for_the_browser(
    client: FlaskClient, browser: Browser
):
    _responses()
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    select = page.soup.select_one("select[name='compare']")
    groups = json.loads(select["data-app-compare-groups"])
    by = [o["value"] for o in page.soup.select("select[name='by'] option")]
    assert sorted(groups) == sorted(by)
    assert ["female", "Female"] in groups["sex"]
    assert "white" in dict(groups["ethnic_group"]) and "white" not in dict(groups["sex"])
