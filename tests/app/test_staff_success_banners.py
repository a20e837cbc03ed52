"""Something a staff member has just done is confirmed in the green "Success" banner: an area
added or saved, an account reactivated, their own password changed. "Important" is kept for
what needs their attention, such as a change that changed nothing."""

from __future__ import annotations

from flask.testing import FlaskClient

from models import Role
from tests.pages import Browser, Page
from tests.staff import PASSWORD, create_user, signed_in


def _banner(page: Page) -> tuple[str, str]:
    banner = page.soup.select_one(".govuk-notification-banner")
    assert banner is not None, page.text()
    title = banner.select_one(".govuk-notification-banner__title").get_text(strip=True)
    return title, " ".join(
        banner.select_one(".govuk-notification-banner__content").get_text().split()
    )


def test_an_admin_s_done_things_are_confirmed_as_a_success(client: FlaskClient, browser: Browser):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    browser.get("/admin/areas/new")
    page = browser.post(data={"code": "harbour", "name": "Harbour Ward", "name_cy": ""})
    assert _banner(page) == ("Success", "Harbour Ward has been added")

    browser.get("/admin/areas/harbour")
    page = browser.post(data={"name": "Harbour and Docks", "name_cy": "", "active": "yes"})
    assert _banner(page) == ("Success", "Harbour and Docks has been saved")

    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    browser.get(f"/admin/users/{officer.public_id}/deactivate")
    browser.post()
    browser.get(f"/admin/users/{officer.public_id}/reactivate")
    page = browser.post(data={"your_password": PASSWORD})
    assert _banner(page) == ("Success", "pc.jones@example.org can sign in again")

    browser.get(f"/admin/users/{officer.public_id}/role")
    page = browser.post(data={"role": "officer", "your_password": PASSWORD})
    assert _banner(page)[0] == "Important"  # nothing was done


def test_a_changed_password_is_confirmed_as_a_success(client: FlaskClient, browser: Browser):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    browser.get("/account/password")
    page = browser.post(
        data={
            "current_password": PASSWORD,
            "new_password": "a much longer new password",
            "confirm_password": "a much longer new password",
        }
    )
    assert _banner(page) == ("Success", "Your password has been changed")
