"""Field makers and text helpers shared by the builder's forms."""

from __future__ import annotations

import re
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea, GovTextInput
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from app.services.definition_checks import MAX_TEXT

YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]


def strip_whitespace(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def text_field(
    label: str, *, required: str | None = None, hint: str = "", length: int = MAX_TEXT
) -> StringField:
    presence = [DataRequired(message=required)] if required else [Optional()]
    return StringField(
        label,
        description=hint,
        filters=[strip_whitespace],
        validators=[
            *presence,
            Length(max=length, message=f"{label} must be {length} characters or fewer"),
        ],
        widget=GovTextInput(),
    )


def area_field(
    label: str,
    *,
    required: str | None = None,
    hint: str = "",
    length: int = 5000,
    checked_when_empty: bool = False,
) -> TextAreaField:
    """A text area; ``checked_when_empty``: the form's own check of the field runs even when it
    is left empty (Optional would stop it), for a field that only some answers need."""
    if required:
        presence = [DataRequired(message=required)]
    else:
        presence = [] if checked_when_empty else [Optional()]
    return TextAreaField(
        label,
        description=hint,
        filters=[strip_whitespace],
        validators=[
            *presence,
            Length(max=length, message=f"{label} must be {length} characters or fewer"),
        ],
        widget=GovTextArea(),
    )


def radios_field(label: str, choices: list[SelectChoice], message: str) -> RadioField:
    return RadioField(
        label,
        choices=choices,
        validators=[InputRequired(message=message), AnyOf([c.value for c in choices], message)],
        validate_choice=False,
        widget=GovRadioInput(),
    )


def texts(english: str | None, welsh: str | None) -> dict[str, str]:
    """A {"en", "cy"} text from two fields; Welsh left out when blank (English is shown)."""
    result = {"en": english or ""}
    if welsh:
        result["cy"] = welsh
    return result


def paragraphs(text: str | None) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]
