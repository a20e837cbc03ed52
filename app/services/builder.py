"""Making and changing surveys without a developer: drafts, their edits, import and export.

A draft holds a definition in the source format of ``data/surveys/*.json``. Every edit is a new
copy of that definition, saved with an audit event, and only if the draft is still the one the
editor's page showed (:mod:`app.services.draft_versions`). Import checks a definition with
:func:`app.services.definition_checks.check`, the same check publishing uses; checking,
publishing and discarding a draft are in :mod:`app.services.builder_publish`. Built-in surveys
change only through their files and ``flask surveys sync``, so they can be exported but not
edited here.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.services import audit, builder_codes
from app.services.definition_checks import DefinitionProblems, Problem, check, parse_json
from app.services.definitions import DefinitionError, localised, resolve
from app.services.draft_versions import locked_draft, write_source
from app.services.surveys import get_survey, is_built_in
from app.services.transaction import transactional
from models import Survey, SurveyDraft, db

#: What a single choice may say in its definition that the builder does not offer to set: that
#: its answer is chosen from among those ticked in another question, and the message then.
WITHIN = ("within", "error_within")


class BuilderError(ValueError):
    """An edit that cannot be made; ``field`` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class SurveyRow:
    """One survey on the builder's list."""

    slug: str
    title: str
    version: int | None
    has_draft: bool
    built_in: bool


def survey_rows() -> list[SurveyRow]:
    """Every published survey and every draft, published ones first."""
    drafts = {d.slug: d for d in db.session.scalars(select(SurveyDraft))}
    rows = []
    for survey in db.session.scalars(select(Survey).order_by(Survey.id)):
        version = survey.current_version
        title = localised(version.definition["title"], "en") if version else survey.slug
        rows.append(
            SurveyRow(
                survey.slug,
                title,
                version.number if version else None,
                survey.slug in drafts,
                is_built_in(survey.slug),
            )
        )
    published = {row.slug for row in rows}
    for slug, draft in sorted(drafts.items()):
        if slug not in published:
            title = localised(draft.source.get("title"), "en") or slug
            rows.append(SurveyRow(slug, title, None, True, False))
    return rows


def get_draft(slug: str) -> SurveyDraft | None:
    return db.session.scalar(select(SurveyDraft).where(SurveyDraft.slug == slug))


def published_definitions(slug: str) -> list[dict[str, Any]]:
    """Every published version's definition of the survey ``slug`` (none if it is new), which
    a new version is checked against."""
    survey = get_survey(slug)
    return [version.definition for version in survey.versions] if survey else []


def unresolve(definition: dict[str, Any]) -> dict[str, Any]:
    """The source form of a published definition: without the equality block's pages, which
    ``"equality": true`` brings back when it is published again."""
    source = copy.deepcopy(definition)
    source.pop("equality_intro", None)
    source["pages"] = [page for page in source["pages"] if not page.get("equality")]
    return source


def export_source(slug: str) -> dict[str, Any] | None:
    """The definition to export: the draft if there is one, else the published version."""
    draft = get_draft(slug)
    if draft is not None:
        return copy.deepcopy(draft.source)
    survey = get_survey(slug)
    if survey is None or survey.current_version is None:
        return None
    return unresolve(survey.current_version.definition)


def _words_then(detail: dict, *sources: dict[str, Any]) -> dict[str, str]:
    """The English title of the page, or text of the question, an edit is about, as it reads
    in the first of ``sources`` that has it (the draft after the edit, then before it): the
    audit log names it so, even once it has been changed, removed, or its key reused."""
    for source in sources:
        for page in source.get("pages") or []:
            if "question" in detail:
                for question in page.get("questions") or []:
                    if question.get("key") == detail["question"] and question.get("text"):
                        return {"text": localised(question["text"], "en")}
            elif "page" in detail and page.get("key") == detail["page"] and page.get("title"):
                return {"title": localised(page["title"], "en")}
    return {}


def _save(draft: SurveyDraft, source: dict[str, Any], action: str, detail: dict) -> None:
    """Write the edited ``source`` of a draft read with :func:`existing_draft`, and log it;
    :class:`~app.services.draft_versions.DraftChanged` if the draft changed meanwhile."""
    detail = detail | _words_then(detail, source, draft.source)
    write_source(draft, source)
    audit.add(action, target=draft.slug, detail=detail)
    db.session.flush()


def _slug_free(slug: str) -> None:
    if get_survey(slug) is not None or get_draft(slug) is not None:
        raise BuilderError(
            f"There is already a survey called {slug}: choose another short name", "slug"
        )


