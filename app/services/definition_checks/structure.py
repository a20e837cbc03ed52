"""Checks on a definition's structure: its fields, keys, pages, questions and options.

A question key, once published, keeps its kind of answer from one version to the next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from app.services import definitions, equality
from app.services.definition_checks.conditions import Earlier, Everywhere, condition, everywhere
from app.services.definition_checks.problems import Problem, Report
from app.services.definition_checks.within import within
from app.services.definition_checks.wording import (
    english,
    intro,
    is_text,
    personal_details,
    placeholders,
    texts_of,
)

SLUG = re.compile(r"^[a-z][a-z0-9-]{1,62}[a-z0-9]$")
# Words the builder's own addresses use after /admin/surveys/ and /try/.
RESERVED_SLUGS = frozenset({"new", "import"})
RESERVED_PAGE_KEYS = frozenset({"check", "done", "new"})
PAGE_KEY = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
QUESTION_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
OPTION_CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
MAX_PAGES = 30
MAX_QUESTIONS = 100
MAX_OPTIONS = 40
MAX_TEXT_LIMIT = 5000
#: The longest free-text answer of a question that sets no max_length.
DEFAULT_TEXT_LIMIT = 2000
EQUALITY_TYPES = frozenset({"ethnic_group", "ethnicity"})
EQUALITY_ONE_BY_ONE = (
    "Equality questions cannot be added one by one: ask for the whole optional equality block "
    "instead"
)
QUESTION_TYPES = ("choice", definitions.MULTI_TYPE, definitions.TEXT_TYPE)
LINK_KINDS = ("encounter", "event", "standing")
AUDIENCES = ("public", "staff")
SURVEY_FIELDS = frozenset(
    {"slug", "audience", "minutes", "equality", "link_defaults", "title", "intro", "pages"}
)
PAGE_FIELDS = frozenset({"key", "title", "questions", "show_if"})
QUESTION_FIELDS = frozenset(
    {
        "key",
        "type",
        "scale",
        "options",
        "text",
        "hint",
        "required",
        "max_length",
        "show_if",
        "favourable",
        "error_required",
        "follow_up",
        "within",
        "error_within",
    }
)


def equality_keys() -> set[str]:
    return {
        question["key"]
        for page in equality.equality_block()["pages"]
        for question in page["questions"]
    }


class StructureChecker(Report):
    """Walks a definition from the survey's fields down to each option, in order."""

    def __init__(self, source: dict[str, Any], previous: Iterable[dict[str, Any]]) -> None:
        super().__init__()
        self.source = source
        self.previous = list(previous)
        self.scales = definitions.scales()

    def run(self) -> list[Problem]:
        source = self.source
        unknown = sorted(set(source) - SURVEY_FIELDS)
        if unknown:
            self.add(f"Remove the fields this service does not know: {', '.join(unknown)}")
        slug = source.get("slug")
        if not isinstance(slug, str) or not slug:
            self.add("Enter a short name for the survey's web address", field="slug")
        elif slug in RESERVED_SLUGS:
            self.add(f"{slug} cannot be a survey's short name: choose another", field="slug")
        elif not SLUG.match(slug):
            self.add(
                "The short name must be 3 to 64 lowercase letters, numbers and hyphens, "
                "starting with a letter",
                field="slug",
            )
        english(self, source.get("title"), "a title", "title")
        intro(self, source.get("intro"))
        self._settings()
        self._pages(source.get("pages"))
        return self.problems

    def _settings(self) -> None:
        source = self.source
        if source.get("audience", "public") not in AUDIENCES:
            self.add("Select who answers the survey: the public or staff", field="audience")
        minutes = source.get("minutes", 3)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 60:
            self.add("Minutes to answer must be a whole number from 1 to 60", field="minutes")
        if not isinstance(source.get("equality", False), bool):
            self.add("Say whether to ask the equality questions: true or false", field="equality")
        defaults = source.get("link_defaults", {})
        if not isinstance(defaults, dict) or set(defaults) - {"kind", "single_use"}:
            self.add("Link defaults may give only kind and single_use", field="link_kind")
        else:
            if defaults.get("kind", "standing") not in LINK_KINDS:
                self.add("Select the kind of link: encounter, event or standing", field="link_kind")
            if not isinstance(defaults.get("single_use", False), bool):
                self.add("Say whether links are single-use: true or false", field="link_kind")

    def _pages(self, pages: Any) -> None:
        if not isinstance(pages, list) or not pages:
            self.add("Add at least one page of questions", field="pages")
            return
        if len(pages) > MAX_PAGES:
            self.add(f"A survey can have at most {MAX_PAGES} pages", field="pages")
        page_keys: set[str] = set()
        # The questions so far, for checking that conditions point backwards.
        earlier: Earlier = {}
        reserved = equality_keys()
        in_survey = everywhere(pages)
        count = 0
        for index, page in enumerate(pages):
            where_page = f"{index + 1}"
            if not isinstance(page, dict):
                self.add("Each page must be a JSON object", page=where_page)
                continue
            key = page.get("key")
            if isinstance(key, str) and key:
                where_page = key
            unknown = sorted(set(page) - PAGE_FIELDS)
            if page.get("equality"):
                self.add(EQUALITY_ONE_BY_ONE, page=where_page)
                continue
            if unknown:
                self.add(
                    f"Remove the fields this service does not know: {', '.join(unknown)}",
                    page=where_page,
                )
            if not isinstance(key, str) or not PAGE_KEY.match(key):
                self.add(
                    "Enter a page key of lowercase letters, numbers and hyphens, starting with "
                    "a letter",
                    page=where_page,
                    field="key",
                )
            elif key in RESERVED_PAGE_KEYS:
                self.add(f"{key} cannot be a page key: choose another", page=key, field="key")
            elif key in page_keys:
                self.add(
                    f"Page key {key} is used twice: give each page its own", page=key, field="key"
                )
            else:
                page_keys.add(key)
            english(self, page.get("title"), "a page title", "title", page=where_page)
            condition(self, page.get("show_if"), earlier, index, in_survey, page=where_page)
            questions = page.get("questions")
            if not isinstance(questions, list) or not questions:
                self.add(
                    "Add at least one question to this page", page=where_page, field="questions"
                )
                continue
            added: Earlier = {}
            for position, question in enumerate(questions):
                count += 1
                resolved = self._question(
                    question, position, where_page, index, (earlier, added, in_survey), reserved
                )
                if resolved is not None:
                    added[resolved["key"]] = (index, resolved)
            earlier.update(added)
        if count > MAX_QUESTIONS:
            self.add(f"A survey can have at most {MAX_QUESTIONS} questions", field="pages")

    def _question(
        self,
        question: Any,
        position: int,
        page: str,
        page_index: int,
        known: tuple[Earlier, Earlier, Everywhere],
        reserved: set[str],
    ) -> dict[str, Any] | None:
        """Check one question; ``known`` are the questions on earlier pages, those so far on
        this page, and every question in the survey."""
        earlier, added, questions = known
        where = {"page": page, "question": f"{position + 1}"}
        if not isinstance(question, dict):
            self.add("Each question must be a JSON object", **where)
            return None
        key = question.get("key")
        if isinstance(key, str) and key:
            where["question"] = key
        unknown = sorted(set(question) - QUESTION_FIELDS)
        if unknown:
            self.add(f"Remove the fields this service does not know: {', '.join(unknown)}", **where)
        valid_key = isinstance(key, str) and bool(QUESTION_KEY.match(key))
        if not valid_key:
            self.add(
                "Enter a question key of lowercase letters, numbers and underscores, starting "
                "with a letter (at most 64)",
                field="key",
                **where,
            )
        elif key in earlier or key in added:
            self.add(
                f"Question key {key} is used twice: give each question its own",
                field="key",
                **where,
            )
            valid_key = False
        elif key in reserved or question.get("type") in EQUALITY_TYPES:
            self.add(EQUALITY_ONE_BY_ONE, field="key", **where)
            return None
        english(self, question.get("text"), "the question", "text", **where)
        english(self, question.get("hint"), "the hint", "hint", required=False, **where)
        english(
            self,
            question.get("error_required"),
            "the error message",
            "error",
            required=False,
            **where,
        )
        if not isinstance(question.get("required", False), bool):
            self.add(
                "Say whether the question must be answered: true or false",
                field="required",
                **where,
            )
        kind = question.get("type")
        if kind not in QUESTION_TYPES:
            self.add("Select the type of question", field="type", **where)
            return None
        condition(self, question.get("show_if"), earlier, page_index, questions, **where)
        if kind == definitions.TEXT_TYPE:
            self._free_text(question, key, **where)
            codes: list[str] = []
        else:
            codes = self._options(question, **where)
        within(self, question, codes, ({**earlier, **added}, questions), **where)
        self._stable(question, key, kind, **where)
        if not valid_key:
            return None
        return {"key": key, "type": kind, "codes": codes}

    def _free_text(self, spec: dict[str, Any], key: Any, **where: Any) -> None:
        limit = spec.get("max_length", DEFAULT_TEXT_LIMIT)
        if (
            not isinstance(limit, int)
            or isinstance(limit, bool)
            or not 1 <= limit <= MAX_TEXT_LIMIT
        ):
            self.add(
                f"The answer length limit must be a whole number from 1 to {MAX_TEXT_LIMIT}",
                field="max_length",
                **where,
            )
        for name in ("scale", "options", "favourable", "follow_up"):
            if spec.get(name):
                self.add(f"A free-text question cannot have {name.replace('_', ' ')}", **where)
        personal_details(self, spec, key, **where)

    def _options(self, spec: dict[str, Any], **where: Any) -> list[str]:
        scale = spec.get("scale")
        options = spec.get("options")
        if scale is not None:
            if options:
                self.add("Give either a scale or options, not both", field="options", **where)
            if scale not in self.scales:
                self.add(f"Select a scale from: {', '.join(self.scales)}", field="scale", **where)
                return []
            codes = [o["code"] for o in self.scales[scale]["options"]]
        else:
            codes = self._own_options(options, **where)
        favourable = spec.get("favourable", [])
        if not isinstance(favourable, list) or any(code not in codes for code in favourable):
            self.add(
                "Favourable answers must be codes of this question's options",
                field="favourable",
                **where,
            )
        elif favourable and spec.get("type") == definitions.MULTI_TYPE:
            # A share favourable is of people who gave one answer each, as the builder allows.
            self.add(
                "Only a question with one answer can have favourable answers: take "
                '"favourable" out of this question, which allows several answers',
                field="favourable",
                **where,
            )
        follow_up = spec.get("follow_up", {})
        if not isinstance(follow_up, dict):
            self.add("Follow-up messages must be given by option code", **where)
        else:
            for code, message in follow_up.items():
                if code not in codes:
                    self.add(f"A follow-up message is for {code}, which is not an option", **where)
                english(self, message, "the follow-up message", "follow_up", **where)
                placeholders(self, message, **where)
        return codes

    def _own_options(self, options: Any, **where: Any) -> list[str]:
        if not isinstance(options, list) or len(options) < 2:
            self.add("Enter at least 2 options", field="options", **where)
            return []
        if len(options) > MAX_OPTIONS:
            self.add(f"A question can have at most {MAX_OPTIONS} options", field="options", **where)
        codes: list[str] = []
        for position, option in enumerate(options, start=1):
            if not isinstance(option, dict):
                self.add(f"Option {position} must be a JSON object", field="options", **where)
                continue
            code = option.get("code")
            if not isinstance(code, str) or not OPTION_CODE.match(code):
                self.add(
                    f"Option {position}: give a code of lowercase letters, numbers and underscores",
                    field="options",
                    **where,
                )
            elif code in codes:
                self.add(f"Option code {code} is used twice", field="options", **where)
            else:
                codes.append(code)
            label = texts_of(option.get("label"))
            if label is None or not is_text(label.get("en")):
                self.add(f"Enter option {position} in English", field="options", **where)
        return codes

    def _stable(self, spec: dict[str, Any], key: Any, kind: str, **where: Any) -> None:
        """A key already published must keep its kind of answer, or old and new answers would
        be counted together as if they answered the same question."""
        if not isinstance(key, str):
            return
        for version in self.previous:
            published = definitions.Definition(version).question(key)
            if published is None:
                continue
            if published["type"] != kind:
                self.add(
                    f"Question key {key} was published as a different type of question: "
                    "keep its type or give the question a new key",
                    field="key",
                    **where,
                )
                return
