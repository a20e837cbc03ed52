"""SQLAlchemy models. Importable without a Flask application or app context."""

from models.area import Area
from models.base import Base, db, today, utcnow
from models.link import Event, Link, LinkKind
from models.response import (
    EQUALITY_COLUMNS,
    NOT_ASKED,
    NOT_STATED,
    Answer,
    Journey,
    Response,
    TextAnswer,
    TextAnswerTheme,
)
from models.survey import ImmutableVersionError, Survey, SurveyVersion
from models.user import Role, User

__all__ = [
    "EQUALITY_COLUMNS",
    "NOT_ASKED",
    "NOT_STATED",
    "Answer",
    "Area",
    "Base",
    "Event",
    "ImmutableVersionError",
    "Journey",
    "Link",
    "LinkKind",
    "Response",
    "Role",
    "Survey",
    "SurveyVersion",
    "TextAnswer",
    "TextAnswerTheme",
    "User",
    "db",
    "today",
    "utcnow",
]
