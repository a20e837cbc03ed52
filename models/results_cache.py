"""Stored results counts, and the version of each survey's data they were counted from.

Counting a million responses by group takes seconds, so the results service keeps what its
GROUP BY queries returned in ``results_cache``, in the database that every web host shares
(nothing is kept in a worker's memory). ``results_versions`` holds one number per survey that
database triggers (migration 0007) raise in the same transaction as any change to the survey's
responses, answers, free-text answers or their themes, whoever makes it: submission,
withdrawal, retention purge, scoring or demo data. (Answers are inserted only with their
response, whose insert raises it.) Stored counts are used only
while the version they were counted at is still the survey's current version, or for a
bounded time after (``RESULTS_MAX_AGE_SECONDS``) unless a delete has happened since:
``forgotten`` is the survey's version as of its latest delete (a withdrawal, a purge), and
counts tagged with an older version are never stored or served (migration 0010).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow


class ResultsVersion(db.Model):
    __tablename__ = "results_versions"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    # The version as of the latest delete of the survey's responses, answers, text or themes.
    forgotten: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class ResultsCache(db.Model):
    """The rows of one set of results queries (zlib-compressed JSON), for one survey version.

    A query may be stored at several versions: a page reads all its counts at one version.
    """

    __tablename__ = "results_cache"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), primary_key=True)
    # What was counted, e.g. "ethnic_group:cells" or "overview".
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    rows: Mapped[bytes] = mapped_column(LargeBinary)
    counted_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
