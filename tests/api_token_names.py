"""API tokens for tests that send each request with a new one: two tokens that work at once
may not share a name, so each is numbered ("Board pack 1", "Board pack 2")."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from app.services import api_tokens
from models import Scope

_numbers = itertools.count(1)


def fresh_secret(name: str, scopes: Iterable[Scope | str] = api_tokens.DEFAULT_SCOPES) -> str:
    """The secret of a new token called ``name`` and a number no other token has had."""
    return api_tokens.create_token(f"{name} {next(_numbers)}", scopes).secret
