"""Forms for a draft's pages and questions, with the condition that shows them to some people."""

from __future__ import annotations

import re
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput
from wtforms import Field, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from app.builder.forms.draft_version import SeenDraft
from app.builder.forms.fields import YES_NO, area_field, radios_field, text_field, texts
from app.forms import Form
from app.public.question_labels import marker_at_end
from app.services.definition_checks import (
    DEFAULT_TEXT_LIMIT,
    MAX_OPTIONS,
    MAX_TEXT_LIMIT,
    OPTION_CODE,
    PAGE_KEY,
    QUESTION_KEY,
    RESERVED_PAGE_KEYS,
)
from app.services.definitions import localised, scales

OWN_TYPES = {
    "choice": "Single choice: the respondent picks one of your options",
    "multi_choice": "Multiple choice: the respondent ticks any of your options",
    "text": "Free text, with a length limit",
}


def condition_choices(
    earlier: list[tuple[dict[str, Any], dict[str, Any]]],
) -> list[SelectChoice]:
    """One checkbox per answer of each choice question on an earlier page."""
    all_scales = scales()
    choices = []
    for _page, question in earlier:
        if question.get("type") == "text":
            continue
        options = question.get("options") or all_scales.get(question.get("scale"), {}).get(
            "options", []
        )
        text = localised(question.get("text"), "en")
        for option in options:
            label = localised(option.get("label"), "en")
            choices.append(SelectChoice(f"{question['key']}={option['code']}", f"{text}: {label}"))
    return choices


def condition_from(values: list[str]) -> dict[str, Any] | None:
    if not values:
        return None
    question = values[0].split("=", 1)[0]
    return {"question": question, "in": [v.split("=", 1)[1] for v in values]}


def condition_values(condition: dict[str, Any] | None) -> list[str]:
    if not condition:
        return []
    return [f"{condition['question']}={code}" for code in condition.get("in", [])]


class _ConditionMixin:
    def validate_condition(self, field: Field) -> None:
        offered = {choice.value for choice in self.condition.choices}
        chosen = field.data or []
        if any(value not in offered for value in chosen):
            raise ValidationError("Select only the answers listed")
        if len({value.split("=", 1)[0] for value in chosen}) > 1:
            raise ValidationError("Select answers of one question only")


def _condition_field(what: str) -> SelectMultipleField:
    return SelectMultipleField(
        f"Show this {what} only to people who gave one of these answers",
        description="Leave all unticked to show it to everyone. Only questions on earlier "
        "pages can be used, and only the answers of one question.",
        choices=[],
        validate_choice=False,
        widget=GovCheckboxesInput(),
    )


class PageForm(SeenDraft, _ConditionMixin, Form):
    key = text_field(
        "Page key",
        required="Enter a page key",
        hint="Used in the page's web address, for example about-the-session. Lowercase "
        "letters, numbers and hyphens.",
        length=63,
    )
    title_en = text_field("Page title in English", required="Enter the page title in English")
    title_cy = text_field("Page title in Welsh", hint="Leave blank to show the English title")
    condition = _condition_field("page")

    def validate_key(self, field: Field) -> None:
        if field.data and not PAGE_KEY.match(field.data):
            raise ValidationError(
                "Page key must be lowercase letters, numbers and hyphens, starting with a letter"
            )
        if field.data in RESERVED_PAGE_KEYS:
            # A word the survey's own addresses use (…/check, …/done): not a wrong format.
            raise ValidationError(f"{field.data} cannot be a page key: choose another")

    def page(self) -> dict[str, Any]:
        page = {"key": self.key.data, "title": texts(self.title_en.data, self.title_cy.data)}
        condition = condition_from(self.condition.data)
        if condition:
            page["show_if"] = condition
        return page

    def fill(self, page: dict[str, Any]) -> None:
        self.key.data = page.get("key")
        self.title_en.data = (page.get("title") or {}).get("en")
        self.title_cy.data = (page.get("title") or {}).get("cy")
        self.condition.data = condition_values(page.get("show_if"))


