"""The base form, and form fields the blueprints share, so one kind of input is defined once;
and the "Are you sure?" page that asks before something is deleted or removed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from babel.support import Translations
from flask import abort, flash, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_wtf import FlaskForm
from flask_wtf.form import SUBMIT_METHODS
from flask_wtf.form import _Auto as READ_THE_REQUEST  # FlaskForm's default formdata
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from werkzeug.datastructures import CombinedMultiDict, ImmutableMultiDict, MultiDict
from wtforms import Field, FileField, StringField
from wtforms.csrf.core import CSRFTokenField
from wtforms.fields.core import UnboundField
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired, Length


class Form(FlaskForm):
    """Every form of the app. WTForms' own messages come in the page's language, as with
    Flask-WTF's, but its catalogue is read from disk once per language, not once per request.
    The hidden CSRF field has no id: a page with two forms would otherwise have two elements
    with the id ``csrf_token``, and nothing needs to point at a hidden field."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> Translations:
            return _wtforms_translations(str(get_locale() or "en"))

        def bind_field(self, form: Any, unbound_field: UnboundField, options: dict) -> Field:
            if issubclass(unbound_field.field_class, CSRFTokenField):
                options = {**options, "render_kw": {"id": False}}
            return super().bind_field(form, unbound_field, options)

        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            """What a form reads from the request: what an HTML form sends, and files only for
            its file fields. Flask-WTF also gives every field the request's files and reads a
            JSON body as the form: a file sent in a text box, or a JSON list or object where a
            word was asked for, reached a field that expects text and failed there (a 500),
            where it should be an answer that is not right (a 400 with the form's errors)."""
            if formdata is not READ_THE_REQUEST:
                return formdata
            if request.is_json:  # not a form: read as a form sent empty
                return ImmutableMultiDict() if request.method in SUBMIT_METHODS else None
            wrapped = super().wrap_formdata(form, formdata)
            if isinstance(wrapped, CombinedMultiDict):
                wanted = {f.name for f in form._fields.values() if isinstance(f, FileField)}
                files = MultiDict(
                    (name, file) for name, file in request.files.items(multi=True) if name in wanted
                )
                return CombinedMultiDict((files, request.form))
            return wrapped


class ConfirmForm(Form):
    """A form that is only a button, as on an "Are you sure?" page: its one field is the CSRF
    token, so a link or a form on another site cannot press the button for a signed-in user."""


def confirm_then(
    act: Callable[[], str], done: str, template: str, **context: Any
) -> ResponseReturnValue:
    """Asks first, then acts: a view that deletes, removes or discards something.

    A GET shows the question, ``template`` with ``context`` and a :class:`ConfirmForm` as
    ``form``. Only the button's POST, with its CSRF token, calls ``act``, which does the deed
    and returns what to tell the user: that is flashed as a success and the user goes to
    ``done``. A POST without a good token does nothing and gets the timed-out page (400).
    """
    form = ConfirmForm()
    if form.validate_on_submit():
        flash(act(), "success")
        return redirect(done)
    if request.method == "POST":
        abort(400)
    return render_template(template, form=form, **context)


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
