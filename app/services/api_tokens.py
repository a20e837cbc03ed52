"""API tokens: made by an admin, shown once, stored as a SHA-256 hash, scoped, revocable, and
working for a set time (a year unless the admin chooses otherwise) or, if chosen, for ever.

Two tokens that work at once never share a name (compared as :func:`plain_name` leaves it,
ignoring case), so that the list tells an admin which system holds which.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from app.services import audit
from app.services.plain_names import plain_name
from app.services.transaction import transactional
from models import ApiToken, Link, Scope, User, db, today, utcnow

TOKEN_PREFIX = "lp_"  # noqa: S105 - a label, not a secret  # nosec B105
DEFAULT_SCOPES = (Scope.LINKS_WRITE, Scope.LINKS_READ)
SCOPE_DESCRIPTIONS = {
    Scope.LINKS_WRITE: "Make survey links",
    Scope.LINKS_READ: "Check whether a link has been used",
    Scope.RESULTS_READ: "Read survey results, with small groups hidden",
}


#: How long a token works, in days, unless another lifetime is chosen.
DEFAULT_LIFETIME_DAYS = 365
#: The lifetimes the admin page offers, in days, with the words it uses for each.
LIFETIMES = {30: "30 days", 90: "90 days", 365: "1 year"}
#: The longest lifetime that may be given in days (on the command line); longer is "never".
MAX_LIFETIME_DAYS = 5 * 365
#: A working token is pointed out on the list as expiring soon, so that a replacement can be made
#: and handed over before the system using it is refused, once it has at most this many days
#: left (a month: time to agree the change with the people who run that system) ...
EXPIRES_SOON_DAYS = 30
#: ... and has used up all but this share of its own lifetime. Without the share, a token made
#: for the shortest lifetime offered (30 days) would be "expiring soon" from the moment it was
#: made, and the warning would mean nothing: a 30-day token is pointed out in its last 10 days,
#: one made for 90 days or longer in its last 30, and one made for a few days on the command
#: line only near its end.
EXPIRES_SOON_SHARE = 1 / 3


class ApiTokenError(ValueError):
    """A token could not be made from what was asked. ``field`` names what was wrong: the
    "name", the "scopes" or the "expiry"."""

    def __init__(self, message: str, field: str = "name") -> None:
        super().__init__(message)
        self.field = field


class TokenExpiredError(Exception):
    """A request came with a token that worked until ``expires_at`` and no longer does."""

    def __init__(self, expires_at: dt.datetime, token: ApiToken | None = None) -> None:
        super().__init__(f"The token expired at {expires_at.isoformat()}")
        self.expires_at = expires_at
        self.token = token


class TokenRevokedError(Exception):
    """A request came with a token an administrator revoked. It is refused as an unknown one
    is, but the token can be named: a system still sending it, or a copy that got out."""

    def __init__(self, token: ApiToken) -> None:
        super().__init__(f"The token {token.name} has been revoked")
        self.token = token


@dataclass(frozen=True)
class NewToken:
    """A token just made: ``secret`` is shown once and never stored."""

    token: ApiToken
    secret: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_scopes(values: Iterable[str]) -> list[Scope]:
    """Scopes from their names; raises ApiTokenError for one that does not exist."""
    scopes = []
    for value in values:
        try:
            scopes.append(Scope(value))
        except ValueError:
            known = ", ".join(scope.value for scope in Scope)
            raise ApiTokenError(f"Unknown scope {value!r}; use one of {known}") from None
    return scopes


def _as_utc(value: dt.datetime) -> dt.datetime:
    # SQLite gives back times without a zone; they are stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def expires_soon(token: ApiToken, now: dt.datetime | None = None) -> bool:
    """Whether ``token`` still works but will stop soon enough that an admin should replace it:
    within ``EXPIRES_SOON_DAYS`` days and within ``EXPIRES_SOON_SHARE`` of its lifetime."""
    now = now or utcnow()
    if token.expires_at is None or not token.works(now):
        return False
    expires_at = _as_utc(token.expires_at)
    lifetime = expires_at - _as_utc(token.created_at)
    warning = min(dt.timedelta(days=EXPIRES_SOON_DAYS), lifetime * EXPIRES_SOON_SHARE)
    return expires_at - now <= warning


def expiry_after(days: int | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """When a token made ``now`` that lasts ``days`` days stops working; None (never) for None.
    Raises ApiTokenError for a number of days out of range."""
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, int):
        raise ApiTokenError("Choose how long the token works", field="expiry")
    if not 1 <= days <= MAX_LIFETIME_DAYS:
        raise ApiTokenError(
            f"A token must work for between 1 and {MAX_LIFETIME_DAYS:,} days, or not expire",
            field="expiry",
        )
    return (now or utcnow()) + dt.timedelta(days=days)


def working_token_named(name: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The token that still works (neither revoked nor expired) whose name is ``name``, both
    cleaned as :func:`plain_name` cleans them and compared ignoring case; or None."""
    wanted = plain_name(name).casefold()
    if not wanted:
        return None
    unrevoked = db.session.scalars(
        select(ApiToken).where(ApiToken.revoked_at.is_(None)).order_by(ApiToken.id)
    )
    for token in unrevoked:
        if plain_name(token.name).casefold() == wanted and token.works(now):
            return token
    return None


