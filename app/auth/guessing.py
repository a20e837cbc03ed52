"""The limits on guessing at sign-in and on the pages that ask for the signed-in person's
password: what counts as a wrong guess, the keys the counts are kept under, the page that says
to wait, and the audit record of a lock-out. Kept together so that every page that checks a
password counts against the same limits, and none is a way round another's
(:mod:`app.auth.views`, :mod:`app.auth.account`, :mod:`app.admin.own_password`).

Two limits on wrong passwords, so that a stranger cannot lock someone out (OWASP ASVS 2.2.1):

- ``SIGN_IN_FAILURE_LIMIT`` (5 per 15 minutes) counts wrong passwords for one account *from
  one client address*. Reaching it refuses that address for that account, and only that
  address: a stranger who knows an analyst's email address and types wrong passwords is
  refused, while the analyst signing in from their own address is not. An account keyed on
  the email address alone would let anyone lock any member of staff out, again and again.
- ``SIGN_IN_ACCOUNT_FAILURE_LIMIT`` (50 per hour) counts wrong passwords for the account from
  every address together. It is the one that stops a guess spread over many addresses; much
  higher than the first, it is reached only by many addresses at once, and then it refuses
  everyone, the owner too, and says so in the audit log with its own reason.

A refused request is not counted again (the view does not run), so one address adds at most
its own limit to the account's. The client address is :func:`app.extensions.client_address`,
as for every other limit, so that behind reverse proxies (``PROXY_FIX_X_FOR``) it is the
client's; an IPv6 address counts as its /64, the block one household or server is given, or
a single machine could count as millions of addresses.

The pages that ask for the signed-in person's own password (Your account, an administrator's
pages that hand out a way in) count against the same two limits as sign-in, keyed on the
signed-in account and the address: someone with a borrowed or stolen session cookie is
refused at their address as a stranger at sign-in is, and does not lock the owner out. The
limits on two-factor codes (``TWO_FACTOR_RATE_LIMIT``, in :mod:`app.auth.views`) stay per
account: only someone who has given the right password can send a code, so a stranger cannot
use them to lock anyone out, and counting them per address would let whoever has the password
try a million codes from enough addresses.

The limiter's storage never holds an email address or a client address: every key is an HMAC,
keyed with ``SECRET_KEY``, so that the storage cannot be matched against a list of staff
addresses or of IPv4 addresses by hashing them either.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Callable

from flask import Response, current_app, make_response, render_template, request
from flask_limiter import RequestLimit
from flask_login import current_user

from app.extensions import client_address, limiter
from app.services import audit, users

#: The audit log's reasons for the two limits on wrong passwords.
FROM_ONE_ADDRESS = "too many wrong passwords for this account from one address"
FROM_EVERY_ADDRESS = (
    "too many wrong passwords for this account from all addresses together: refused to everyone"
)


def _digest(*parts: str) -> str:
    secret = current_app.secret_key
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, "\n".join(parts).encode(), "sha256").hexdigest()


def client() -> str:
    """The client as the limits on guessing count it: its address, or an IPv6 address's /64."""
    address = client_address()
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def typed_email() -> str:
    """The email address typed on the sign-in form, as accounts are looked up."""
    return users.normalise_email(request.form.get("email", ""))


def own_email() -> str:
    """The signed-in person's email address."""
    return users.normalise_email(current_user.email if current_user.is_authenticated else "")


def sign_in_address_key() -> str:
    """The key of the limit on sign-in attempts from one client address."""
    return "sign-in-address:" + _digest("address", client())


def account_and_address_key(email: str) -> str:
    return "wrong-passwords:" + _digest("account and address", email, client())


def account_key(email: str) -> str:
    return "wrong-passwords-account:" + _digest("account", email)


# The limits on guessing count only a password or code that was checked and found wrong: not
# a form sent empty or a code of the wrong length (pressing Enter five times locks nobody out),
# and not a right password refused for another reason (a deactivated account). A wrong password
# and a wrong code are counted apart, each against its own limits: the set-up page can ask for
# both. The mark is kept on the request itself, which each limit reads after the view.
WRONG_SIGN_IN_GUESS = "listening_post.wrong_sign_in_guess"
WRONG_CODE_GUESS = "listening_post.wrong_code_guess"


def wrong_password_given() -> None:
    """Count this request against the limits on guessing passwords."""
    request.environ[WRONG_SIGN_IN_GUESS] = True


def wrong_own_password_given(asking_for: str, account: str | None = None) -> None:
    """The signed-in person's own password, asked for again before a change, was wrong: it
    counts against the limits as a wrong password at sign-in does, and is recorded in the
    audit log as a failed sign-in is (OWASP ASVS 7.2.1), so that guesses made at a browser
    left signed in are seen before any lock-out. ``asking_for`` says what the password was
    asked for; ``account`` is the account an administrator's page was about, if any. What
    was typed is never recorded."""
    wrong_password_given()
    detail = {"for": asking_for}
    if account is not None:
        detail["account"] = account
    audit.record("password_check.failed", current_user.email, detail)


def wrong_code_given() -> None:
    """Count this request against the limit on guessing two-factor codes."""
    request.environ[WRONG_CODE_GUESS] = True


def was_a_wrong_password(_response) -> bool:
    return request.environ.get(WRONG_SIGN_IN_GUESS, False)


def was_a_wrong_code(_response) -> bool:
    return request.environ.get(WRONG_CODE_GUESS, False)


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


def limit_wrong_passwords(
    *, signed_in: bool, page: Callable[[RequestLimit], Response], exempt_when=None
):
    """Both limits on wrong passwords, for a view that checks one: the sign-in page's typed
    email address, or with ``signed_in`` the signed-in person's own password. Reaching either
    is recorded in the audit log with its reason, and ``page`` says to wait."""
    email_of = own_email if signed_in else typed_email

    def target() -> str | None:
        return current_user.email if signed_in else account_email(typed_email())

    def on_breach(reason: str):
        def breached(limit: RequestLimit):
            record_lock_out(limit, target(), reason)
            return page(limit)

        return breached

    def shared(setting: str, scope: str, key_func, reason: str):
        return limiter.shared_limit(
            lambda: current_app.config[setting],
            scope=scope,
            key_func=key_func,
            methods=["POST"],
            deduct_when=was_a_wrong_password,
            exempt_when=exempt_when,
            on_breach=on_breach(reason),
        )

    from_address = shared(
        "SIGN_IN_FAILURE_LIMIT",
        "wrong-passwords-from-address",
        lambda: account_and_address_key(email_of()),
        FROM_ONE_ADDRESS,
    )
    from_everywhere = shared(
        "SIGN_IN_ACCOUNT_FAILURE_LIMIT",
        "wrong-passwords-for-account",
        lambda: account_key(email_of()),
        FROM_EVERY_ADDRESS,
    )

    def decorate(view):
        return from_address(from_everywhere(view))

    return decorate


def limit_wrong_sign_in_passwords():
    """For the sign-in page: wrong passwords for the account typed."""
    return limit_wrong_passwords(signed_in=False, page=too_many)


def limit_wrong_current_passwords(*, asking_for: str, exempt_when=None):
    """For a page that asks for the signed-in person's current password: wrong ones count
    against the limits for their account, and reaching one shows a page about ``asking_for``
    ("password", "recovery_codes" or "two_factor")."""
    return limit_wrong_passwords(
        signed_in=True,
        page=lambda limit: too_many(limit, asking_for=asking_for),
        exempt_when=exempt_when,
    )
