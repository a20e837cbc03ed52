"""Sentiment and themes are computed once, stored with the model version, and kept current."""

from __future__ import annotations

from sqlalchemy import func, select, update

from analysis import sentiment as lexicon
from app.services import scoring
from models import Response, TextAnswer, TextAnswerTheme, ThemeTaxonomy, db
from tests.app.test_journey import answer_stop_search
from tests.factories import create_link


def _submit_with_text(browser, went_well: str, improve: str) -> None:
    link = create_link()
    browser.get(f"/r/{link.token}/in-your-own-words")
    browser.post(data={"went_well": went_well, "improve": improve})
    browser.get(f"/r/{link.token}/how-you-were-treated")
    browser.post(data={"satisfaction": "dissatisfied"})
    browser.get(f"/r/{link.token}/check")
    browser.post()


def test_answers_are_scored_when_they_arrive(browser):
    _submit_with_text(browser, "Nothing at all.", "He was rude and I felt humiliated.")
    answers = {a.question_key: a for a in db.session.scalars(select(TextAnswer))}
    improve = answers["improve"]
    assert improve.sentiment is not None and improve.sentiment < 0
    assert improve.sentiment_model == lexicon.LEXICON_VERSION
    assert improve.themes_model.startswith("seeds-")
    themes = set(
        db.session.scalars(
            select(TextAnswerTheme.theme).where(TextAnswerTheme.text_answer_id == improve.id)
        )
    )
    assert "respect and manner" in {t.lower() for t in themes}


def test_analysis_run_scores_what_is_missing_and_is_idempotent(browser, runner):
    link = create_link(single_use=False)
    answer_stop_search(browser, link.token)
    browser.post()
    db.session.execute(update(TextAnswer).values(sentiment=None, sentiment_model=None))
    db.session.commit()

    first = runner.invoke(args=["analysis", "run"])
    assert first.exit_code == 0, first.output
    assert "stop-search: scored 2 answers" in first.output
    assert db.session.scalar(select(func.count()).where(TextAnswer.sentiment.is_(None))) == 0

    second = runner.invoke(args=["analysis", "run"])
    assert "Every answer already has current sentiment and themes." in second.output


def test_editing_the_taxonomy_reassigns_themes_on_the_next_run(browser):
    _submit_with_text(browser, "", "Tell me why you searched me.")
    taxonomy = db.session.scalars(select(ThemeTaxonomy)).first()
    answer = db.session.scalars(select(TextAnswer)).one()
    old_version = answer.themes_model
    taxonomy = db.session.scalar(
        select(ThemeTaxonomy).where(ThemeTaxonomy.survey_id == answer.survey_id)
    )
    taxonomy.themes = {"Curiosity": {"description": "asks why", "seeds": ["why"]}}
    taxonomy.checksum = scoring._checksum(taxonomy.themes)
    db.session.commit()

    results = {r.survey: r.scored for r in scoring.run()}
    assert results["stop-search"] == 1
    db.session.expire_all()
    answer = db.session.get(TextAnswer, answer.id)
    assert answer.themes_model != old_version
    themes = list(db.session.scalars(select(TextAnswerTheme.theme)))
    assert themes == ["Curiosity"]


def test_withdrawal_leaves_no_scores_or_themes(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/in-your-own-words")
    browser.post(data={"improve": "He was rude and aggressive."})
    browser.get(f"/r/{link.token}/how-you-were-treated")
    browser.post(data={"satisfaction": "dissatisfied"})
    browser.get(f"/r/{link.token}/check")
    code = browser.post().soup.select_one("#withdrawal-code").get_text(strip=True)
    assert db.session.scalar(select(func.count()).select_from(TextAnswerTheme)) > 0
    browser.get("/withdraw")
    browser.post(data={"code": code})
    for model in (Response, TextAnswer, TextAnswerTheme):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0


def test_an_answer_arriving_after_a_taxonomy_edit_is_scored_with_the_edited_one(browser):
    """Scorers are reused between submissions, but never once the taxonomy has changed."""
    _submit_with_text(browser, "", "Tell me why you searched me.")
    first = db.session.scalars(select(TextAnswer)).one()
    taxonomy = db.session.scalar(
        select(ThemeTaxonomy).where(ThemeTaxonomy.survey_id == first.survey_id)
    )
    taxonomy.themes = {"Curiosity": {"description": "asks why", "seeds": ["why"]}}
    taxonomy.checksum = scoring._checksum(taxonomy.themes)
    db.session.commit()

    _submit_with_text(browser, "", "Why me, why then?")
    latest = db.session.scalars(select(TextAnswer).order_by(TextAnswer.id.desc())).first()
    assert latest.themes_model == f"seeds-{taxonomy.checksum[:16]}"
    assert latest.themes_model != first.themes_model
    themes = db.session.scalars(
        select(TextAnswerTheme.theme).where(TextAnswerTheme.text_answer_id == latest.id)
    )
    assert list(themes) == ["Curiosity"]
