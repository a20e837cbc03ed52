"""What a wary respondent reads before trusting the service: the withdrawal page tells someone
who typed the code from their card that it is the wrong code (and which one to use), and the
privacy notice says what happens to answers not yet sent and which cookie is used, in English
and in Welsh."""

from __future__ import annotations

import pytest

from models import Response
from tests.app.bad_input_helpers import count
from tests.app.test_journey import answer_stop_search
from tests.factories import create_link

CARD_CODE = {
    "en": "That looks like the code from your card, not a withdrawal code. Your withdrawal code "
    "has 16 letters and numbers: it was shown after you sent your answers.",
    "cy": "Mae hwnnw'n edrych fel y cod o'ch cerdyn, nid cod tynnu'n ôl. Mae gan eich cod tynnu'n "
    "ôl 16 o lythrennau a rhifau: cafodd ei ddangos ar ôl i chi anfon eich atebion.",
}
NOT_FOUND = "We could not find answers with that code."


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_code_from_a_card_typed_to_withdraw_is_said_to_be_the_wrong_code(browser, language):
    link = create_link()
    answer_stop_search(browser, link.token)
    browser.post()
    assert count(Response) == 1
    browser.get(f"/withdraw?lang={language}")
    card_code = link.token.upper()
    page = browser.post(data={"code": f"{card_code[:4]}-{card_code[4:8]} {card_code[8:]}"})
    assert page.status == 400
    assert page.error_summary() == [CARD_CODE[language]]
    assert page.field_errors() and CARD_CODE[language] in page.field_errors()[0]
    assert count(Response) == 1


def test_a_withdrawal_code_that_is_wrong_is_still_said_not_to_be_found(browser):
    browser.get("/withdraw")
    page = browser.post(data={"code": "ABCD-EFGH-JKMN-PQRS"})
    assert page.status == 400
    assert page.error_summary()[0].startswith(NOT_FOUND)


@pytest.mark.parametrize(
    ("language", "unsent", "cookies"),
    [
        (
            "en",
            "deleted soon after 24 hours have passed since you last",
            "We use one cookie, which the service needs in order to work. It remembers the "
            "language you chose, your place in the survey and when you started answering",
        ),
        (
            "cy",
            "ar ôl i 24 awr fynd heibio ers i chi symud ymlaen",
            "Rydym yn defnyddio un cwci, sydd ei angen er mwyn i'r gwasanaeth weithio. Mae'n "
            "cofio'r iaith a ddewisoch, eich lle yn yr arolwg a phryd y dechreuoch ateb",
        ),
    ],
)
def test_the_privacy_notice_says_what_happens_to_unsent_answers_and_names_the_cookie(
    app, browser, monkeypatch, language, unsent, cookies
):
    monkeypatch.setitem(app.config, "JOURNEY_TTL_HOURS", 24)
    page = browser.get(f"/privacy?lang={language}")
    headings = [h.get_text(strip=True) for h in page.soup.select("main h2")]
    assert {"en": "Cookies", "cy": "Cwcis"}[language] in headings
    assert unsent in page.text()
    # What the one cookie holds, the bot check's start of answering included.
    assert cookies in page.text()


WRONG_SHAPE = {
    "en": "Enter the withdrawal code exactly as it was shown after you sent your answers: 16 "
    "letters and numbers, for example ABCD-EFGH-JKMN-PQRS",
    "cy": "Rhowch y cod tynnu'n ôl yn union fel y cafodd ei ddangos ar ôl i chi anfon eich "
    "atebion: 16 o lythrennau a rhifau, er enghraifft ABCD-EFGH-JKMN-PQRS",
}


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("typed", ["ABCD-EFGH-JKMN", "ABCD-EFGH-JKMN-PQRS-T", "<b>code</b>"])
def test_a_withdrawal_code_of_the_wrong_shape_is_told_what_one_looks_like(browser, language, typed):
    browser.get(f"/withdraw?lang={language}")
    page = browser.post(data={"code": typed})
    assert page.status == 400
    assert page.error_summary() == [WRONG_SHAPE[language]]
    assert page.soup.select_one("input[name='code']")["value"] == typed