def name_taken(existing: ApiToken) -> str:
    return (
        f"A working token is already called {existing.name}. Give this one a different name, "
        "or revoke that one first"
    )


@transactional
def create_token(
    name: str,
    scopes: Iterable[Scope | str] = DEFAULT_SCOPES,
    created_by: User | None = None,
    expires_in_days: int | None = DEFAULT_LIFETIME_DAYS,
) -> NewToken:
    """Make a token with a name (who uses it), scopes (what it may do) and a lifetime in days
    (``expires_in_days``; None for a token that does not expire). Raises ApiTokenError, naming
    the field, for a name that is missing, too long or that a working token already has; for no
    scopes; or for a lifetime out of range. Nothing is made then."""
    name = plain_name(name)
    if not name:
        raise ApiTokenError("Enter a name for the token, such as the system that will use it")
    if len(name) > 120:
        raise ApiTokenError("Token name must be 120 characters or fewer")
    chosen = sorted(set(parse_scopes(scopes)))
    if not chosen:
        raise ApiTokenError("Select at least one thing the token may do", field="scopes")
    now = utcnow()
    expires_at = expiry_after(expires_in_days, now)
    existing = working_token_named(name, now)
    if existing is not None:
        raise ApiTokenError(name_taken(existing))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        token_hash=_digest(secret),
        prefix=secret[:10],
        scopes=" ".join(chosen),
        created_by=created_by,
        created_at=now,
        expires_at=expires_at,
    )
    db.session.add(token)
    db.session.flush()
    audit.add(
        "api_token.created",
        token.name,
        {
            "scopes": chosen,
            "prefix": token.prefix,
            "expires_at": expires_at.isoformat() if expires_at else "never",
        },
    )
    return NewToken(token, secret)


@transactional
def authenticate(secret: str) -> ApiToken | None:
    """The working token with this secret, or None (no token has it); records the day it was
    last used.

    An unrevoked token past its expiry raises TokenExpiredError, so that the system sending it
    can be told why, and is not recorded as used: it was no use. A revoked one raises
    TokenRevokedError, whether or not it has expired too, so that the refusal can name it."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    digest = _digest(secret)
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    if token.is_revoked:
        raise TokenRevokedError(token)
    if token.has_expired():
        raise TokenExpiredError(_as_utc(token.expires_at), token)
    if token.last_used_on != today():
        token.last_used_on = today()
    return token


def all_tokens() -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc())))


def links_made() -> dict[int, int]:
    """How many links each token has made, by the token's id (tokens that made none left out):
    for finding what a token that got out made, and seeing what each system uses its token for."""
    query = (
        select(Link.api_token_id, func.count())
        .where(Link.api_token_id.is_not(None))
        .group_by(Link.api_token_id)
    )
    return {token_id: n for token_id, n in db.session.execute(query)}


def by_public_id(public_id: str) -> ApiToken | None:
    return db.session.scalar(select(ApiToken).where(ApiToken.public_id == public_id))


@transactional
def revoke(token: ApiToken) -> None:
    """Stop a token working at once. Revoking twice is harmless."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.add("api_token.revoked", token.name, {"prefix": token.prefix})
