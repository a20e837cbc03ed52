"""Training the coding models: active models whose agreement is measured on answers held back
from their training, answers scored again with them, and the lexicon when a model will not
load."""

from __future__ import annotations

import pytest
from sklearn.metrics import cohen_kappa_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MultiLabelBinarizer
from sqlalchemy import func, select

from analysis import sentiment as lexicon
from analysis.sentiment import SentimentModel
from analysis.themes import ThemeClassifier
from app.services import coding, scoring, surveys, taxonomy
from models import AnalysisModel, AuditEvent, TextAnswer, db
from tests.app.coding_helpers import IMPROVE, code_directly, synthetic_coded


@pytest.fixture
def low_thresholds(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODING_MIN_SENTIMENT", 60)
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)


def _held_back_by_hand(rows):
    """The documented split, done here with sklearn directly: answers ordered by id, 80/20,
    random_state 0."""
    train, test = train_test_split(list(range(len(rows))), test_size=0.2, random_state=0)
    return sorted(train), sorted(test)


def test_training_makes_active_models_whose_agreement_is_measured_on_held_back_answers(
    analyst, browser, low_thresholds
):
    rows = synthetic_coded(100)
    answers = code_directly(rows, analyst)
    browser.get("/results/stop-search/coding")
    page = browser.post("/results/stop-search/coding/train")
    assert (
        "New sentiment and theme models learned from 100 coded answers and are in use"
        in page.text()
    )
    assert "100 answers were scored again" in page.text()

    sentiment = db.session.scalars(
        select(AnalysisModel).where(AnalysisModel.kind == "sentiment", AnalysisModel.active)
    ).one()
    themes = db.session.scalars(
        select(AnalysisModel).where(AnalysisModel.kind == "themes", AnalysisModel.active)
    ).one()
    assert sentiment.trained_on == themes.trained_on == 100
    assert sentiment.metrics["held_back"] == 20

    # The same measurement, made here independently.
    train, test = _held_back_by_hand(rows)
    texts = [r[0] for r in rows]
    model = SentimentModel().fit(
        [texts[i] for i in train], [rows[i][1] / 2 for i in train], [IMPROVE] * len(train)
    )
    predicted = model.score_texts([texts[i] for i in test], [IMPROVE] * len(test))

    def direction(score: float) -> int:
        point = 2 if score >= 0.75 else 1 if score >= 0.25 else -2 if score <= -0.75 else (
            -1 if score <= -0.25 else 0)  # fmt: skip
        return (point > 0) - (point < 0)

    truth = [(rows[i][1] > 0) - (rows[i][1] < 0) for i in test]
    machine = [direction(s) for s in predicted]
    agreement = sentiment.metrics["agreement"]
    assert agreement["n"] == 20
    assert agreement["kappa"] == pytest.approx(cohen_kappa_score(truth, machine), abs=1e-4)
    assert agreement["accuracy"] == pytest.approx(
        sum(a == b for a, b in zip(truth, machine, strict=True)) / 20
    )

    seeds = taxonomy.seeds_of(surveys.get_survey("stop-search"))
    classifier = ThemeClassifier(seeds).fit([texts[i] for i in train], [rows[i][2] for i in train])
    binarizer = MultiLabelBinarizer(classes=list(seeds))
    expected_f1 = f1_score(
        binarizer.fit_transform([rows[i][2] for i in test]),
        binarizer.transform(classifier.predict([texts[i] for i in test])),
        average="micro",
        zero_division=0,
    )
    assert themes.metrics["agreement"]["micro_f1"] == pytest.approx(expected_f1, abs=1e-4)
    assert (
        themes.metrics["taxonomy_checksum"]
        == taxonomy.taxonomy_of(surveys.get_survey("stop-search")).checksum
    )

    # The page says how far to trust it.
    page = browser.get("/results/stop-search/coding")
    text = page.text()
    assert "In use: a model trained on 100 coded answers" in text
    assert "Checked on 20 coded answers held back from its training" in text
    assert f"{round(agreement['accuracy'] * 100)}% of 20 answers" in text

    # Every answer now carries the new versions (re-scored in the request: few answers).
    db.session.expire_all()
    versions = set(db.session.execute(select(TextAnswer.sentiment_model, TextAnswer.themes_model)))
    assert versions == {(sentiment.version, themes.version)}
    assert {a.id for a in answers} == set(db.session.scalars(select(TextAnswer.id)))
    coding_events = select(AuditEvent.action).where(AuditEvent.action.like("coding.%"))
    assert db.session.scalars(coding_events).all() == ["coding.train"]


def test_when_many_answers_are_affected_the_analysis_run_rescores_them(
    app, analyst, browser, low_thresholds, monkeypatch
):
    monkeypatch.setitem(app.config, "RESCORE_INLINE_LIMIT", 10)
    code_directly(synthetic_coded(100), analyst)
    scoring.run()
    before = set(db.session.scalars(select(TextAnswer.sentiment_model)))
    assert before == {lexicon.LEXICON_VERSION}

    browser.get("/results/stop-search/coding")
    page = browser.post("/results/stop-search/coding/train")
    assert "will be scored again the next time the analysis runs (flask analysis run)" in (
        page.text()
    )
    db.session.expire_all()
    assert set(db.session.scalars(select(TextAnswer.sentiment_model))) == before

    results = {r.survey: r for r in scoring.run()}
    active = db.session.scalars(
        select(AnalysisModel.version).where(AnalysisModel.kind == "sentiment", AnalysisModel.active)
    ).one()
    assert results["stop-search"].scored == 100
    assert results["stop-search"].sentiment_version == active
    db.session.expire_all()
    assert set(db.session.scalars(select(TextAnswer.sentiment_model))) == {active}


def test_only_the_theme_model_is_trained_between_the_two_thresholds(
    app, analyst, browser, monkeypatch
):
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)
    code_directly(synthetic_coded(50), analyst)
    browser.get("/results/stop-search/coding")
    page = browser.post("/results/stop-search/coding/train")
    assert "A new theme model learned from 50 coded answers and is in use" in page.text()
    kinds = set(db.session.scalars(select(AnalysisModel.kind).where(AnalysisModel.active)))
    assert kinds == {"themes"}


def test_training_again_on_the_same_answers_reuses_the_same_models(
    analyst, browser, low_thresholds
):
    code_directly(synthetic_coded(70), analyst)
    browser.get("/results/stop-search/coding")
    browser.post("/results/stop-search/coding/train")
    browser.get("/results/stop-search/coding")
    browser.post("/results/stop-search/coding/train")
    assert db.session.scalar(select(func.count()).select_from(AnalysisModel)) == 2
    assert db.session.scalar(select(func.count()).where(AnalysisModel.active)) == 2


def test_a_model_that_no_longer_loads_falls_back_to_the_lexicon(analyst, low_thresholds):
    code_directly(synthetic_coded(70), analyst)
    survey = surveys.get_survey("stop-search")
    coding.train(survey)
    row = db.session.scalars(select(AnalysisModel).where(AnalysisModel.kind == "sentiment")).one()
    row.payload = b"not a model"
    db.session.commit()
    assert scoring.scorer_for(survey).sentiment_version == lexicon.LEXICON_VERSION


def test_training_needs_the_csrf_token(analyst, client, low_thresholds):
    code_directly(synthetic_coded(70), analyst)
    response = client.post("/results/stop-search/coding/train")
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(AnalysisModel)) == 0
