"""A survey's questions and conditions in plain words for the builder's summary page: the
question's own text and its answers' labels, never the keys and codes stored in the
definition. The problems that stop a draft being published name their place the same way."""

from __future__ import annotations

from typing import Any

from app.builder.forms.survey import LINK_KINDS
from app.services.definition_checks import DEFAULT_TEXT_LIMIT, Problem
from app.services.definitions import localised, scales

#: Plain names of the shared answer scales (data/surveys/scales.json).
SCALE_NAMES = {
    "yes_no": "Yes or no",
    "yes_no_not_sure": "Yes, no or not sure",
    "yes_no_prefer_not": "Yes, no or prefer not to say",
    "agree5": "Agreement scale, 5 points",
    "satisfaction5": "Satisfaction scale, 5 points",
    "confidence3": "Confidence scale, 3 points",
    "useful4": "Usefulness scale, 4 points",
    "trust5": "Trust scale, 5 points",
}


def _scale_name(name: str, options: list[dict[str, Any]]) -> str:
    return SCALE_NAMES.get(name) or f"Answer scale, {len(options)} points"


def _scale_of(question: dict[str, Any]) -> str | None:
    """The shared scale a question uses: named in a draft, or recognised in a published
    version, where the scale's answers are written out, by having exactly those answers."""
    if question.get("scale"):
        return question["scale"]
    options = question.get("options")
    if question.get("type") != "choice" or not options:
        return None
    return next((name for name, scale in scales().items() if scale["options"] == options), None)


def question_type(question: dict[str, Any]) -> str:
    """What kind of question it is, for example "Satisfaction scale, 5 points, must be
    answered"."""
    scale = _scale_of(question)
    if scale:
        kind = _scale_name(scale, scales().get(scale, {}).get("options", []))
    elif question.get("type") == "text":
        limit = question.get("max_length") or DEFAULT_TEXT_LIMIT
        kind = f"Free text, up to {limit:,} characters"
    elif question.get("type") == "multi_choice":
        kind = "Multiple choice"
    else:
        kind = "Single choice"
    return f"{kind}, must be answered" if question.get("required") else kind


class Conditions:
    """Describes the ``show_if`` conditions of one survey's pages and questions."""

    def __init__(self, source: dict[str, Any]) -> None:
        self._questions = {
            question.get("key"): question
            for page in source.get("pages", [])
            for question in page.get("questions", [])
        }

    def _answers(self, condition: dict[str, Any]) -> str:
        """ "Would you recommend it?" with No or Not sure"""
        question = self._questions.get(condition.get("question"))
        codes = list(condition.get("in") or [])
        if question is None:
            # A condition on a question since removed: the draft's check reports it.
            return f"{condition.get('question')} (a question no longer in the survey) with " + (
                " or ".join(codes)
            )
        options = question.get("options") or scales().get(question.get("scale"), {}).get(
            "options", []
        )
        labels = {option.get("code"): localised(option.get("label"), "en") for option in options}
        text = localised(question.get("text"), "en") or question.get("key")
        answers = " or ".join(labels.get(code) or code for code in codes)
        return f"\u201c{text}\u201d with {answers}"

    def page(self, condition: dict[str, Any] | None) -> str:
        """Who sees a page."""
        if not condition:
            return "Shown to everyone"
        return f"Shown only to people who answered {self._answers(condition)}"

    def question(
        self, condition: dict[str, Any] | None, page_condition: dict[str, Any] | None
    ) -> str:
        """Who sees a question on a page shown on ``page_condition``."""
        if not condition:
            return "Shown to everyone who sees this page" if page_condition else "Shown to everyone"
        if page_condition:
            return f"Shown only to people who see this page and answered {self._answers(condition)}"
        return f"Shown only to people who answered {self._answers(condition)}"


def code_kind(source: dict[str, Any]) -> str:
    """Which kind of code officers usually make for the survey, in the words the details form
    offers it: single-use, for an event such as a listening session, or standing."""
    defaults = source.get("link_defaults")
    kind = defaults.get("kind", "standing") if isinstance(defaults, dict) else "standing"
    return LINK_KINDS.get(kind, LINK_KINDS["standing"])


#: Longest question text a problem names in full: the rest is cut short with an ellipsis.
PLACE_TEXT_LIMIT = 80


def _english(value: Any) -> str:
    text = value.get("en") if isinstance(value, dict) else None
    return " ".join(text.split()) if isinstance(text, str) else ""


def _shortened(text: str) -> str:
    if len(text) <= PLACE_TEXT_LIMIT:
        return text
    return text[: PLACE_TEXT_LIMIT - 1].rstrip() + "\u2026"


def _find(items: Any, where: str) -> dict[str, Any] | None:
    """The page or question a problem names: by its key, or by its position ("2") when it
    has no key."""
    items = [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
    for item in items:
        if item.get("key") == where:
            return item
    if where.isdigit() and 1 <= int(where) <= len(items):
        return items[int(where) - 1]
    return None


def problem_place(source: dict[str, Any], page: str | None, question: str | None) -> str:
    """Where a problem of the draft is, in the words an admin sees: the page's title and the
    question's text, as in "Page “About you”, question “How old are you?”". A key (or a
    position) only where there is no title or text yet."""
    parts = []
    found_page = _find(source.get("pages"), page) if page is not None else None
    if page is not None:
        title = _english(found_page.get("title")) if found_page else ""
        parts.append(f"Page \u201c{_shortened(title)}\u201d" if title else f"Page {page}")
    if question is not None:
        found = _find(found_page.get("questions"), question) if found_page else None
        text = _english(found.get("text")) if found else ""
        parts.append(f"question \u201c{_shortened(text)}\u201d" if text else f"question {question}")
    return ", ".join(parts)


def problem_text(source: dict[str, Any], problem: Problem) -> str:
    """A problem as the draft's page lists it: where it is, then what to do."""
    place = problem_place(source, problem.page, problem.question)
    message = problem.in_words or problem.message
    return f"{place}: {message}" if place else message
