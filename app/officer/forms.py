"""The form an officer fills in to make a code."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovRadioInput, GovSelect, GovTextInput
from wtforms import DateField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from app.forms import Form
from app.services.links import UK_TIME, SessionDateError, check_session_date
from app.services.plain_names import plain_name
from models import utcnow

EVENT_SURVEY = "listening-session"
SURVEY_HINTS = {
    "stop-search": "A single-use code for the person searched",
    "listening-session": (
        "One code for everyone at the listening session, open until a week after it"
    ),
    "say-to-stay": "Single-use codes for colleagues who are thinking of leaving",
}
#: How a survey's codes are used, from its definition's link defaults (for surveys without a
#: hint of their own above).
USE_HINTS = {
    "single": "A single-use code for each person",
    "event": "One code for everyone at the event, open until a week after it",
    "standing": "One code that many people can answer, for a poster or a web page",
}
#: What the area means for each built-in survey's code: its answers are counted in that area.
AREA_HINTS = {
    "stop-search": "Where the stop and search happened",
    "listening-session": "Where the listening session is held",
    "say-to-stay": (
        "Where the colleagues you give the codes to work. Choose Whole force if they work "
        "across the force"
    ),
}
EVENT_AREA_HINT = "Where the event is held"
OTHER_AREA_HINT = "Answers given with this code are counted in this area's results"
NO_AREA = "none"
SHEET_SIZE = 10
#: Why a survey of police officers and staff is given out on a sheet of cards: said where the
#: officer chooses how many codes, on a single code's page and on the sheet. A code says to
#: anyone who opens it whether it has been used, so a code given to one known colleague would
#: tell whoever made it whether that colleague is thinking of leaving and said so.
SHUFFLE_ADVICE = (
    "Hand the cards out from a shuffled sheet, so that nobody, you included, knows which "
    "colleague had which code"
)
STAFF_COUNT_HINT = (
    f"{SHUFFLE_ADVICE}. Anyone who opens a code can see whether it has been used, so a code "
    "you give one colleague would tell you whether they answered"
)
ONE_CODE = SelectChoice("1", "One code, to show on my phone or print on a card")
ONE_CODE_FOR_STAFF = SelectChoice("1", "One code, for one colleague you choose")
A_SHEET = SelectChoice(str(SHEET_SIZE), f"A sheet of {SHEET_SIZE} single-use cards to print on A4")
#: The example date in the session date's hint: a session two weeks from today, as one is
#: usually booked, in the future whatever day the form is opened.
EXAMPLE_DAYS_AHEAD = 14
SESSION_DATE_HINT = (
    "For example, {example}. A code for a later date can be printed now; it takes answers from "
    "the day of the session until 7 days after it"
)


def survey_hint(slug: str, definition: dict[str, Any]) -> str:
    """What the "Make a code" form says under a survey: how its codes are used and, for a
    survey without a hint of its own (one made in the builder), the first sentence of its
    introduction, which says who it is for."""
    if slug in SURVEY_HINTS:
        return SURVEY_HINTS[slug]
    defaults = definition.get("link_defaults", {})
    if defaults.get("single_use"):
        use = USE_HINTS["single"]
    elif defaults.get("kind") == "event":
        use = USE_HINTS["event"]
    else:
        use = USE_HINTS["standing"]
    intro = definition.get("intro") or {}
    paragraphs = intro.get("en") if isinstance(intro, dict) else None
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    first = next((str(p).strip() for p in paragraphs or [] if str(p).strip()), "")
    if not first:
        return use
    sentence = first.split(". ", 1)[0].rstrip(".")
    return f"{use}. {sentence}."


def area_hint(slug: str, definition: dict[str, Any]) -> str:
    """What the "Make a code" form says under the area for a survey: what the area of its code
    is. A survey made in the builder is told apart only by how its codes are used."""
    if slug in AREA_HINTS:
        return AREA_HINTS[slug]
    if definition.get("link_defaults", {}).get("kind") == "event":
        return EVENT_AREA_HINT
    return OTHER_AREA_HINT


def example_date(now: dt.datetime | None = None) -> dt.date:
    """The date the session date's hint and errors give as an example."""
    today = (now or utcnow()).astimezone(UK_TIME).date()
    return today + dt.timedelta(days=EXAMPLE_DAYS_AHEAD)


def as_typed(day: dt.date) -> str:
    """A date as the three boxes take it: "14 12 2026"."""
    return f"{day.day} {day.month} {day.year}"


