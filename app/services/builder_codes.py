"""Keeping a question's option codes when its words change.

An option's code is what its answers are stored and counted under, and what a condition
("shown only to people who answered …") names. The builder makes a code from an option's
English words unless its line starts with one, so changing the words of a line that has lost
its ``code:`` changes the code. Saving a question is refused, on that question, when the change
would take away:

- an answer that a condition on a later page or question depends on (the condition would
  name an answer the question no longer has), or the question's key that one names; or
- an answer published in an earlier version, while a line typed without a code gets a new
  one: the old and new answers would be counted apart. A code typed at the start of the line
  says which the admin means, and is saved as typed.

Every message names the pages, questions and options in the words the admin wrote.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from app.services import definitions
from app.services.definitions import localised


class CodeInUse(ValueError):
    """Saving the question would break what uses its answers; ``field`` is the form field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _options(question: dict[str, Any]) -> list[dict[str, Any]]:
    """The question's answers: its own options, or those of its scale (none for free text)."""
    if question.get("type") == definitions.TEXT_TYPE:
        return []
    if question.get("scale"):
        return definitions.scales().get(question["scale"], {}).get("options", [])
    options = question.get("options")
    return [o for o in options if isinstance(o, dict)] if isinstance(options, list) else []


def _labels(question: dict[str, Any]) -> dict[str, str]:
    """Each answer's code -> its English words."""
    return {
        option.get("code"): localised(option.get("label"), "en") or str(option.get("code"))
        for option in _options(question)
    }


def _dependents(source: dict[str, Any], key: str) -> list[tuple[str, set[str], str]]:
    """(what, answers it is shown on, field for changing it) for each page and question whose
    condition depends on question ``key``, in words: "page 3 “Your fine”"."""
    found = []
    for number, page in enumerate(source.get("pages") or [], start=1):
        title = localised(page.get("title"), "en")
        page_words = f"page {number} {_quoted(title)}" if title else f"page {number}"
        condition = page.get("show_if") or {}
        if condition.get("question") == key:
            found.append((page_words, set(condition.get("in") or []), f"who sees {page_words}"))
        for question in page.get("questions") or []:
            condition = question.get("show_if") or {}
            if condition.get("question") == key:
                text = localised(question.get("text"), "en") or question.get("key")
                what = f"the question {_quoted(text)} on {page_words}"
                found.append((what, set(condition.get("in") or []), "who sees that question"))
    return found


def check_conditions(source: dict[str, Any], old: dict[str, Any], new: dict[str, Any]) -> None:
    """Refuse a change to question ``old`` (now ``new``) that takes away its key or an answer
    a condition in the draft ``source`` depends on."""
    key = old.get("key")
    dependents = _dependents(source, key)
    if not dependents:
        return
    if new.get("key") != key:
        what, _answers, change = dependents[0]
        raise CodeInUse(
            f"{what[0].upper()}{what[1:]} is shown only to people who gave certain answers to "
            f"this question, which it finds by the key {key}: keep the key {key}, or first "
            f"change {change}",
            "key",
        )
    labels = _labels(old)
    kept = set(_labels(new))
    for what, answers, change in dependents:
        gone = [code for code in labels if code in answers and code not in kept]
        if not gone:
            continue
        words = _listed([_quoted(labels[code]) for code in gone])
        codes = _listed([f"{code}:" for code in gone])
        own = new.get("type") != definitions.TEXT_TYPE and not new.get("scale")
        keep = (
            f"keep {'that option' if len(gone) == 1 else 'those options'}, with "
            f"{codes} at the start of {'its line' if len(gone) == 1 else 'their lines'}"
            if own
            else f"keep {'that option' if len(gone) == 1 else 'those options'}"
        )
        raise CodeInUse(
            f"{what[0].upper()}{what[1:]} is shown only to people who answered {words} here: "
            f"{keep}, or first change {change}",
            "options" if own else "type",
        )


def check_published(
    published: list[dict[str, Any]],
    old: dict[str, Any],
    new: dict[str, Any],
    made_from_words: Collection[str],
) -> None:
    """Refuse a change that drops an answer published for this question while a line typed
    without a code gets a new one (``made_from_words``: the codes made from an option's words
    rather than typed): its answers would be counted apart from the earlier ones."""
    key = new.get("key")
    if not made_from_words or key != old.get("key"):
        return
    answered: dict[str, str] = {}
    for version in published:
        question = definitions.Definition(version).question(key)
        if question is not None:
            answered = _labels(question) | answered
    new_labels = _labels(new)
    gone = [code for code in _labels(old) if code in answered and code not in new_labels]
    fresh = [code for code in new_labels if code in made_from_words and code not in answered]
    if not gone or not fresh:
        return
    before = _listed([_quoted(answered[code]) for code in gone])
    now = _listed([_quoted(new_labels[code]) for code in fresh])
    if len(gone) == 1 and len(fresh) == 1:
        raise CodeInUse(
            f"{before} has been published, and its answers are counted under the code "
            f"{gone[0]}. {now} would get a new code, {fresh[0]}, and be counted apart from "
            f"them. To count them together, put {gone[0]}: at the start of its line. If it is "
            f"a different answer, put a code of its own there, such as {fresh[0]}:",
            "options",
        )
    raise CodeInUse(
        f"{before} {'has' if len(gone) == 1 else 'have'} been published, and {now} would get "
        "new codes, so their answers would be counted apart. Start the line of each changed "
        "option with its old code (as it was shown, such as "
        f"{gone[0]}:), or a new option's line with a code of its own",
        "options",
    )
