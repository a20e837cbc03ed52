"""The administrator's own password, asked for before a page hands out a way into an account.

Resetting someone's password or two-factor sign-in, adding a user, changing a role and making
an API token each give the person at the browser a credential, or an account with more access.
A signed-in browser left unattended is not enough for them (OWASP ASVS 3.7.1): the page asks
for the administrator's password too, as Your account does before a change to their own
sign-in (:mod:`app.auth.account`). Wrong passwords count against the same limits as failed
sign-ins and the account pages (per account and address, and per account from every address:
:mod:`app.auth.guessing`), so these pages are no way round them; reaching one is recorded in
the audit log as there.
"""

from __future__ import annotations

from flask import make_response, render_template, request
from flask_limiter import RequestLimit
from flask_login import current_user

# The sign-in pages' own limits on wrong passwords, their keys and audit records: one count.
from app.auth import guessing
from app.forms import Form
from app.services import users

#: Said on the field when the password sent is not the administrator's.
PASSWORD_NOT_RIGHT = "Your password is not right"  # noqa: S105 - a message, not a password  # nosec B105


def _too_many_wrong_passwords(limit: RequestLimit):
    minutes = max(1, round(limit.limit.get_expiry() / 60))
    page = render_template("admin/too_many_attempts.html", minutes=minutes, again=request.path)
    return make_response(page, 429)


#: For a view whose form has :func:`app.auth.forms.your_password`: wrong passwords count
#: against the administrator's sign-in limits, and reaching one shows a page saying that
#: nothing was done.
limit_wrong_passwords = guessing.limit_wrong_passwords(
    signed_in=True, page=_too_many_wrong_passwords
)


def _account_concerned() -> str | None:
    """The email address of the account the page is about (resetting, or changing the role
    of, someone), for the audit log; None on a page about no account."""
    public_id = (request.view_args or {}).get("public_id")
    user = users.by_public_id(public_id) if public_id else None
    return user.email if user is not None else None


def sent_with_own_password(form: Form) -> bool:
    """Whether ``form`` was sent, with its CSRF token, with every answer acceptable and
    ``your_password`` the signed-in administrator's. A wrong one is an error on the field and
    counts against the limit; the password is checked even when another answer has a problem,
    so that every problem is listed at once, but not for a form sent without a good token."""
    valid = form.validate_on_submit()
    field = form.your_password
    if not form.is_submitted() or "csrf_token" in form.errors or field.errors:
        return False
    if users.verify_password(current_user.password_hash, field.data):
        return valid
    guessing.wrong_own_password_given(request.endpoint or "", _account_concerned())
    field.errors.append(PASSWORD_NOT_RIGHT)
    return False
