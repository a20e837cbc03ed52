"""Areas that links and responses belong to, as admins manage them."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.services.transaction import transactional
from models import Area, db

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9\-]{0,31}$")


class AreaError(ValueError):
    """An area could not be saved; the message says why, for the person."""


def all_areas(*, active_only: bool = False) -> list[Area]:
    query = select(Area).order_by(Area.name)
    if active_only:
        query = query.where(Area.active.is_(True))
    return list(db.session.scalars(query))


def by_code(code: str) -> Area | None:
    return db.session.scalar(select(Area).where(Area.code == code))


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise AreaError("Enter the area's name")
    if len(name) > 120:
        raise AreaError("Area name must be 120 characters or fewer")
    return name


@transactional
def create_area(code: str, name: str) -> Area:
    """Add an area. ``code`` is permanent: it appears in exports and the API."""
    code = (code or "").strip().lower()
    if not CODE_PATTERN.match(code):
        raise AreaError(
            "Area code must be 1 to 32 small letters, numbers or hyphens, like north-east"
        )
    if by_code(code) is not None:
        raise AreaError(f"There is already an area with the code {code}")
    area = Area(code=code, name=_check_name(name))
    db.session.add(area)
    db.session.flush()
    return area


@transactional
def update_area(area: Area, *, name: str, active: bool) -> Area:
    """Rename an area, or stop (or start) offering it for new links."""
    area.name = _check_name(name)
    area.active = active
    return area
