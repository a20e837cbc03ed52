"""Checks on conditions (``show_if``): a page or question shown only after certain answers.

A condition must depend on a choice question on an earlier page, and name its options. Each
problem names that question twice over: by its key (in ``message``, which finds it in an
imported file) and by its English text (in ``in_words``, as the builder shows it).
"""

from __future__ import annotations

from typing import Any

from app.services import definitions
from app.services.definition_checks.problems import Report

#: Question key -> (index of its page, {"key", "type", "codes"}) for the questions so far.
Earlier = dict[str, tuple[int, dict[str, Any]]]
#: Question key -> (index of its page, its English text or "") for every question in the survey.
Everywhere = dict[str, tuple[int, str]]

#: Longest question text a problem names in full: the rest is cut short with an ellipsis.
TEXT_LIMIT = 80
#: Where a message names the question a condition depends on.
QUESTION = "\x00question\x00"


def everywhere(pages: list[Any]) -> Everywhere:
    """Each question's page and English text, read however malformed the pages are."""
    found: Everywhere = {}
    for index, page in enumerate(pages):
        questions = page.get("questions") if isinstance(page, dict) else None
        for question in questions if isinstance(questions, list) else []:
            key = question.get("key") if isinstance(question, dict) else None
            if isinstance(key, str) and key not in found:
                found[key] = (index, _english(question.get("text")))
    return found


def _english(value: Any) -> str:
    text = value.get("en") if isinstance(value, dict) else None
    text = " ".join(text.split()) if isinstance(text, str) else ""
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1].rstrip() + "\u2026"
    return text


def _add(
    report: Report,
    message: str,
    target: Any,
    questions: Everywhere,
    in_words: str | None = None,
    **where: Any,
) -> None:
    """Add ``message``, naming the question ``target`` by its key, and by its text in words
    (by its key there too while it has no text): as ``in_words`` says it, if given."""
    text = questions.get(target, (0, ""))[1] if isinstance(target, str) else ""
    named = f"\u201c{text}\u201d" if text else str(target)
    report.add(
        message.replace(QUESTION, str(target)),
        field="condition",
        in_words=(in_words or message).replace(QUESTION, named),
        **where,
    )


def _answers(codes: list[Any]) -> str:
    names = [str(code) for code in codes]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed} {'is not' if len(names) == 1 else 'are not'}"


def condition(
    report: Report,
    value: Any,
    earlier: Earlier,
    page_index: int,
    questions: Everywhere | None = None,
    **where: Any,
) -> None:
    """Check a ``show_if`` on the page at ``page_index`` (or on one of its questions).

    ``questions`` are every question in the survey, for naming the one a condition depends on.
    """
    if value is None:
        return
    questions = questions or {}
    if (
        not isinstance(value, dict)
        or set(value) != {"question", "in"}
        or not isinstance(value["in"], list)
        or not value["in"]
    ):
        report.add(
            "A condition must name a question and the answers that show this",
            field="condition",
            **where,
        )
        return
    target = value["question"]
    found = earlier.get(target) if isinstance(target, str) else None
    if found is None:
        _add(report, _not_earlier(target, page_index, questions), target, questions, **where)
        return
    _index, question = found
    if question["type"] == definitions.TEXT_TYPE:
        message = f"The condition must depend on a choice question; {QUESTION} is free text"
        _add(report, message, target, questions, **where)
    else:
        wrong = [answer for answer in value["in"] if answer not in question["codes"]]
        if wrong:
            message = f"The condition's answers must be options of {QUESTION}; {_answers(wrong)}"
            # In the builder, an answer is known by its words; one no longer an option has
            # none, so the words say what happened and what to do here.
            in_words = (
                f"It is shown only after answers {QUESTION} no longer has, as its options "
                "have changed: tick the answers that show it again, or show it to everyone"
            )
            _add(report, message, target, questions, in_words, **where)


def _not_earlier(target: Any, page_index: int, questions: Everywhere) -> str:
    """Why a condition's question is not one it may depend on: where that question is."""
    start = "The condition must depend on a question on an earlier page"
    if not isinstance(target, str) or target not in questions:
        return (
            f"{start}; it names a question not in the survey (key {QUESTION}): choose the answers "
            "that show this again, or show it to everyone"
        )
    place = "the same page" if questions[target][0] == page_index else "a later page"
    return f"{start}; {QUESTION} is on {place}"
