"""\"You said, we did\": what a force did about what people told it."""

from __future__ import annotations

import datetime as dt
import enum
import secrets

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.area import Area
from models.base import db, utcnow
from models.survey import Survey


class ActionStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Action(db.Model):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(
        String(32), unique=True, default=lambda: secrets.token_urlsafe(12)
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    theme: Mapped[str | None] = mapped_column(String(100))
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)
    # The same in Welsh, for Welsh readers of the public pages: both or neither (None: Welsh
    # readers get the English, marked as English).
    you_said_cy: Mapped[str | None] = mapped_column(Text)
    we_did_cy: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ActionStatus] = mapped_column(
        Enum(
            ActionStatus,
            name="action_status",
            native_enum=False,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=ActionStatus.PLANNED,
    )
    published: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    survey: Mapped[Survey] = relationship()
    area: Mapped[Area | None] = relationship()
