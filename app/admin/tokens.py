"""API tokens: the list, a new token (its secret shown once), and revoking one after asking.

Revoking cannot be undone, and the system that used the token stops working at once, so the
list only links to the question, as a user's page does before deactivating them.

Each token says when it expires, in UK time; the list points out those that stop working
soon (:func:`app.services.api_tokens.expires_soon`), while there is time to replace them.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, current_app, redirect, render_template, url_for
from flask_login import current_user

from app.admin import bp
from app.admin.forms import NewTokenForm
from app.admin.own_password import limit_wrong_passwords, sent_with_own_password
from app.auth.access import back_to
from app.forms import confirm_then
from app.services import api_tokens
from app.services.links import UK_TIME
from app.templating import format_date
from models import ApiToken, utcnow


def _token(public_id: str) -> ApiToken:
    token = api_tokens.by_public_id(public_id)
    if token is None:
        abort(404)
    return token


def _scope_names() -> dict[str, str]:
    """What each scope lets a token do, in words, by the scope's code."""
    return {scope.value: text for scope, text in api_tokens.SCOPE_DESCRIPTIONS.items()}


def _uk_date(when: dt.datetime) -> str:
    if when.tzinfo is None:  # SQLite gives back times without a zone; they are stored in UTC
        when = when.replace(tzinfo=dt.UTC)
    return format_date(when.astimezone(UK_TIME).date())


def expiry_words(token: ApiToken, now: dt.datetime) -> str:
    """ "Expires 3 March 2027", "Expired 1 May 2026" or "Does not expire"."""
    if token.expires_at is None:
        return "Does not expire"
    verb = "Expired" if token.has_expired(now) else "Expires"
    return f"{verb} {_uk_date(token.expires_at)}"


def _lifetime_hints(now: dt.datetime) -> list[dict]:
    """A hint for each of the form's lifetimes, in order: the day each would end on."""
    hints: list[dict] = [
        {"hint": {"text": f"Until {_uk_date(api_tokens.expiry_after(days, now))}"}}
        for days in api_tokens.LIFETIMES
    ]
    hints.append(
        {
            "hint": {
                "text": "Not recommended. If the token is copied or gets out, it works for "
                "anyone who has it until an administrator revokes it."
            }
        }
    )
    return hints


@bp.get("/tokens", endpoint="tokens")
def tokens_list():
    now = utcnow()
    tokens = api_tokens.all_tokens()
    return render_template(
        "admin/tokens.html",
        tokens=tokens,
        now=now,
        expiry={token.id: expiry_words(token, now) for token in tokens},
        expiring_soon=[token for token in tokens if api_tokens.expires_soon(token, now)],
        uk_date=_uk_date,
        links_made=api_tokens.links_made(),
        scope_names=_scope_names(),
    )


@bp.route("/tokens/new", methods=["GET", "POST"])
@limit_wrong_passwords
def tokens_new():
    """A new token, made only with the administrator's password: its secret works for whoever
    holds it."""
    form = NewTokenForm()
    if sent_with_own_password(form):
        try:
            made = api_tokens.create_token(
                form.name.data, form.scopes.data, current_user, form.expires_in_days()
            )
        except api_tokens.ApiTokenError as error:
            getattr(form, error.field, form.name).errors.append(str(error))
        else:
            return render_template(
                "admin/token_once.html",
                token=made.token,
                secret=made.secret,
                scope_names=_scope_names(),
                api_description=current_app.config["PUBLIC_BASE_URL"].rstrip("/")
                + url_for("api.openapi"),
            )
    return render_template(
        "admin/token_new.html", form=form, lifetime_hints=_lifetime_hints(utcnow())
    ), 400 if form.errors else 200


@bp.route("/tokens/<public_id>/revoke", methods=["GET", "POST"])
def tokens_revoke(public_id: str):
    """Asks first; only the confirming POST (with its CSRF token) revokes the token."""
    token = _token(public_id)
    if token.is_revoked:
        return redirect(url_for("admin.tokens"))

    def revoke() -> str:
        api_tokens.revoke(token)
        return f"The token {token.name} has been revoked. It no longer works."

    return confirm_then(
        revoke,
        back_to(url_for("admin.tokens")),  # the user's page, when revoking from there
        "admin/token_revoke.html",
        token=token,
        expiry=expiry_words(token, utcnow()),
        may=", ".join(_scope_names().get(scope, scope) for scope in token.scopes.split()),
    )
