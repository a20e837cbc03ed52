"""A survey's questions and conditions in plain words for the builder's summary page: the
question's own text and its answers' labels, never the keys and codes stored in the
definition."""

from __future__ import annotations

from typing import Any

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

DEFAULT_TEXT_LIMIT = 2000


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
