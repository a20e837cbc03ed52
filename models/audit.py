"""The audit log: who did what to what, and when. Never answers, tokens or equality data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    # The events about one account (its email address is their target), by time: Your account's
    # recent activity (app/services/account_activity.py).
    __table_args__ = (Index("ix_audit_events_target_occurred_at", "target", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The actor's e-mail address at the time, kept if the account is later removed.
    actor: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64), index=True)  # e.g. "results.export"
    target: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
