"""API tokens: made by an admin, shown once, stored as a SHA-256 hash, scoped, revocable."""

from __future__ import annotations

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


class ApiTokenError(ValueError):
    """A token could not be made from what was asked."""


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


@transactional
def create_token(
    name: str, scopes: Iterable[Scope | str] = DEFAULT_SCOPES, created_by: User | None = None
) -> NewToken:
    """Make a token with a name (who uses it) and scopes (what it may do)."""
    name = plain_name(name)
    if not name:
        raise ApiTokenError("Enter a name for the token, such as the system that will use it")
    if len(name) > 120:
        raise ApiTokenError("Token name must be 120 characters or fewer")
    chosen = sorted(set(parse_scopes(scopes)))
    if not chosen:
        raise ApiTokenError("Select at least one thing the token may do")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        token_hash=_digest(secret),
        prefix=secret[:10],
        scopes=" ".join(chosen),
        created_by=created_by,
    )
    db.session.add(token)
    db.session.flush()
    audit.add("api_token.created", token.name, {"scopes": chosen, "prefix": token.prefix})
    return NewToken(token, secret)


@transactional
def authenticate(secret: str) -> ApiToken | None:
    """The unrevoked token with this secret, or None. Records the day it was last used."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    digest = _digest(secret)
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or token.is_revoked or not hmac.compare_digest(token.token_hash, digest):
        return None
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
