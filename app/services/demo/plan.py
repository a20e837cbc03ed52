"""The plan: what every chunk of a seed shares (areas, events, dates, surveys and models).

Made once per seed, in its own transaction: the demo areas (with their Welsh names) and events
are created if missing, and the built-in surveys' current versions are read with the model of
each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from app.services.definitions import BUILT_IN, Definition
from app.services.demo.errors import DemoError
from app.services.demo.listening_session import LISTENING_SESSION
from app.services.demo.respondent_model import SurveyModel
from app.services.demo.say_to_stay import SAY_TO_STAY
from app.services.demo.stop_search import STOP_SEARCH
from app.services.retention import months_before
from app.services.transaction import transactional
from models import Area, Event, Survey, db, today

DEMO_AREAS: Mapping[str, str] = {
    "north": "North District",
    "south": "South District",
    "east": "East District",
    "west": "West District",
    "central": "City Centre",
}
#: The demo areas' Welsh names, for Welsh readers of the public "You said, we did" pages.
DEMO_AREAS_CY: Mapping[str, str] = {
    "north": "Ardal y Gogledd",
    "south": "Ardal y De",
    "east": "Ardal y Dwyrain",
    "west": "Ardal y Gorllewin",
    "central": "Canol y Ddinas",
}
#: The demo's responses fill the whole calendar months before this one. A month with 1 to k-1
#: responses hides every month's count (app/services/results_disclosure.py), so the window
#: neither starts part-way through a month nor ends in one just begun.
MONTHS = 18
MODELS: Mapping[str, SurveyModel] = {
    "stop-search": STOP_SEARCH,
    "listening-session": LISTENING_SESSION,
    "say-to-stay": SAY_TO_STAY,
}

EVENT_KINDS = (
    "Community listening session",
    "Youth listening session",
    "Faith leaders' listening session",
    "Listening session on stop and search",
    "Residents' listening session",
)
#: EVENT_KINDS in Welsh, in the same order: a demo session's Welsh name is its kind's Welsh
#: name and its area's Welsh name, for Welsh readers of the survey's start page.
EVENT_KINDS_CY = (
    "Sesiwn wrando gymunedol",
    "Sesiwn wrando i bobl ifanc",
    "Sesiwn wrando arweinwyr ffydd",
    "Sesiwn wrando ar stopio a chwilio",
    "Sesiwn wrando i breswylwyr",
)
EVENTS = 12


@dataclass(frozen=True)
class SurveyPlan:
    slug: str
    survey_id: int
    version_id: int
    definition: Definition
    model: SurveyModel


@dataclass(frozen=True)
class Plan:
    surveys: tuple[SurveyPlan, ...]
    areas: Mapping[str, int]  # code -> id
    events: tuple[tuple[int, int, int], ...]  # (event id, day index, area id)
    event_weights: np.ndarray
    days: tuple[dt.date, ...]  # every date in the window, oldest first
    months: tuple[str, ...]  # "YYYY-MM" of each date
    #: The first day of each date's month: what a response stores as the day it was sent,
    #: as a real one does (a response keeps only its month).
    month_starts: tuple[dt.date, ...] = ()


def _name_in_welsh(areas: Iterable[Area]) -> int:
    """Give each demo area made before areas had Welsh names its Welsh name: only one that
    still has its demo name and no Welsh name (an admin's own names are left as they are)."""
    named = 0
    for area in areas:
        if area.name_cy is None and DEMO_AREAS.get(area.code) == area.name:
            area.name_cy = DEMO_AREAS_CY[area.code]
            named += 1
    return named


@transactional
def name_demo_areas_in_welsh() -> int:
    """Welsh names for the demo areas of a database seeded before they had them; how many."""
    return _name_in_welsh(db.session.scalars(select(Area).where(Area.code.in_(DEMO_AREAS))))


def _session_name_in_welsh(name: str, area: Area | None) -> str | None:
    """A demo session's Welsh name, from its English name ("Youth listening session: North
    District"): None for a session not named as the demo names them, or whose area has no
    Welsh name."""
    if area is None or not area.name_cy:
        return None
    for kind, kind_cy in zip(EVENT_KINDS, EVENT_KINDS_CY, strict=True):
        if name == f"{kind}: {area.name}":
            return f"{kind_cy}: {area.name_cy}"
    return None


@transactional
def name_demo_sessions_in_welsh() -> int:
    """Welsh names for the demo listening sessions of a database seeded before they had them
    (only sessions still named as the demo names them, in a demo area); how many."""
    named = 0
    sessions = db.session.scalars(
        select(Event)
        .join(Area, Area.id == Event.area_id)
        .where(Event.name_cy.is_(None), Area.code.in_(DEMO_AREAS))
    )
    for event in sessions:
        if name_cy := _session_name_in_welsh(event.given_name, event.area):
            event.name_cy = name_cy
            named += 1
    return named


@transactional
def prepare(rng: np.random.Generator) -> Plan:
    """Create the demo areas and events if missing; read what every chunk needs."""
    areas = {area.code: area for area in db.session.scalars(select(Area))}
    for code, name in DEMO_AREAS.items():
        if code not in areas:
            areas[code] = Area(code=code, name=name, name_cy=DEMO_AREAS_CY[code])
            db.session.add(areas[code])
    _name_in_welsh(areas.values())
    db.session.flush()

    this_month = today().replace(day=1)
    last = this_month - dt.timedelta(days=1)
    first = months_before(this_month, MONTHS)
    days = tuple(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    events = []
    area_codes = list(DEMO_AREAS)
    spacing = len(days) / EVENTS
    for number in range(EVENTS):
        jitter = int(rng.integers(0, max(1, int(spacing) - 7)))
        day = min(int(number * spacing) + jitter, len(days) - 2)
        area = areas[area_codes[number % len(area_codes)]]
        name = f"{EVENT_KINDS[number % len(EVENT_KINDS)]}: {area.name}"
        name_cy = _session_name_in_welsh(name, area)
        event = db.session.scalar(
            select(Event).where(
                Event.name == name, Event.held_on == days[day], Event.area_id == area.id
            )
        )
        if event is None:
            event = Event(name=name, name_cy=name_cy, held_on=days[day], area_id=area.id)
            db.session.add(event)
            db.session.flush()
        elif event.name_cy is None:
            event.name_cy = name_cy
        events.append((event.id, day, area.id))
    # Some sessions draw more people than others, but none so few that its month would have 1
    # to k-1 responses (which hides every month's count in the results).
    attendance = np.clip(rng.lognormal(0.0, 0.5, size=len(events)), 0.6, 1.8)

    surveys = []
    for slug in BUILT_IN:
        survey = db.session.scalar(select(Survey).where(Survey.slug == slug))
        if survey is None or survey.current_version is None:
            raise DemoError(f"The survey {slug!r} is not loaded. Run `flask surveys sync` first.")
        version = survey.current_version
        surveys.append(
            SurveyPlan(slug, survey.id, version.id, Definition(version.definition), MODELS[slug])
        )
    return Plan(
        surveys=tuple(surveys),
        areas={code: area.id for code, area in areas.items()},
        events=tuple(events),
        event_weights=attendance / attendance.sum(),
        days=days,
        months=tuple(day.strftime("%Y-%m") for day in days),
        month_starts=tuple(day.replace(day=1) for day in days),
    )
