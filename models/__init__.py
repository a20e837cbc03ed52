"""SQLAlchemy models. Importable without a Flask application or app context."""

from models.action import Action, ActionStatus
from models.analysis import AnalysisModel, AnalysisModelSource, CodedAnswer, ThemeTaxonomy
from models.api_token import ApiToken, Scope
from models.area import Area
from models.audit import AuditEvent
from models.base import Base, db, today, utcnow
from models.draft_test import DraftTestJourney, DraftTestLink
from models.link import Event, Link, LinkKind
from models.response import (
    EQUALITY_COLUMNS,
    NOT_ASKED,
    NOT_STATED,
    Answer,
    Journey,
    QuestionNotShown,
    Response,
    TextAnswer,
    TextAnswerTheme,
)
from models.results_cache import ResultsCache, ResultsVersion
from models.service_setting import ServiceSetting
from models.survey import ImmutableVersionError, Survey, SurveyDraft, SurveyVersion
from models.user import Role, User

__all__ = [
    "EQUALITY_COLUMNS",
    "NOT_ASKED",
    "NOT_STATED",
    "Action",
    "ActionStatus",
    "AnalysisModel",
    "AnalysisModelSource",
    "Answer",
    "ApiToken",
    "Area",
    "AuditEvent",
    "Base",
    "CodedAnswer",
    "DraftTestJourney",
    "DraftTestLink",
    "Event",
    "ImmutableVersionError",
    "Journey",
    "Link",
    "LinkKind",
    "QuestionNotShown",
    "Response",
    "ResultsCache",
    "ResultsVersion",
    "Role",
    "Scope",
    "ServiceSetting",
    "Survey",
    "SurveyDraft",
    "SurveyVersion",
    "TextAnswer",
    "TextAnswerTheme",
    "ThemeTaxonomy",
    "User",
    "db",
    "today",
    "utcnow",
]
