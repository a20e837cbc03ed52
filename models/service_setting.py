"""Service settings that admins change on a staff page, one row per setting.

Most settings come from the environment (``app/config.py``) and change only with a new
deployment. A few may be changed by an admin while the service runs; their values are kept
here, in the database every web host shares, so that every worker reads the same value at
once (nothing is kept in a worker's memory). Each is a whole number. The disclosure thresholds
are the first (``app/services/disclosure_settings.py``): the environment gives their floor and
their default, and a row here holds an admin's stricter value.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, utcnow
from models.user import User


class ServiceSetting(db.Model):
    __tablename__ = "service_settings"

    # What the value sets, e.g. "disclosure_k".
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int]
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    changed_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ServiceSetting {self.name}={self.value}>"
