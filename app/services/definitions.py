"""Survey definitions: loading the built-in ones and reading any published one.

A definition is plain JSON data. `resolve` turns a source file (which may name a shared scale
and ask for the equality block) into the self-contained form stored on a SurveyVersion, so that
a published version never changes when a shared file does.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select

from app.services import equality
from models import SurveyVersion, db

SURVEYS_DIR = equality.DATA / "surveys"
BUILT_IN = ("stop-search", "listening-session", "say-to-stay")
CHOICE_TYPES = frozenset({"choice", "ethnic_group", "ethnicity"})
TEXT_TYPE = "text"
MULTI_TYPE = "multi_choice"


class DefinitionError(ValueError):
    """A survey definition is malformed."""


def localised(text: dict[str, Any] | None, language: str) -> Any:
    """The text in ``language``, falling back to English and never to a blank."""
    if not text:
        return ""
    return text.get(language) or text.get("en") or ""


@cache
def _scales() -> dict[str, Any]:
    with open(SURVEYS_DIR / "scales.json", encoding="utf-8") as handle:
        return json.load(handle)


def scales() -> dict[str, Any]:
    """The shared answer scales a question may name, by name (a copy: callers may change it)."""
    return copy.deepcopy(_scales())


def resolve(source: dict[str, Any]) -> dict[str, Any]:
    """Return the self-contained definition for a source definition."""
    definition = copy.deepcopy(source)
    pages = definition["pages"]
    if definition.get("equality"):
        block = equality.equality_block()
        definition["equality_intro"] = block["intro"]
        pages = pages + copy.deepcopy(block["pages"])
    for page in pages:
        for question in page["questions"]:
            _resolve_question(question)
    definition["pages"] = pages
    return definition


def _resolve_question(question: dict[str, Any]) -> None:
    if question["type"] == "ethnic_group":
        question["options"] = equality.ethnic_group_options()
    elif question["type"] == "ethnicity":
        question["options"] = equality.ethnicity_options()
    scale_name = question.pop("scale", None)
    if scale_name:
        try:
            scale = _scales()[scale_name]
        except KeyError:
            raise DefinitionError(
                f"question {question['key']}: unknown scale {scale_name}"
            ) from None
        question["options"] = copy.deepcopy(scale["options"])
        question.setdefault("favourable", list(scale["favourable"]))
    question.setdefault("required", False)
    question.setdefault("favourable", [])
    if question["type"] != TEXT_TYPE and not question.get("options"):
        raise DefinitionError(f"question {question['key']} has no options")


def checksum(definition: dict[str, Any]) -> str:
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_built_in(slug: str) -> dict[str, Any]:
    if slug not in BUILT_IN:
        raise DefinitionError(f"no built-in survey {slug!r}")
    with open(SURVEYS_DIR / f"{slug}.json", encoding="utf-8") as handle:
        return resolve(json.load(handle))


def condition_met(condition: dict[str, Any] | None, answers: dict[str, Any]) -> bool:
    """Whether answers meet a ``show_if`` condition: the named question's answer (any of a
    multiple-choice answer's options) is one of the listed codes. No condition is always met."""
    if not condition:
        return True
    given = answers.get(condition["question"])
    values = given if isinstance(given, list) else [given]
    return any(value in condition["in"] for value in values)


def within_chosen(question: dict[str, Any], answers: dict[str, Any]) -> bool:
    """Whether a single choice that must be ``within`` the options chosen in a multiple-choice
    question (its ``"within"``, naming that question) is among them. Nothing chosen there, or
    no answer here, leaves it free; a question without ``within`` always is."""
    source = question.get("within")
    value = answers.get(question["key"])
    if not source or value in (None, ""):
        return True
    chosen = answers.get(source)
    return not chosen or value in chosen


@dataclass(frozen=True)
class Page:
    key: str
    data: dict[str, Any]

    @property
    def questions(self) -> list[dict[str, Any]]:
        return self.data["questions"]

    @property
    def is_equality(self) -> bool:
        return bool(self.data.get("equality"))

    def shown_questions(self, answers: dict[str, Any]) -> list[dict[str, Any]]:
        """The questions on this page that these answers show (ignoring the page's own
        condition)."""
        return [q for q in self.questions if condition_met(q.get("show_if"), answers)]

    def question_shown(self, question: dict[str, Any], answers: dict[str, Any]) -> bool:
        return condition_met(question.get("show_if"), answers)

    def is_shown(self, answers: dict[str, Any]) -> bool:
        """Whether a respondent with these answers sees this page: its condition is met and
        at least one of its questions is shown."""
        return condition_met(self.data.get("show_if"), answers) and bool(
            self.shown_questions(answers)
        )


