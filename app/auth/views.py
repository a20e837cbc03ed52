"""Sign in, sign out, change password."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_limiter import RequestLimit
from flask_login import current_user, login_required

from app.auth import bp
from app.auth import session as staff_session
from app.auth.access import home_url, staff_context
from app.auth.forms import ChangePasswordForm, SignInForm
from app.extensions import limiter
from app.services import users

SIGN_IN_FAILED = "Enter a correct email address and password"

bp.context_processor(staff_context)


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None: never an off-site redirect."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(char) < 32 or char == "\\" for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _email_key() -> str:
    # A hash, so that the limiter's storage never holds email addresses.
    email = users.normalise_email(request.form.get("email", ""))
    return "sign-in:" + hashlib.sha256(email.encode()).hexdigest()


def _too_many(limit: RequestLimit):
    minutes = max(1, round(limit.limit.get_expiry() / 60))
    return make_response(render_template("auth/too_many_attempts.html", minutes=minutes), 429)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"], on_breach=_too_many
)
@limiter.limit(
    lambda: current_app.config["SIGN_IN_FAILURE_LIMIT"],
    key_func=_email_key,
    methods=["POST"],
    deduct_when=lambda response: response.status_code == 400,
    on_breach=_too_many,
    scope="sign-in-failures",
)
def sign_in():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or home_url(current_user.role))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = users.authenticate(form.email.data, form.password.data)
        except users.UserError as error:
            form.email.errors.append(str(error))
        else:
            if user is not None:
                staff_session.start(user)
                if user.must_change_password:
                    return redirect(url_for("auth.change_password"))
                return redirect(safe_next(request.args.get("next")) or home_url(user.role))
            form.email.errors.append(SIGN_IN_FAILED)
    return render_template("auth/sign_in.html", form=form), 400 if form.errors else 200


@bp.route("/sign-out", methods=["GET", "POST"])
def sign_out():
    """Sign out everywhere: the cookie on this and every other device stops working."""
    staff_session.end(everywhere=True)
    flash("You have signed out")
    return redirect(url_for("auth.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            users.change_password(user, form.current_password.data, form.new_password.data)
        except users.UserError as error:
            form[error.field or "new_password"].errors.append(str(error))
        else:
            # Other sessions ended with the old token; this one starts afresh.
            staff_session.start(user)
            flash("Your password has been changed")
            return redirect(home_url(user.role))
    return render_template("auth/change_password.html", form=form), 400 if form.errors else 200
