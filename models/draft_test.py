"""Test links for survey drafts, and the answers given through them while a test goes on.

A test link lets colleagues try a draft exactly as a respondent will, without signing in. It
belongs to the draft and goes with it (publishing or discarding deletes the draft), and it
expires after a few days in any case. Answers given through it are kept only while the test
goes on, in a :class:`DraftTestJourney`; finishing the test deletes them. Nothing given
through a test link ever becomes a response.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, utcnow
from models.survey import SurveyDraft


class DraftTestLink(db.Model):
    __tablename__ = "draft_test_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    draft_id: Mapped[int] = mapped_column(
        ForeignKey("survey_drafts.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)

    draft: Mapped[SurveyDraft] = relationship()

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        expires = self.expires_at
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=dt.UTC)
        return (now or utcnow()) >= expires

    def __repr__(self) -> str:
        return f"<DraftTestLink {self.id}>"


class DraftTestJourney(db.Model):
    """One tester's answers in progress, held server-side between pages (not in the cookie)."""

    __tablename__ = "draft_test_journeys"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    test_link_id: Mapped[int] = mapped_column(
        ForeignKey("draft_test_links.id", ondelete="CASCADE"), index=True
    )
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<DraftTestJourney {self.test_link_id}>"
