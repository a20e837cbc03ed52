"""Demo links: a fresh working link to each built-in survey, for trying the service."""

from __future__ import annotations

from sqlalchemy import select

from app.services.definitions import BUILT_IN
from app.services.links import create_links
from models import Area, Link, db, today


def demo_links() -> list[tuple[str, Link]]:
    """A fresh link to each built-in survey, made with the survey's own defaults.

    The listening session gets an event link for a demo event held today.
    """
    central = db.session.scalar(select(Area.code).where(Area.code == "central"))
    made = []
    for slug in BUILT_IN:
        (link,) = create_links(
            slug,
            area_code=central,
            event_name="Demo listening session",
            event_date=today(),
        )
        made.append((slug, link))
    return made
