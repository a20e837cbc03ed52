"""Test links: colleagues try a draft survey exactly as a respondent will, and nothing is kept.

An admin makes a test link from the draft's page. Anyone with it can answer the draft without
signing in, until it expires (:data:`TEST_LINK_DAYS`), the admin cancels it, or the draft is
published or discarded (the link goes with the draft). Answers are held between pages in a
:class:`~models.DraftTestJourney`, never in the cookie, and finishing the test deletes them:
nothing given through a test link becomes a response, an answer or a count of any kind.

An admin trying the draft from the builder answers through a link of their own
(:func:`try_out_link`), held the same way. Two kinds of link are told apart by their token,
which is otherwise :data:`~app.services.links.TOKEN_LENGTH` letters of the link alphabet: an
admin's own link is :data:`TRY_OUT` and their ids, which no address can reach, and a cancelled
link keeps its token behind :data:`CANCELLED`, so that its address can say it was cancelled
until it would have expired.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.exc import IntegrityError

from app.services import audit, builder, builder_publish
from app.services.definition_checks import DefinitionProblems
from app.services.definitions import Definition
from app.services.journeys import with_page_answers, with_unsent
from app.services.links import new_token, normalise_token
from app.services.transaction import transactional
from models import DraftTestJourney, DraftTestLink, SurveyDraft, db, utcnow

TEST_LINK_DAYS = 7
TRY_OUT = "try:"  # an admin's own link for trying a draft from the builder: "try:DRAFT:ADMIN"
CANCELLED = "off:"  # before the token of a cancelled test link


class DraftLinkStatus(enum.StrEnum):
    OPEN = "open"
    UNKNOWN = "unknown"  # never made, or gone with its draft
    EXPIRED = "expired"
    CANCELLED = "cancelled"
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
    builder_publish.preview(draft)
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


@transactional
def _try_out_link(slug: str, admin_id: int) -> tuple[DraftTestLink, Definition]:
    draft = builder.get_draft(slug)
    if draft is None:
        raise builder.BuilderError(f"There is no draft of {slug}")
    definition = Definition(builder_publish.preview(draft))
    token = f"{TRY_OUT}{draft.id}:{admin_id}"
    link = db.session.scalar(select(DraftTestLink).where(DraftTestLink.token == token))
    now = utcnow()
    if link is None:
        link = DraftTestLink(token=token, draft_id=draft.id, created_by_id=admin_id)
        db.session.add(link)
    elif not link.is_expired(now + dt.timedelta(days=1)):
        return link, definition
    link.expires_at = now + dt.timedelta(days=TEST_LINK_DAYS)
    db.session.flush()
    return link, definition


def try_out_link(slug: str, admin_id: int) -> tuple[DraftTestLink, Definition]:
    """The admin's own link for trying the draft of ``slug`` from the builder, and the draft.

    Made at the first try and kept open while it is used; it holds the answers in progress
    like any test link, but it has no address and is not listed with the links to send.
    Raises :class:`~app.services.builder.BuilderError` when there is no draft, and
    :class:`~app.services.definition_checks.DefinitionProblems` when it cannot be shown yet.
    """
    try:
        return _try_out_link(slug, admin_id)
    except IntegrityError:  # made by another request of the same admin at the same moment
        return _try_out_link(slug, admin_id)


def _is_shareable(link: DraftTestLink) -> bool:
    return not link.token.startswith((TRY_OUT, CANCELLED))


def open_test_links(draft: SurveyDraft) -> list[DraftTestLink]:
    """The draft's test links that can be sent and are still open, newest first."""
    now = utcnow()
    links = db.session.scalars(
        select(DraftTestLink)
        .where(DraftTestLink.draft_id == draft.id)
        .order_by(DraftTestLink.created_at.desc(), DraftTestLink.id.desc())
    )
    return [link for link in links if _is_shareable(link) and not link.is_expired(now)]


@transactional
def cancel_test_link(slug: str, link_id: int) -> bool:
    """Stop one open test link of the draft of ``slug`` and delete the answers in progress
    given through it; its address says it was cancelled. False if there is no such link."""
    draft = builder.get_draft(slug)
    link = db.session.get(DraftTestLink, link_id)
    if draft is None or link is None or link.draft_id != draft.id:
        return False
    if not _is_shareable(link) or link.is_expired():
        return False
    db.session.execute(delete(DraftTestJourney).where(DraftTestJourney.test_link_id == link.id))
    link.token = CANCELLED + link.token
    # Which draft only: the token is a credential and never goes in the log.
    audit.add("survey.test_link_cancel", target=slug)
    return True


def lookup(token: str) -> DraftLinkLookup:
    """The test link for ``token``, whether it can be answered, and the draft as it is now."""
    normal = normalise_token(token)
    if normal is None:
        return DraftLinkLookup(DraftLinkStatus.UNKNOWN)
    link = db.session.scalar(
        select(DraftTestLink).where(DraftTestLink.token.in_((normal, CANCELLED + normal)))
    )
    if link is None:
        return DraftLinkLookup(DraftLinkStatus.UNKNOWN)
    if link.is_expired():
        return DraftLinkLookup(DraftLinkStatus.EXPIRED, link)
    if link.token.startswith(CANCELLED):
        return DraftLinkLookup(DraftLinkStatus.CANCELLED, link)
    try:
        definition = Definition(builder_publish.preview(link.draft))
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
def keep_unsent(
    journey_id: str | None, link: DraftTestLink, page_key: str, page_answers: dict[str, Any]
) -> DraftTestJourney:
    """Keep what a page held, unchecked, while it is read again in the other language, as a
    respondent's page does (:func:`app.services.journeys.with_unsent`); the page's answers
    saved when it is sent replace it. A new journey if this is the first page."""
    journey = get_journey(journey_id, link)
    if journey is None:
        journey = DraftTestJourney(id=secrets.token_urlsafe(32), test_link_id=link.id, answers={})
        db.session.add(journey)
    journey.answers = with_unsent(journey.answers, page_key, page_answers)
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


def _expired() -> Select[tuple[int]]:
    return select(DraftTestLink.id).where(DraftTestLink.expires_at <= utcnow())


def _delete_expired() -> int:
    expired = _expired()
    db.session.execute(delete(DraftTestJourney).where(DraftTestJourney.test_link_id.in_(expired)))
    return db.session.execute(delete(DraftTestLink).where(DraftTestLink.id.in_(expired))).rowcount


@transactional
def purge_expired() -> int:
    """Delete expired test links and the answers in progress given through them: how many
    links."""
    return _delete_expired()


def count_expired() -> int:
    """How many expired test links :func:`purge_expired` would delete."""
    return db.session.scalar(select(func.count()).select_from(_expired().subquery())) or 0
