"""Forms for managing users, areas and API tokens.

A form for something that hands out a way into an account (a new user, a role, a reset, an API
token) asks for the administrator's own password last, as ``your_password``."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovTextInput
from wtforms import Field, HiddenField, RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, ValidationError

from app.auth.forms import your_password as own_password_field
from app.forms import Form, required_text, strip_whitespace
from app.services import api_tokens, areas, users
from app.services.api_tokens import DEFAULT_LIFETIME_DAYS, LIFETIMES, SCOPE_DESCRIPTIONS
from app.services.areas import CODE_FORMAT as AREA_CODE_FORMAT
from app.services.areas import MAX_NAME as MAX_AREA_NAME
from models import Role

ROLE_NAMES = {Role.OFFICER: "Officer", Role.ANALYST: "Analyst", Role.ADMIN: "Administrator"}
ROLE_DESCRIPTIONS = {
    Role.OFFICER: "Officer: makes codes and prints cards; sees only their own codes",
    Role.ANALYST: "Analyst: reads results and the offered-and-answered counts, codes "
    "free-text answers, and records what the force did (You said, we did)",
    Role.ADMIN: "Administrator: manages users, areas, surveys and API tokens, reads the audit "
    "log, and has everything an analyst has",
}


def _role_field(label: str, required: str) -> RadioField:
    return RadioField(
        label,
        choices=[SelectChoice(role.value, text) for role, text in ROLE_DESCRIPTIONS.items()],
        validators=[
            InputRequired(message=required),
            AnyOf([role.value for role in Role], message=required),
        ],
        validate_choice=False,
        widget=GovRadioInput(),
    )


class NewUserForm(Form):
    email = required_text(
        "Email address",
        description="Their work email address. They sign in with it.",
        required="Enter their email address",
        max_length=254,
        too_long="Email address must be 254 characters or fewer",
    )
    role = _role_field("What will they do?", "Select what they will do")
    your_password = own_password_field()

    def validate_email(self, field: Field) -> None:
        # Checked with the other answers, so every problem is listed at once.
        problem = users.email_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class ConfirmWithPasswordForm(Form):
    """An "Are you sure?" page's button, for something that hands out a way into someone's
    account: the administrator's own password as well as the CSRF token
    (:mod:`app.admin.own_password`)."""

    your_password = own_password_field()


#: Said when someone else changed the role after the page was shown.
ROLE_CHANGED_MEANWHILE = (
    "Someone else changed their role while you had this page open: they are now {role}. "
    "Check it and choose again"
)


class ChangeRoleForm(Form):
    role = _role_field("What will they do now?", "Select what they will do")
    #: Their role when the page was shown: a change from a page opened before another admin
    #: changed it is refused, rather than quietly undoing theirs. Not checked when not sent.
    role_when_shown = HiddenField()
    your_password = own_password_field()


class NewAreaForm(Form):
    name = required_text(
        "Area name",
        description="As people in the force know it, for example North District",
        required="Enter the area's name",
        max_length=MAX_AREA_NAME,
        too_long=f"Area name must be {MAX_AREA_NAME} characters or fewer",
    )
    name_cy = StringField(
        "Welsh name (optional)",
        description="The area's name in Welsh, for example Ardal y Gogledd. Welsh readers of "
        "the public You said, we did pages see it. Leave it empty and they see the English name.",
        filters=[strip_whitespace],
        validators=[
            Length(
                max=MAX_AREA_NAME,
                message=f"Welsh name must be {MAX_AREA_NAME} characters or fewer",
            ),
        ],
        widget=GovTextInput(),
    )
    code = required_text(
        "Area code",
        description="Small letters, numbers and hyphens, for example north. It cannot change "
        "later: it appears in exports and the API.",
        required="Enter a code for the area",
        max_length=32,
        too_long="Area code must be 32 characters or fewer",
    )

    def validate_code(self, field: Field) -> None:
        # Checked here as well as when the area is saved, so that a code in the wrong form is
        # named with any other problem on the page, not only once those are put right.
        if field.data and not areas.CODE_PATTERN.match(field.data.lower()):
            raise ValidationError(AREA_CODE_FORMAT)


#: Said when someone else retired the area ("no") or offered it again ("yes") after the page
#: was shown.
AREA_CHANGED_MEANWHILE = {
    "no": "Someone else stopped offering this area to officers while you had this page open. "
    "Check whether officers can choose it and save again",
    "yes": "Someone else offered this area to officers again while you had this page open. "
    "Check whether officers can choose it and save again",
}


class EditAreaForm(Form):
    name = NewAreaForm.name
    name_cy = NewAreaForm.name_cy
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
    #: Whether officers could choose the area when the page was shown ("yes" or "no"): a save
    #: from a page opened before another admin retired it, or offered it again, is refused
    #: rather than quietly undoing that. Not checked when not sent.
    offered_when_shown = HiddenField()


#: The value of the "Does not expire" choice.
NO_EXPIRY = "never"
CHOOSE_EXPIRY = "Select how long the token will work"


class NewTokenForm(Form):
    name = required_text(
        "Name",
        description="Which system will use it, for example Stop and search app (live)",
        required="Enter a name for the token",
        max_length=120,
        too_long="Name must be 120 characters or fewer",
    )
    scopes = SelectMultipleField(
        "What may it do?",
        choices=[SelectChoice(scope.value, text) for scope, text in SCOPE_DESCRIPTIONS.items()],
        validators=[InputRequired(message="Select at least one thing the token may do")],
        validate_choice=False,
        widget=GovCheckboxesInput(),
    )

    expiry = RadioField(
        "How long will it work?",
        description="Then it stops working, and the system that uses it needs a new token. "
        "If the token is copied or gets out, it is no use to anyone after that.",
        choices=[SelectChoice(str(days), words) for days, words in LIFETIMES.items()]
        + [SelectChoice(NO_EXPIRY, "Does not expire")],
        # Chosen on the page already; a form sent without it (an older page) gets it too.
        default=str(DEFAULT_LIFETIME_DAYS),
        validators=[AnyOf([*map(str, LIFETIMES), NO_EXPIRY], message=CHOOSE_EXPIRY)],
        validate_choice=False,
        widget=GovRadioInput(),
    )
    your_password = own_password_field()

    def validate_name(self, field: Field) -> None:
        # Checked with the other answers, so every problem is listed at once; checked again
        # when the token is made.
        existing = api_tokens.working_token_named(field.data or "")
        if existing is not None:
            raise ValidationError(api_tokens.name_taken(existing))

    def validate_scopes(self, field: Field) -> None:
        if any(value not in SCOPE_DESCRIPTIONS for value in field.data or []):
            raise ValidationError("Select only the things listed")

    def expires_in_days(self) -> int | None:
        """The lifetime chosen, in days; None for a token that does not expire."""
        return None if self.expiry.data == NO_EXPIRY else int(self.expiry.data)
