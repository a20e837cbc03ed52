"""Warning staff before their session times out (WCAG 2.2.1, Timing adjustable).

A staff session ends after STAFF_IDLE_TIMEOUT_MINUTES without a request, and in any case
STAFF_SESSION_MAX_HOURS after sign-in (:func:`app.auth.session.idle_timeout`). Every staff page
carries a dialog, shut, with what :func:`session_time` says here; two minutes before the
session would end, ``timeout-warning.js`` opens it. Its "Stay signed in" button asks for the
account page in the background: like any staff request, that starts the idle time again. It
cannot lengthen a session beyond the longest a sign-in lasts: then the dialog says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app, session
from flask_login import current_user

from app.auth.session import LAST_SEEN, SIGNED_IN_AT


@dataclass(frozen=True)
class SessionTime:
    """What the warning needs to know, in seconds from now."""

    idle_seconds: int  # how long a session lasts without a request
    seconds_left: int  # until this session ends, unless it is used meanwhile
    longest_left: int  # until it ends whatever happens (the longest a sign-in lasts)


def session_time(now: int | None = None) -> SessionTime | None:
    """How long the signed-in person's session has left, or None when nobody is signed in."""
    if not current_user.is_authenticated:
        return None
    now = int(time.time()) if now is None else now
    config = current_app.config
    idle = config["STAFF_IDLE_TIMEOUT_MINUTES"] * 60
    longest = config["STAFF_SESSION_MAX_HOURS"] * 3600 - (now - session.get(SIGNED_IN_AT, now))
    idle_left = idle - (now - session.get(LAST_SEEN, now))
    return SessionTime(idle, max(0, min(idle_left, longest)), max(0, longest))
