"""Staff accounts: officers who hand out links, analysts who read results, admins."""

from __future__ import annotations

import datetime as dt
import enum
import secrets

from sqlalchemy import BigInteger, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, utcnow


class Role(enum.StrEnum):
    OFFICER = "officer"
    ANALYST = "analyst"
    ADMIN = "admin"


def new_public_id() -> str:
    """A random id for URLs: sequential integer ids never appear in a public address."""
    return secrets.token_urlsafe(12)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(db.Model):
    """A staff account. Implements the attributes Flask-Login expects, without importing it.

    ``session_token`` is what the session cookie carries instead of the user's id. It changes
    at sign-out, deactivation and password reset, so a cookie copied before then stops working.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
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
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # When the password the person must change was given to them (a new account's, or an
    # administrator's reset): it stops signing in TEMPORARY_PASSWORD_DAYS later. Null once they
    # have chosen their own, which never expires.
    temporary_password_at: Mapped[dt.datetime | None]
    last_signed_in_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Two-factor sign-in (TOTP). The key is null until enrolment starts, and not in force
    # until it is confirmed with a code; the last accepted 30-second step stops a code being
    # used twice. The key is stored encrypted: only app/services/two_factor.py reads or writes
    # it (a Fernet token of about 140 characters for a 32-character base32 key).
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[dt.datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # Wrong codes (from the app, or recovery codes) in a row since the last right one; at
    # TWO_FACTOR_MAX_FAILURES two-factor sign-in is locked until an admin resets it. Only
    # app/services/two_factor.py changes it, always with an UPDATE that adds one in the database.
    two_factor_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None and self.totp_secret is not None

    # Flask-Login's protocol.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class RecoveryCode(db.Model):
    """A single-use code that stands in for the authenticator app. Only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship(back_populates="recovery_codes")