def type_choices() -> list[SelectChoice]:
    choices = [SelectChoice(code, text) for code, text in OWN_TYPES.items()]
    for name, scale in scales().items():
        labels = " / ".join(localised(o["label"], "en") for o in scale["options"])
        choices.append(SelectChoice(f"scale:{name}", f"A scale: {labels}"))
    return choices


def _option_lines(text: str | None) -> list[tuple[dict[str, Any], bool]]:
    """Each option from lines of ``English | Welsh``, and whether its line starts ``code:``
    (else its code is made from its English words)."""
    options = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        code = None
        match = re.match(r"^([a-z0-9_]+)\s*:\s*(.+)$", line)
        if match:
            code, line = match.group(1), match.group(2)
        english, _, welsh = (part.strip() for part in line.partition("|"))
        typed = code is not None
        if code is None:
            code = re.sub(r"[^a-z0-9]+", "_", english.lower()).strip("_")[:64] or "option"
        options.append(({"code": code, "label": texts(english, welsh)}, typed))
    return options


def parse_options(text: str | None) -> list[dict[str, Any]]:
    """Options from lines of ``English | Welsh``, each optionally starting ``code:``."""
    return [option for option, _typed in _option_lines(text)]


def codes_made_from_words(text: str | None) -> set[str]:
    """The codes of options whose lines do not start with one: made from their words."""
    return {option["code"] for option, typed in _option_lines(text) if not typed}


#: What the options box says when a question is added: no option has a code yet.
NEW_OPTIONS_HINT = (
    "One option a line, English then Welsh after a bar: Very useful | Defnyddiol iawn. "
    "Each option gets a code made from its English words, which its answers are counted under."
)
#: ... and when it is changed: each line then starts with its option's code.
OPTIONS_HINT = (
    "One option a line, English then Welsh after a bar: Very useful | Defnyddiol iawn. "
    "Each line starts with its option's code and a colon, as in very_useful: Very useful. "
    "Keep the code when you "
    "change an option's words, so that its answers are still counted together and anything "
    "shown after it still is."
)


def format_options(options: list[dict[str, Any]]) -> str:
    lines = []
    for option in options:
        label = option.get("label") or {}
        welsh = f" | {label['cy']}" if label.get("cy") else ""
        lines.append(f"{option.get('code')}: {label.get('en', '')}{welsh}")
    return "\n".join(lines)


