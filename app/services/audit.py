"""The audit log: who did what to what. Record actions, never answers, tokens or equality data.

    audit.record("results.export", target="stop-search", detail={"format": "csv"})

:func:`record` commits on its own (use it from a view, after the work it records);
:func:`add` joins the caller's transaction (use it inside a ``@transactional`` function).
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_login import current_user

from app.services.transaction import transactional
from models import AuditEvent, db


def add(action: str, target: str | None = None, detail: dict[str, Any] | None = None) -> AuditEvent:
    """Add an audit event for the signed-in user (or no one) to the current transaction."""
    actor = current_user if has_request_context() and current_user.is_authenticated else None
    event = AuditEvent(
        action=action,
        target=target,
        detail=dict(detail or {}),
        actor_id=actor.id if actor else None,
        actor=actor.email if actor else None,
    )
    db.session.add(event)
    db.session.flush()
    return event


@transactional
def record(
    action: str, target: str | None = None, detail: dict[str, Any] | None = None
) -> AuditEvent:
    """Record an audit event for the signed-in user, in its own transaction."""
    return add(action, target, detail)
