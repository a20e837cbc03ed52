"""Test links: colleagues try a draft survey exactly as a respondent will, and nothing is kept.

An admin makes a test link from the draft's page. Anyone with it can answer the draft without
signing in, until it expires (:data:`TEST_LINK_DAYS`) or the draft is published or discarded
(the link goes with the draft). Answers are held between pages in a
:class:`~models.DraftTestJourney`, never in the cookie, and finishing the test deletes them:
nothing given through a test link becomes a response, an answer or a count of any kind.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from app.services import audit, builder
from app.services.definition_checks import DefinitionProblems
from app.services.definitions import Definition
from app.services.links import new_token, normalise_token
from app.services.responses import with_page_answers
from app.services.transaction import transactional
from models import DraftTestJourney, DraftTestLink, SurveyDraft, db, utcnow

TEST_LINK_DAYS = 7


class DraftLinkStatus(enum.StrEnum):
    OPEN = "open"
    UNKNOWN = "unknown"  # never made, or gone with its draft
    EXPIRED = "expired"
    BEING_CHANGED = "being_changed"  # the draft cannot be shown until a problem is put right


@dataclass(frozen=True)
class DraftLinkLookup:
    status: DraftLinkStatus
    link: DraftTestLink | None = None
    definition: Definition | None = None


@transactional
def create_test_link(slug: str, created_by_id: int | None = None) -> DraftTestLink:
    """A new test link for the draft of ``slug``, open for :data:`TEST_LINK_DAYS` days.

    Raises :class:`~app.services.builder.BuilderError` when there is no draft, and
    :class:`~app.services.definition_checks.DefinitionProblems` when it cannot be shown yet.
    """
    draft = builder.get_draft(slug)
    if draft is None:
        raise builder.BuilderError(f"There is no draft of {slug}")
    builder.preview(draft)
    _delete_expired()
    link = DraftTestLink(
        token=new_token(),
        draft_id=draft.id,
        created_by_id=created_by_id,
        expires_at=utcnow() + dt.timedelta(days=TEST_LINK_DAYS),
    )
    db.session.add(link)
    # Which draft only: the token is a credential and never goes in the log.
    audit.add("survey.test_link_create", target=slug)
    db.session.flush()
    return link


def open_test_links(draft: SurveyDraft) -> list[DraftTestLink]:
    """The draft's test links that are still open, newest first."""
    now = utcnow()
    links = db.session.scalars(
        select(DraftTestLink)
        .where(DraftTestLink.draft_id == draft.id)
        .order_by(DraftTestLink.created_at.desc(), DraftTestLink.id.desc())
    )
    return [link for link in links if not link.is_expired(now)]


def lookup(token: str) -> DraftLinkLookup:
    """The test link for ``token``, whether it can be answered, and the draft as it is now."""
    normal = normalise_token(token)
    if normal is None:
        return DraftLinkLookup(DraftLinkStatus.UNKNOWN)
    link = db.session.scalar(select(DraftTestLink).where(DraftTestLink.token == normal))
    if link is None:
        return DraftLinkLookup(DraftLinkStatus.UNKNOWN)
    if link.is_expired():
        return DraftLinkLookup(DraftLinkStatus.EXPIRED, link)
    try:
        definition = Definition(builder.preview(link.draft))
    except DefinitionProblems:
        return DraftLinkLookup(DraftLinkStatus.BEING_CHANGED, link)
    return DraftLinkLookup(DraftLinkStatus.OPEN, link, definition)


def get_journey(journey_id: str | None, link: DraftTestLink) -> DraftTestJourney | None:
    if not journey_id:
        return None
    journey = db.session.get(DraftTestJourney, journey_id)
    if journey is None or journey.test_link_id != link.id:
        return None
    return journey


@transactional
def save_page(
    journey_id: str | None,
    link: DraftTestLink,
    definition: Definition,
    page_key: str,
    page_answers: dict[str, Any],
) -> DraftTestJourney:
    """Keep one page's answers for the rest of the test; a new journey on the first page."""
    journey = get_journey(journey_id, link)
    if journey is None:
        journey = DraftTestJourney(id=secrets.token_urlsafe(32), test_link_id=link.id, answers={})
        db.session.add(journey)
    journey.answers = with_page_answers(definition, journey.answers, page_key, page_answers)
    journey.updated_at = utcnow()
    db.session.flush()
    return journey


@transactional
def finish(journey_id: str | None, link: DraftTestLink) -> None:
    """The end of a test: its answers are deleted, and nothing is stored in their place."""
    if journey_id:
        db.session.execute(
            delete(DraftTestJourney).where(
                DraftTestJourney.id == journey_id, DraftTestJourney.test_link_id == link.id
            )
        )


def _delete_expired() -> int:
    expired = select(DraftTestLink.id).where(DraftTestLink.expires_at <= utcnow())
    db.session.execute(delete(DraftTestJourney).where(DraftTestJourney.test_link_id.in_(expired)))
    return db.session.execute(delete(DraftTestLink).where(DraftTestLink.id.in_(expired))).rowcount


@transactional
def purge_expired() -> int:
    """Delete expired test links and the answers in progress given through them."""
    return _delete_expired()
