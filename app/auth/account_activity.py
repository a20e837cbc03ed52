"""Telling staff of the activity on their own account: the recent activity on Your account
(:mod:`app.auth.account`), and a banner on the first page after a full sign-in when there were
failed attempts since the last one, or an administrator changed how they sign in. The service
sends no email, so this is where they hear of it (:mod:`app.services.account_activity`)."""

from __future__ import annotations

import datetime as dt

from flask import flash, session, url_for
from markupsafe import Markup

from app.auth import session as staff_session
from app.services import account_activity
from models import User


def session_started() -> dt.datetime | None:
    """When this session's password was given, as the session recorded it (to the second)."""
    signed_in_at = session.get(staff_session.SIGNED_IN_AT)
    return dt.datetime.fromtimestamp(signed_in_at, dt.UTC) if signed_in_at else None


def tell_of_activity_since_last_sign_in(user: User, *, also: str | None = None) -> None:
    """Once a sign-in is complete: one banner on the next page, if there were failed attempts
    on the account since the last sign-in, or an administrator reset its password or two-factor
    sign-in, saying so, with a link to Your account. ``also`` is another message for the same
    banner (a GOV.UK page has one notification banner), flashed alone when there is nothing
    to tell."""
    told = account_activity.activity(user, session_started()).told_at_sign_in()
    if told is None:
        if also:
            flash(also)
        return
    link = Markup('<a class="govuk-notification-banner__link" href="{}">{}</a>').format(
        url_for("auth.account", _anchor="recent-activity"),
        "Check the recent activity on your account",
    )
    message = Markup("{} {}.").format(told, link)
    flash(Markup("{} {}").format(also, message) if also else message)
