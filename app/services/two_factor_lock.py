"""Two-factor sign-in locked after too many wrong codes in a row (NIST SP 800-63B 5.2.2).

The limit on wrong codes in a short time (``TWO_FACTOR_RATE_LIMIT``) slows guessing but never
stops it: someone who has the password could go on trying codes, a few every five minutes, for
ever. So each account also counts its wrong codes in a row, from the app or recovery codes,
from every address together; a right code starts the count again. At
``TWO_FACTOR_MAX_FAILURES`` its two-factor sign-in is locked, and only an administrator's reset
of it (:func:`app.services.two_factor.reset`) unlocks it.

The count is only ever changed by an UPDATE that does the arithmetic in the database, never
by reading it and writing it back, so wrong codes sent at the same moment are each counted, and
exactly one of them is the one that reaches the limit and records ``two_factor.locked`` in the
audit log (without the codes typed). A right code is accepted only while the account is not
locked, checked in the same UPDATE that clears the count.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from app.services import audit
from models import User, db

DEFAULT_MAX_FAILURES = 100


def max_failures() -> int:
    """Wrong codes in a row that lock an account's two-factor sign-in."""
    return int(current_app.config.get("TWO_FACTOR_MAX_FAILURES", DEFAULT_MAX_FAILURES))


def locked(user: User) -> bool:
    """Whether the account's two-factor sign-in is locked until an administrator resets it."""
    return user.has_two_factor and (user.two_factor_failures or 0) >= max_failures()


def count_wrong_code(user: User) -> bool:
    """Count a wrong code against the account; returns whether this one locked it.

    Call inside the transaction that refused the code: the count, and the audit event for the
    code that reached the limit, are committed with it."""
    failures = db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(two_factor_failures=User.two_factor_failures + 1)
        .returning(User.two_factor_failures)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    # What the database now holds, kept without marking the account changed: writing it back
    # at commit would undo wrong codes counted in the meantime.
    set_committed_value(user, "two_factor_failures", failures)
    if failures != max_failures():
        return False
    audit.add("two_factor.locked", user.email, actor=user)
    return True


def clear_after_right_code(user: User) -> bool:
    """Start the count again after a right code; False, changing nothing, if the account is
    locked (by a wrong code that reached the limit while this right one was being checked)."""
    cleared = db.session.execute(
        update(User)
        .where(User.id == user.id, User.two_factor_failures < max_failures())
        .values(two_factor_failures=0)
        .execution_options(synchronize_session=False)
    )
    if cleared.rowcount != 1:
        return False
    set_committed_value(user, "two_factor_failures", 0)
    return True
