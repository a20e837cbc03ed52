"""What the tests of admins' work on users' accounts share: a page's links, the latest audit
event."""

from __future__ import annotations

from sqlalchemy import select

from models import AuditEvent, db


def link(page, text: str):
    """The link that reads ``text``, or None."""
    for anchor in page.soup.find_all("a"):
        if " ".join(anchor.get_text().split()) == text:
            return anchor
    return None


def last_event() -> AuditEvent:
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
