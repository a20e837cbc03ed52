"""Forms built from survey definitions, one class per page, never hand-written per survey."""

from __future__ import annotations

import unicodedata
from typing import Any

from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovTextInput,
)
from wtforms import (
    Field,
    RadioField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

from app.forms import Form
from app.public.bot_check import BOT_FIELDS, REFUSED_SEND, BotCheckedForm
from app.public.missing import required_message
from app.public.survey_language import MarkedText, quoting_question, survey_message
from app.services.definition_checks import DEFAULT_TEXT_LIMIT
from app.services.definitions import MULTI_TYPE, TEXT_TYPE, Definition, Page, localised

FREE_TEXT_HINT = _l("Do not include names or other details that could identify you or anyone else.")


class _GovParams:
    """What the respondent's widgets pass to the GOV.UK macros, corrected in two ways:

    - GOV.UK error messages start with a visually hidden "Error:": translate it too;
    - a question with no hint gets no hint: an empty one would still be rendered, as an empty
      box that ``aria-describedby`` points screen readers to.
    """

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        if params.get("errorMessage"):
            params["errorMessage"]["visuallyHiddenText"] = str(_l("Error"))
        hint = params.get("hint")
        if hint is not None and not str(hint.get("text") or "").strip() and not hint.get("html"):
            del params["hint"]
        return params


class RadioInput(_GovParams, GovRadioInput):
    pass


class CheckboxesInput(_GovParams, GovCheckboxesInput):
    pass


class CharacterCount(_GovParams, GovCharacterCount):
    pass


class TextInput(_GovParams, GovTextInput):
    pass


def strip_whitespace(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class TextLength(Length):
    """At most ``max`` characters, a line break counting as one, as the character count on the
    page counts it: browsers send each as two ("\r\n"), and counted as sent, an answer with a
    few line breaks that the count said fitted would be refused as too long. The answer is
    kept as sent."""

    def __call__(self, form: FlaskForm, field: Field) -> None:
        text = field.data or ""
        if len(text) - text.count("\r\n") > self.max:
            raise ValidationError(self.message)


class OneOf:
    """Every chosen value is one of the options offered on the page."""

    def __init__(self, codes: list[str]) -> None:
        self.codes = set(codes)

    def __call__(self, form: FlaskForm, field: Field) -> None:
        chosen = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in self.codes for value in chosen):
            raise ValidationError(_l("Select one of the options shown"))


class OptionalChoice:
    """An optional closed question: nothing chosen is fine, but anything sent is checked.

    WTForms' Optional looks only at the first submitted value and stops every later check, so
    `reasons=&reasons=anything` or a blank-looking " " would be stored unchecked.
    """

    field_flags = {"optional": True}

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if all(value == "" for value in field.raw_data or []):
            if isinstance(field.data, list):
                field.data = []
            field.errors[:] = []
            raise StopValidation()


#: Control characters that end a line where they come from (a word processor's line break is a
#: vertical tab, its page break a form feed; NEL is an old line break): each becomes one here.
_LINE_BREAKS = dict.fromkeys(map(ord, "\x0b\x0c\x85"), "\n")
#: Every other control character (category Cc: C0 such as NUL and ESC, DEL, and C1 such as CSI)
#: but the tab and the line breaks a browser sends: nothing a person can see, or want kept.
_OTHER_CONTROLS = dict.fromkeys(
    (
        code
        for code in range(0x100)
        if unicodedata.category(chr(code)) == "Cc" and chr(code) not in "\t\n\r\x0b\x0c\x85"
    ),
    None,
)


def without_control_characters(value: Any) -> Any:
    """Free text without the control characters that text pasted from another app may carry: a
    respondent cannot see them, so could not find them to take them out. A line break of another
    kind becomes a line break; any other goes (a NUL could not be stored, an escape would reach
    an export). What they wrote is otherwise kept exactly."""
    if not isinstance(value, str):
        return value
    return value.translate(_LINE_BREAKS).translate(_OTHER_CONTROLS)


class Within:
    """A single choice is one of those chosen in its ``within`` question: on the same page
    (as just sent) or on an earlier one (as saved). Nothing chosen there leaves it free."""

    def __init__(self, question: dict[str, Any], answers: dict[str, Any], language: str) -> None:
        self.source = question["within"]
        self.saved = answers.get(self.source)
        self.message = within_message(question, language)

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data in (None, ""):
            return
        source = form._fields.get(self.source)
        chosen = source.data if source is not None else self.saved
        if chosen and field.data not in chosen:
            raise ValidationError(self.message)


def within_message(question: dict[str, Any], language: str) -> MarkedText:
    """What to do about a single choice outside those chosen in its ``within`` question: its
    own message, or one naming the question (marked as English where it is shown in English,
    as :func:`~app.public.missing.required_message` marks it)."""
    if localised(question.get("error_within"), language):
        return survey_message(question["error_within"], language)
    message = _("Select your answer to “%(question)s” from the ones you selected")
    return quoting_question(message, question["text"], language)


def too_long_message(question: dict[str, Any], language: str) -> MarkedText:
    """What to do about a free-text answer over its limit, naming the question (marked as
    English where it is shown in English), as "Enter your answer to …" does: a page with two
    boxes would otherwise show two links in its error summary saying the same. The limit is
    as the character count says it: "2,000", not "2000"."""
    message = _("Your answer to “%(question)s” must be %(max)s characters or fewer")
    limit = format_number(text_limit(question))
    return quoting_question(message, question["text"], language, max=limit)


def _options(
    question: dict[str, Any], answers: dict[str, Any], language: str
) -> list[SelectChoice]:
    options = question["options"]
    if question["type"] == "ethnicity":
        group = answers.get("ethnic_group")
        options = [o for o in options if o.get("group") == group]
        options.append(
            {
                "code": "prefer_not_to_say",
                "label": {"en": "Prefer not to say", "cy": "Mae'n well gen i beidio â dweud"},
            }
        )
    return [
        SelectChoice(option["code"], localised(option["label"], language)) for option in options
    ]


def offered(question: dict[str, Any], answers: dict[str, Any], value: Any) -> bool:
    """Whether a closed question's answer is among the options its page offers with these
    answers: an ethnic background is offered only under the ethnic group it belongs to, so one
    chosen before the group was changed no longer is. A text answer always is."""
    if question["type"] == TEXT_TYPE or value in (None, "", []):
        return True
    codes = {choice.value for choice in _options(question, answers, "en")}
    return all(code in codes for code in (value if isinstance(value, list) else [value]))


def only_offered(definition: Definition, answers: dict[str, Any]) -> dict[str, Any]:
    """These (kept) answers without any that their question no longer offers (see
    :func:`offered`): what Check your answers shows, and what would be stored."""
    questions = {q["key"]: q for page in definition.pages for q in page.questions}
    return {
        key: value
        for key, value in answers.items()
        if key not in questions or offered(questions[key], answers, value)
    }


def text_limit(question: dict[str, Any]) -> int:
    """The most characters a free-text answer to the question may have."""
    return int(question.get("max_length") or DEFAULT_TEXT_LIMIT)


def _field_for(
    question: dict[str, Any], answers: dict[str, Any], language: str, on_page: set[str]
) -> Field:
    label = localised(question["text"], language)
    hint = localised(question.get("hint"), language)
    if question["required"]:
        presence = [InputRequired(message=required_message(question, language))]
    elif question["type"] == TEXT_TYPE:
        presence = [Optional()]
    else:
        presence = [OptionalChoice()]

    if question["type"] == TEXT_TYPE:
        limit = text_limit(question)
        return TextAreaField(
            label,
            description=" ".join(part for part in (hint, str(FREE_TEXT_HINT)) if part),
            validators=[
                *presence,
                TextLength(max=limit, message=too_long_message(question, language)),
            ],
            filters=[without_control_characters, strip_whitespace],
            widget=CharacterCount(),
        )

    choices = _options(question, answers, language)
    within = []
    if question.get("within"):
        within = [Within(question, answers, language)]
        chosen = answers.get(question["within"])
        if question["within"] not in on_page and chosen:
            # Asked on an earlier page: offer only what was chosen there.
            choices = [choice for choice in choices if choice.value in chosen]
    codes = [choice.value for choice in choices]
    if question["type"] == MULTI_TYPE:
        return SelectMultipleField(
            label,
            description=hint,
            choices=choices,
            validate_choice=False,
            validators=[*presence, OneOf(codes)],
            widget=CheckboxesInput(),
        )
    return RadioField(
        label,
        description=hint,
        choices=choices,
        validate_choice=False,
        validators=[*presence, *within, OneOf(codes)],
        widget=RadioInput(),
    )


#: How many times its own limit a text answer not yet sent may be, and still be kept whole.
UNSENT_TEXT_LIMITS = 5


class PageForm(Form):
    """Base for the generated page forms."""

    def answers(self) -> dict[str, Any]:
        return {
            name: field.data
            for name, field in self._fields.items()
            if name != "csrf_token" and name not in BOT_FIELDS
        }

    def unsent_answers(self) -> dict[str, Any]:
        """What the page's boxes hold, not checked, to be kept while the page is read in the
        other language (only what is given: nothing for a question left blank).

        Text is kept as typed (but for control characters, which nobody can see), even over its
        limit, so that the respondent sees it and is told what to change when they send it
        (though never more than ``UNSENT_TEXT_LIMITS`` times its limit: nothing unchecked is
        stored without bound); of the options chosen only those the page offers are kept, as no
        other could be shown chosen.
        """
        kept: dict[str, Any] = {}
        for name, value in self.answers().items():
            field = self[name]
            if isinstance(value, str):
                limits = [v.max for v in field.validators if isinstance(v, Length) and v.max > 0]
                if limits:
                    value = value[: UNSENT_TEXT_LIMITS * min(limits)]
            if isinstance(field, RadioField | SelectMultipleField):
                offered = {choice.value for choice in field.choices}
                chosen = value if isinstance(value, list) else [value]
                value = [code for code in dict.fromkeys(chosen) if code in offered]
                if not isinstance(field, SelectMultipleField):
                    value = value[0] if value else None
            if value not in (None, "", []):
                kept[name] = value
        return kept


def page_form_class(page: Page, answers: dict[str, Any], language: str) -> type[PageForm]:
    shown = page.shown_questions(answers)
    on_page = {q["key"] for q in shown}
    fields = {q["key"]: _field_for(q, answers, language, on_page) for q in shown}
    return type(f"PageForm_{page.key.replace('-', '_')}", (PageForm,), fields)


class SendAnswersForm(BotCheckedForm):
    """The respondent's check-your-answers page, with bot checks (a test link's has none)."""

    refused_message = REFUSED_SEND