class QuestionForm(SeenDraft, _ConditionMixin, Form):
    # In the order the page shows them, which is the order the error summary lists them in.
    text_en = text_field("Question in English", required="Enter the question in English")
    text_cy = text_field("Question in Welsh", hint="Leave blank to show the English question")
    key = text_field(
        "Question key",
        required="Enter a question key",
        hint="Names the question in exports and the API, for example trainer_knowledge. "
        "Lowercase letters, numbers and underscores. Keep it the same in later versions.",
        length=64,
    )
    type = radios_field("Type of question", type_choices(), "Select the type of question")
    options = area_field(
        "Options (single and multiple choice only)",
        checked_when_empty=True,  # a choice question needs them: "Enter at least 2 options"
        hint=NEW_OPTIONS_HINT,
    )
    favourable = SelectMultipleField(
        "Answers that count as favourable (single choice only)",
        description="Results show the percentage of each group giving one of these answers, "
        "and the overview's headline uses the first question that has any. Leave all unticked "
        "if no answer is better than another. Scales count their own favourable answers.",
        choices=[],
        validate_choice=False,
        widget=GovCheckboxesInput(),
    )
    max_length = text_field(
        "Longest answer, in characters (free text only)",
        hint=f"From 1 to {MAX_TEXT_LIMIT:,}; {DEFAULT_TEXT_LIMIT:,} if left blank",
        length=5,
    )
    hint_en = text_field("Hint in English (optional)", hint="Shown under the question")
    hint_cy = text_field("Hint in Welsh (optional)")
    required = radios_field("Must it be answered?", YES_NO, "Select whether it must be answered")
    condition = _condition_field("question")

    def validate_text_en(self, field: Field) -> None:
        self._not_said_to_be_optional(field)

    def validate_text_cy(self, field: Field) -> None:
        self._not_said_to_be_optional(field)

    def _not_said_to_be_optional(self, field: Field) -> None:
        """A question that must be answered may not end with "(optional)": its page shows the
        question as written, and would tell people they may skip what they may not."""
        marker = marker_at_end(field.data or "")
        if marker and self.required.data == "yes":
            raise ValidationError(
                f"{field.label.text} ends with “{marker}” but it must be answered: take out "
                f"“{marker}”, or answer No to “Must it be answered?”"
            )

    def validate_key(self, field: Field) -> None:
        if field.data and not QUESTION_KEY.match(field.data):
            raise ValidationError(
                "Question key must be lowercase letters, numbers and underscores, starting "
                "with a letter"
            )

    def validate_options(self, field: Field) -> None:
        if self.type.data not in ("choice", "multi_choice"):
            return
        options = parse_options(field.data)
        if len(options) < 2:
            raise ValidationError("Enter at least 2 options, one a line")
        if len(options) > MAX_OPTIONS:
            raise ValidationError(f"Enter at most {MAX_OPTIONS} options")
        codes = [o["code"] for o in options]
        if any(not OPTION_CODE.match(code) for code in codes):
            raise ValidationError("Start each option with a letter or number")
        if len(set(codes)) != len(codes):
            raise ValidationError("Give each option different words (or a different code:)")
        if any(not o["label"]["en"] for o in options):
            raise ValidationError("Enter each option in English before the bar")

    def validate_favourable(self, field: Field) -> None:
        if self.type.data != "choice" or not field.data:
            return
        codes = {option["code"] for option in parse_options(self.options.data)}
        if any(code not in codes for code in field.data):
            raise ValidationError(
                "Favourable answers must be options of this question: untick any answer you "
                "took out of the options"
            )

    def validate_max_length(self, field: Field) -> None:
        if not field.data:
            return
        if not field.data.isdecimal() or not 1 <= int(field.data) <= MAX_TEXT_LIMIT:
            raise ValidationError(
                f"Longest answer must be a whole number from 1 to {MAX_TEXT_LIMIT}"
            )

    def question(self) -> dict[str, Any]:
        kind = self.type.data
        question: dict[str, Any] = {"key": self.key.data}
        if kind.startswith("scale:"):
            question.update(type="choice", scale=kind.split(":", 1)[1])
        else:
            question["type"] = kind
        question["text"] = texts(self.text_en.data, self.text_cy.data)
        if self.hint_en.data or self.hint_cy.data:
            question["hint"] = texts(self.hint_en.data, self.hint_cy.data)
        if kind in ("choice", "multi_choice"):
            question["options"] = parse_options(self.options.data)
        if kind == "choice":
            chosen = set(self.favourable.data or [])
            question["favourable"] = [o["code"] for o in question["options"] if o["code"] in chosen]
        if kind == "text":
            question["max_length"] = int(self.max_length.data or 2000)
        question["required"] = self.required.data == "yes"
        question["show_if"] = condition_from(self.condition.data)
        return question

    def fill(self, question: dict[str, Any]) -> None:
        self.key.data = question.get("key")
        scale = question.get("scale")
        self.type.data = f"scale:{scale}" if scale else question.get("type")
        self.text_en.data = (question.get("text") or {}).get("en")
        self.text_cy.data = (question.get("text") or {}).get("cy")
        self.hint_en.data = (question.get("hint") or {}).get("en")
        self.hint_cy.data = (question.get("hint") or {}).get("cy")
        self.options.data = format_options(question.get("options") or [])
        if question.get("type") == "text":
            self.max_length.data = str(question.get("max_length", 2000))
        self.required.data = "yes" if question.get("required") else "no"
        self.condition.data = condition_values(question.get("show_if"))
        if not question.get("scale"):
            self.favourable.data = list(question.get("favourable") or [])

    def for_changing(self) -> None:
        """The question is being changed, not added: its options' lines start with codes."""
        self.options.description = OPTIONS_HINT

    def made_from_words(self) -> set[str]:
        return codes_made_from_words(self.options.data)

    def set_favourable_choices(self) -> None:
        """One checkbox per option, as the options now stand (saved, or as just sent)."""
        self.favourable.choices = [
            SelectChoice(option["code"], option["label"]["en"])
            for option in parse_options(self.options.data)
        ]
