"""Which of a definition's texts have no Welsh.

Not a problem that stops publishing: a force may choose to publish in English only. But
people reading in Welsh see the English wherever there is no Welsh, so the builder says where
that is before the draft is published. Only the texts an admin writes in the builder are
looked at: the survey's title and introduction, each page's title, and each question's text,
hint and options (a shared scale has its own Welsh).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.services.definition_checks.wording import is_text, texts_of


@dataclass(frozen=True)
class NoWelsh:
    """The texts of one place (the survey's details, a page or a question) in English only.

    ``parts`` name them in words ("the title", "the introduction", "the question", "the
    hint", "2 of the 3 options"); ``page`` and ``question`` are the keys of the place, as in
    :class:`~app.services.definition_checks.problems.Problem`, and ``field`` the form field of
    the first of them, where its Welsh is entered."""

    parts: tuple[str, ...]
    field: str
    page: str | None = None
    question: str | None = None


def _joined(text: Any) -> Any:
    """A text, or an introduction's paragraphs as one text."""
    if isinstance(text, list):
        return " ".join(p for p in text if isinstance(p, str))
    return text


def _lacks_welsh(value: Any) -> bool:
    """An English text with no Welsh beside it (a text with no English is a problem of its
    own, reported by the check)."""
    texts = texts_of(value)
    if texts is None:
        return False
    return is_text(_joined(texts.get("en"))) and not is_text(_joined(texts.get("cy")))


def _details(source: dict[str, Any]) -> NoWelsh | None:
    parts = [
        (part, field)
        for part, field, value in (
            ("the title", "title_cy", source.get("title")),
            ("the introduction", "intro_cy", source.get("intro")),
        )
        if _lacks_welsh(value)
    ]
    if not parts:
        return None
    return NoWelsh(tuple(part for part, _ in parts), parts[0][1])


def _options(question: dict[str, Any]) -> str | None:
    options = question.get("options")
    if question.get("scale") or not isinstance(options, list):
        return None
    labels = [option.get("label") for option in options if isinstance(option, dict)]
    missing = sum(1 for label in labels if _lacks_welsh(label))
    if not missing:
        return None
    if missing == len(labels):
        return "the options" if missing > 1 else "the option"
    return f"{missing} of the {len(labels)} options"


def _question(question: dict[str, Any], page: str) -> NoWelsh | None:
    parts: list[tuple[str, str]] = []
    if _lacks_welsh(question.get("text")):
        parts.append(("the question", "text_cy"))
    if _lacks_welsh(question.get("hint")):
        parts.append(("the hint", "hint_cy"))
    options = _options(question)
    if options:
        parts.append((options, "options"))
    key = question.get("key")
    if not parts or not isinstance(key, str):
        return None
    return NoWelsh(tuple(part for part, _ in parts), parts[0][1], page=page, question=key)


def missing_welsh(source: Any) -> list[NoWelsh]:
    """Each place in ``source`` with texts in English only, in the order the survey asks them."""
    if not isinstance(source, dict):
        return []
    found = [details] if (details := _details(source)) else []
    pages = source.get("pages")
    for page in pages if isinstance(pages, list) else []:
        key = page.get("key") if isinstance(page, dict) else None
        if not isinstance(key, str):
            continue
        if _lacks_welsh(page.get("title")):
            found.append(NoWelsh(("the title",), "title_cy", page=key))
        questions = page.get("questions")
        for question in questions if isinstance(questions, list) else []:
            if isinstance(question, dict) and (place := _question(question, key)):
                found.append(place)
    return found


def has_any_welsh(source: Any) -> bool:
    """Whether any text the builder writes has Welsh: if none has, the survey is in English
    only, which the builder says once rather than text by text."""
    if not isinstance(source, dict):
        return False
    values = [source.get("title"), source.get("intro")]
    pages = source.get("pages")
    for page in pages if isinstance(pages, list) else []:
        if not isinstance(page, dict):
            continue
        values.append(page.get("title"))
        questions = page.get("questions")
        for question in questions if isinstance(questions, list) else []:
            if not isinstance(question, dict):
                continue
            values += [question.get("text"), question.get("hint")]
            options = question.get("options")
            if isinstance(options, list):
                values += [o.get("label") for o in options if isinstance(o, dict)]
    return any(is_text(_joined((texts_of(value) or {}).get("cy"))) for value in values)
