"""After a stop and search, the next stop: "Make another code" goes straight to what a code
for the same survey needs, as the officer chose it a moment ago, with "Change" to pick
another. The area is still chosen each time: the next stop may be somewhere else."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from models import Role
from tests.factories import create_area
from tests.pages import Browser
from tests.staff import signed_in


@pytest.fixture
def officer(client: FlaskClient):
    return signed_in(client, Role.OFFICER, email="pc.jones@example.org")


def test_make_another_code_goes_straight_to_the_same_surveys_second_step(officer, browser: Browser):
    create_area("north", "North District")
    browser.get("/officer/codes/new?survey=stop-search")
    code_page = browser.post(data={"survey": "stop-search", "area": "north", "count": "1"})
    assert code_page.h1 == "Show this QR code to the person"

    another = code_page.soup.find("a", string=lambda text: text and "Make another code" in text)
    page = browser.get(another["href"])
    assert page.status == 200
    assert page.h1 == "Make a code"
    assert "Stop and search: tell us how it went" in page.text()
    assert any("Change" in link.get_text() for link in page.soup.select("main a"))
    area = page.soup.select_one("select[name=area] option[selected]")
    assert area is None or area["value"] == "", "the area is chosen again for each stop"

    # And it makes the next code as the first was made.
    assert browser.post(data={"survey": "stop-search", "area": "north", "count": "1"}).h1 == (
        "Show this QR code to the person"
    )
