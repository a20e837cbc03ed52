"""Sign-in and password forms."""

from __future__ import annotations

from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput
from wtforms import Field, PasswordField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from app.forms import Form, required_text
from app.services.users import MAX_PASSWORD_LENGTH, password_problem

MAX_CODE_LENGTH = 32
ENTER_SIX_DIGITS = "Enter the 6-digit code from your authenticator app"


class AcceptablePassword:
    """Long enough, and not too easy to guess for someone who knows the signed-in person's
    email address (the only person who sets a password on a form is its owner)."""

    def __call__(self, form: FlaskForm, field: Field) -> None:
        email = current_user.email if current_user.is_authenticated else None
        problem = password_problem(field.data or "", email)
        if problem:
            raise ValidationError(problem)


class SignInForm(Form):
    email = required_text(
        "Email address",
        required="Enter your email address",
        max_length=254,
        too_long="Email address must be 254 characters or fewer",
    )
    password = PasswordField(
        "Password",
        validators=[
            InputRequired(message="Enter your password"),
            Length(max=MAX_PASSWORD_LENGTH, message="Enter a correct email address and password"),
        ],
        widget=GovPasswordInput(),
    )


class ChangePasswordForm(Form):
    current_password = PasswordField(
        "Current password",
        validators=[InputRequired(message="Enter your current password")],
        widget=GovPasswordInput(),
    )
    new_password = PasswordField(
        "New password",
        description="Use 12 characters or more. A few unrelated words together work well. "
        "Avoid common passwords, and your email address or the name of the service or force.",
        validators=[InputRequired(message="Enter a new password"), AcceptablePassword()],
        widget=GovPasswordInput(),
    )
    confirm_password = PasswordField(
        "Confirm new password",
        validators=[
            InputRequired(message="Enter your new password again"),
            EqualTo("new_password", message="The passwords you entered do not match"),
        ],
        widget=GovPasswordInput(),
    )


class TwoFactorCodeForm(Form):
    code = required_text(
        "Code",
        description="The 6-digit code your authenticator app shows for Listening Post, or one "
        "of your recovery codes.",
        required="Enter the code from your authenticator app",
        max_length=MAX_CODE_LENGTH,
        too_long=ENTER_SIX_DIGITS,
    )


def _code_from_the_app():
    return required_text(
        "Code from your app",
        description="After adding Listening Post to the app, enter the 6-digit code it shows.",
        required=ENTER_SIX_DIGITS,
        max_length=MAX_CODE_LENGTH,
        too_long=ENTER_SIX_DIGITS,
    )


def your_password():
    """The signed-in person's own password, asked for before something that could let someone
    else in (OWASP ASVS 3.7.1): the account pages and the administrator's pages that hand out
    a credential share it. Never shown again once sent."""
    return PasswordField(
        "Your password",
        description="To show it is you, enter the password you sign in with.",
        validators=[
            InputRequired(message="Enter your password"),
            Length(max=MAX_PASSWORD_LENGTH, message="Your password is not right"),
        ],
        widget=GovPasswordInput(),
    )


class SetUpTwoFactorForm(Form):
    """Setting up two-factor sign-in straight after the password, as part of signing in."""

    code = _code_from_the_app()


class ChooseTwoFactorForm(Form):
    """Setting up two-factor sign-in later, from Your account (an officer's choice): the
    password first, so that nobody at a browser left signed in can put their own app on the
    account."""

    password = your_password()
    code = _code_from_the_app()


class NewRecoveryCodesForm(Form):
    """New recovery codes are a way past the second factor: the password proves it is the
    account's owner asking, not someone at a browser they left signed in."""

    password = your_password()
