"""The four texts of a "You said, we did" action count down to their limit as they are typed,
as GOV.UK's character count does, and a text the count says fits is accepted: its line breaks,
sent by browsers as two characters, count as one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.services.actions import MAX_TEXT
from models import Action, Role, db
from tests.pages import Browser
from tests.staff import signed_in

NEW = "/results/stop-search/actions/new"
BOXES = ("you_said", "we_did", "you_said_cy", "we_did_cy")


@pytest.fixture
def analyst(client):
    return signed_in(client, Role.ANALYST)


def test_each_text_box_counts_down_to_its_limit(analyst, browser: Browser):
    page = browser.get(NEW)
    for name in BOXES:
        box = page.soup.select_one(f"textarea[name={name}]")
        count = box.find_parent(class_="govuk-character-count")
        assert count is not None, name
        assert count["data-maxlength"] == str(MAX_TEXT), name
        assert count.select_one(f"#{name}-info") is not None, name


def test_a_text_in_paragraphs_that_the_count_says_fits_is_saved(analyst, browser: Browser):
    paragraph = "x" * 499
    text = "\r\n".join([paragraph] * 4)  # 1,996 + 3 line breaks: 1,999 as counted, 2,002 sent
    assert len(text) > MAX_TEXT
    browser.get(NEW)
    page = browser.post(
        data={"you_said": text, "we_did": "We changed it.", "area": "", "status": "done"}
    )
    assert page.status == 200, page.error_summary()
    action = db.session.scalars(select(Action).order_by(Action.id.desc())).first()
    assert action.you_said == "\n".join([paragraph] * 4)

    browser.get(NEW)
    too_long = "\r\n".join([paragraph] * 4) + "xx"  # 2,001 as counted
    page = browser.post(
        data={"you_said": too_long, "we_did": "We changed it.", "area": "", "status": "done"}
    )
    assert page.status == 400
    assert f"You said must be {MAX_TEXT:,} characters or fewer" in page.error_summary()
