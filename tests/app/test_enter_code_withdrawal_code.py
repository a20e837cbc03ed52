"""Someone who wants to withdraw their answers, and types their withdrawal code into the home
page's code box ("Enter the code from your card"), is told that it is a withdrawal code and
where to use it, with the code still in the box; the code is not looked up, and nothing is
withdrawn. Any other wrong code is told how to type the card's code, as before."""

from __future__ import annotations

import pytest

from models import Response
from tests.app.bad_input_helpers import count
from tests.app.test_journey import answer_stop_search
from tests.factories import create_link
from tests.pages import Browser

MESSAGE = {
    "en": "That looks like a withdrawal code, not the code from your card. To delete the answers "
    "you sent, enter it on the Withdraw your answers page.",
    "cy": "Mae hwnnw'n edrych fel cod tynnu'n ôl, nid y cod o'ch cerdyn. I ddileu'r atebion a "
    "anfonwyd gennych, rhowch ef ar y dudalen Tynnu eich atebion yn ôl.",
}
WITHDRAW_LINK = {"en": "Withdraw your answers", "cy": "Tynnu eich atebion yn ôl"}
WITHDRAWN = {
    "en": "Your answers have been withdrawn",
    "cy": "Mae eich atebion wedi cael eu tynnu'n ôl",
}


def withdrawal_code(browser: Browser) -> str:
    link = create_link()
    answer_stop_search(browser, link.token)
    return browser.post().soup.select_one("#withdrawal-code").get_text(strip=True)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_withdrawal_code_typed_as_a_card_code_says_where_to_use_it(browser, language):
    code = withdrawal_code(browser)
    browser.get(f"/r?lang={language}")
    typed = code.lower().replace("-", " ")  # as someone might copy it from a note
    page = browser.post(data={"code": typed})

    assert page.status == 400
    assert page.error_summary() == [MESSAGE[language]]
    shown = page.soup.select_one(".govuk-error-message")
    shown.select_one(".govuk-visually-hidden").decompose()  # "Error:", read out first
    assert " ".join(shown.get_text().split()) == MESSAGE[language]
    assert page.soup.select_one("input[name='code']")["value"] == typed
    link = page.soup.select_one("#withdraw-instead a")
    assert (link.get_text(strip=True), link["href"]) == (WITHDRAW_LINK[language], "/withdraw")
    assert count(Response) == 1  # nothing withdrawn

    # Used where it belongs, it withdraws the answers.
    browser.get(link["href"])
    assert browser.post(data={"code": typed}).h1 == WITHDRAWN[language]
    assert count(Response) == 0


def test_a_code_of_that_shape_is_not_looked_up(browser):
    # Any 16 letters and numbers of the codes' alphabet get the same answer, whether or not
    # they withdraw anything: the box says nothing about which withdrawal codes exist.
    browser.get("/r")
    page = browser.post(data={"code": "ABCD-EFGH-JKMN-PQRS"})
    assert page.status == 400
    assert page.error_summary() == [MESSAGE["en"]]


def test_any_other_wrong_code_is_told_how_to_type_the_card_s_code(browser):
    browser.get("/r")
    page = browser.post(data={"code": "ABCD-EFGH"})
    assert page.status == 400
    assert page.error_summary() == [
        "Enter the code exactly as it is printed on your card, for example "
        "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-45"
    ]
    assert page.soup.select_one("#withdraw-instead") is None
