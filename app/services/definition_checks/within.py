"""Checks on ``within``: a single choice whose answer must be one of those chosen in a
multiple-choice question with the same options, asked before it or earlier on its page
("Which one matters most?" after "Select all that apply").

Each problem names that question by its key (in ``message``, which finds it in an imported
file) and by its English text (in ``in_words``, as the builder shows it).
"""

from __future__ import annotations

from typing import Any

from app.services import definitions
from app.services.definition_checks.conditions import Earlier, Everywhere
from app.services.definition_checks.problems import Report
from app.services.definition_checks.wording import english


def within(
    report: Report,
    spec: dict[str, Any],
    codes: list[str],
    known: tuple[Earlier, Everywhere],
    **where: Any,
) -> None:
    """Check a question's ``within`` (and its ``error_within`` message), if it has one.
    ``known`` are the questions before this one (on earlier pages and this one) and every
    question in the survey, with its text."""
    source = spec.get("within")
    if source is None:
        if spec.get("error_within") is not None:
            report.add(
                "An error message for an answer outside those chosen needs within: remove it, "
                "or name the multiple-choice question the answer must be one of",
                **where,
            )
        return
    before, questions = known
    if not isinstance(source, str) or not source:
        report.add("Within must name a multiple-choice question by its key", **where)
        return
    text = questions.get(source, (0, ""))[1]
    named = f"\u201c{text}\u201d" if text else source

    def add(message: str, field: str | None = None) -> None:
        # The builder does not set within: a problem points to the field that puts it right.
        report.add(
            message.replace("\x00", source),
            field=field,
            in_words=message.replace("\x00", named),
            **where,
        )

    if spec.get("type") != "choice":
        add(
            "Only a single-choice question can have its answer chosen from those ticked in "
            "\x00: make this a single choice or remove within",
            "type",
        )
        return
    if source not in before:
        if source in questions:
            add(
                "The answer can only be chosen from those ticked in a question asked before "
                "this one: \x00 comes after it"
            )
        else:
            add("There is no question \x00 for the answer to be chosen from")
        return
    asked = before[source][1]
    if asked["type"] != definitions.MULTI_TYPE:
        add(
            "\x00 is not a multiple-choice question: the answer can only be chosen from the "
            "options ticked in one"
        )
        return
    if sorted(asked["codes"]) != sorted(codes):
        missing = sorted(set(asked["codes"]) - set(codes))
        extra = sorted(set(codes) - set(asked["codes"]))
        parts = []
        if missing:
            parts.append(f"add {', '.join(missing)}")
        if extra:
            parts.append(f"remove {', '.join(extra)}")
        add(
            "The options must have the same codes as those of \x00"
            + (f": {' and '.join(parts)}" if parts else ""),
            "options",
        )
    english(
        report,
        spec.get("error_within"),
        "the error message for an answer outside those chosen",
        "error_within",
        required=False,
        **where,
    )
