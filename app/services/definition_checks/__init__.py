"""Checking a survey definition before it is published: one function for the builder and import.

A definition here is the *source* format of ``data/surveys/*.json``: questions may name a shared
scale, and ``"equality": true`` asks for the optional equality block. :func:`check` returns every
problem found, each saying where it is (page, question, field) and what to do about it, in the
GOV.UK style ("Enter …", "Select …"). It never raises on malformed input: an imported file can
hold anything.

- :mod:`.structure`: fields, keys, pages, questions and options;
- :mod:`.conditions`: questions and pages shown only after certain answers;
- :mod:`.wording`: texts in English and Welsh, follow-up placeholders, and free text that
  would ask for names or contact details.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from app.services.definition_checks.problems import DefinitionProblems, Problem
from app.services.definition_checks.structure import (
    DEFAULT_TEXT_LIMIT,
    MAX_OPTIONS,
    MAX_TEXT_LIMIT,
    OPTION_CODE,
    PAGE_KEY,
    QUESTION_KEY,
    RESERVED_PAGE_KEYS,
    RESERVED_SLUGS,
    SLUG,
    StructureChecker,
)
from app.services.definition_checks.wording import MAX_TEXT
from app.services.import_files import not_text

__all__ = [
    "DEFAULT_TEXT_LIMIT",
    "MAX_OPTIONS",
    "MAX_TEXT",
    "MAX_TEXT_LIMIT",
    "OPTION_CODE",
    "PAGE_KEY",
    "QUESTION_KEY",
    "RESERVED_PAGE_KEYS",
    "RESERVED_SLUGS",
    "SLUG",
    "DefinitionProblems",
    "Problem",
    "check",
    "parse_json",
]


def parse_json(text: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The definition in an imported JSON text, or the problem that stops it being read."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        # Some of json's messages end in "at" ("Invalid control character at"), said once.
        what = error.msg.removesuffix(" at")
        message = f"The file is not valid JSON: {what} at line {error.lineno}, column {error.colno}"
        return None, [Problem(message, field="definition")]
    except (TypeError, ValueError, RecursionError):  # RecursionError: nested too deeply
        return None, [Problem("The file is not valid JSON text", field="definition")]
    found = not_text(text)
    if found is not None:
        character, line, column = found
        message = (
            f"The file has a character that is not text ({character}) at line {line}, "
            f"column {column}: remove it"
        )
        return None, [Problem(message, field="definition")]
    if not isinstance(data, dict):
        return None, [
            Problem("The file must hold one survey definition (a JSON object)", field="definition")
        ]
    return data, []


def check(source: Any, previous: Iterable[dict[str, Any]] = ()) -> list[Problem]:
    """Every problem that stops ``source`` being published; empty when it can be.

    ``previous`` are the resolved definitions of the survey's published versions, so that a
    question key keeps its meaning from one version to the next.
    """
    if not isinstance(source, dict):
        return [Problem("The definition must be a JSON object", field="definition")]
    return StructureChecker(source, previous).run()
