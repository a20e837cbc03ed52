"""The disclosure thresholds in force: k, the smallest group whose figures are shown, and
k_text, the smallest group whose free-text quotes are shown.

Every reader of results (the results pages and report, the exports, the API, ``flask results
refresh``) gets them from :func:`thresholds`, so a change reaches all of them at once.

**The environment is the floor.** ``SUPPRESSION_K`` and ``SUPPRESSION_K_TEXT`` are the
deployment's floor and its default. An admin may raise either threshold (stricter) and lower it
again as far as the floor, never below: whoever runs the service decides the least protection
respondents get, and an admin account cannot weaken it. k_text is always at least k, so that no
quote is shown for a group too small for its figures. If the floor is later raised above an
admin's value, the floor applies.

The values live in ``service_settings``, which every web host reads on each request: nothing is
kept in a worker's memory. The stored results counts do not depend on k (suppression is applied
to the counts after they are read), so nothing needs counting again after a change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.services import audit
from app.services.transaction import transactional
from models import ServiceSetting, User, db, utcnow

K = "disclosure_k"
K_TEXT = "disclosure_k_text"
#: The largest threshold an admin may set: above it every group of most forces would be hidden.
MAXIMUM = 1000


class DisclosureSettingsError(ValueError):
    """Thresholds that could not be saved: ``problems`` says why, by field ("k", "k_text"),
    so that a form shows each field's problem at once; ``field`` is the first."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(next(iter(problems.values())))
        self.problems = problems
        self.field = next(iter(problems))


@dataclass(frozen=True)
class DisclosureSettings:
    """The thresholds in force, their floors, and when an admin last changed them."""

    k: int
    k_text: int
    floor_k: int
    floor_k_text: int
    changed_at: dt.datetime | None = None  # None: never changed, the floors apply
    changed_by: str | None = None  # the email address of who changed them


def floors() -> tuple[int, int]:
    """(SUPPRESSION_K, SUPPRESSION_K_TEXT): the least each threshold may be."""
    config = current_app.config
    return int(config["SUPPRESSION_K"]), int(config["SUPPRESSION_K_TEXT"])


def _stored() -> dict[str, ServiceSetting]:
    rows = db.session.scalars(
        select(ServiceSetting)
        .options(joinedload(ServiceSetting.changed_by))
        .where(ServiceSetting.name.in_([K, K_TEXT]))
    )
    return {row.name: row for row in rows}


def _in_force(stored: dict[str, int]) -> tuple[int, int]:
    """(k, k_text) from the stored values by name, never below the floors, k_text never below k."""
    floor_k, floor_k_text = floors()
    k = max(stored.get(K, floor_k), floor_k)
    return k, max(stored.get(K_TEXT, floor_k_text), floor_k_text, k)


def current() -> DisclosureSettings:
    """The thresholds in force, for the admin page."""
    floor_k, floor_k_text = floors()
    stored = _stored()
    k, k_text = _in_force({name: row.value for name, row in stored.items()})
    latest = max(stored.values(), key=lambda row: row.changed_at, default=None)
    return DisclosureSettings(
        k=k,
        k_text=k_text,
        floor_k=floor_k,
        floor_k_text=floor_k_text,
        changed_at=latest.changed_at if latest else None,
        changed_by=latest.changed_by.email if latest and latest.changed_by else None,
    )


def thresholds() -> tuple[int, int]:
    """(k, k_text) in force: what every page, report, export and the API suppress by. Read on
    every results request, so only the two values, without who changed them."""
    rows = db.session.execute(
        select(ServiceSetting.name, ServiceSetting.value).where(
            ServiceSetting.name.in_([K, K_TEXT])
        )
    )
    return _in_force({name: value for name, value in rows})


def _problem(value: int, floor: int, name: str) -> str | None:
    if value < floor:
        return (
            f"The smallest group whose {name} are shown must be {floor} or more, the lowest "
            "this service allows"
        )
    if value > MAXIMUM:
        return f"The smallest group whose {name} are shown must be {MAXIMUM:,} or fewer"
    return None


def problems(k: int | None, k_text: int | None) -> dict[str, str]:
    """What is wrong with each threshold, by field ("k", "k_text"); empty if they may be saved.

    None stands for a value that is not a number (which the form says itself): the other is
    still checked, so that each field's problem is given at once. k_text is compared with k
    only when k could be saved."""
    floor_k, floor_k_text = floors()
    found = {}
    if k is not None and (problem := _problem(k, floor_k, "figures")):
        found["k"] = problem
    if k_text is not None:
        problem = _problem(k_text, floor_k_text, "quotes")
        if problem is None and k is not None and "k" not in found and k_text < k:
            problem = (
                "The smallest group whose quotes are shown must be at least the smallest group "
                f"whose figures are shown ({k})"
            )
        if problem:
            found["k_text"] = problem
    return found


@transactional
def change(k: int, k_text: int, actor: User | None) -> bool:
    """Set both thresholds; whether anything changed. Audited as ``settings.disclosure`` with
    the old and new values of each.

    Raises :class:`DisclosureSettingsError`, naming every problem, for a value below its
    floor, above :data:`MAXIMUM`, or a k_text below k.
    """
    found = problems(k, k_text)
    if found:
        raise DisclosureSettingsError(found)
    before = current()
    if (before.k, before.k_text) == (k, k_text):
        return False
    stored = _stored()
    for name, value in ((K, k), (K_TEXT, k_text)):
        row = stored.get(name)
        if row is None:
            row = ServiceSetting(name=name)
            db.session.add(row)
        row.value = value
        row.changed_at = utcnow()
        row.changed_by_id = actor.id if actor else None
    audit.add(
        "settings.disclosure",
        detail={
            "smallest_group_for_figures": {"from": before.k, "to": k},
            "smallest_group_for_quotes": {"from": before.k_text, "to": k_text},
        },
        actor=actor,
    )
    return True
