"""A theme added from "Themes the list misses" goes back there once it is saved, with the
number of themes looked for as it was, so the analyst can add the next one; the message that it
was added shows there. Added from the Themes page, or with a ``next`` that is not a path on this
site, it goes to the Themes page."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from app.services import surveys, taxonomy
from models import User
from tests.app.coding_helpers import add_answers
from tests.app.test_back_links import OFF_SITE
from tests.pages import Browser, Page

BASE = "/results/stop-search/coding"
DISCOVER = f"{BASE}/discover?k=5"
NEW_THEME = {
    "name": "Waiting in the rain",
    "description": "Being kept waiting outside, in the cold or the rain",
    "seeds": "rain\nvan",
}


def success(page: Page) -> str:
    banner = page.soup.select_one(".govuk-notification-banner--success")
    assert banner is not None, "no success message"
    return " ".join(banner.get_text(" ").split())


def theme_names() -> list[str]:
    return [theme.name for theme in taxonomy.themes_of(surveys.get_survey("stop-search"))]


@pytest.fixture
def found(analyst: User) -> None:
    texts = [f"The dog handler brought a sniffer dog to the car, number {i}" for i in range(15)]
    texts += [f"Waited an hour in the cold rain for the van, time {i}" for i in range(15)]
    add_answers(texts)


def test_saving_a_theme_added_from_those_found_goes_back_to_them(found, browser: Browser):
    page = browser.get(DISCOVER)
    add = page.soup.select_one("a[href*='/coding/themes/new?seeds=']")["href"]
    browser.get(add)

    page = browser.post(add, data=NEW_THEME)

    assert page.status == 200
    assert page.url == f"{BASE}/discover"
    assert page.h1 == "Themes the list misses"
    assert (
        page.soup.select_one("select[name=k] option[selected]")["value"] == "5"
    )  # as the analyst left it
    assert "Waiting in the rain has been added." in success(page)
    assert "Waiting in the rain" in theme_names()


def test_a_theme_added_from_the_themes_page_goes_back_to_the_themes(found, browser: Browser):
    browser.get(f"{BASE}/themes/new")

    page = browser.post(data=NEW_THEME)

    assert page.url == f"{BASE}/themes"
    assert "Waiting in the rain has been added." in success(page)


@pytest.mark.parametrize("elsewhere", OFF_SITE)
def test_a_next_off_the_site_is_not_followed_after_saving(found, browser: Browser, elsewhere: str):
    url = f"{BASE}/themes/new?" + urlencode({"next": elsewhere})
    browser.get(url)

    response = browser.client.post(
        url,
        data={"csrf_token": browser.page.csrf_token(), **NEW_THEME},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"{BASE}/themes"
    assert "Waiting in the rain" in theme_names()
