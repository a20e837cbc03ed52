"""Checks on conditions (``show_if``): a page or question shown only after certain answers.

A condition must depend on a choice question on an earlier page, and name its options.
"""

from __future__ import annotations

from typing import Any

from app.services import definitions
from app.services.definition_checks.problems import Report

#: Question key -> (index of its page, {"key", "type", "codes"}) for the questions so far.
Earlier = dict[str, tuple[int, dict[str, Any]]]


def condition(report: Report, value: Any, earlier: Earlier, page_index: int, **where: Any) -> None:
    """Check a ``show_if`` on the page at ``page_index`` (or on one of its questions)."""
    if value is None:
        return
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
        report.add(
            f"The condition must depend on a question on an earlier page; {target} is not one",
            field="condition",
            **where,
        )
        return
    index, question = found
    if index >= page_index:
        report.add(
            f"The condition must depend on a question on an earlier page; {target} is on "
            "the same page",
            field="condition",
            **where,
        )
    elif question["type"] == definitions.TEXT_TYPE:
        report.add(
            f"The condition must depend on a choice question; {target} is free text",
            field="condition",
            **where,
        )
    else:
        wrong = [answer for answer in value["in"] if answer not in question["codes"]]
        if wrong:
            report.add(
                f"The condition's answers must be options of {target}; "
                f"{', '.join(map(str, wrong))} is not",
                field="condition",
                **where,
            )
