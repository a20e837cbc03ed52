"""Analysts edit a survey's themes; every saved edit re-assigns themes on the next run, and the
discovered-themes panel shows what the list misses."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.services import coding, scoring, surveys, taxonomy
from models import Action, AnalysisModel, AuditEvent, CodedAnswer, Role, TextAnswerTheme, db
from tests.app.test_coding import GROUNDS, RESPECT, add_answers, code_directly, synthetic_coded
from tests.pages import Browser
from tests.staff import signed_in

THEMES = "/results/stop-search/coding/themes"


@pytest.fixture
def analyst(client):
    return signed_in(client, Role.ANALYST)


def stop_search():
    return surveys.get_survey("stop-search")


def themes_of(answer_id: int) -> set[str]:
    return set(
        db.session.scalars(
            select(TextAnswerTheme.theme).where(TextAnswerTheme.text_answer_id == answer_id)
        )
    )


def key(name: str) -> str:
    return taxonomy.theme_key(name)


def test_the_themes_page_lists_the_surveys_themes(analyst, browser):
    page = browser.get(THEMES)
    assert page.status == 200
    names = [h.get_text(strip=True) for h in page.soup.select(".govuk-summary-card__title")]
    assert names == taxonomy.theme_names(stop_search())
    assert GROUNDS in names
    assert "told me why" in page.text()


def test_adding_a_theme_changes_the_version_and_reassigns_themes(
    app, analyst, browser, monkeypatch
):
    monkeypatch.setitem(app.config, "RESCORE_INLINE_LIMIT", 0)  # leave it to the run
    (answer,) = add_answers(["The officer kept talking about the weather forecast."])
    scoring.run()
    before = db.session.get(type(answer), answer.id).themes_model
    checksum = taxonomy.taxonomy_of(stop_search()).checksum

    browser.get(f"{THEMES}/new")
    page = browser.post(
        data={
            "name": "Weather",
            "description": "Talk of the weather.",
            "seeds": "weather\n  forecast \n\nWEATHER\n",
        }
    )
    assert page.url == THEMES
    assert "Weather has been added." in page.text()
    assert "will be given their themes again the next time the analysis runs" in page.text()
    saved = taxonomy.taxonomy_of(stop_search())
    assert saved.checksum != checksum
    assert list(saved.themes)[-1] == "Weather"
    assert saved.themes["Weather"] == {
        "description": "Talk of the weather.",
        "seeds": ["weather", "forecast"],
    }
    assert themes_of(answer.id) == set()

    results = {r.survey: r for r in scoring.run()}
    assert results["stop-search"].scored == 1
    assert results["stop-search"].themes_version == f"seeds-{saved.checksum[:16]}"
    db.session.expire_all()
    assert db.session.get(type(answer), answer.id).themes_model != before
    assert themes_of(answer.id) == {"Weather"}
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("taxonomy.%"))).one()
    assert (event.action, event.target) == ("taxonomy.add", "Weather")


def test_a_small_survey_is_given_its_themes_again_at_once(analyst, browser):
    (answer,) = add_answers(["The officer kept talking about the weather forecast."])
    browser.get(f"{THEMES}/new")
    page = browser.post(data={"name": "Weather", "description": "Weather.", "seeds": "weather"})
    assert "1 answer was given its themes again." in page.text()
    assert themes_of(answer.id) == {"Weather"}
    assert scoring.pending_for(stop_search()) == 0


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"name": "", "description": "x"}, ["Enter a name for the theme"]),
        ({"name": "New", "description": " "}, ["Enter a description of what belongs in the theme"]),
        ({"name": "respect AND manner", "description": "x"},
         ["There is already a theme called respect AND manner"]),
        ({"name": "x" * 101, "description": "x"}, ["Theme name must be 100 characters or fewer"]),
        ({"name": "Long seed", "description": "x", "seeds": "y" * 101},
         ["Each seed term must be 100 characters or fewer: " + "y" * 40 + "…"]),
    ],
)  # fmt: skip
def test_a_theme_needs_a_unique_name_and_a_description(analyst, browser, data, errors):
    checksum = taxonomy.taxonomy_of(stop_search()).checksum
    browser.get(f"{THEMES}/new")
    page = browser.post(data=data)
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == errors
    assert taxonomy.taxonomy_of(stop_search()).checksum == checksum


def test_renaming_a_theme_carries_over_to_coded_answers_and_actions(analyst, browser):
    (answer,) = add_answers(["He never said why."])
    coding.save_code(stop_search(), answer, -1, [GROUNDS, RESPECT], analyst)
    db.session.add(Action(survey=stop_search(), theme=GROUNDS, you_said="a", we_did="b"))
    db.session.commit()

    page = browser.get(f"{THEMES}/{key(GROUNDS)}")
    assert page.textarea("seeds").splitlines()[:2] == ["explain", "explained"]
    page = browser.post(
        data={
            "name": "Grounds for the search",
            "description": "Whether they said why.",
            "seeds": "said why\ntold me why",
        }
    )
    assert "Grounds for the search has been saved." in page.text()
    names = taxonomy.theme_names(stop_search())
    assert names[0] == "Grounds for the search" and GROUNDS not in names
    db.session.expire_all()
    assert db.session.get(CodedAnswer, answer.id).themes == ["Grounds for the search", RESPECT]
    assert db.session.scalars(select(Action.theme)).one() == "Grounds for the search"
    assert themes_of(answer.id) == {"Grounds for the search"}


def test_saving_without_a_change_changes_nothing(analyst, browser):
    checksum = taxonomy.taxonomy_of(stop_search()).checksum
    page = browser.get(f"{THEMES}/{key(RESPECT)}")
    page = browser.post(
        data={
            "name": RESPECT,
            "description": page.textarea("description").strip(),
            "seeds": page.textarea("seeds"),
        }
    )
    assert "Nothing changed." in page.text()
    assert taxonomy.taxonomy_of(stop_search()).checksum == checksum
    changes = select(AuditEvent).where(AuditEvent.action.like("taxonomy.%"))
    assert db.session.scalar(select(func.count()).select_from(changes.subquery())) == 0


def test_removing_a_theme(analyst, browser):
    page = browser.get(f"{THEMES}/{key(RESPECT)}/remove")
    assert page.h1 == f"Remove {RESPECT}?"
    page = browser.post()
    assert f"{RESPECT} has been removed." in page.text()
    assert RESPECT not in taxonomy.theme_names(stop_search())
    assert browser.get(f"{THEMES}/{key(RESPECT)}").status == 404


def test_the_last_theme_cannot_be_removed(analyst, browser):
    survey = stop_search()
    for name in taxonomy.theme_names(survey)[1:]:
        taxonomy.remove_theme(survey, key(name))
    (last,) = taxonomy.theme_names(survey)
    browser.get(f"{THEMES}/{key(last)}/remove")
    page = browser.post()
    assert page.status == 400
    assert page.error_summary() == ["A survey needs at least one theme"]
    assert taxonomy.theme_names(survey) == [last]


def test_an_edit_sets_aside_a_trained_theme_model_until_training_again(
    app, analyst, browser, monkeypatch
):
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)
    code_directly(synthetic_coded(50), analyst)
    coding.train(stop_search())
    trained = db.session.scalars(select(AnalysisModel).where(AnalysisModel.active)).one()
    assert scoring.scorer_for(stop_search()).themes_version == trained.version

    browser.get(f"{THEMES}/new")
    page = browser.post(data={"name": "Weather", "description": "Weather.", "seeds": "weather"})
    assert "The trained theme model learned the earlier themes" in page.text()
    db.session.expire_all()
    assert not db.session.get(AnalysisModel, trained.id).active
    checksum = taxonomy.taxonomy_of(stop_search()).checksum
    assert scoring.scorer_for(stop_search()).themes_version == f"seeds-{checksum[:16]}"
    overview = browser.get("/results/stop-search/coding")
    assert "the seed terms are used. Train the models again" in overview.text()

    coding.train(stop_search())
    retrained = db.session.scalars(select(AnalysisModel).where(AnalysisModel.active)).one()
    assert retrained.version != trained.version
    assert retrained.metrics["taxonomy_checksum"] == checksum


def test_a_removed_theme_is_left_out_of_training(app, analyst, monkeypatch):
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)
    code_directly(synthetic_coded(50), analyst)
    taxonomy.remove_theme(stop_search(), key(RESPECT))
    outcome = coding.train(stop_search())
    assert RESPECT not in outcome.themes.metrics["agreement"]["per_theme"]


def test_discovered_themes_show_terms_and_masked_examples(analyst, browser):
    texts = [f"The dog handler brought a sniffer dog to the car, number {i}" for i in range(15)]
    texts += [
        f"Waited an hour in the cold rain for the van, ring 07700 900{i:03d}" for i in range(15)
    ]
    add_answers(texts)
    page = browser.get("/results/stop-search/coding/discover?k=5")
    assert page.status == 200
    text = page.text()
    assert "latest 30 answers" in text
    assert "dog" in text and "rain" in text
    assert "[phone number removed]" in text
    assert "07700 900" not in text
    add = page.soup.select_one("a[href*='/coding/themes/new?seeds=']")["href"]
    assert browser.get(add).textarea("seeds").strip()


def test_discovery_with_no_answers_says_so(analyst, browser):
    page = browser.get("/results/stop-search/coding/discover?k=999")
    assert page.status == 200
    assert "not enough written answers" in page.text()


def test_officers_cannot_change_themes(app):
    officer = Browser(app.test_client())
    signed_in(officer.client, Role.OFFICER)
    officer.get("/account/password")
    checksum = taxonomy.taxonomy_of(stop_search()).checksum
    page = officer.post(f"{THEMES}/new", data={"name": "Weather", "description": "x"})
    assert page.status == 403
    officer.get("/account/password")
    page = officer.post(f"{THEMES}/{key(RESPECT)}/remove")
    assert page.status == 403
    assert taxonomy.taxonomy_of(stop_search()).checksum == checksum
