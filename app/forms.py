"""Form fields the blueprints share, so one kind of input is defined once."""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import DataRequired, Length


def strip_whitespace(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def required_text(
    label: str, *, required: str, max_length: int, too_long: str, description: str = ""
) -> Any:
    """A one-line text input, trimmed, that must be filled in and has a length limit.

    ``required`` and ``too_long`` are the error messages for an empty and a too-long answer.
    """
    return StringField(
        label,
        description=description,
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=required),
            Length(max=max_length, message=too_long),
        ],
        widget=GovTextInput(),
    )