class DayMonthYearField(DateField):
    """A GOV.UK date input (day, month, year boxes) with a clear message for a bad date."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(label, format="%d %m %Y", widget=GovDateInput(), **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        # Exactly three boxes, whatever was posted, so the widget can always show them again.
        # Full-width digits (from a Japanese or Chinese keyboard) read as the digits they are.
        parts = [unicodedata.normalize("NFKC", str(part)).strip() for part in valuelist][:3]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts if any(parts) else None
        if not any(parts):
            self.data = None
            return
        try:
            self.data = dt.datetime.strptime(" ".join(parts), "%d %m %Y").date()
        except ValueError:
            self.data = None
            raise ValueError(self._not_a_date(*parts)) from None

    def _not_a_date(self, day: str, month: str, year: str) -> str:
        example = example_date()
        if year.isdecimal() and len(year) < 4 and _real_day_and_month(day, month):
            # "26" for 2026: say so, rather than that the date is not real.
            meant = 2000 + int(year) if len(year) == 2 else example.year
            return f"{self.label.text} must have the year in full, for example {meant}"
        return f"{self.label.text} must be a real date, for example {as_typed(example)}"


def _real_day_and_month(day: str, month: str) -> bool:
    """Whether the day and month are a real date in some year (29 February in a leap year)."""
    try:
        dt.datetime.strptime(f"{day} {month} 2000", "%d %m %Y")
    except ValueError:
        return False
    return True


class NewCodeForm(Form):
    survey = RadioField(
        "Which survey is the code for?",
        validators=[InputRequired(message="Select which survey the code is for")],
        validate_choice=False,
        widget=GovRadioInput(),
    )
    area = SelectField(
        "Area",
        description=OTHER_AREA_HINT,  # replaced by the chosen survey's own (area_hint)
        validators=[InputRequired(message="Select the area")],
        validate_choice=False,
        widget=GovSelect(),
    )
    event_name = StringField(
        "Name of the listening session",
        description="For example, Northtown youth club, March",
        filters=[plain_name],
        validators=[
            Length(max=200, message="Name of the listening session must be 200 characters or fewer")
        ],
        widget=GovTextInput(),
    )
    event_name_cy = StringField(
        "Name in Welsh (optional)",
        description=(
            "For people who answer in Welsh, for example Clwb ieuenctid Northtown, Mawrth. "
            "Leave it empty and they see the name above"
        ),
        filters=[plain_name],
        validators=[Length(max=200, message="Name in Welsh must be 200 characters or fewer")],
        widget=GovTextInput(),
    )
    # Its hint, SESSION_DATE_HINT, gives an example from today's date: set in __init__.
    event_date = DayMonthYearField("Date of the listening session")
    count = RadioField(
        "How many codes?",
        # A survey of police officers and staff offers the sheet first (see for_staff_survey).
        choices=[ONE_CODE, A_SHEET],
        default="1",
        validate_choice=False,
        widget=GovRadioInput(),
    )

    def __init__(
        self,
        surveys: list[tuple[str, str]],
        areas: list[tuple[str, str]],
        single_use: set[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.event_date.description = SESSION_DATE_HINT.format(example=as_typed(example_date()))
        #: The surveys whose codes are single-use: only for those is "How many codes?" asked.
        self.single_use = single_use if single_use is not None else {s for s, _ in surveys}
        self.survey.choices = [SelectChoice(slug, title) for slug, title in surveys]
        self.area.choices = [
            SelectChoice("", "Choose an area"),
            *(SelectChoice(code, name) for code, name in areas),
            SelectChoice(NO_AREA, "Whole force"),
        ]

    def for_staff_survey(self) -> None:
        """How many codes, for a survey of police officers and staff: the sheet first and
        chosen until the officer chooses otherwise, and why (SHUFFLE_ADVICE). A form sent back
        with an error keeps what the officer chose."""
        self.count.choices = [A_SHEET, ONE_CODE_FOR_STAFF]
        self.count.description = STAFF_COUNT_HINT
        if not self.is_submitted():
            self.count.data = A_SHEET.value

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.survey.data != EVENT_SURVEY:
            # The session's boxes are only shown for a listening session: whatever is in them
            # for another survey (typed before the survey was changed) is left out, not refused.
            for field in (self.event_name, self.event_name_cy, self.event_date):
                field.errors = []
                field.data = None
            valid = not self.form_errors and not any(field.errors for field in self)
        return valid

    def validate_survey(self, field: RadioField) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Select which survey the code is for")

    def validate_area(self, field: SelectField) -> None:
        if field.data not in {choice.value for choice in field.choices if choice.value}:
            raise ValidationError("Select the area")

    def validate_event_name(self, field: StringField) -> None:
        if self.survey.data == EVENT_SURVEY and not field.data:
            raise ValidationError("Enter the name of the listening session")

    def validate_event_date(self, field: DayMonthYearField) -> None:
        if self.survey.data != EVENT_SURVEY or field.errors:
            return
        if field.data is None:
            raise ValidationError("Enter the date of the listening session")
        try:
            check_session_date(field.data)
        except SessionDateError as error:
            raise ValidationError(f"{field.label.text} {error}") from None

    def validate_count(self, field: RadioField) -> None:
        if not field.raw_data:
            if self.survey.data in self.single_use:
                field.data = None  # nothing chosen: the form sent back shows nothing chosen
                raise ValidationError("Select how many codes you need")
            field.data = "1"  # not asked: a reusable code is one code
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Select how many codes you need")
        if self.survey.data == EVENT_SURVEY and field.data != "1":
            raise ValidationError(
                "A listening session has one code for everyone. Make one code and print its "
                "card as many times as you need"
            )

    @property
    def area_code(self) -> str | None:
        return None if self.area.data == NO_AREA else self.area.data
