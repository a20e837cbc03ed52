"""Surveys and their immutable published versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, and_, event, func, select
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship

from models.base import db, utcnow


class Survey(db.Model):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    versions: Mapped[list[SurveyVersion]] = relationship(
        back_populates="survey", order_by="SurveyVersion.number"
    )

    # The newest version alone: a respondent's every page needs it, and loading ``versions``
    # would read and parse every definition the survey ever had. Read-only: code that adds a
    # version expires it (see app.services.surveys.publish_version).
    current_version: Mapped[SurveyVersion | None] = relationship(
        primaryjoin=lambda: _newest_version_of_survey(), viewonly=True, uselist=False
    )

    def __repr__(self) -> str:
        return f"<Survey {self.slug}>"


class SurveyVersion(db.Model):
    """One published definition of a survey. Never edited: a change is a new version."""

    __tablename__ = "survey_versions"
    __table_args__ = (UniqueConstraint("survey_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    number: Mapped[int]
    checksum: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    survey: Mapped[Survey] = relationship(back_populates="versions")

    def __repr__(self) -> str:
        return f"<SurveyVersion {self.survey_id} v{self.number}>"


def _newest_version_of_survey():
    other = aliased(SurveyVersion)
    newest = select(func.max(other.number)).where(other.survey_id == Survey.id)
    return and_(
        SurveyVersion.survey_id == Survey.id, SurveyVersion.number == newest.scalar_subquery()
    )


class SurveyDraft(db.Model):
    """A survey being made or changed in the builder: editable until it is published.

    ``source`` is a definition in the format of ``data/surveys/*.json``. Publishing turns it into
    a new :class:`SurveyVersion` and deletes the draft; a survey has at most one draft.
    """

    __tablename__ = "survey_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<SurveyDraft {self.slug}>"


class ImmutableVersionError(RuntimeError):
    """Raised when code tries to change a published survey version."""


@event.listens_for(SurveyVersion, "before_update")
def _refuse_edits(mapper, connection, target: SurveyVersion) -> None:  # noqa: ARG001
    raise ImmutableVersionError(
        f"survey version {target.id} is published and cannot change; publish a new version"
    )
