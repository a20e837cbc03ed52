"""The one place that knows the equality questions and the ONS 2021 ethnicity list."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from models import NOT_ASKED, NOT_STATED

DATA = Path(__file__).resolve().parents[2] / "data"
PREFER_NOT_TO_SAY = "prefer_not_to_say"
ETHNIC_GROUPS = ("white", "mixed", "asian", "black", "other")


@dataclass(frozen=True)
class Ethnicity:
    code: str
    label: str
    group: str
    group_label: str
    police_16plus1: str


@cache
def ethnicities() -> tuple[Ethnicity, ...]:
    """The 19 ONS categories plus "Prefer not to say", in the order respondents see them."""
    with open(DATA / "ethnicity.csv", newline="", encoding="utf-8") as handle:
        return tuple(Ethnicity(**row) for row in csv.DictReader(handle))


@cache
def equality_block() -> dict[str, Any]:
    with open(DATA / "surveys" / "equality.json", encoding="utf-8") as handle:
        return json.load(handle)


def ethnicity_by_code() -> dict[str, Ethnicity]:
    return {e.code: e for e in ethnicities()}


def group_labels() -> dict[str, str]:
    """Ethnic group code -> English label, with "Not stated"."""
    labels = {e.group: e.group_label for e in ethnicities() if e.group in ETHNIC_GROUPS}
    labels[NOT_STATED] = "Not stated"
    return labels


def ethnic_group_options() -> list[dict[str, Any]]:
    welsh = equality_block()["ethnicity_labels_cy"]
    options = [
        {"code": group, "label": {"en": label, "cy": welsh.get(group, label)}}
        for group, label in group_labels().items()
        if group != NOT_STATED
    ]
    options.append(
        {
            "code": PREFER_NOT_TO_SAY,
            "label": {"en": "Prefer not to say", "cy": welsh[PREFER_NOT_TO_SAY]},
        }
    )
    return options


def ethnicity_options() -> list[dict[str, Any]]:
    """Every category, each tagged with its group so a page can show one group's list."""
    welsh = equality_block()["ethnicity_labels_cy"]
    return [
        {
            "code": e.code,
            "group": e.group,
            "label": {"en": e.label, "cy": welsh.get(e.code, e.label)},
        }
        for e in ethnicities()
        if e.group in ETHNIC_GROUPS
    ]


def equality_columns(answers: dict[str, Any]) -> dict[str, str]:
    """Turn a respondent's equality answers into the response's equality columns.

    Skipped and "Prefer not to say" both become "not_stated"; a question the respondent was
    never shown (identity questions for under-18s) becomes "not_asked".
    """

    def stated(key: str) -> str:
        value = answers.get(key)
        return (
            value if isinstance(value, str) and value and value != PREFER_NOT_TO_SAY else NOT_STATED
        )

    group = stated("ethnic_group")
    ethnicity = stated("ethnicity")
    known = ethnicity_by_code()
    if group not in ETHNIC_GROUPS:
        group, ethnicity = NOT_STATED, NOT_STATED
    elif ethnicity not in known or known[ethnicity].group != group:
        ethnicity = NOT_STATED

    condition = stated("long_term_condition")
    limited = stated("activity_limited")
    if condition == "no" or (condition == "yes" and limited == "not_at_all"):
        disability = "not_disabled"
    elif condition == "yes" and limited in {"a_lot", "a_little"}:
        disability = f"disabled_{limited}"
    else:
        disability = NOT_STATED

    adult = answers.get("age_band") not in (None, "", "under_18", PREFER_NOT_TO_SAY)
    return {
        "ethnic_group": group,
        "ethnicity": ethnicity,
        "age_band": stated("age_band"),
        "sex": stated("sex"),
        "religion": stated("religion"),
        "disability": disability,
        "gender_identity": stated("gender_identity") if adult else NOT_ASKED,
        "sexual_orientation": stated("sexual_orientation") if adult else NOT_ASKED,
    }
