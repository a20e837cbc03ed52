"""The base form, and form fields the blueprints share, so one kind of input is defined once."""

from __future__ import annotations

import functools
from typing import Any

from babel.support import Translations
from flask_babel import get_locale
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired, Length


class Form(FlaskForm):
    """Every form of the app. WTForms' own messages come in the page's language, as with
    Flask-WTF's, but its catalogue is read from disk once per language, not once per request."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> Translations:
            return _wtforms_translations(str(get_locale() or "en"))


class ConfirmForm(Form):
    """A form that is only a button, as on an "Are you sure?" page: its one field is the CSRF
    token, so a link or a form on another site cannot press the button for a signed-in user."""


@functools.cache
def _wtforms_translations(locale: str) -> Translations:
    return Translations.load(messages_path(), [locale], domain="wtforms")


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
