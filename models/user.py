"""Staff accounts: officers who hand out links, analysts who read results, admins."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow


class Role(enum.StrEnum):
    OFFICER = "officer"
    ANALYST = "analyst"
    ADMIN = "admin"


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(
            Role,
            name="user_role",
            native_enum=False,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
