"""Administrators can see retention on its page: how long responses are kept, what that keeps
today, when the nightly job that deletes old ones last ran and when it last deleted any, and,
on this page and their first, that responses past the period are still kept when the nightly
purge has not run, with what to do (the design gives admins retention; before, nothing in the
service showed it)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import retention
from app.services.audit_retention import PURGE_ACTION
from models import AuditEvent, Role, User, db, today, utcnow
from tests.app.test_audit_retention import DAY, event_at, start_of
from tests.app.test_retention import make_response
from tests.pages import Browser
from tests.staff import signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _rows(page, summary: str = "#retention-status") -> dict[str, str]:
    return {
        " ".join(row.select_one("dt").get_text().split()): " ".join(
            row.select_one("dd").get_text().split()
        )
        for row in page.soup.select(f"{summary} .govuk-summary-list__row")
    }


def _said(element) -> str:
    return " ".join(element.get_text().split())


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
        "Nightly job last ran": "Never",
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
    link = banner.select_one("a")
    assert link.get_text() == "See retention"  # where it goes, not a bare "Retention"
    page = browser.get(link["href"])
    assert page.soup.select_one("h1").get_text() == "Retention"
    assert _rows(page)["Waiting to be deleted"] == f"3 responses sent before {kept_from:%B %Y}"
    # The page itself warns, before its heading, and says what to do.
    warning = page.soup.select_one("main .govuk-notification-banner")
    assert _said(warning.select_one(".govuk-notification-banner__title")) == "Important"
    said = _said(warning)
    assert "3 responses are older than the retention period and not deleted yet." in said
    assert "Ask whoever runs this service to check that the job is running" in said
    assert "flask retention purge" in said
    assert warning.find_next("h1") is not None  # read before the heading

    retention.purge(retention_months=24, journey_ttl=dt.timedelta(hours=24))
    assert not browser.get("/admin/users").soup.select(".govuk-notification-banner")
    page = browser.get("/admin/retention")
    assert not page.soup.select(".govuk-notification-banner")

    rows = _rows(page)
    assert rows["Waiting to be deleted"] == "None"
    assert rows["Old responses last deleted"].endswith(": 3 responses deleted")
    assert str(today().year) in rows["Old responses last deleted"]


def test_a_night_with_nothing_to_delete_does_not_hide_the_last_deletion(admin, browser: Browser):
    """Responses go by the month, so on most nights the job deletes none: the page says both
    that the job ran last night and when it last deleted responses, and audit events."""
    kept_from = retention.first_month_kept(24)
    for _ in range(2):
        make_response(kept_from - dt.timedelta(days=1))
    event_at(start_of(retention.retention_cutoff(72)) - DAY)
    retention.purge(
        retention_months=24, journey_ttl=dt.timedelta(hours=24), audit_retention_months=72
    )
    deleting = db.session.scalars(select(AuditEvent).where(AuditEvent.action == PURGE_ACTION)).one()
    three_weeks_ago = utcnow() - 21 * DAY
    deleting.occurred_at = three_weeks_ago
    db.session.commit()
    retention.purge(
        retention_months=24, journey_ttl=dt.timedelta(hours=24), audit_retention_months=72
    )  # last night's: nothing was due

    page = browser.get("/admin/retention")

    rows = _rows(page)
    assert rows["Waiting to be deleted"] == "None"
    assert rows["Nightly job last ran"] == f"{utcnow().day} {utcnow():%B %Y}"
    assert rows["Old responses last deleted"] == (
        f"{three_weeks_ago.day} {three_weeks_ago:%B %Y}: 2 responses deleted"
    )
    assert _rows(page, "#audit-retention-status")["Old audit events last deleted"] == (
        f"{three_weeks_ago.day} {three_weeks_ago:%B %Y}: 1 event deleted"
    )
