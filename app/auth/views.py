"""Sign in (password, then a code for analysts and admins), sign out, and setting up
two-factor sign-in. The account pages are in :mod:`app.auth.account`."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter import RequestLimit
from flask_login import current_user, login_required

from app.auth import bp, enrolment
from app.auth import session as staff_session
from app.auth.access import home_url, staff_context
from app.auth.account_activity import tell_of_activity_since_last_sign_in
from app.auth.forms import (
    ChooseTwoFactorForm,
    SetUpTwoFactorForm,
    SignInForm,
    TwoFactorCodeForm,
)
from app.auth.guessing import (
    limit_wrong_current_passwords,
    limit_wrong_sign_in_passwords,
    record_lock_out,
    sign_in_address_key,
    too_many_sign_ins,
    was_a_wrong_code,
    wrong_code_given,
    wrong_own_password_given,
    wrong_password_given,
)
from app.extensions import limiter
from app.forms import ConfirmForm
from app.services import audit, qr, two_factor, users

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


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["SIGN_IN_RATE_LIMIT"],
    key_func=sign_in_address_key,
    methods=["POST"],
    on_breach=too_many_sign_ins,
)
@limit_wrong_sign_in_passwords()
def sign_in():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or home_url(current_user.role))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = users.authenticate(form.email.data, form.password.data)
        except users.UserError as error:
            _record_failed_sign_in(form.email.data, error.reason or "refused")
            form.email.errors.append(str(error))
        else:
            if user is not None:
                staff_session.start(user)
                needs_code = two_factor.required_for(user)
                audit.record(
                    "sign_in.password",
                    user.email,
                    {"second_factor": "required" if needs_code else "not required"},
                    actor=user,
                )
                pending = staff_session.second_factor_redirect_after_sign_in(
                    safe_next(request.args.get("next"))
                )
                if pending is not None:
                    return pending
                tell_of_activity_since_last_sign_in(user)
                if user.must_change_password:
                    return redirect(url_for("auth.change_password"))
                return redirect(safe_next(request.args.get("next")) or home_url(user.role))
            _record_failed_sign_in(form.email.data, "wrong email address or password")
            wrong_password_given()
            form.email.errors.append(SIGN_IN_FAILED)
    return render_template("auth/sign_in.html", form=form), 400 if form.errors else 200


def _record_failed_sign_in(email: str, reason: str) -> None:
    # The address is kept only when it is an account's: what was typed may be a password.
    account = users.by_email(email)
    audit.record(
        "sign_in.failed",
        account.email if account else None,
        {"reason": reason if account else "no account with that email address"},
    )


def _user_key() -> str:
    return "two-factor:" + (str(current_user.id) if current_user.is_authenticated else "none")


def _too_many_codes(limit: RequestLimit):
    record_lock_out(limit, current_user.email, "too many wrong two-factor codes")
    minutes = max(1, round(limit.limit.get_expiry() / 60))
    return make_response(render_template("auth/too_many_codes.html", minutes=minutes), 429)


@bp.app_template_global("two_factor_locked")
def two_factor_locked(user) -> bool:
    """For the admin's page about an account: whether wrong codes locked its sign-in."""
    return two_factor.locked(user)


def _locked():
    """The page that says the account's two-factor sign-in is locked, and what to do. It says
    nothing of how many codes were tried: only that an administrator can unlock it."""
    return render_template("auth/two_factor_locked.html", form=ConfirmForm()), 403


def _after_second_factor(user) -> object:
    if user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return redirect(safe_next(request.args.get("next")) or home_url(user.role))


# Wrong codes count against one limit per account, on the code page and the set-up page alike:
# only someone who has given the right password can send one (app.auth.guessing says why).
_limit_code_attempts = limiter.shared_limit(
    lambda: current_app.config["TWO_FACTOR_RATE_LIMIT"],
    scope="two-factor-codes",
    key_func=_user_key,
    methods=["POST"],
    deduct_when=was_a_wrong_code,
    on_breach=_too_many_codes,
)


