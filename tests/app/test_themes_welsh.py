"""Themes named in Welsh: the starting themes have Welsh names, analysts may give their own
themes one on the themes page, and Welsh readers of "You said, we did" see each theme's Welsh
name as its heading, or its English name marked as English when it has none. English readers
and the staff pages keep the English names."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from analysis.seeds import SURVEY_SLUGS
from app.services import coding, scoring, surveys, taxonomy
from models import Action, AnalysisModel, AuditEvent, db
from tests.app.coding_helpers import code_directly, synthetic_coded
from tests.factories import create_area
from tests.pages import Browser, Page
from tests.staff import analyst_apart, forget_request_state

THEMES = "/results/stop-search/coding/themes"
ACTIONS = "/results/stop-search/actions"
GROUNDS = "Explanation of grounds"
GROUNDS_CY = "Esbonio'r sail dros chwilio"
VIDEO = "Body-worn video"
VIDEO_CY = "Fideo camera corff"
DOGS = "Police dogs"
DOGS_CY = "Cŵn heddlu"
DESCRIPTION = "Police dogs and their handlers."
SEEDS = "dog\nsniffer dog"


@pytest.fixture
def staff(client: FlaskClient) -> Browser:
    """An analyst's browser, on a client of its own: the public pages are read signed out."""
    create_area("north", "North District")
    return Browser(analyst_apart(client))


def stop_search():
    return surveys.get_survey("stop-search")


def _add_theme(staff: Browser, name: str, name_cy: str = "") -> Page:
    staff.get(f"{THEMES}/new")
    return staff.post(
        data={"name": name, "name_cy": name_cy, "description": DESCRIPTION, "seeds": SEEDS}
    )


def _publish_action(staff: Browser, theme: str, said: str, area: str = "north") -> None:
    staff.get(f"{ACTIONS}/new")
    staff.post(
        data={
            "you_said": said,
            "we_did": "Something was done about it.",
            "theme": theme,
            "area": area,
            "status": "done",
        }
    )
    db.session.expire_all()
    action = db.session.scalars(select(Action).order_by(Action.id.desc())).first()
    assert action.you_said == said
    staff.get(ACTIONS)
    staff.post(f"{ACTIONS}/{action.public_id}/publish")
    forget_request_state()


def _headings(page: Page) -> list[tuple[str, str | None]]:
    """The theme headings of the page's actions: their text and any lang (level 2 on an
    area's page, level 3 under "Across the force" on the index)."""
    return [
        (" ".join(heading.get_text().split()), heading.get("lang"))
        for heading in page.soup.select("h2.govuk-heading-m, h3.govuk-heading-m")
        if heading.find_next_sibling(class_="govuk-summary-card") is not None
    ]


def _banner(page: Page) -> str:
    banner = page.soup.select_one(".govuk-notification-banner__content")
    return " ".join(banner.get_text().split()) if banner else ""


def test_every_starting_theme_has_a_welsh_name(app):
    for slug in SURVEY_SLUGS:
        survey = surveys.get_survey(slug)
        themes = taxonomy.themes_of(survey)
        assert themes and all(theme.name_cy for theme in themes), slug
        welsh = [theme.name_cy.casefold() for theme in themes]
        assert len(set(welsh)) == len(welsh), slug
        assert not any(theme.name_cy == theme.name for theme in themes), slug
    assert taxonomy.find_theme(stop_search(), taxonomy.theme_key(GROUNDS)).name_cy == GROUNDS_CY


def test_a_welsh_reader_sees_the_themes_welsh_name_and_an_english_reader_the_english(
    staff, browser
):
    _publish_action(staff, GROUNDS, "Nobody said why.")

    welsh = browser.get("/you-said-we-did/north?lang=cy")
    assert welsh.soup.html["lang"] == "cy"
    assert _headings(welsh) == [(GROUNDS_CY, None)]
    assert GROUNDS not in welsh.text()

    english = browser.get("/you-said-we-did/north?lang=en")
    assert _headings(english) == [(GROUNDS, None)]
    assert GROUNDS_CY not in english.text()

    # The staff pages keep the English name.
    assert GROUNDS in staff.get(ACTIONS).text()
    assert GROUNDS_CY not in staff.page.text()


def test_an_analysts_own_theme_without_welsh_is_shown_in_english_marked_as_english(staff, browser):
    page = _add_theme(staff, DOGS)
    assert page.url == THEMES and f"{DOGS} has been added." in page.text()
    assert "None: Welsh readers see the English name" in page.text()
    assert "name_cy" not in taxonomy.taxonomy_of(stop_search()).themes[DOGS]
    _publish_action(staff, DOGS, "The dogs frightened my children.", area="")
    _publish_action(staff, GROUNDS, "Nobody said why.", area="")

    welsh = browser.get("/you-said-we-did?lang=cy")
    assert _headings(welsh) == [(GROUNDS_CY, None), (DOGS, "en")]

    english = browser.get("/you-said-we-did?lang=en")
    assert _headings(english) == [(GROUNDS, None), (DOGS, None)]
    assert not english.soup.select("h2[lang], h3[lang]")


