"""Links: the tokens that QR codes and printed cards carry."""

from __future__ import annotations

import base64
import datetime as dt
import enum
import re
import secrets
from dataclasses import dataclass, fields
from zoneinfo import ZoneInfo

from sqlalchemy import Row, and_, bindparam, func, select

from app.services.plain_names import plain_name
from app.services.transaction import transactional
from models import Area, Event, Link, LinkKind, Survey, SurveyVersion, db, utcnow
from models.link import has_expired

# Crockford's base32: no I, L, O or U, so a code typed from a card is hard to get wrong.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
TOKEN_LENGTH = 26  # 26 x 5 = 130 random bits
_CONFUSABLE = str.maketrans({"i": "1", "l": "1", "o": "0", "u": "v"})
#: Event dates, and the days staff and respondents are told, are days in the UK.
UK_TIME = ZoneInfo("Europe/London")


class LinkStatus(enum.StrEnum):
    OPEN = "open"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    CLOSED = "closed"  # the survey has no published version
    NOT_YET_OPEN = "not-yet-open"  # a listening session's code before the day of the session


class LinkError(ValueError):
    """A link could not be made from what was asked."""


#: The longest name a listening session can have, in English or in Welsh (events.name, name_cy).
EVENT_NAME_MAX = 200
#: A listening session given a Welsh name but no English one.
WELSH_NAME_ALONE = "Give the listening session's name in English as well as in Welsh."


class SessionDateError(LinkError):
    """A listening session's date for which a new code makes no sense. The message completes a
    sentence that starts with the field's name ("Date of the listening session must be …")."""


@dataclass(frozen=True)
class RespondentLink:
    """A link as a respondent's pages use it, with the survey version it now opens on.

    Read in one light query on every page of every journey (see ``lookup``); the survey's
    definition itself comes from ``definitions.published``, parsed once per process.
    """

    id: int
    token: str
    survey_id: int
    area_id: int | None
    event_id: int | None
    single_use: bool
    expires_at: dt.datetime | None
    used_on: dt.date | None
    #: The survey's newest published version (None: the survey has none) and its checksum.
    version_id: int | None
    version_checksum: str | None
    #: The day of the listening session the link was made for (None: not a session's link).
    session_on: dt.date | None = None

    @property
    def is_used(self) -> bool:
        return self.single_use and self.used_on is not None

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return has_expired(self.expires_at, now)

    @property
    def opens_at(self) -> dt.datetime | None:
        """When the link can first be answered (None: as soon as it is made)."""
        return session_opens_at(self.session_on) if self.session_on is not None else None

    def is_not_yet_open(self, now: dt.datetime | None = None) -> bool:
        return self.opens_at is not None and (now or utcnow()) < self.opens_at

    @property
    def event(self) -> Event | None:
        """The listening session the link was made for, if any (read only when shown)."""
        return db.session.get(Event, self.event_id) if self.event_id is not None else None


@dataclass(frozen=True)
class LinkLookup:
    status: LinkStatus
    link: RespondentLink | None = None


# RFC 4648 base32 spells each 5 random bits with one of its 32 letters; this table respells them
# in ALPHABET, so a code is base32 of fresh random bytes, in C, not one choice per character
# (each of which reads the system's random source again).
_FROM_BASE32 = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET.encode())


