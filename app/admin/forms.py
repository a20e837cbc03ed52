"""Forms for managing users, areas and API tokens."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovTextInput
from wtforms import Field, RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, ValidationError

from app.services.api_tokens import SCOPE_DESCRIPTIONS
from models import Role

ROLE_DESCRIPTIONS = {
    Role.OFFICER: "Officer: makes codes and prints cards; sees only their own codes",
    Role.ANALYST: "Analyst: reads results and the offered-and-answered counts",
    Role.ADMIN: "Administrator: manages users, areas and API tokens",
}


def strip_whitespace(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class NewUserForm(FlaskForm):
    email = StringField(
        "Email address",
        description="Their work email address. They sign in with it.",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter their email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    role = RadioField(
        "What will they do?",
        choices=[SelectChoice(role.value, text) for role, text in ROLE_DESCRIPTIONS.items()],
        validators=[
            InputRequired(message="Select what they will do"),
            AnyOf([role.value for role in Role], message="Select what they will do"),
        ],
        validate_choice=False,
        widget=GovRadioInput(),
    )


class NewAreaForm(FlaskForm):
    name = StringField(
        "Area name",
        description="As people in the force know it, for example North District",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter the area's name"),
            Length(max=120, message="Area name must be 120 characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    code = StringField(
        "Area code",
        description="Small letters, numbers and hyphens, for example north. It cannot change "
        "later: it appears in exports and the API.",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter a code for the area"),
            Length(max=32, message="Area code must be 32 characters or fewer"),
        ],
        widget=GovTextInput(),
    )


class EditAreaForm(FlaskForm):
    name = NewAreaForm.name
    active = RadioField(
        "Can officers choose this area for new codes?",
        choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No, the area is no longer used")],
        validators=[
            InputRequired(message="Select whether officers can choose this area"),
            AnyOf(["yes", "no"], message="Select whether officers can choose this area"),
        ],
        validate_choice=False,
        widget=GovRadioInput(),
    )


class NewTokenForm(FlaskForm):
    name = StringField(
        "Name",
        description="Which system will use it, for example Stop and search app (live)",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter a name for the token"),
            Length(max=120, message="Name must be 120 characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    scopes = SelectMultipleField(
        "What may it do?",
        choices=[SelectChoice(scope.value, text) for scope, text in SCOPE_DESCRIPTIONS.items()],
        validators=[InputRequired(message="Select at least one thing the token may do")],
        validate_choice=False,
        widget=GovCheckboxesInput(),
    )

    def validate_scopes(self, field: Field) -> None:
        if any(value not in SCOPE_DESCRIPTIONS for value in field.data or []):
            raise ValidationError("Select only the things listed")
