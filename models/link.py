"""Links (the URLs that QR codes carry) and the listening-session events they belong to.

A link records who made it and whether it was used. Nothing points from a response back to a
link, so an answer can never be traced to the officer who offered it or to the encounter.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import ClassVar

from sqlalchemy import ColumnElement, Enum, ForeignKey, Index, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.area import Area
from models.base import db, utcnow
from models.survey import Survey


class LinkKind(enum.StrEnum):
    ENCOUNTER = "encounter"  # one stop and search, one person
    EVENT = "event"  # a listening session: many attendees until the event's expiry
    STANDING = "standing"  # a poster, an intranet page


def _unnamed_in_english() -> str:
    return "Listening session"


class Event(db.Model):
    """A community listening session. It has no creator: attendees answer about the event.

    ``name_cy`` is the session's name in Welsh, or None: Welsh readers then see the name given,
    or for a session made without one, ``Event.unnamed()`` in Welsh.
    """

    __tablename__ = "events"

    #: What a session made without a name is called, in the reader's language. The app sets it
    #: (models import without Flask), so nothing English is stored as if it were a name.
    unnamed: ClassVar[Callable[[], str]] = staticmethod(_unnamed_in_english)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The name the officer gave, as given; "" when none was given.
    given_name: Mapped[str] = mapped_column("name", String(200))
    name_cy: Mapped[str | None] = mapped_column(String(200))
    held_on: Mapped[dt.date]
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)

    area: Mapped[Area | None] = relationship()

    @hybrid_property
    def name(self) -> str:
        """The name given, or for a session made without one, ``Event.unnamed()``."""
        return self.given_name or type(self).unnamed()

    @name.inplace.setter
    def _name_setter(self, value: str | None) -> None:
        self.given_name = value or ""

    @name.inplace.expression
    @classmethod
    def _name_expression(cls) -> ColumnElement[str]:
        return cls.given_name


def has_expired(expires_at: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    """Whether a link that expires at ``expires_at`` (None: never) can no longer be answered.
    SQLite gives back times without a zone; they are stored in UTC."""
    if expires_at is None:
        return False
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=dt.UTC)
    return (now or utcnow()) >= expires_at


class Link(db.Model):
    __tablename__ = "links"
    # A listening session's links, and whether a session has any of a survey's: a results page
    # lists the sessions its survey's links were made for, and without survey_id beside
    # event_id SQLite would read every link of the survey (two million at a million responses)
    # to find them.
    __table_args__ = (Index("ix_links_event_survey", "event_id", "survey_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    # Indexed with survey_id (below): a survey's listening sessions are found from its links.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    kind: Mapped[LinkKind] = mapped_column(
        Enum(
            LinkKind,
            name="link_kind",
            native_enum=False,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    single_use: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: The API token that made it, for a link made through the API (the force's own app).
    api_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime | None]
    # Only the date: a time to the second could be matched against a response's arrival.
    used_on: Mapped[dt.date | None] = mapped_column(index=True)
    # Count of responses that arrived through the link (a standing link is answered many times).
    answered: Mapped[int] = mapped_column(default=0)
    #: Shared by the codes of one printed sheet (a random string, never a database id).
    batch: Mapped[str | None] = mapped_column(String(32), index=True)

    survey: Mapped[Survey] = relationship()
    area: Mapped[Area | None] = relationship()
    event: Mapped[Event | None] = relationship()

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return has_expired(self.expires_at, now)

    @property
    def is_used(self) -> bool:
        return self.single_use and self.used_on is not None

    def __repr__(self) -> str:
        return f"<Link {self.id} {self.kind}>"
