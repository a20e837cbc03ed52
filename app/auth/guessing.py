"""The limits on guessing at sign-in and on the pages that ask for the signed-in person's
password: what counts as a wrong guess, the keys the counts are kept under (hashes, never email
addresses), the page that says to wait, and the audit record of a lock-out. Kept together so
that every page that checks a password counts against the same limit per account, and none is
a way round another's (:mod:`app.auth.views`, :mod:`app.auth.account`,
:mod:`app.admin.own_password`)."""

from __future__ import annotations

import hashlib

from flask import current_app, g, make_response, render_template, request
from flask_limiter import RequestLimit
from flask_login import current_user

from app.extensions import limiter
from app.services import audit, users


def email_key() -> str:
    # A hash, so that the limiter's storage never holds email addresses.
    email = users.normalise_email(request.form.get("email", ""))
    return "sign-in:" + hashlib.sha256(email.encode()).hexdigest()


def own_email_key() -> str:
    """The signed-in user's key in the same count of failed sign-ins (the change-password
    form's guesses at the current password)."""
    email = current_user.email if current_user.is_authenticated else ""
    return "sign-in:" + hashlib.sha256(email.encode()).hexdigest()


# The limits on guessing count only a password or code that was checked and found wrong: not
# a form sent empty or a code of the wrong length (pressing Enter five times locks nobody out),
# and not a right password refused for another reason (a deactivated account). Wrong passwords
# count against one limit per account, on the sign-in page and, as the current password, on
# the account pages that ask for it (app.auth.account) alike: a signed-in session without the
# password cannot be used to guess it. A wrong password and a wrong code are counted apart,
# each against its own limit: the set-up page can ask for both.
WRONG_SIGN_IN_GUESS = "wrong_sign_in_guess"
WRONG_CODE_GUESS = "wrong_code_guess"


def wrong_password_given() -> None:
    """Count this request against the limit on guessing passwords."""
    g.setdefault(WRONG_SIGN_IN_GUESS, True)


def wrong_code_given() -> None:
    """Count this request against the limit on guessing two-factor codes."""
    g.setdefault(WRONG_CODE_GUESS, True)


def was_a_wrong_password(_response) -> bool:
    return g.pop(WRONG_SIGN_IN_GUESS, False)


def was_a_wrong_code(_response) -> bool:
    return g.pop(WRONG_CODE_GUESS, False)


def record_lock_out(limit: RequestLimit, target: str | None, reason: str) -> None:
    """Record in the audit log that a limit on guessing was reached: once for each time it is
    reached (the first refusal in its window), not for every refused request, so that someone
    hammering the form cannot flood the log."""
    window = limit.limit.get_expiry()
    marker = "lock-out-recorded:" + hashlib.sha256(repr(limit.request_args).encode()).hexdigest()
    if limiter.storage.incr(marker, window) == 1:
        audit.record("sign_in.locked_out", target, {"reason": reason})


def account_email(email: str | None) -> str | None:
    """The account's address for the log, only when ``email`` is an account's: what was typed
    may be a password."""
    account = users.by_email(email or "")
    return account.email if account else None


def too_many(limit: RequestLimit, *, asking_for: str | None = None):
    minutes = max(1, round(limit.limit.get_expiry() / 60))
    page = render_template("auth/too_many_attempts.html", minutes=minutes, asking_for=asking_for)
    return make_response(page, 429)


def too_many_sign_ins(limit: RequestLimit):
    record_lock_out(limit, None, "too many sign-ins from one address")
    return too_many(limit)


def too_many_wrong_passwords(limit: RequestLimit):
    email = account_email(request.form.get("email"))
    record_lock_out(limit, email, "too many wrong passwords for this account")
    return too_many(limit)


def limit_wrong_passwords(key_func, on_breach, exempt_when=None):
    """Wrong passwords count against one limit per account, whether guessed at sign-in or as
    the current password on an account page: one scope, so that no page is a way round
    another's limit."""
    return limiter.shared_limit(
        lambda: current_app.config["SIGN_IN_FAILURE_LIMIT"],
        scope="sign-in-failures",
        key_func=key_func,
        methods=["POST"],
        deduct_when=was_a_wrong_password,
        exempt_when=exempt_when,
        on_breach=on_breach,
    )


def limit_wrong_current_passwords(*, asking_for: str, exempt_when=None):
    """For a page that asks for the signed-in person's current password: wrong ones count
    against the sign-in limit for their account, and reaching it shows a page about
    ``asking_for`` ("password", "recovery_codes" or "two_factor")."""

    def on_breach(limit: RequestLimit):
        record_lock_out(limit, current_user.email, "too many wrong passwords for this account")
        return too_many(limit, asking_for=asking_for)

    return limit_wrong_passwords(own_email_key, on_breach, exempt_when)
