"""A code typed in full from a card, but with a letter or number wrong, is told that no survey
has that code and to check each character against the card: not to "enter the code exactly as
it is printed", which a person who believes they did cannot act on. A code of the wrong length
is still shown what a code looks like. In English and Welsh."""

from __future__ import annotations

import pytest

from tests.factories import create_link
from tests.pages import Browser

NOT_FOUND = {
    "en": "We could not find a survey with that code. Check each letter and number against "
    "your card and try again.",
    "cy": "Nid oeddem yn gallu dod o hyd i arolwg gyda'r cod hwnnw. Gwiriwch bob llythyren a "
    "rhif yn erbyn eich cerdyn a rhowch gynnig arall arni.",
}
HOW_TO_TYPE = {
    "en": "Enter the code exactly as it is printed on your card, for example "
    "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-45",
    "cy": "Rhowch y cod yn union fel y mae wedi'i argraffu ar eich cerdyn, er enghraifft "
    "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-45",
}


def one_character_wrong(token: str) -> str:
    wrong = "a" if token[5] != "a" else "b"
    return token[:5] + wrong + token[6:]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_code_with_one_character_wrong_is_told_to_check_it_against_the_card(
    browser: Browser, language: str
):
    token = create_link("stop-search").token
    browser.get(f"/r?lang={language}")
    typed = "-".join(token.upper()[i : i + 4] for i in range(0, len(token), 4))
    page = browser.post(data={"code": one_character_wrong(typed.lower())})
    assert page.status == 400
    assert page.error_summary() == [NOT_FOUND[language]]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_code_with_a_character_missing_is_shown_what_a_code_looks_like(
    browser: Browser, language: str
):
    token = create_link("stop-search").token
    browser.get(f"/r?lang={language}")
    page = browser.post(data={"code": token[:-1]})
    assert page.status == 400
    assert page.error_summary() == [HOW_TO_TYPE[language]]


def test_the_code_typed_right_still_opens_the_survey(browser: Browser):
    token = create_link("stop-search").token
    browser.get("/r")
    page = browser.post(data={"code": token.upper()})
    assert page.status == 200 and page.url == f"/r/{token}"
