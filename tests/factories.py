"""Small create_* helpers with overridable defaults."""

from __future__ import annotations

import datetime as dt

from app.services import links as link_service
from models import Area, Link, db


def create_area(code: str = "north", name: str = "North District") -> Area:
    area = Area(code=code, name=name)
    db.session.add(area)
    db.session.commit()
    return area


def create_link(survey: str = "stop-search", **kwargs) -> Link:
    return link_service.create_links(survey, **kwargs)[0]


def expire(link: Link) -> Link:
    link.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db.session.commit()
    return link
