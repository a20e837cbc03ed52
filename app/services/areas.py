"""Areas that links and responses belong to, as admins manage them.

An area may have a Welsh name (``name_cy``), which Welsh readers of the public "You said, we
did" pages see; without one they see its English name. Adding an area, renaming it (in English
or Welsh) and retiring it or offering it again are recorded in the audit log, by the area's
code, which never changes.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.services import audit
from app.services.plain_names import plain_name
from app.services.transaction import transactional
from models import Area, db

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9\-]{0,31}$")
MAX_NAME = 120
CODE_FORMAT = "Area code must be 1 to 32 small letters, numbers or hyphens, like north-east"


class AreaError(ValueError):
    """An area could not be saved; the message says why, for the person.

    ``field`` is the form field it is about: "name", "name_cy" or "code".
    """

    def __init__(self, message: str, field: str = "name") -> None:
        super().__init__(message)
        self.field = field


def all_areas(*, active_only: bool = False) -> list[Area]:
    query = select(Area).order_by(Area.name)
    if active_only:
        query = query.where(Area.active.is_(True))
    return list(db.session.scalars(query))


def by_code(code: str) -> Area | None:
    return db.session.scalar(select(Area).where(Area.code == code))


def _check_name(name: str, area: Area | None) -> str:
    """The name as :func:`plain_name` keeps it; no other area may have it (in any case), since
    officers choose an area by its name. An area keeps a name it already has."""
    name = plain_name(name)
    if not name:
        raise AreaError("Enter the area's name")
    if len(name) > MAX_NAME:
        raise AreaError(f"Area name must be {MAX_NAME} characters or fewer")
    if area is not None and name.casefold() == area.name.casefold():
        return name
    others = select(Area.name)
    if area is not None:
        others = others.where(Area.id != area.id)
    for other in db.session.scalars(others):
        if other.casefold() == name.casefold():
            raise AreaError(f"There is already an area called {other}")
    return name


def _check_welsh_name(name_cy: str | None, area: Area | None) -> str | None:
    """The Welsh name as :func:`plain_name` keeps it, or None for none; no other area may
    have it."""
    name_cy = plain_name(name_cy) or None
    if name_cy is None:
        return None
    if len(name_cy) > MAX_NAME:
        raise AreaError(f"Welsh name must be {MAX_NAME} characters or fewer", "name_cy")
    others = select(Area.name_cy).where(Area.name_cy.is_not(None))
    if area is not None:
        others = others.where(Area.id != area.id)
    for other in db.session.scalars(others):
        if other.casefold() == name_cy.casefold():
            raise AreaError(f"There is already an area called {name_cy} in Welsh", "name_cy")
    return name_cy


@transactional
def create_area(code: str, name: str, name_cy: str | None = None) -> Area:
    """Add an area. ``code`` is permanent: it appears in exports and the API."""
    code = (code or "").strip().lower()
    if not CODE_PATTERN.match(code):
        raise AreaError(CODE_FORMAT, "code")
    taken = f"There is already an area with the code {code}"
    if by_code(code) is not None:
        raise AreaError(taken, "code")
    area = Area(code=code, name=_check_name(name, None), name_cy=_check_welsh_name(name_cy, None))
    db.session.add(area)
    try:
        db.session.flush()
    except IntegrityError:  # added by another request since by_code looked
        raise AreaError(taken, "code") from None
    detail = {"name": area.name}
    if area.name_cy:
        detail["name_cy"] = area.name_cy
    audit.add("area.add", area.code, detail)
    return area


@transactional
def update_area(area: Area, *, name: str, active: bool, name_cy: str | None = None) -> Area:
    """Rename an area (in English or Welsh; a blank Welsh name takes it away), or stop (or
    start) offering it for new links."""
    name = _check_name(name, area)
    name_cy = _check_welsh_name(name_cy, area)
    renamed: dict[str, str | None] = {}
    if name != area.name:
        renamed |= {"old_name": area.name, "new_name": name}
    if name_cy != area.name_cy:
        renamed |= {"old_name_cy": area.name_cy, "new_name_cy": name_cy}
    if renamed:
        audit.add("area.rename", area.code, renamed)
    if active != area.active:
        audit.add("area.offer" if active else "area.retire", area.code, {"name": name})
    area.name = name
    area.name_cy = name_cy
    area.active = active
    return area
