"""The privacy notice's "What we keep" names everything a response keeps with the answers: also
the language they were given in (results can be read by it) and the withdrawal code in a form
that cannot be read back (which is how the code finds the answers to delete). A respondent
reading that nothing links their answers to a code given only to them must not later find that
the code they were given does: the notice says so where it lists what is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.services import responses
from models import Response, db
from tests.app.bad_input_helpers import submit_stop_search
from tests.factories import create_link

KEPT = {
    "en": [
        "the language you answered in (English or Welsh)",
        "your withdrawal code, kept in a form that cannot be turned back into the code, so that "
        "it can find your answers if you use it",
    ],
    "cy": [
        "yr iaith y gwnaethoch ateb ynddi (Cymraeg neu Saesneg)",
        "eich cod tynnu'n ôl, wedi'i gadw mewn ffurf na ellir ei throi'n ôl yn god, fel y gall "
        "ddod o hyd i'ch atebion os byddwch yn ei ddefnyddio",
    ],
}


def kept_list(browser, language: str) -> list[str]:
    """The items of the notice's first list, "What we keep"."""
    page = browser.get(f"/privacy?lang={language}")
    items = page.soup.select_one("main ul.govuk-list--bullet").select("li")
    return [" ".join(item.get_text().split()) for item in items]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_what_we_keep_names_the_language_and_the_withdrawal_code(browser, language):
    kept = kept_list(browser, language)
    for said in KEPT[language]:
        assert said in kept


def test_what_we_do_not_keep_is_about_the_survey_code_not_the_withdrawal_code(browser):
    text = " ".join(browser.get("/privacy").text().split())
    assert "links your answers to a survey code or link given only to you" in text
    assert "links your answers to a code given only to you" not in text


def test_what_the_notice_says_is_kept_is_what_a_response_keeps(browser):
    """Held against a response as stored: its language, and its withdrawal code's digest (not
    the code)."""
    token = create_link().token
    submit_stop_search(browser, token)
    code = browser.page.soup.select_one("#withdrawal-code").get_text(strip=True)
    stored = db.session.scalars(select(Response)).one()
    assert stored.language == "en"
    assert stored.withdrawal_hash and code not in stored.withdrawal_hash
    assert responses.withdraw(code)
