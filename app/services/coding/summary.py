"""What the coding page shows about a survey: counts, active models and the baseline.

Before any training, the rule-based scorer (lexicon and seed terms) is compared with every
coded answer (up to :data:`BASELINE_CAP` of the latest), so the page is useful from the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exists, func, select

from analysis import sentiment as lexicon
from analysis.themes import ThemeClassifier
from app.services import taxonomy
from app.services.coding.agreement import (
    SentimentAgreement,
    ThemeAgreement,
    sentiment_agreement,
    theme_agreement,
)
from app.services.coding.answers import SENTIMENT_SCALE, month_over_only, not_coded, offered
from app.services.coding.training import (
    CodedSet,
    TrainedModel,
    coded_set,
    min_coded_for_sentiment,
    min_coded_for_themes,
)
from models import AnalysisModel, CodedAnswer, Survey, TextAnswer, db

#: The rule-based scorer is compared with at most this many of the latest coded answers.
BASELINE_CAP = 2000


@dataclass(frozen=True)
class Baseline:
    """The rule-based scorer (lexicon and seed terms) against coded answers."""

    sentiment: SentimentAgreement
    themes: ThemeAgreement


@dataclass(frozen=True)
class CodingSummary:
    coded: int
    uncoded: int
    by_sentiment: dict[int, int]
    min_sentiment: int
    min_themes: int
    baseline: Baseline | None
    sentiment_model: TrainedModel | None
    themes_model: TrainedModel | None
    theme_names: list[str] = field(default_factory=list)
    #: A theme model was trained but set aside because the themes changed since.
    themes_model_set_aside: bool = False
    #: Kind ("sentiment", "themes") -> why its model was set aside and none is in use:
    #: "withdrawal" or "retention" (answers it learned from were withdrawn or purged).
    set_aside_because: dict[str, str] = field(default_factory=dict)
    #: The kinds among those whose model the next `flask analysis run` trains again.
    train_again: set[str] = field(default_factory=set)
    #: A survey of staff: its answers are offered for coding once their month is over.
    month_over_only: bool = False

    @property
    def needed_for_sentiment(self) -> int:
        return max(0, self.min_sentiment - self.coded)

    @property
    def needed_for_themes(self) -> int:
        return max(0, self.min_themes - self.coded)

    @property
    def can_train(self) -> bool:
        return self.needed_for_themes == 0 or self.needed_for_sentiment == 0


def _active(survey: Survey, kind: str) -> TrainedModel | None:
    row = db.session.execute(
        select(
            AnalysisModel.kind,
            AnalysisModel.version,
            AnalysisModel.trained_on,
            AnalysisModel.created_at,
            AnalysisModel.metrics,
        )
        .where(
            AnalysisModel.survey_id == survey.id,
            AnalysisModel.kind == kind,
            AnalysisModel.active.is_(True),
        )
        .order_by(AnalysisModel.created_at.desc())
        .limit(1)
    ).first()
    return TrainedModel(*row) if row else None


def _set_aside(survey: Survey, kind: str) -> tuple[str | None, bool]:
    """Why the survey's latest model of a kind was set aside for answers that have gone, if
    that is the latest that happened to its models, and whether it waits to be trained again
    by the next analysis run."""
    row = db.session.execute(
        select(AnalysisModel.set_aside_because, AnalysisModel.train_again)
        .where(AnalysisModel.survey_id == survey.id, AnalysisModel.kind == kind)
        .order_by(
            func.coalesce(AnalysisModel.set_aside_at, AnalysisModel.created_at).desc(),
            AnalysisModel.id.desc(),
        )
        .limit(1)
    ).first()
    return (row.set_aside_because, row.train_again) if row else (None, False)


def _ever_trained(survey: Survey, kind: str) -> bool:
    return db.session.scalar(
        select(exists().where(AnalysisModel.survey_id == survey.id, AnalysisModel.kind == kind))
    )


def baseline_agreement(survey: Survey, data: CodedSet | None = None) -> Baseline | None:
    """The rule-based scorer against (up to :data:`BASELINE_CAP` of the latest) coded answers."""
    data = data if data is not None else coded_set(survey, latest=BASELINE_CAP)
    if not len(data):
        return None
    scores = lexicon.score_texts(data.texts, data.questions)
    seeds = taxonomy.seeds_of(survey)
    found = ThemeClassifier(seeds).predict(data.texts)
    return Baseline(
        sentiment=sentiment_agreement(data.sentiments, scores),
        themes=theme_agreement(list(seeds), data.themes, found),
    )


def summary(survey: Survey, *, agreement: bool = True) -> CodingSummary:
    """Everything the coding page shows about a survey's coding and models.

    ``agreement=False`` leaves out the rule-based scorer's agreement (it scores up to
    :data:`BASELINE_CAP` answers), for pages that only need the counts.
    """
    coded = db.session.scalar(
        select(func.count()).select_from(CodedAnswer).where(CodedAnswer.survey_id == survey.id)
    )
    uncoded = db.session.scalar(
        select(func.count()).select_from(TextAnswer).where(offered(survey), not_coded())
    )
    by_sentiment = dict(
        db.session.execute(
            select(CodedAnswer.sentiment, func.count())
            .where(CodedAnswer.survey_id == survey.id, CodedAnswer.sentiment.is_not(None))
            .group_by(CodedAnswer.sentiment)
        ).all()
    )
    themes_model = _active(survey, "themes")
    sentiment_model = _active(survey, "sentiment")
    set_aside, train_again = {}, set()
    for kind, model in (("sentiment", sentiment_model), ("themes", themes_model)):
        because, marked = _set_aside(survey, kind) if model is None else (None, False)
        if because:
            set_aside[kind] = because
            if marked:
                train_again.add(kind)
    return CodingSummary(
        coded=coded,
        uncoded=uncoded,
        by_sentiment={code: by_sentiment.get(code, 0) for code in SENTIMENT_SCALE},
        min_sentiment=min_coded_for_sentiment(),
        min_themes=min_coded_for_themes(),
        baseline=baseline_agreement(survey) if coded and agreement else None,
        sentiment_model=sentiment_model,
        themes_model=themes_model,
        theme_names=taxonomy.theme_names(survey),
        themes_model_set_aside=(
            themes_model is None and "themes" not in set_aside and _ever_trained(survey, "themes")
        ),
        set_aside_because=set_aside,
        train_again=train_again,
        month_over_only=month_over_only(survey),
    )