def _edit_theme(staff: Browser, name: str, name_cy: str) -> Page:
    staff.get(f"{THEMES}/{taxonomy.theme_key(name)}")
    return staff.post(
        data={"name": name, "name_cy": name_cy, "description": DESCRIPTION, "seeds": SEEDS}
    )


def test_an_analyst_gives_their_own_theme_a_welsh_name_which_reassigns_nothing(
    app, staff, browser, monkeypatch
):
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)
    _add_theme(staff, DOGS)
    _publish_action(staff, DOGS, "The dogs frightened my children.")
    code_directly(synthetic_coded(50))
    coding.train(stop_search())
    trained = db.session.scalars(select(AnalysisModel).where(AnalysisModel.active)).one()
    checksum = taxonomy.taxonomy_of(stop_search()).checksum

    form = staff.get(f"{THEMES}/{taxonomy.theme_key(DOGS)}")
    assert form.soup.select_one("input[name='name_cy']")["lang"] == "cy"
    labels = [" ".join(label.get_text().split()) for label in form.soup.select("label")]
    assert "Welsh name (optional)" in labels
    page = _edit_theme(staff, DOGS, f"  {DOGS_CY} ")
    assert page.url == THEMES
    # Saved, with nothing to give the answers again, and the trained theme model still fits.
    assert _banner(page) == f"{DOGS} has been saved."
    card = page.soup.select(".govuk-summary-card")[-1]
    assert card.select_one(".govuk-summary-card__title").get_text(strip=True) == DOGS
    assert card.select_one("dd[lang='cy']").get_text(strip=True) == DOGS_CY
    db.session.expire_all()
    saved = taxonomy.taxonomy_of(stop_search())
    assert saved.themes[DOGS]["name_cy"] == DOGS_CY
    assert saved.checksum == checksum
    assert db.session.get(AnalysisModel, trained.id).active
    assert scoring.scorer_for(stop_search()).themes_version == trained.version
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.target) == ("taxonomy.change", DOGS)

    assert _headings(browser.get("/you-said-we-did/north?lang=cy")) == [(DOGS_CY, None)]
    assert _headings(browser.get("/you-said-we-did/north?lang=en")) == [(DOGS, None)]

    # The form shows it; saving it unchanged changes nothing.
    staff.get(f"{THEMES}/{taxonomy.theme_key(DOGS)}")
    assert staff.page.soup.select_one("input[name='name_cy']")["value"] == DOGS_CY
    assert _banner(_edit_theme(staff, DOGS, DOGS_CY)) == "Nothing changed."

    # Emptying it takes it away: the English again, marked as English.
    _edit_theme(staff, DOGS, " ")
    db.session.expire_all()
    assert "name_cy" not in taxonomy.taxonomy_of(stop_search()).themes[DOGS]
    assert taxonomy.taxonomy_of(stop_search()).checksum == checksum
    assert _headings(browser.get("/you-said-we-did/north?lang=cy")) == [(DOGS, "en")]


def test_a_new_theme_can_have_its_welsh_name_from_the_start(staff, browser):
    page = _add_theme(staff, DOGS, DOGS_CY)
    assert _banner(page).startswith(f"{DOGS} has been added.")
    assert taxonomy.find_theme(stop_search(), taxonomy.theme_key(DOGS)).name_cy == DOGS_CY
    _publish_action(staff, DOGS, "The dogs frightened my children.")
    assert _headings(browser.get("/you-said-we-did/north?lang=cy")) == [(DOGS_CY, None)]


def test_welsh_readers_get_the_themes_in_the_order_of_their_welsh_names(staff, browser):
    _publish_action(staff, GROUNDS, "Nobody said why.")
    _publish_action(staff, VIDEO, "The camera was off.")
    _publish_action(staff, "", "Something without a theme.")

    welsh = browser.get("/you-said-we-did/north?lang=cy")
    assert _headings(welsh) == [
        (GROUNDS_CY, None),
        (VIDEO_CY, None),
        ("Pethau eraill a ddywedoch wrthym", None),
    ]
    english = browser.get("/you-said-we-did/north?lang=en")
    assert _headings(english) == [
        (VIDEO, None),
        (GROUNDS, None),
        ("Other things you told us", None),
    ]


@pytest.mark.parametrize(
    ("name_cy", "error"),
    [
        ("c" * 101, "Welsh name must be 100 characters or fewer"),
        ("fideo CAMERA corff", "There is already a theme called fideo CAMERA corff in Welsh"),
    ],
)
def test_a_welsh_name_too_long_or_already_used_is_refused_with_a_clear_error(staff, name_cy, error):
    before = taxonomy.taxonomy_of(stop_search()).themes
    page = _add_theme(staff, DOGS, name_cy)
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == [error]
    assert page.field_errors() == [error]
    link = page.soup.select_one(".govuk-error-summary a")["href"]
    assert page.soup.select_one(link)["name"] == "name_cy"
    assert page.soup.select_one("input[name='name_cy']")["value"] == name_cy
    assert page.soup.select_one("input[name='name']")["value"] == DOGS
    db.session.expire_all()
    assert taxonomy.taxonomy_of(stop_search()).themes == before
