"""The results page's GET form: grouping, reference group, months, area, event, the question
whose trend to show, and the theme and group whose answers to read. Every choice is checked
against the lists offered, so no value a person types reaches a query."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSelect
from wtforms import Field, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from app.forms import Form
from app.services import periods
from app.services.results_model import Filters

ANY = ""
#: Why From and To must be an April and a March in a view by date and place.
YEAR_RULE = (
    "With an area or listening session chosen, results by date are in whole years from April "
    "to March: "
)
EARLIEST_YEAR = 2000
#: A month typed as its name, in full or short, as the GOV.UK date input pattern asks a
#: service to accept: "April", "apr", "Sept".
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_NAMES = {name: n for n, month in enumerate(MONTHS, 1) for name in (month, month[:3])}
MONTH_NAMES["sept"] = 9


class GovMonthInput(GovDateInput):
    """A GOV.UK date input with month and year boxes only."""

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        # GovDateInput's own mapping expects three boxes; only the base mapping is wanted.
        params = GovFormBase.map_gov_params(self, field, **kwargs)
        month, year = field.raw_data[:2] if field.raw_data else field.parts()
        classes = "govuk-input--error" if field.errors else ""
        params.setdefault("fieldset", {"legend": {"text": field.label.text}})
        params["items"] = [
            {
                "label": "Month",
                "id": f"{field.name}-month",
                "name": field.name,
                "classes": f"govuk-input--width-2 {classes}".strip(),
                "value": month,
            },
            {
                "label": "Year",
                "id": f"{field.name}-year",
                "name": field.name,
                "classes": f"govuk-input--width-4 {classes}".strip(),
                "value": year,
            },
        ]
        params["id"] = field.name  # the group; the field's own id is its first box's
        return params


class MonthField(Field):
    """A month typed as two boxes (month, year); its data is "YYYY-MM" or None. ``example``
    is a month the field takes, as typed ("4 2026"), for its error messages."""

    widget = GovMonthInput()

    def __init__(self, *args: Any, example: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.example = example

    def parts(self) -> list[str]:
        return [str(int(self.data[5:7])), self.data[:4]] if self.data else ["", ""]

    def _value(self) -> str:
        return self.data or ""

    def process_formdata(self, valuelist: list[str]) -> None:
        parts = [str(part).strip() for part in valuelist][:2]
        parts += [""] * (2 - len(parts))
        self.raw_data = parts if any(parts) else None
        self.data = None
        if not any(parts):
            return
        month, year = parts
        month = str(MONTH_NAMES.get(month.lower().rstrip("."), month))
        name = self.label.text
        if not month or not year:
            raise ValueError(f"{name} must include a month and a year, for example {self.example}")
        # isdecimal, not isdigit: "²" and "①" are digits that int() cannot read.
        if not (
            month.isdecimal() and year.isdecimal() and len(year) == 4 and 1 <= int(month) <= 12
        ):
            raise ValueError(f"{name} must be a real month, for example {self.example}")
        if not EARLIEST_YEAR <= int(year) <= dt.date.today().year + 1:
            raise ValueError(f"{name} must be a month between {EARLIEST_YEAR} and next year")
        self.data = f"{int(year):04d}-{int(month):02d}"


def _select(label: str, description: str = "", **kwargs: Any) -> SelectField:
    return SelectField(
        label, description=description, validate_choice=False, widget=GovSelect(), **kwargs
    )


def _told_apart(choices: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Choices whose text is the same (two sessions of one name on one day) numbered in
    order, "… (session 1 of 2)", so no two options read alike."""
    totals = Counter(text for _, text in choices)
    seen: Counter[str] = Counter()
    told = []
    for value, text in choices:
        if totals[text] > 1:
            seen[text] += 1
            text = f"{text} (session {seen[text]} of {totals[text]})"
        told.append((value, text))
    return told


