"""Forms for coding an answer and for editing a theme."""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length

from app.forms import Form
from app.services.coding import SENTIMENT_SCALE
from app.services.taxonomy import MAX_DESCRIPTION, MAX_NAME

DISCOVER_SIZES = (5, 8, 12)


def strip_whitespace(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class CodeAnswerForm(Form):
    sentiment = RadioField(
        "How positive or negative is this answer?",
        description="As the person meant it, given the question they were asked",
        choices=[SelectChoice(str(code), label) for code, label in SENTIMENT_SCALE.items()],
        validators=[
            InputRequired(message="Select how positive or negative the answer is"),
            AnyOf(
                [str(code) for code in SENTIMENT_SCALE],
                message="Select how positive or negative the answer is",
            ),
        ],
        validate_choice=False,
        widget=GovRadioInput(),
    )
    themes = SelectMultipleField(
        "Which themes does it mention?",
        description="Select all that apply. Leave them all unticked if none does.",
        validate_choice=False,
        widget=GovCheckboxesInput(),
    )

    def set_themes(self, names: list[str]) -> CodeAnswerForm:
        self.themes.choices = [SelectChoice(name, name) for name in names]
        return self


class ThemeForm(Form):
    name = StringField(
        "Theme name",
        description="Short, as it will appear in the results, for example Respect and manner",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter a name for the theme"),
            Length(max=MAX_NAME, message=f"Theme name must be {MAX_NAME} characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    name_cy = StringField(
        "Welsh name (optional)",
        description="The theme's name in Welsh. Welsh readers of the public You said, we did "
        "pages see it as the heading of the actions about the theme. Leave it empty and they "
        "see the English name.",
        filters=[strip_whitespace],
        validators=[
            Length(max=MAX_NAME, message=f"Welsh name must be {MAX_NAME} characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    description = TextAreaField(
        "Description",
        description="One sentence saying what belongs in the theme, for coders to go by",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter a description of what belongs in the theme"),
            Length(
                max=MAX_DESCRIPTION,
                message=f"Description must be {MAX_DESCRIPTION} characters or fewer",
            ),
        ],
        widget=GovTextArea(),
    )
    seeds = TextAreaField(
        "Seed terms",
        description="One word or phrase a line. An answer containing one of them is given the "
        "theme (handcuffs also matches handcuffed; not rude does not match rude). A theme "
        "without seed terms is only found once the models are trained on coded answers.",
        widget=GovTextArea(),
    )


class DiscoverForm(Form):
    class Meta:
        csrf = False  # a GET form that changes nothing

    k = SelectField(
        "How many themes to look for",
        choices=[SelectChoice(str(k), str(k)) for k in DISCOVER_SIZES],
        default=str(DISCOVER_SIZES[1]),
        validate_choice=False,
        widget=GovSelect(),
    )

    @property
    def size(self) -> int:
        value = self.k.data
        return int(value) if value in {str(k) for k in DISCOVER_SIZES} else DISCOVER_SIZES[1]