@bp.route("/sign-in/two-factor", methods=["GET", "POST"])
@login_required
@_limit_code_attempts
def two_factor_code():
    """The second step of signing in: a code from the app, or a recovery code."""
    user = current_user._get_current_object()
    if staff_session.second_factor_redirect() is None:
        return _after_second_factor(user)
    if not user.has_two_factor:
        return redirect(url_for("auth.two_factor_set_up", next=request.args.get("next")))
    if two_factor.locked(user):
        return _locked()
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        try:
            verified = two_factor.verify(user, form.code.data)
        except two_factor.TwoFactorLocked:
            audit.record("sign_in.two_factor_failed", user.email, {"reason": "locked"})
            return _locked()
        except two_factor.CodeAlreadyUsed as error:
            audit.record("sign_in.two_factor_failed", user.email, {"reason": error.reason})
            wrong_code_given()
            form.code.errors.append(str(error))
            return render_template("auth/two_factor.html", form=form), 400
        if verified is not None:
            audit.record("sign_in.two_factor", user.email, {"method": verified.method})
            staff_session.second_factor_done()
            recovery_code_used = None
            if verified.method == "recovery_code":
                recovery_code_used = (
                    f"You signed in with a recovery code. You have {verified.recovery_codes_left} "
                    "left. If you have lost your phone, ask an administrator to reset your "
                    "two-factor sign-in."
                )
            tell_of_activity_since_last_sign_in(user, also=recovery_code_used)
            return _after_second_factor(user)
        audit.record("sign_in.two_factor_failed", user.email)
        wrong_code_given()
        if two_factor.locked(user):
            return _locked()
        if two_factor.looks_like_recovery_code(form.code.data):
            form.code.errors.append(
                "That is not one of your recovery codes. Check it and enter it again, or enter "
                "the code your app shows now"
            )
        else:
            form.code.errors.append("The code is not right. Enter the code your app shows now")
    status = 400 if form.errors else 200
    return render_template("auth/two_factor.html", form=form), status


def _choosing_two_factor_later() -> bool:
    """Whether the set-up page is asking someone who finished signing in some time ago (an
    officer choosing it from Your account), not someone who has just given their password
    and must set it up to finish signing in."""
    return not staff_session.second_factor_pending()


@bp.route("/account/two-factor/set-up", methods=["GET", "POST"])
@login_required
@_limit_code_attempts
@limit_wrong_current_passwords(
    asking_for="two_factor", exempt_when=lambda: not _choosing_two_factor_later()
)
def two_factor_set_up():
    """Add Listening Post to an authenticator app, and prove it with a code.

    Chosen later from Your account, it asks for the password too (OWASP ASVS 3.7.1): an app
    set up by someone at a browser left signed in would be theirs, and would lock the owner
    out. Straight after the password, at sign-in, it does not ask again."""
    user = current_user._get_current_object()
    if user.has_two_factor:
        return redirect(url_for("auth.two_factor_code", next=request.args.get("next")))
    secret = enrolment.key_for_this_session(user)
    asks_password = _choosing_two_factor_later()
    form = ChooseTwoFactorForm() if asks_password else SetUpTwoFactorForm()
    if form.validate_on_submit():
        if asks_password and not users.verify_password(user.password_hash, form.password.data):
            wrong_own_password_given("two_factor")
            form.password.errors.append("Your password is not right")
        else:
            try:
                codes = two_factor.confirm_enrolment(user, form.code.data)
            except two_factor.TwoFactorError as error:
                audit.record("two_factor.set_up_failed", user.email)
                wrong_code_given()
                form.code.errors.append(str(error))
            else:
                audit.record("two_factor.set_up", user.email)
                staff_session.second_factor_done()
                enrolment.enrolled()
                if not asks_password:  # it finished signing in
                    tell_of_activity_since_last_sign_in(user)
                return render_template(
                    "auth/recovery_codes.html",
                    codes=codes,
                    next_url=safe_next(request.args.get("next")) or home_url(user.role),
                )
    uri = two_factor.provisioning_uri(user)
    return (
        render_template(
            "auth/two_factor_set_up.html",
            form=form,
            qr_code=qr.svg_markup(uri, label="QR code to add Listening Post to your app"),
            key=two_factor.grouped_key(secret),
            two_factor_required=role_needs_two_factor(user),
        ),
        400 if form.errors else 200,
    )


@bp.route("/sign-out", methods=["GET", "POST"])
def sign_out():
    """Sign out everywhere: the cookie on this and every other device stops working. Someone
    who has given only the password (the second factor still to come) ends only this session:
    knowing a password must not be enough to sign its owner out of every device.

    A GET only asks: a link or an image on any page could make one. Only the button's POST,
    with its CSRF token, signs out; a POST without the token gets the timed-out page (400)."""
    everywhere = not staff_session.second_factor_pending()
    form = ConfirmForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            audit.record("sign_out", current_user.email)
        staff_session.end(everywhere=everywhere)
        flash("You have signed out")
        return staff_session.ended(redirect(url_for("auth.sign_in")))
    if request.method == "POST":
        abort(400)
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in"))
    back = safe_next(request.args.get("next")) or home_url(current_user.role)
    return render_template("auth/sign_out.html", form=form, everywhere=everywhere, back=back)


def role_needs_two_factor(user) -> bool:
    """Whether the user's role must use two-factor sign-in (officers may choose to)."""
    return user.role.value in current_app.config["TWO_FACTOR_ROLES"]