@transactional
def create(details: dict[str, Any], created_by_id: int | None = None) -> SurveyDraft:
    """A new draft survey with ``details`` (slug, title, intro, audience …) and no pages."""
    slug = details["slug"]
    _slug_free(slug)
    source = {**details, "pages": []}
    draft = SurveyDraft(slug=slug, source=source, created_by_id=created_by_id)
    db.session.add(draft)
    audit.add("survey.draft_create", target=slug)
    db.session.flush()
    return draft


@transactional
def start_editing(slug: str, created_by_id: int | None = None) -> SurveyDraft:
    """A draft of a published survey's next version, starting from the current one."""
    draft = get_draft(slug)
    if draft is not None:
        return draft
    if is_built_in(slug):
        raise BuilderError(
            "Built-in surveys change through their definition files: export this one and "
            "import it under a new short name to make your own version"
        )
    source = export_source(slug)
    if source is None:
        raise BuilderError(f"There is no survey called {slug}")
    draft = SurveyDraft(slug=slug, source=source, created_by_id=created_by_id)
    db.session.add(draft)
    audit.add("survey.draft_create", target=slug, detail={"from_version": _version(slug)})
    db.session.flush()
    return draft


def _version(slug: str) -> int | None:
    survey = get_survey(slug)
    return survey.current_version.number if survey and survey.current_version else None


@transactional
def save_details(slug: str, details: dict[str, Any], seen: str | None = None) -> None:
    draft = existing_draft(slug, seen)
    source = copy.deepcopy(draft.source)
    source.update({k: v for k, v in details.items() if k != "slug"})
    for name in ("intro", "title"):
        if name in details and not details[name].get("cy"):
            source[name].pop("cy", None)
    _save(draft, source, "survey.edit", {"what": "details"})


def existing_draft(slug: str, seen: str | None = None) -> SurveyDraft:
    """The draft of ``slug`` as it is now, locked for the transaction that changes it; a
    BuilderError if there is none. ``seen`` is the stamp of the draft as the editor's page
    showed it: :class:`~app.services.draft_versions.DraftChanged` if it has changed since
    (see :mod:`app.services.draft_versions`)."""
    draft = locked_draft(slug, seen)
    if draft is None:
        raise BuilderError(f"There is no draft of {slug}")
    return draft


def _page_index(source: dict[str, Any], page_key: str) -> int:
    for index, page in enumerate(source.get("pages", [])):
        if page.get("key") == page_key:
            return index
    raise BuilderError(f"There is no page {page_key}")


def _all_question_keys(source: dict[str, Any]) -> set[str]:
    return {q.get("key") for page in source.get("pages", []) for q in page.get("questions", [])}


@transactional
def save_page(
    slug: str, page_key: str | None, page: dict[str, Any], seen: str | None = None
) -> str:
    """Add a page (``page_key`` None) or change one; returns its key. Its questions stay."""
    draft = existing_draft(slug, seen)
    source = copy.deepcopy(draft.source)
    pages = source.setdefault("pages", [])
    others = {p.get("key") for p in pages if p.get("key") != page_key}
    if page["key"] in others:
        raise BuilderError(f"Page key {page['key']} is used by another page", "key")
    if page_key is None:
        pages.append({**page, "questions": []})
        detail = {"what": "page added", "page": page["key"]}
    else:
        index = _page_index(source, page_key)
        kept = {"questions": pages[index].get("questions", [])}
        pages[index] = {**page, **kept}
        if page.get("show_if") is None:
            pages[index].pop("show_if", None)
        detail = {"what": "page changed", "page": page["key"]}
    _save(draft, source, "survey.edit", detail)
    return page["key"]


@transactional
def remove_page(slug: str, page_key: str, seen: str | None = None) -> None:
    draft = existing_draft(slug, seen)
    source = copy.deepcopy(draft.source)
    del source["pages"][_page_index(source, page_key)]
    _save(draft, source, "survey.edit", {"what": "page removed", "page": page_key})


@transactional
def move_page(slug: str, page_key: str, step: int, seen: str | None = None) -> None:
    """Move a page up (``step`` -1) or down (+1)."""
    draft = existing_draft(slug, seen)
    source = copy.deepcopy(draft.source)
    pages = source["pages"]
    index = _page_index(source, page_key)
    target = index + step
    if 0 <= target < len(pages):
        pages[index], pages[target] = pages[target], pages[index]
        _save(draft, source, "survey.edit", {"what": "page moved", "page": page_key})