class Definition:
    """Read-only access to a resolved definition."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.pages = [Page(page["key"], page) for page in data["pages"]]
        self._pages_by_key = {page.key: page for page in self.pages}

    @property
    def slug(self) -> str:
        return self.data["slug"]

    def title(self, language: str) -> str:
        return localised(self.data["title"], language)

    def page(self, key: str) -> Page | None:
        return self._pages_by_key.get(key)

    def questions(self) -> Iterator[tuple[Page, dict[str, Any]]]:
        for page in self.pages:
            for question in page.questions:
                yield page, question

    def question(self, key: str) -> dict[str, Any] | None:
        return next((q for _, q in self.questions() if q["key"] == key), None)

    def shown(self, answers: dict[str, Any]) -> list[tuple[Page, list[dict[str, Any]]]]:
        """The pages a respondent with these answers sees (see ``Page.is_shown``), each with
        the questions it shows them, every page's questions looked at once."""
        shown = []
        for page in self.pages:
            if condition_met(page.data.get("show_if"), answers):
                questions = page.shown_questions(answers)
                if questions:
                    shown.append((page, questions))
        return shown

    def shown_pages(self, answers: dict[str, Any]) -> list[Page]:
        return [page for page, _questions in self.shown(answers)]

    def first_page(self) -> Page:
        return self.pages[0]

    def next_page(self, current: str, answers: dict[str, Any]) -> Page | None:
        """The page after ``current`` that these answers show, or None for the end."""
        keys = [page.key for page in self.pages]
        for page in self.pages[keys.index(current) + 1 :]:
            if page.is_shown(answers):
                return page
        return None

    def previous_page(self, current: str, answers: dict[str, Any]) -> Page | None:
        keys = [page.key for page in self.pages]
        for page in reversed(self.pages[: keys.index(current)]):
            if page.is_shown(answers):
                return page
        return None

    def revealed_pages(self, before: dict[str, Any], after: dict[str, Any]) -> list[Page]:
        """The pages, in order, that show a question with the (kept) answers ``after`` a change
        that they did not show ``before`` it: a page shown only now, or a page that now shows a
        question it hid. None of those questions has an answer yet."""
        revealed = []
        for page in self.shown_pages(after):
            earlier = page.shown_questions(before) if page.is_shown(before) else []
            if {q["key"] for q in page.shown_questions(after)} - {q["key"] for q in earlier}:
                revealed.append(page)
        return revealed

    def first_unanswered_page(self, answers: dict[str, Any]) -> Page | None:
        """The first page these (kept) answers show that has no answer to any of its questions,
        or None when every shown page has one: where a respondent coming back carries on."""
        for page in self.shown_pages(answers):
            if not any(answers.get(q["key"]) for q in page.shown_questions(answers)):
                return page
        return None

    def kept_answers(self, answers: dict[str, Any]) -> dict[str, Any]:
        """Only the answers to questions these answers show, and not a single choice that is no
        longer among the options chosen in its ``within`` question.

        Hidden questions are neither required nor stored. Questions are walked in order, so a
        question or page hidden by a changed earlier answer also drops what it had shown in turn.
        """
        kept: dict[str, Any] = {}
        for page in self.pages:
            if not condition_met(page.data.get("show_if"), kept):
                continue
            for question in page.questions:
                if question["key"] in answers and condition_met(question.get("show_if"), kept):
                    kept[question["key"]] = answers[question["key"]]
        # A single choice no longer among those chosen in its ``within`` question is dropped:
        # its page asks it again (see ``within_chosen``).
        for _page, question in self.questions():
            if question["key"] in kept and not within_chosen(question, kept):
                del kept[question["key"]]
        return kept

    def shown_keys(self, answers: dict[str, Any]) -> set[str]:
        """The keys of every question a respondent with these (kept) answers is shown."""
        return {
            question["key"] for _page, questions in self.shown(answers) for question in questions
        }

    def not_shown_keys(self, answers: dict[str, Any]) -> list[str]:
        """The keys of the survey's own (not equality) questions these answers hide."""
        return self._not_shown(self.shown(self.kept_answers(answers)))

    def missing_required(self, answers: dict[str, Any]) -> list[Page]:
        """Shown pages with a shown, required question that has no answer."""
        kept = self.kept_answers(answers)
        return self._missing(kept, self.shown(kept))

    def missing_and_not_shown(self, answers: dict[str, Any]) -> tuple[list[Page], list[str]]:
        """``missing_required`` and ``not_shown_keys`` of the same answers, worked out together
        (as a submission needs both)."""
        kept = self.kept_answers(answers)
        shown = self.shown(kept)
        return self._missing(kept, shown), self._not_shown(shown)

    @staticmethod
    def _missing(
        kept: dict[str, Any], shown: list[tuple[Page, list[dict[str, Any]]]]
    ) -> list[Page]:
        return [
            page
            for page, questions in shown
            if any(q["required"] and not kept.get(q["key"]) for q in questions)
        ]

    def _not_shown(self, shown: list[tuple[Page, list[dict[str, Any]]]]) -> list[str]:
        shown_keys = {question["key"] for _page, questions in shown for question in questions}
        return [
            question["key"]
            for page, question in self.questions()
            if not page.is_equality and question["key"] not in shown_keys
        ]

    def option_label(self, question: dict[str, Any], code: str, language: str) -> str:
        for option in question.get("options", []):
            if option["code"] == code:
                return localised(option["label"], language)
        return code


# Published definitions, parsed once per process. A published version is never edited (a change
# is a new version), and the checksum in the key means a version id reused by another database
# (a test's, say) can never be mistaken for this one.
_PUBLISHED: dict[tuple[int, str], Definition] = {}
_PUBLISHED_LIMIT = 64


def published(version_id: int, checksum: str) -> Definition:
    """The definition of a published survey version, read from the database only the first time
    this process needs it: every page of every journey reads one, and it is the largest value
    the journey reads."""
    key = (version_id, checksum)
    found = _PUBLISHED.get(key)
    if found is not None:
        return found
    data = db.session.scalar(select(SurveyVersion.definition).where(SurveyVersion.id == version_id))
    if data is None:
        raise LookupError(f"There is no survey version {version_id}")
    definition = Definition(data)
    if len(_PUBLISHED) >= _PUBLISHED_LIMIT:
        _PUBLISHED.clear()
    _PUBLISHED[key] = definition
    return definition
