"""Your account: every staff member's own password and two-factor sign-in.

A page here that changes a credential asks for the current password first (OWASP ASVS 3.7.1,
2.5): a signed-in browser left unattended is not enough to change the password or to get new
recovery codes, each of which is a way in. Wrong passwords count against the same limits as
failed sign-ins (per account and address, and per account from every address:
:mod:`app.auth.guessing`), so these pages are no way round them.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.auth import bp
from app.auth import session as staff_session
from app.auth.access import home_url
from app.auth.account_activity import session_started
from app.auth.forms import ChangePasswordForm, NewRecoveryCodesForm
from app.auth.guessing import limit_wrong_current_passwords, wrong_own_password_given
from app.auth.views import role_needs_two_factor
from app.services import account_activity, audit, two_factor, users


def _fully_signed_in_or_redirect() -> object | None:
    """Where to send someone who has not finished signing in, or None."""
    pending = staff_session.second_factor_redirect()
    if pending is not None:
        return pending
    if current_user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return None


@bp.get("/account")
@login_required
def account():
    """Every staff member's own account: their password and two-factor sign-in, and the
    recent activity on it (sign-ins, failed attempts, changes to how they sign in)."""
    pending = _fully_signed_in_or_redirect()
    if pending is not None:
        return pending
    user = current_user._get_current_object()
    return render_template(
        "auth/account.html",
        user=user,
        two_factor_required=role_needs_two_factor(user),
        recovery_codes_left=two_factor.recovery_codes_left(user) if user.has_two_factor else 0,
        activity=account_activity.activity(user, session_started()),
    )


@bp.route("/account/two-factor/recovery-codes", methods=["GET", "POST"])
@login_required
@limit_wrong_current_passwords(asking_for="recovery_codes")
def new_recovery_codes():
    """Asks for the password first; with the right one, replaces the recovery codes and shows
    the new ones once. A wrong one changes nothing (400, with the error)."""
    pending = _fully_signed_in_or_redirect()
    if pending is not None:
        return pending
    user = current_user._get_current_object()
    if not user.has_two_factor:
        return redirect(url_for("auth.account"))
    form = NewRecoveryCodesForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.new_recovery_codes(user, form.password.data)
        except two_factor.PasswordNotRight as error:
            wrong_own_password_given("recovery_codes")
            form.password.errors.append(str(error))
        else:
            return render_template(
                "auth/recovery_codes.html", codes=codes, next_url=url_for("auth.account"), new=True
            )
    page = render_template("auth/new_recovery_codes.html", form=form)
    return page, 400 if form.errors else 200


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limit_wrong_current_passwords(asking_for="password")
def change_password():
    pending = staff_session.second_factor_redirect()
    if pending is not None:
        return pending
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            users.change_password(user, form.current_password.data, form.new_password.data)
        except users.UserError as error:
            form[error.field or "new_password"].errors.append(str(error))
            if error.field == "current_password":
                wrong_own_password_given("password")
        else:
            audit.record("user.password_changed", user.email)
            staff_session.restart(user)
            flash("Your password has been changed", "success")
            return redirect(home_url(user.role))
    if current_user.must_change_password:
        _asking_for_the_temporary_password(form)
    return render_template("auth/change_password.html", form=form), 400 if form.errors else 200


def _asking_for_the_temporary_password(form: ChangePasswordForm) -> None:
    """At the first sign-in, or after a reset, the password to give first is the temporary one
    an administrator gave: the field, and what its errors say, call it that."""
    field = form.current_password
    field.label.text = "Temporary password"
    field.description = "The password you were given, that you signed in with just now."
    field.errors = [
        message.replace("your current password", "your temporary password").replace(
            "Your current password", "Your temporary password"
        )
        for message in field.errors
    ]
