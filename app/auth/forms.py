"""Sign-in and password forms."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovTextInput
from wtforms import Field, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from app.services.users import MAX_PASSWORD_LENGTH, password_problem


def strip_whitespace(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class AcceptablePassword:
    def __call__(self, form: FlaskForm, field: Field) -> None:
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class SignInForm(FlaskForm):
    email = StringField(
        "Email address",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    password = PasswordField(
        "Password",
        validators=[
            InputRequired(message="Enter your password"),
            Length(max=MAX_PASSWORD_LENGTH, message="Enter a correct email address and password"),
        ],
        widget=GovPasswordInput(),
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[InputRequired(message="Enter your current password")],
        widget=GovPasswordInput(),
    )
    new_password = PasswordField(
        "New password",
        description="Use 12 characters or more. A few unrelated words together work well.",
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


class TwoFactorCodeForm(FlaskForm):
    code = StringField(
        "Code",
        description="The 6-digit code your authenticator app shows for Listening Post, or one "
        "of your recovery codes.",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter the code from your authenticator app"),
            Length(max=32, message="Enter the 6-digit code from your authenticator app"),
        ],
        widget=GovTextInput(),
    )


class SetUpTwoFactorForm(FlaskForm):
    code = StringField(
        "Code from your app",
        description="After adding Listening Post to the app, enter the 6-digit code it shows.",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter the 6-digit code from your authenticator app"),
            Length(max=32, message="Enter the 6-digit code from your authenticator app"),
        ],
        widget=GovTextInput(),
    )
