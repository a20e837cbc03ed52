"""You said, we did in Welsh: analysts may give an action's "You said" and "We did" in Welsh
(both or neither); Welsh readers of the public pages get the Welsh when it is there, otherwise
the English marked as English; English readers always get the English."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from models import Action, db
from tests.factories import create_area
from tests.pages import Browser, Page
from tests.staff import analyst_apart, forget_request_state

NEW = "/results/stop-search/actions/new"
YOU_SAID = "Officers did not explain why they were searching people."
WE_DID = "Every officer in the area has had a refresher on explaining the grounds."
YOU_SAID_CY = "Ni wnaeth swyddogion esbonio pam roedden nhw'n chwilio pobl."
WE_DID_CY = "Mae pob swyddog yn yr ardal wedi cael hyfforddiant gloywi ar esbonio'r sail."


@pytest.fixture
def staff(client: FlaskClient) -> Browser:
    """An analyst's browser, on a client of its own: the public pages are read signed out."""
    create_area("north", "North District")
    return Browser(analyst_apart(client))


def _record(staff: Browser, **fields: str) -> Page:
    staff.get(NEW)
    data = {
        "you_said": YOU_SAID,
        "we_did": WE_DID,
        "theme": "Explanation of grounds",
        "area": "north",
        "status": "done",
        **fields,
    }
    return staff.post(data=data)


def _latest() -> Action | None:
    db.session.expire_all()
    return db.session.scalars(select(Action).order_by(Action.id.desc())).first()


def _publish(staff: Browser, action: Action) -> None:
    staff.get("/results/stop-search/actions")
    staff.post(f"/results/stop-search/actions/{action.public_id}/publish")
    forget_request_state()


def _card_values(page: Page) -> list[tuple[str, str | None]]:
    """The "You said" and the "We did" of the first card: their text and any lang."""
    values = page.soup.select(".govuk-summary-card .govuk-summary-list__value")[:2]
    return [(" ".join(v.get_text().split()), v.get("lang")) for v in values]


def test_an_analyst_gives_the_action_in_welsh_too(staff: Browser):
    form = staff.get(NEW)
    labels = [" ".join(label.get_text().split()) for label in form.soup.select("label")]
    assert "You said, in Welsh (optional)" in labels
    assert "We did, in Welsh (optional)" in labels
    assert "Fill in both Welsh boxes, or leave both empty" in form.text()
    assert form.soup.select_one("textarea[name='you_said_cy']")["lang"] == "cy"

    page = _record(staff, you_said_cy=f"  {YOU_SAID_CY} ", we_did_cy=WE_DID_CY)
    assert page.status == 200 and page.url == "/results/stop-search/actions"
    action = _latest()
    assert (action.you_said_cy, action.we_did_cy) == (YOU_SAID_CY, WE_DID_CY)
    assert YOU_SAID_CY in page.text() and "We did, in Welsh" in page.text()

    edit = staff.get(f"/results/stop-search/actions/{action.public_id}")
    assert edit.textarea("you_said_cy") == YOU_SAID_CY
    assert edit.textarea("we_did_cy") == WE_DID_CY

    # Emptying both takes the Welsh away.
    staff.post(
        data={
            "you_said": YOU_SAID,
            "we_did": WE_DID,
            "theme": "Explanation of grounds",
            "area": "north",
            "status": "done",
            "you_said_cy": " ",
            "we_did_cy": "",
        }
    )
    action = _latest()
    assert (action.you_said_cy, action.we_did_cy) == (None, None)
    assert "in Welsh" not in staff.page.text()


@pytest.mark.parametrize(
    ("welsh", "error"),
    [
        (
            {"you_said_cy": YOU_SAID_CY},
            "Enter what the force did in Welsh, or leave both Welsh boxes empty",
        ),
        (
            {"we_did_cy": WE_DID_CY},
            "Enter what people said in Welsh, or leave both Welsh boxes empty",
        ),
        (
            {"you_said_cy": "a" * 2001, "we_did_cy": WE_DID_CY},
            "You said in Welsh must be 2,000 characters or fewer",
        ),
    ],
)
def test_half_an_action_in_welsh_is_refused_with_a_clear_error(
    staff: Browser, welsh: dict[str, str], error: str
):
    page = _record(staff, **welsh)
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == [error]
    assert page.field_errors() == [error]
    link = page.soup.select_one(".govuk-error-summary a")["href"]
    assert page.soup.select_one(link).name == "textarea"
    for name, typed in welsh.items():
        assert page.textarea(name) == typed
    assert page.textarea("you_said") == YOU_SAID
    assert _latest() is None


def test_welsh_readers_get_the_welsh_and_english_readers_the_english(staff, browser):
    _record(staff, you_said_cy=YOU_SAID_CY, we_did_cy=WE_DID_CY)
    _publish(staff, _latest())

    welsh = browser.get("/you-said-we-did/north?lang=cy")
    assert welsh.soup.html["lang"] == "cy"
    assert _card_values(welsh) == [(YOU_SAID_CY, None), (WE_DID_CY, None)]
    assert YOU_SAID not in welsh.text() and "Yn Saesneg yn unig" not in welsh.text()

    english = browser.get("/you-said-we-did/north?lang=en")
    assert _card_values(english) == [(YOU_SAID, None), (WE_DID, None)]
    assert YOU_SAID_CY not in english.text()


def test_welsh_readers_get_english_marked_as_english_when_there_is_no_welsh(staff, browser):
    _record(staff, area="")  # force-wide: on the index page
    _publish(staff, _latest())

    welsh = browser.get("/you-said-we-did?lang=cy")
    assert welsh.soup.html["lang"] == "cy"
    assert _card_values(welsh) == [(YOU_SAID, "en"), (WE_DID, "en")]
    assert "Yn Saesneg yn unig" in welsh.text()

    english = browser.get("/you-said-we-did?lang=en")
    assert _card_values(english) == [(YOU_SAID, None), (WE_DID, None)]
    assert "Only in English" not in english.text()
    assert not english.soup.select(".govuk-summary-card [lang]")
