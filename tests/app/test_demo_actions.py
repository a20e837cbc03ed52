"""`flask demo seed` also publishes a few "You said, we did" actions, so that the page every
confirmation page links to ("See what we have changed") has something on it: force-wide and by
area, planned, in progress and done, some in Welsh, and one draft the public never sees. They
are added once: seeding again, with or without --if-empty, never adds them twice, and a
database that already has actions of its own gets none."""

from __future__ import annotations

from collections import Counter

from flask_babel import refresh
from sqlalchemy import func, select

from app.services.demo.actions import DEMO_ACTIONS
from models import Action, ActionStatus, Survey, db
from tests.app.demo_helpers import seed
from tests.pages import Browser, Page

DRAFT = next(demo for demo in DEMO_ACTIONS if not demo.published)
NORTH = next(demo for demo in DEMO_ACTIONS if demo.area == "north")
ENGLISH_ONLY = next(
    demo for demo in DEMO_ACTIONS if demo.published and not demo.area and not demo.you_said_cy
)


def actions() -> int:
    return db.session.scalar(select(func.count()).select_from(Action)) or 0


def read(browser: Browser, path: str) -> Page:
    refresh()
    return browser.get(path)


def test_the_seed_publishes_actions_force_wide_and_by_area_with_every_status(runner, browser):
    result = seed(runner, 200)
    assert f"{len(DEMO_ACTIONS)} “You said, we did” actions" in result.output
    stored = list(db.session.scalars(select(Action)))
    published = [action for action in stored if action.published]
    assert len(stored) == len(DEMO_ACTIONS) and len(published) == len(stored) - 1
    assert {action.status for action in published} == set(ActionStatus)
    assert {action.survey.slug for action in published} == {
        "stop-search",
        "listening-session",
        "say-to-stay",
    }
    assert any(action.area is None for action in published)
    assert Counter(action.area is not None for action in published)[True] >= 2
    assert any(action.you_said_cy and action.we_did_cy for action in published)
    assert all(action.theme for action in stored)  # every theme is one the survey has

    index = read(browser, "/you-said-we-did")
    assert index.status == 200
    assert "Nothing has been published yet" not in index.text()
    areas = [a.get_text(strip=True) for a in index.soup.select("main ul.govuk-list a")]
    assert {"North District", "City Centre", "South District"} <= set(areas)
    statuses = {h.get_text(strip=True) for h in index.soup.select(".govuk-summary-card__title")}
    assert statuses == {"Planned", "In progress", "Done"}
    area = read(browser, "/you-said-we-did/north")
    assert area.status == 200 and NORTH.we_did in area.text()


def test_the_draft_is_not_shown_to_the_public_in_either_language(runner, browser):
    seed(runner, 200)
    draft = db.session.scalar(select(Action).where(Action.published.is_(False)))
    assert draft is not None and draft.you_said == DRAFT.you_said
    for path in ["/you-said-we-did", "/you-said-we-did?lang=cy"]:
        assert DRAFT.you_said not in read(browser, path).text()


def test_welsh_readers_get_the_welsh_text_and_english_marked_as_english(runner, browser):
    seed(runner, 200)
    page = read(browser, "/you-said-we-did/north?lang=cy")
    assert page.soup.html["lang"] == "cy"
    assert NORTH.we_did_cy in page.text() and NORTH.we_did not in page.text()
    force_wide = read(browser, "/you-said-we-did?lang=cy")
    english = [
        dd for dd in force_wide.soup.select("dd[lang='en']") if ENGLISH_ONLY.we_did in dd.text
    ]
    assert len(english) == 1


def test_seeding_again_never_adds_the_actions_twice(runner):
    seed(runner, 200)
    assert actions() == len(DEMO_ACTIONS)
    result = seed(runner, 200, 8, "--if-empty")
    assert "no demo data was added" in result.output
    seed(runner, 200, 9)  # more responses, asked for on purpose: the actions are already there
    assert actions() == len(DEMO_ACTIONS)


def test_a_database_with_actions_of_its_own_gets_no_demo_actions(runner):
    survey = db.session.scalar(select(Survey).where(Survey.slug == "stop-search"))
    db.session.add(Action(survey=survey, you_said="Our own.", we_did="Our own.", published=True))
    db.session.commit()
    seed(runner, 200)
    assert [action.you_said for action in db.session.scalars(select(Action))] == ["Our own."]
