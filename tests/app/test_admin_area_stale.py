"""An area saved from a page opened before another admin retired it (or offered it again):
refused, saying what changed, rather than quietly offering a retired area to officers again
when the admin only meant to correct its name."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.services import areas
from models import Role, User, db
from tests.factories import create_area
from tests.pages import Browser
from tests.staff import signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def save(browser: Browser, **data: str):
    """Press "Save" on the page last shown, as a browser sends its form."""
    shown = browser.page.soup.select_one("input[name=offered_when_shown]")
    return browser.post(data={**data, "offered_when_shown": shown["value"] if shown else ""})


def test_an_area_retired_meanwhile_is_not_offered_again_by_a_rename(admin, browser: Browser):
    area = create_area("north", "North Distrct")
    browser.get("/admin/areas/north")  # offered to officers when the page is shown
    areas.update_area(area, name="North Distrct", active=False)  # retired meanwhile

    page = save(browser, name="North District", name_cy="", active="yes")
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == [
        "Someone else stopped offering this area to officers while you had this page open. "
        "Check whether officers can choose it and save again"
    ]
    db.session.expire_all()
    assert area.active is False and area.name == "North Distrct"
    assert page.soup.select_one("input[name=name]")["value"] == "North District"

    # Saved again from the page that says so, it is saved as chosen there.
    save(browser, name="North District", name_cy="", active="no")
    db.session.expire_all()
    assert area.active is False and area.name == "North District"
