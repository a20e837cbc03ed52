"""Officers choose an area by its name, so no two areas may share one: adding or renaming an
area to another area's name (in any case) is a clear error that keeps what was typed; an area
keeps its own name when saved again, and can still be retired."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from models import Area, AuditEvent, Role, User, db
from tests.factories import create_area
from tests.pages import Browser, Page
from tests.staff import signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _area(code: str) -> Area:
    db.session.expire_all()
    return db.session.scalar(select(Area).where(Area.code == code))


@pytest.mark.parametrize("page", ["new", "edit"])
def test_another_areas_name_is_refused_keeping_what_was_typed(admin, browser: Browser, page):
    create_area("south", "South District")
    create_area("harbour", "Harbour Ward")
    db.session.commit()
    if page == "new":
        browser.get("/admin/areas/new")
        shown: Page = browser.post(
            data={"name": "  south DISTRICT ", "code": "docks", "name_cy": "Y Dociau"}
        )
    else:
        browser.get("/admin/areas/harbour")
        shown = browser.post(
            data={"name": "  south DISTRICT ", "name_cy": "Y Dociau", "active": "no"}
        )
    assert shown.status == 400
    assert shown.title.startswith("Error: ")
    error = "There is already an area called South District"
    assert shown.error_summary() == [error]
    assert shown.field_errors() == [error]
    link = shown.soup.select_one(".govuk-error-summary a")["href"]
    assert shown.soup.select_one(link)["name"] == "name"
    assert shown.soup.select_one("input[name='name']")["value"] == "south DISTRICT"
    assert shown.soup.select_one("input[name='name_cy']")["value"] == "Y Dociau"
    if page == "edit":
        assert shown.checked("active") == ["no"]
    # Nothing was saved, and nothing recorded.
    assert _area("docks") is None
    harbour = _area("harbour")
    assert (harbour.name, harbour.name_cy, harbour.active) == ("Harbour Ward", None, True)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("area.%"))) is None


def test_an_area_keeps_its_own_name_in_another_case_and_can_be_retired(admin, browser: Browser):
    create_area("south", "South District")
    create_area("harbour", "Harbour Ward")
    db.session.commit()
    browser.get("/admin/areas/harbour")
    page = browser.post(data={"name": "Harbour ward", "name_cy": "", "active": "no"})
    assert page.url == "/admin/areas"
    harbour = _area("harbour")
    assert (harbour.name, harbour.active) == ("Harbour ward", False)
    # A name nobody else has is taken as before.
    browser.get("/admin/areas/harbour")
    page = browser.post(data={"name": "Harbour and Docks", "name_cy": "", "active": "no"})
    assert page.url == "/admin/areas"
    assert _area("harbour").name == "Harbour and Docks"


def test_a_code_in_the_wrong_form_is_named_with_the_other_problems(admin, browser: Browser):
    browser.get("/admin/areas/new")
    page = browser.post(data={"name": "n" * 121, "code": "Bad Code!", "name_cy": "c" * 121})
    assert page.status == 400
    assert page.error_summary() == [
        "Area name must be 120 characters or fewer",
        "Welsh name must be 120 characters or fewer",
        "Area code must be 1 to 32 small letters, numbers or hyphens, like north-east",
    ]
    assert _area("bad code!") is None
