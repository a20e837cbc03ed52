"""Administrators can see retention on its page: how long responses are kept, what that keeps
today, when old ones were last deleted, and, on their first page, that responses past the
period are still kept when the nightly purge has not run (the design gives admins retention;
before, nothing in the service showed it)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient

from app.services import retention
from models import Role, User, today
from tests.app.test_retention import make_response
from tests.pages import Browser
from tests.staff import signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _rows(page) -> dict[str, str]:
    return {
        " ".join(row.select_one("dt").get_text().split()): " ".join(
            row.select_one("dd").get_text().split()
        )
        for row in page.soup.select("#retention-status .govuk-summary-list__row")
    }


def test_admins_see_how_long_responses_are_kept_and_when_they_were_last_deleted(
    admin, browser: Browser
):
    kept_from = retention.first_month_kept(24)
    make_response(kept_from)  # the oldest month still kept

    page = browser.get("/admin/retention")

    assert page.soup.select_one("h1").get_text() == "Retention"
    assert [h.get_text() for h in page.soup.select("main h2")] == [
        "Responses",
        "Audit log",
        "Who sets these periods",
    ]
    assert _rows(page) == {
        "Kept for": "24 months",
        "Kept today": f"Responses sent in {kept_from:%B %Y} or later",
        "Waiting to be deleted": "None",
        "Old responses last deleted": "Never",
    }
    assert not page.soup.select(".govuk-notification-banner")
    audit_link = page.soup.select_one("#who-sets-it ~ p a[href*='retention.purge']")
    assert audit_link["href"] == "/admin/audit?action=retention.purge"


def test_responses_past_the_period_and_not_deleted_are_pointed_out(admin, browser: Browser):
    kept_from = retention.first_month_kept(24)
    for _ in range(3):
        make_response(kept_from - dt.timedelta(days=1))  # the month before: past the period

    page = browser.get("/admin/users")

    banner = page.soup.select_one(".govuk-notification-banner")
    said = " ".join(banner.get_text().split())
    assert "3 responses are older than the retention period and not deleted yet." in said
    assert "flask retention purge" in said
    page = browser.get(banner.select_one("a")["href"])  # the Retention page
    assert _rows(page)["Waiting to be deleted"] == f"3 responses sent before {kept_from:%B %Y}"

    retention.purge(retention_months=24, journey_ttl=dt.timedelta(hours=24))
    assert not browser.get("/admin/users").soup.select(".govuk-notification-banner")
    page = browser.get("/admin/retention")

    rows = _rows(page)
    assert rows["Waiting to be deleted"] == "None"
    assert rows["Old responses last deleted"].endswith(": 3 responses deleted")
    assert str(today().year) in rows["Old responses last deleted"]
