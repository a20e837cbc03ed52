"""Themes the taxonomy misses: what the survey's latest answers talk about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from analysis.themes import discover_themes
from app.services import taxonomy
from app.services.coding.answers import offered
from models import Survey, TextAnswer, db

#: Discovered themes are looked for in at most this many of the survey's latest answers.
DISCOVERY_SAMPLE = 2000


@dataclass(frozen=True)
class Discovery:
    themes: list[Any]
    sample: int


def discover(survey: Survey, k: int) -> Discovery:
    """Emerging themes in the survey's latest answers (at most :data:`DISCOVERY_SAMPLE`) among
    those that may be coded (:func:`~app.services.coding.answers.offered`)."""
    texts = list(
        db.session.scalars(
            select(TextAnswer.text)
            .where(offered(survey))
            .order_by(TextAnswer.id.desc())
            .limit(DISCOVERY_SAMPLE)
        )
    )
    found = discover_themes(texts, k, taxonomy=taxonomy.seeds_of(survey), mask=True)
    return Discovery(themes=found, sample=len(texts))
