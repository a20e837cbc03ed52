"""The form analysts fill in to record an action."""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSelect
from wtforms import Field, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, ValidationError

from app.forms import Form
from app.services.actions import MAX_TEXT
from models import ActionStatus

STATUS_LABELS = {
    ActionStatus.PLANNED: "Planned",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
}
NO_THEME = ""
FORCE_WIDE = ""


def strip_whitespace(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def one_character_line_breaks(value: Any) -> Any:
    """Line breaks kept as one character each, as the character count under the box counts
    them: browsers send each as two ("\r\n"), and a text that the count said fitted would be
    refused as too long."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class ActionForm(Form):
    #: The most characters each of the four texts may have (the boxes count down to it).
    max_text = MAX_TEXT

    you_said = TextAreaField(
        "You said",
        description="What people told the force, in a sentence or two, as the public will read "
        "it. For example: Officers did not explain why they were searching people.",
        filters=[one_character_line_breaks, strip_whitespace],
        validators=[
            DataRequired(message="Enter what people said"),
            Length(max=MAX_TEXT, message=f"You said must be {MAX_TEXT:,} characters or fewer"),
        ],
        widget=GovCharacterCount(),
    )
    we_did = TextAreaField(
        "We did",
        description="What the force did, or will do, about it. For example: All officers in the "
        "area have had a refresher on explaining the grounds for a search.",
        filters=[one_character_line_breaks, strip_whitespace],
        validators=[
            DataRequired(message="Enter what the force did or will do"),
            Length(max=MAX_TEXT, message=f"We did must be {MAX_TEXT:,} characters or fewer"),
        ],
        widget=GovCharacterCount(),
    )
    you_said_cy = TextAreaField(
        "You said, in Welsh (optional)",
        description="Welsh readers of the public page see this instead of the English. Fill in "
        "both Welsh boxes, or leave both empty and they see the English.",
        filters=[one_character_line_breaks, strip_whitespace],
        validators=[
            Length(
                max=MAX_TEXT,
                message=f"You said in Welsh must be {MAX_TEXT:,} characters or fewer",
            )
        ],
        widget=GovCharacterCount(),
    )
    we_did_cy = TextAreaField(
        "We did, in Welsh (optional)",
        description="What the force did, or will do, in Welsh",
        filters=[one_character_line_breaks, strip_whitespace],
        validators=[
            Length(
                max=MAX_TEXT, message=f"We did in Welsh must be {MAX_TEXT:,} characters or fewer"
            )
        ],
        widget=GovCharacterCount(),
    )
    theme = SelectField(
        "Theme",
        description="The theme of what people said, from this survey's themes",
        validate_choice=False,
        widget=GovSelect(),
    )
    area = SelectField(
        "Area",
        description="Where the action applies",
        validate_choice=False,
        widget=GovSelect(),
    )
    status = RadioField(
        "How far has it got?",
        choices=[SelectChoice(status.value, text) for status, text in STATUS_LABELS.items()],
        validators=[
            InputRequired(message="Select how far the action has got"),
            AnyOf([s.value for s in ActionStatus], message="Select how far the action has got"),
        ],
        validate_choice=False,
        widget=GovRadioInput(),
    )

    # Both or neither: half an action in Welsh would mix the languages on the public page.
    def validate_you_said_cy(self, field: Field) -> None:
        if self.we_did_cy.data and not field.data:
            raise ValidationError(
                "Enter what people said in Welsh, or leave both Welsh boxes empty"
            )

    def validate_we_did_cy(self, field: Field) -> None:
        if self.you_said_cy.data and not field.data:
            raise ValidationError(
                "Enter what the force did in Welsh, or leave both Welsh boxes empty"
            )

    def set_choices(self, themes: list[str], areas: list[tuple[str, str]]) -> ActionForm:
        self.theme.choices = [SelectChoice(NO_THEME, "No particular theme")] + [
            SelectChoice(name, name) for name in themes
        ]
        self.area.choices = [SelectChoice(FORCE_WIDE, "Force-wide (every area)")] + [
            SelectChoice(code, name) for code, name in areas
        ]
        return self