@transactional
def save_question(
    slug: str,
    page_key: str,
    question_key: str | None,
    question: dict[str, Any],
    seen: str | None = None,
    made_from_words: Collection[str] = (),
) -> str:
    """Add a question to a page (``question_key`` None) or change one; returns its key.

    A change that would take away an answer (or the key) something uses is refused
    (:mod:`app.services.builder_codes`); ``made_from_words`` are the option codes the form
    made from an option's words rather than being given."""
    draft = existing_draft(slug, seen)
    source = copy.deepcopy(draft.source)
    page = source["pages"][_page_index(source, page_key)]
    questions = page.setdefault("questions", [])
    others = _all_question_keys(source) - {question_key}
    if question["key"] in others:
        raise BuilderError(f"Question key {question['key']} is used by another question", "key")
    cleaned = {name: value for name, value in question.items() if value not in (None, {}, [])}
    _check_favourable(cleaned)
    if question_key is None:
        questions.append(cleaned)
        detail = {"what": "question added", "question": question["key"]}
    else:
        index = next((i for i, q in enumerate(questions) if q.get("key") == question_key), None)
        if index is None:
            raise BuilderError(f"There is no question {question_key} on page {page_key}")
        try:
            builder_codes.check_conditions(source, questions[index], cleaned)
            builder_codes.check_published(
                published_definitions(slug), questions[index], cleaned, made_from_words
            )
        except builder_codes.CodeInUse as in_use:
            raise BuilderError(in_use.message, in_use.field) from None
        # Keep what the builder does not edit (follow-up messages, favourable answers, an
        # answer chosen from among those ticked in another question and its message).
        # Favourable answers are the form's to set for a single choice of its own options.
        kept = {
            name: questions[index][name]
            for name in ("follow_up", "favourable", "error_required", *WITHIN)
            if name in questions[index]
        }
        if cleaned.get("type") != "choice":
            for name in WITHIN:
                kept.pop(name, None)
        if (
            "favourable" in question
            or cleaned.get("type") != "choice"
            or cleaned.get("scale") is not None
        ):
            kept.pop("favourable", None)
        if cleaned.get("type") == "text" or cleaned.get("scale") is not None:
            kept.pop("follow_up", None)
        questions[index] = {**cleaned, **kept}
        detail = {"what": "question changed", "question": question["key"]}
    _save(draft, source, "survey.edit", detail)
    return question["key"]


def _check_favourable(question: dict[str, Any]) -> None:
    favourable = question.get("favourable")
    if not favourable:
        return
    codes = {option.get("code") for option in question.get("options") or []}
    if question.get("type") != "choice" or question.get("scale") or not set(favourable) <= codes:
        raise BuilderError(
            "Favourable answers must be options of this single-choice question", "favourable"
        )


@transactional
def remove_question(slug: str, page_key: str, question_key: str, seen: str | None = None) -> None:
    draft = existing_draft(slug, seen)
    source = copy.deepcopy(draft.source)
    page = source["pages"][_page_index(source, page_key)]
    page["questions"] = [q for q in page.get("questions", []) if q.get("key") != question_key]
    _save(draft, source, "survey.edit", {"what": "question removed", "question": question_key})


@transactional
def import_source(text: str, created_by_id: int | None = None) -> SurveyDraft:
    """A draft from an exported definition, after the same check as publishing.

    A definition for a survey that exists becomes a draft of its next version (not for the
    built-in ones); any other becomes a new survey's draft. Raises
    :class:`~app.services.definition_checks.DefinitionProblems` with everything wrong.
    """
    source, found = parse_json(text)
    if source is None:
        raise DefinitionProblems(found)
    slug = source.get("slug")
    found = check(source, published_definitions(slug) if isinstance(slug, str) else [])
    if found:
        raise DefinitionProblems(found)
    try:
        resolve(source)
    except (DefinitionError, KeyError, TypeError) as error:
        raise DefinitionProblems([Problem(f"The definition cannot be used: {error}")]) from None
    if is_built_in(slug):
        raise DefinitionProblems(
            [
                Problem(
                    f"{slug} is a built-in survey: change its short name to import it as your own",
                    field="slug",
                )
            ]
        )
    if get_draft(slug) is not None:
        raise DefinitionProblems(
            [
                Problem(
                    f"There is already a draft of {slug}: publish or discard it first",
                    field="slug",
                )
            ]
        )
    draft = SurveyDraft(slug=slug, source=source, created_by_id=created_by_id)
    db.session.add(draft)
    audit.add("survey.import", target=slug)
    db.session.flush()
    return draft
