"""The key shown on the two-factor set-up page belongs to the session that was shown it.

Until it is proved with a code, an account's new key is kept, so that reloading the set-up page
shows the QR code already scanned. But the page is open to anyone with the password alone: an
administrator's reset of two-factor sign-in (a lost phone) or a new account's temporary password
sends its owner there at their next sign-in. Were the key kept across sessions, someone who
knew the password could open the page first, copy the key and leave it unproved; its owner
would then be shown the same key, add it to their app and prove it, and both would hold the
second factor without anyone noticing. So a key made in another session is never shown: a new
one replaces it, and the other session's copy proves nothing.
"""

from __future__ import annotations

import hashlib

from flask import session

from app.services import two_factor
from models import User

#: A digest of the stored (encrypted) key this session was shown; never the key itself.
KEY_SHOWN = "staff_two_factor_key_shown"


def _digest(user: User) -> str:
    return hashlib.sha256(str(user.totp_secret).encode()).hexdigest()


def key_for_this_session(user: User) -> str:
    """The new key to add to an app: the one this session was shown already, or a new one."""
    if user.totp_secret is not None and session.get(KEY_SHOWN) != _digest(user):
        user.totp_secret = None  # made for another session: start_enrolment makes another
    secret = two_factor.start_enrolment(user)
    session[KEY_SHOWN] = _digest(user)
    return secret


def enrolled() -> None:
    """The key is proved: nothing about it is kept in the session any longer."""
    session.pop(KEY_SHOWN, None)
