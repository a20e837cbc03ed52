"""API tokens: the list, a new token (its secret shown once), and revoking one after asking.

Revoking cannot be undone, and the system that used the token stops working at once, so the
list only links to the question, as a user's page does before deactivating them.
"""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, url_for
from flask_login import current_user

from app.admin import bp
from app.admin.forms import NewTokenForm
from app.forms import confirm_then
from app.services import api_tokens
from models import ApiToken


def _token(public_id: str) -> ApiToken:
    token = api_tokens.by_public_id(public_id)
    if token is None:
        abort(404)
    return token


def _scope_names() -> dict[str, str]:
    """What each scope lets a token do, in words, by the scope's code."""
    return {scope.value: text for scope, text in api_tokens.SCOPE_DESCRIPTIONS.items()}


@bp.get("/tokens", endpoint="tokens")
def tokens_list():
    return render_template(
        "admin/tokens.html",
        tokens=api_tokens.all_tokens(),
        links_made=api_tokens.links_made(),
        scope_names=_scope_names(),
    )


@bp.route("/tokens/new", methods=["GET", "POST"])
def tokens_new():
    form = NewTokenForm()
    if form.validate_on_submit():
        try:
            made = api_tokens.create_token(form.name.data, form.scopes.data, current_user)
        except api_tokens.ApiTokenError as error:
            form.name.errors.append(str(error))
        else:
            return render_template(
                "admin/token_once.html",
                token=made.token,
                secret=made.secret,
                scope_names=_scope_names(),
                api_description=current_app.config["PUBLIC_BASE_URL"].rstrip("/")
                + url_for("api.openapi"),
            )
    return render_template("admin/token_new.html", form=form), 400 if form.errors else 200


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
        url_for("admin.tokens"),
        "admin/token_revoke.html",
        token=token,
        may=", ".join(_scope_names().get(scope, scope) for scope in token.scopes.split()),
    )
