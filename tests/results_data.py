"""Responses made directly through the models, so results tests know every raw row."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from models import (
    Answer,
    Area,
    Response,
    Survey,
    TextAnswer,
    TextAnswerTheme,
    ThemeTaxonomy,
    db,
)


@dataclass
class Made:
    """One response to make: its group, month, area, closed answers and free text.

    ``texts`` holds (question key, text, sentiment, themes).
    """

    ethnic_group: str = "white"
    month: str = "2026-03"
    area: Area | None = None
    answers: dict[str, str | list[str]] = field(default_factory=dict)
    texts: list[tuple[str, str, float | None, list[str]]] = field(default_factory=list)
    ethnicity: str = "not_stated"
    sex: str = "not_stated"


def survey(slug: str = "stop-search") -> Survey:
    return db.session.scalar(select(Survey).where(Survey.slug == slug))


def add_responses(made: Iterable[Made], slug: str = "stop-search") -> list[Response]:
    """Store the responses (and their answers, text, sentiment and themes) and commit."""
    found = survey(slug)
    version = found.current_version
    stored = []
    for item in made:
        day = dt.date(int(item.month[:4]), int(item.month[5:7]), 1)  # a response keeps its month
        response = Response(
            survey_id=found.id,
            survey_version_id=version.id,
            area_id=item.area.id if item.area else None,
            submitted_on=day,
            submitted_month=item.month,
            withdrawal_hash=secrets.token_hex(32),
            ethnic_group=item.ethnic_group,
            ethnicity=item.ethnicity,
            sex=item.sex,
        )
        for key, value in item.answers.items():
            for chosen in value if isinstance(value, list) else [value]:
                response.answers.append(Answer(survey_id=found.id, question_key=key, value=chosen))
        for key, text, sentiment, themes in item.texts:
            answer = TextAnswer(
                survey_id=found.id,
                question_key=key,
                text=text,
                sentiment=sentiment,
                sentiment_model="test" if sentiment is not None else None,
                themes_model="test",
                scored_on=day,
            )
            answer.themes = [TextAnswerTheme(theme=t, survey_id=found.id) for t in themes]
            response.text_answers.append(answer)
        db.session.add(response)
        stored.append(response)
    db.session.commit()
    return stored


def add_theme(name: str, slug: str = "stop-search") -> None:
    """Add a theme to the survey's taxonomy (a new dict, so the JSON column sees the change)."""
    taxonomy = db.session.scalar(
        select(ThemeTaxonomy).where(ThemeTaxonomy.survey_id == survey(slug).id)
    )
    taxonomy.themes = {**taxonomy.themes, name: {"description": "", "seeds": []}}
    db.session.commit()


def group(n: int, ethnic_group: str, **kwargs) -> list[Made]:
    """``n`` identical responses from one group."""
    return [Made(ethnic_group=ethnic_group, **kwargs) for _ in range(n)]
