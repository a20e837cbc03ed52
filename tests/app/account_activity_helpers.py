"""What the tests of Your account's recent activity share: events put in the audit log at a
given time, signing in and out, and reading the account page and the banners."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.services import two_factor
from models import AuditEvent, User, db
from tests.pages import Browser, Page
from tests.staff import PASSWORD, forget_request_state

NEW_PASSWORD = "a much longer password of my own"
WRONG = "not my password at all"
#: A recorded time, and how Your account shows it (British Summer Time, then GMT).
SUMMER = dt.datetime(2020, 7, 1, 12, 5, tzinfo=dt.UTC)
SUMMER_SHOWN = "1:05pm on 1 July 2020"
WINTER = dt.datetime(2020, 12, 24, 23, 30, tzinfo=dt.UTC)
WINTER_SHOWN = "11:30pm on 24 December 2020"


def happened(
    action: str, user: User, at: dt.datetime, *, by: User | None = None, **detail: str
) -> None:
    """An event about ``user``'s account in the log, at ``at``, done by ``by`` (or nobody)."""
    db.session.add(
        AuditEvent(
            occurred_at=at,
            action=action,
            target=user.email,
            actor_id=by.id if by else None,
            actor=by.email if by else None,
            detail=detail,
        )
    )
    db.session.commit()


def signed_in_before(user: User, at: dt.datetime) -> None:
    """A full sign-in of ``user`` at ``at``: the password, then the code if they have one."""
    if user.has_two_factor:
        happened("sign_in.password", user, at, by=user, second_factor="required")
        happened("sign_in.two_factor", user, at + dt.timedelta(seconds=20), by=user, method="app")
    else:
        happened("sign_in.password", user, at, by=user, second_factor="not required")


def an_hour_passes() -> None:
    """Every event in the log happened an hour earlier, and every code from an app was used an
    hour earlier too (call it while nobody is signed in: a session keeps its own time)."""
    for earlier in db.session.scalars(select(AuditEvent)):
        earlier.occurred_at -= dt.timedelta(hours=1)
    for user in db.session.scalars(select(User).where(User.totp_last_step.is_not(None))):
        user.totp_last_step -= 3600 // two_factor.STEP_SECONDS
    db.session.commit()


def sign_in(browser: Browser, email: str, password: str = PASSWORD) -> Page:
    """The page after giving the password (the first page, or the code page)."""
    forget_request_state()
    browser.get("/sign-in")
    return browser.post(data={"email": email, "password": password})


def sign_out(browser: Browser) -> None:
    browser.get("/sign-out")
    browser.post()


def banners(page: Page) -> list[str]:
    """Each notification banner's title and text, as "Title: text"."""
    return [
        " ".join(banner.select_one(".govuk-notification-banner__title").get_text().split())
        + ": "
        + " ".join(banner.select_one(".govuk-notification-banner__content").get_text().split())
        for banner in page.soup.select(".govuk-notification-banner")
    ]


def activity_rows(page: Page) -> dict[str, str]:
    """Your account's summary of sign-ins and failed attempts, as {key: value}."""
    return {
        " ".join(row.select_one("dt").get_text().split()): " ".join(
            row.select_one("dd").get_text(" ").split()
        )
        for row in page.soup.select("#sign-ins .govuk-summary-list__row")
    }


def failures_listed(page: Page) -> list[str]:
    return [" ".join(item.get_text().split()) for item in page.soup.select("#sign-ins dd ul li")]


def changes(page: Page) -> list[tuple[str, str]]:
    """The latest changes to how the person signs in, as (when, what happened)."""
    return [
        tuple(" ".join(cell.get_text().split()) for cell in row.select("td"))
        for row in page.soup.select("#sign-in-changes tbody tr")
    ]
