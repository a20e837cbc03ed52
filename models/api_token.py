"""API tokens for other systems (the force's stop-and-search app) to make links.

Only a SHA-256 hash of each token is stored: the token is shown once, when it is made. Tokens
are 256 random bits, so a fast hash is enough; there is nothing to brute-force.

A token works until it is revoked or until ``expires_at``, so one copied into a file that gets
out does not work for ever. ``expires_at`` is None for a token that does not expire: the
admin chose so, or it was made before tokens had a lifetime.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, utcnow
from models.link import has_expired
from models.user import User, new_public_id


class Scope(enum.StrEnum):
    LINKS_WRITE = "links:write"
    LINKS_READ = "links:read"
    RESULTS_READ = "results:read"


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, shown in lists so that an admin can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    # Space-separated Scope values.
    scopes: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_on: Mapped[dt.date | None]
    revoked_at: Mapped[dt.datetime | None]
    # When it stops working, in UTC; None: it does not expire.
    expires_at: Mapped[dt.datetime | None]

    created_by: Mapped[User | None] = relationship()

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def has_expired(self, now: dt.datetime | None = None) -> bool:
        return has_expired(self.expires_at, now)

    def works(self, now: dt.datetime | None = None) -> bool:
        """Whether requests sent with it are let in: neither revoked nor expired."""
        return not self.is_revoked and not self.has_expired(now)

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}>"