class ResultsForm(Form):
    class Meta:
        csrf = False  # a GET form that changes nothing

    by = _select("Group by")
    compare = _select("Compare with", "The group every other group is compared with")
    # The examples are months each takes: views by date run from a quarter's first month to
    # a quarter's last (with an area or session chosen, from an April to a March).
    start = MonthField("From", id="start-month", example="4 2026")
    end = MonthField("To", id="end-month", example="6 2026")
    area = _select("Area")
    event = _select("Listening session")
    theme = _select("Theme")
    group = _select("Group")
    # Its id is not "trend": that is the trend's section, which the page's contents link to.
    trend = _select(
        "Trend of",
        "Any question under “Answers by group”: the trend is of the percentage giving its "
        "favourable answer",
        id="trend-of",
    )

    compare_ignored: str | None = None
    #: The name and value the "Show answers" button sends: the theme and group are then
    #: both needed, and a missing one is an error (with "Show results" they can wait).
    ANSWERS_ASKED = ("answers", "show")
    #: A hidden field of the form: the grouping of the page it was sent from.
    SHOWN_BY = "shown_by"

    def __init__(
        self,
        formdata: Any,
        *,
        dimensions: Sequence[tuple[str, str]],
        groups: Sequence[tuple[str, str]],
        areas: Sequence[tuple[str, str]],
        events: Sequence[tuple[str, str]],
        themes: Sequence[str],
        trends: Sequence[tuple[str, str]] = (),
        default_trend: str | None = None,
    ) -> None:
        super().__init__(formdata=formdata)
        name, value = self.ANSWERS_ASKED
        self.answers_asked = bool(formdata) and formdata.get(name) == value
        self.shown_by = formdata.get(self.SHOWN_BY) if formdata else None
        # The headline's trend question first among the choices when it is one (as "Group
        # by" offers its default first), the others in the survey's order.
        self.default_trend = default_trend
        self.trend.choices = [
            SelectChoice(value, text)
            for value, text in sorted(trends, key=lambda choice: choice[0] != default_trend)
        ]
        if not self.trend.data or self.trend.data == "None":
            self.trend.data = default_trend
        self.by.choices = [SelectChoice(value, text) for value, text in dimensions]
        if not self.by.data or self.by.data == "None":
            self.by.data = dimensions[0][0]
        self.compare.choices = [
            SelectChoice(ANY, "The usual reference group"),
            *(SelectChoice(value, text) for value, text in groups),
            SelectChoice("all_others", "All other groups together"),
        ]
        self.area.choices = [SelectChoice(ANY, "All areas")] + [
            SelectChoice(code, name) for code, name in areas
        ]
        self.event.choices = [SelectChoice(ANY, "All sessions")] + [
            SelectChoice(value, text) for value, text in _told_apart(events)
        ]
        self.theme.choices = [SelectChoice(ANY, "Choose a theme")] + [
            SelectChoice(name, name) for name in themes
        ]
        self.group.choices = [SelectChoice(ANY, "Choose a group")] + [
            SelectChoice(value, text) for value, text in groups
        ]

    @staticmethod
    def _check(field: SelectField, message: str | None) -> None:
        data = field.data or ANY
        if data != ANY and data not in {choice.value for choice in field.choices}:
            field.data = ANY
            if message:
                raise ValidationError(message)

    def validate_by(self, field: SelectField) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            field.data = field.choices[0].value
            raise ValidationError("Select how to group the results")

    def validate_compare(self, field: SelectField) -> None:
        # Not a group of this grouping: the page falls back to the usual reference. When the
        # grouping has just been changed in the form (SHOWN_BY was the one on the page), that
        # is what anyone would expect and the page says nothing more; an address asking for
        # it is told (``compare_ignored`` keeps what was asked for).
        asked = field.data or ANY
        self._check(field, None)
        if asked != ANY and field.data == ANY and self.shown_by in (None, self.by.data):
            self.compare_ignored = asked

    def validate_trend(self, field: SelectField) -> None:
        if field.data != self.default_trend and field.data not in {
            choice.value for choice in field.choices
        }:
            field.data = self.default_trend
            raise ValidationError("Select a question from the list to see its trend")

    def validate_area(self, field: SelectField) -> None:
        self._check(field, "Select an area from the list")

    def validate_event(self, field: SelectField) -> None:
        self._check(field, "Select a listening session from the list")

    def validate_theme(self, field: SelectField) -> None:
        self._check(field, "Select a theme from the list")
        if self.answers_asked and not field.data:
            raise ValidationError("Select a theme to read the answers that raise it")

    def validate_group(self, field: SelectField) -> None:
        # A group of another grouping (chosen before the grouping changed) is forgotten; it
        # is only an error when answers are asked for without a group of this grouping.
        self._check(field, None)
        if self.answers_asked and not field.data:
            raise ValidationError("Select a group to read its answers")

    def _placed(self) -> bool:
        """Whether an area or listening session from the lists is chosen: then views by date
        run over whole reporting years, April to March."""
        return any(
            (chosen.data or ANY) != ANY and chosen.data in {c.value for c in chosen.choices}
            for chosen in (self.area, self.event)
        )

    def validate_start(self, field: MonthField) -> None:
        if field.data and self._placed() and not periods.starts_year(field.data):
            raise ValidationError(
                f"{YEAR_RULE}From must be an April (4), for example 4 {self._year(field, 0)}"
            )
        if field.data and not periods.starts_quarter(field.data):
            raise ValidationError(
                "From must be the first month of a quarter: January, April, July or October "
                "(1, 4, 7 or 10)"
            )

    def validate_end(self, field: MonthField) -> None:
        if field.data and self._placed() and not periods.ends_year(field.data):
            raise ValidationError(
                f"{YEAR_RULE}To must be a March (3), for example 3 {self._year(field, 1)}"
            )
        if field.data and not periods.ends_quarter(field.data):
            raise ValidationError(
                "To must be the last month of a quarter: March, June, September or December "
                "(3, 6, 9 or 12)"
            )
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("To must be after From")

    @staticmethod
    def _year(field: MonthField, end: int) -> int:
        """The year of the April that starts (``end`` 0), or the March that ends (1), the
        reporting year of the month typed, for an example close to it; within the years the
        form takes, so that the example is never itself refused."""
        year = int(periods.year_of(field.data)[:4]) + end
        return min(max(year, EARLIEST_YEAR + end), dt.date.today().year + 1)

    def filters(self) -> Filters:
        """The filters asked for (call after validation)."""
        return Filters(
            dimension=self.by.data,
            start=self.start.data,
            end=self.end.data,
            area=self.area.data or None,
            event=int(self.event.data) if self.event.data else None,
            reference=self.compare.data or None,
            # The headline's trend, the default, is not named: its pages' addresses stay as
            # they were.
            trend=self.trend.data if self.trend.data != self.default_trend else None,
        )


def query_for(filters: Filters) -> str:
    """The query string of the results page showing ``filters``: what :meth:`ResultsForm.filters`
    reads back."""
    params = [("by", filters.dimension)]
    if filters.reference:
        params.append(("compare", filters.reference))
    for name, month in (("start", filters.start), ("end", filters.end)):
        if month:
            params += [(name, str(int(month[5:7]))), (name, month[:4])]
    if filters.area:
        params.append(("area", filters.area))
    if filters.event is not None:
        params.append(("event", str(filters.event)))
    if filters.trend:
        params.append(("trend", filters.trend))
    return urlencode(params)
