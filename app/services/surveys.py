"""Loading, versioning and reading surveys."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.services import scoring
from app.services.definitions import BUILT_IN, Definition, checksum, load_built_in
from app.services.transaction import transactional
from models import Survey, SurveyVersion, db


@dataclass(frozen=True)
class SyncResult:
    slug: str
    version: int
    changed: bool


@transactional
def sync_built_in() -> list[SyncResult]:
    """Load the built-in surveys, publishing a new version of any whose definition changed.

    Idempotent: running it again with the same files changes nothing. Existing responses keep
    pointing at the version they answered.
    """
    results = []
    for slug in BUILT_IN:
        definition = load_built_in(slug)
        results.append(publish_version(slug, definition))
    scoring.ensure_taxonomies()
    return results


def publish_version(slug: str, definition: dict) -> SyncResult:
    """Publish ``definition`` (resolved) as the survey's next version, unless it is the same as
    the latest; the survey is made if it is new. Joins the caller's transaction."""
    survey = db.session.scalar(select(Survey).where(Survey.slug == slug))
    if survey is None:
        survey = Survey(slug=slug)
        db.session.add(survey)
        db.session.flush()
    latest = survey.current_version
    digest = checksum(definition)
    if latest is not None and latest.checksum == digest:
        return SyncResult(slug, latest.number, changed=False)
    number = (latest.number if latest else 0) + 1
    version = SurveyVersion(survey=survey, number=number, checksum=digest, definition=definition)
    db.session.add(version)
    db.session.flush()
    db.session.expire(survey, ["current_version"])
    return SyncResult(slug, number, changed=True)


def get_survey(slug: str) -> Survey | None:
    return db.session.scalar(select(Survey).where(Survey.slug == slug))


def is_built_in(slug: str) -> bool:
    return slug in BUILT_IN


def list_surveys() -> list[Survey]:
    return list(db.session.scalars(select(Survey).order_by(Survey.id)))


def definition_of(version: SurveyVersion) -> Definition:
    return Definition(version.definition)
