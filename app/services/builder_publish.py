"""The end of a draft: what stops it being published, publishing it, and discarding it.

Publishing checks the draft's definition with :func:`app.services.definition_checks.check`
against every published version (the check import uses too), resolves it and publishes it as
the survey's next immutable version; the draft then goes, with its test links and the answers in
progress given through them. A draft identical to the published version is refused and kept.
Publishing or discarding a draft that changed since the admin's page showed it is refused too
(:mod:`app.services.draft_versions`): they must look at it again first.
Drafts are made and edited in :mod:`app.services.builder`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from app.services import audit, scoring
from app.services.builder import BuilderError, existing_draft, published_definitions
from app.services.definition_checks import DefinitionProblems, Problem, check
from app.services.definitions import DefinitionError, checksum, resolve
from app.services.draft_versions import delete_row
from app.services.surveys import get_survey, publish_version
from app.services.transaction import transactional
from models import DraftTestJourney, DraftTestLink, SurveyDraft, SurveyVersion, db


def problems(draft: SurveyDraft) -> list[Problem]:
    """What stops this draft being published (empty when nothing does)."""
    found = check(draft.source, published_definitions(draft.slug))
    if draft.source.get("slug") != draft.slug:
        found.insert(0, Problem("The survey's short name cannot change", field="slug"))
    return found


def preview(draft: SurveyDraft) -> dict[str, Any]:
    """The draft resolved as it would be published; raises DefinitionProblems if it cannot be."""
    found = problems(draft)
    if found:
        raise DefinitionProblems(found)
    return resolve(draft.source)


def _identical_version(slug: str, definition: dict[str, Any]) -> int | None:
    """The number of the current version if ``definition`` (resolved) is the same as it."""
    survey = get_survey(slug)
    current = survey.current_version if survey else None
    return current.number if current and current.checksum == checksum(definition) else None


def same_as_published(draft: SurveyDraft) -> int | None:
    """The number of the published version this draft is identical to (nothing to publish),
    else None: the draft changes something, or cannot be published as it is."""
    try:
        return _identical_version(draft.slug, preview(draft))
    except (DefinitionProblems, DefinitionError):
        return None


def nothing_to_publish(version: int) -> str:
    return (
        f"There is nothing to publish: this draft is the same as version {version}. "
        "Make a change first, or discard the draft."
    )


@transactional
def publish(slug: str, seen: str | None = None) -> SurveyVersion:
    """Publish the draft as the survey's next immutable version and remove the draft.

    A draft identical to the current version is refused with a BuilderError and kept:
    nothing is published, logged or removed; so is one changed since the admin's page showed
    it as ``seen`` (DraftChanged)."""
    draft = existing_draft(slug, seen)
    definition = preview(draft)
    unchanged = _identical_version(slug, definition)
    if unchanged is not None:
        raise BuilderError(nothing_to_publish(unchanged))
    result = publish_version(slug, definition)
    survey = get_survey(slug)
    scoring.ensure_taxonomies()
    _delete_draft(draft)
    audit.add("survey.publish", target=slug, detail={"version": result.version})
    db.session.flush()
    return survey.current_version


@transactional
def discard(slug: str, seen: str | None = None) -> None:
    """Delete the draft; refused (DraftChanged) if it changed since the page showed it as
    ``seen``."""
    draft = existing_draft(slug, seen)
    _delete_draft(draft)
    audit.add("survey.draft_discard", target=slug)


def _delete_draft(draft: SurveyDraft) -> None:
    """Delete a draft with its test links and the answers in progress given through them."""
    links = select(DraftTestLink.id).where(DraftTestLink.draft_id == draft.id)
    db.session.execute(delete(DraftTestJourney).where(DraftTestJourney.test_link_id.in_(links)))
    db.session.execute(delete(DraftTestLink).where(DraftTestLink.draft_id == draft.id))
    delete_row(draft)