def random_code(length: int) -> str:
    """``length`` characters of ALPHABET, 5 random bits each."""
    random_bytes = secrets.token_bytes((length * 5 + 7) // 8)
    return base64.b32encode(random_bytes).translate(_FROM_BASE32)[:length].decode()


def new_token() -> str:
    """TOKEN_LENGTH characters of ALPHABET, 5 random bits each (130 bits)."""
    return random_code(TOKEN_LENGTH)


def clean_code(typed: str, length: int) -> str | None:
    """A code as typed (any case, spaces, dashes, I/L/O/U mistakes) in canonical form, or None."""
    cleaned = re.sub(r"[\s\-_.]", "", (typed or "").strip().lower()).translate(_CONFUSABLE)
    if len(cleaned) != length or any(char not in ALPHABET for char in cleaned):
        return None
    return cleaned


def normalise_token(typed: str) -> str | None:
    return clean_code(typed, TOKEN_LENGTH)


def display_code(code: str) -> str:
    """A code as printed or shown: upper case in groups of four."""
    upper = code.upper()
    return "-".join(upper[i : i + 4] for i in range(0, len(upper), 4))


def respondent_link_statement():
    """The statement ``lookup`` runs: a link by its token (bound as ``token``), with its survey's
    newest version. Its columns are RespondentLink's fields, in order; callers may add more."""
    links, versions, events = Link.__table__, SurveyVersion.__table__, Event.__table__
    other = versions.alias("other_versions")
    newest = (
        select(func.max(other.c.number)).where(other.c.survey_id == links.c.survey_id)
    ).scalar_subquery()
    return (
        select(
            links.c.id,
            links.c.token,
            links.c.survey_id,
            links.c.area_id,
            links.c.event_id,
            links.c.single_use,
            links.c.expires_at,
            links.c.used_on,
            versions.c.id.label("version_id"),
            versions.c.checksum.label("version_checksum"),
            events.c.held_on.label("session_on"),
        )
        .select_from(
            links.outerjoin(
                versions,
                and_(versions.c.survey_id == links.c.survey_id, versions.c.number == newest),
            ).outerjoin(events, events.c.id == links.c.event_id)
        )
        .where(links.c.token == bindparam("token"))
    )


# Built once: every page of every journey runs it (or app.services.journeys' version of it),
# and building a statement costs more than running this one.
_RESPONDENT_LINK = respondent_link_statement()
#: The statement's first columns are RespondentLink's fields, in their order (a test checks).
_LINK_FIELDS = len(fields(RespondentLink))


def lookup(token: str) -> LinkLookup:
    """Find the link for a token and say whether it can still be answered."""
    normal = normalise_token(token)
    if normal is None:
        return LinkLookup(LinkStatus.UNKNOWN)
    return found_link(db.session.connection().execute(_RESPONDENT_LINK, {"token": normal}).first())


def found_link(row: Row | None) -> LinkLookup:
    """What ``lookup`` says of a row of ``respondent_link_statement`` (or None: no such link);
    any columns after the link's own are left to the caller."""
    if row is None:
        return LinkLookup(LinkStatus.UNKNOWN)
    link = RespondentLink(*row[:_LINK_FIELDS])
    if link.is_used:
        return LinkLookup(LinkStatus.USED, link)
    if link.is_expired():
        return LinkLookup(LinkStatus.EXPIRED, link)
    if link.is_not_yet_open():
        return LinkLookup(LinkStatus.NOT_YET_OPEN, link)
    if link.version_id is None:
        return LinkLookup(LinkStatus.CLOSED, link)
    return LinkLookup(LinkStatus.OPEN, link)


def find(token: str) -> Link | None:
    """The link for a token, as a model with its relations (for staff and the API)."""
    normal = normalise_token(token)
    if normal is None:
        return None
    return db.session.scalar(select(Link).where(Link.token == normal))


def kind_made(survey_slug: str, kind: LinkKind | None = None) -> LinkKind | None:
    """The kind of link :func:`create_links` would make to the survey, given ``kind`` or
    not; None if there is no such survey (create_links says so)."""
    if kind is not None:
        return kind
    survey = db.session.scalar(select(Survey).where(Survey.slug == survey_slug))
    if survey is None or survey.current_version is None:
        return None
    return default_kind(survey)[0]


def default_kind(survey: Survey) -> tuple[LinkKind, bool]:
    defaults = survey.current_version.definition.get("link_defaults", {})
    return LinkKind(defaults.get("kind", "standing")), bool(defaults.get("single_use", False))


def session_opens_at(held_on: dt.date) -> dt.datetime:
    """When the code for a listening session held on ``held_on`` starts working, in UTC: UK
    midnight at the start of the session's day. Before then its card can be printed and handed
    out, and anyone who scans it is told the day it opens."""
    return dt.datetime.combine(held_on, dt.time(), tzinfo=UK_TIME).astimezone(dt.UTC)


def session_closes_at(held_on: dt.date) -> dt.datetime:
    """When the code for a listening session held on ``held_on`` stops working, in UTC.

    At UK midnight at the end of the seventh day after the event, summer or winter: time to
    answer on the way home, and that seventh day is the last day officers are told it is open.
    """
    closes_on = held_on + dt.timedelta(days=8)
    return dt.datetime.combine(closes_on, dt.time(), tzinfo=UK_TIME).astimezone(dt.UTC)


#: How far ahead a listening session can be booked.
SESSION_YEARS_AHEAD = 1


def check_session_date(held_on: dt.date, now: dt.datetime | None = None) -> None:
    """Raise SessionDateError if a code for a session on ``held_on`` would already be closed
    (``session_closes_at``) or the session is more than a year ahead (a mistyped year)."""
    now = now or utcnow()
    if session_closes_at(held_on) <= now:
        raise SessionDateError(
            "must be within the last 7 days, or later. The code closes 7 days after the session"
        )
    today = now.astimezone(UK_TIME).date()
    try:
        latest = today.replace(year=today.year + SESSION_YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + SESSION_YEARS_AHEAD, day=28)
    if held_on > latest:
        raise SessionDateError("must be within the next year")


@transactional
def create_links(
    survey_slug: str,
    *,
    count: int = 1,
    area_code: str | None = None,
    single_use: bool | None = None,
    kind: LinkKind | None = None,
    event_name: str | None = None,
    event_date: dt.date | None = None,
    event_name_cy: str | None = None,
    expires_at: dt.datetime | None = None,
    created_by_id: int | None = None,
    api_token_id: int | None = None,
    check_event_date: bool = False,
) -> list[Link]:
    """Make ``count`` links to a survey. Defaults come from the survey's definition.

    With ``check_event_date``, as for codes staff ask for, a listening session's date must pass
    ``check_session_date``; without, any date is taken (tests and demo data make old sessions).
    ``event_name_cy`` is the session's name in Welsh, for Welsh readers; without it they see
    ``event_name``. A Welsh name needs the English one too: staff pages show the English.
    ``created_by_id`` is the officer who made them on the website, ``api_token_id`` the token
    that made them through the API.
    """
    survey = db.session.scalar(select(Survey).where(Survey.slug == survey_slug))
    if survey is None or survey.current_version is None:
        raise LinkError(f"There is no survey called {survey_slug!r}. Run `flask surveys sync`.")
    if not 1 <= count <= 1000:
        raise LinkError("Make between 1 and 1,000 links at a time.")
    area = None
    if area_code:
        area = db.session.scalar(select(Area).where(Area.code == area_code))
        if area is None:
            raise LinkError(f"There is no area with the code {area_code!r}.")
    survey_kind, survey_single_use = default_kind(survey)
    kind = kind or survey_kind
    single_use = survey_single_use if single_use is None else single_use
    event = None
    if kind == LinkKind.EVENT:
        # Nothing unseen that turns the name round on the survey's start page.
        event_name = plain_name(event_name) or None
        event_name_cy = plain_name(event_name_cy) or None
        if event_name_cy and not event_name:
            raise LinkError(WELSH_NAME_ALONE)
        for name, language in ((event_name, ""), (event_name_cy, " in Welsh")):
            if name and len(name) > EVENT_NAME_MAX:
                raise LinkError(
                    f"The listening session's name{language} must be {EVENT_NAME_MAX} "
                    "characters or fewer."
                )
        if check_event_date and event_date is not None:
            check_session_date(event_date)
        event = Event(
            name=event_name or "",  # none given: shown as Event.unnamed(), translated
            name_cy=event_name_cy,
            held_on=event_date or utcnow().date(),
            area=area,
        )
        db.session.add(event)
        if expires_at is None:
            expires_at = session_closes_at(event.held_on)
    # Codes made together (a sheet of cards) share a batch, so the sheet can be printed again.
    batch = secrets.token_urlsafe(12) if count > 1 else None
    links = [
        Link(
            token=new_token(),
            survey=survey,
            area=area,
            event=event,
            kind=kind,
            single_use=single_use,
            expires_at=expires_at,
            created_by_id=created_by_id,
            api_token_id=api_token_id,
            batch=batch,
        )
        for _ in range(count)
    ]
    db.session.add_all(links)
    db.session.flush()
    return links


def public_url(base_url: str, link: Link) -> str:
    return f"{base_url.rstrip('/')}/r/{link.token}"
