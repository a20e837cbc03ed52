"""A respondent whose form timed out (its CSRF check failed) is told what is true of the answers
they gave before: kept for JOURNEY_TTL_HOURS from the last page they went on from, and what to
do if they are not there, rather than that they are saved, which is untrue once they have been
deleted unsent, or once the cookie naming them was lost. Someone withdrawing answers, who has
none in progress, is told only what to do."""

from __future__ import annotations

import pytest

from tests.factories import create_link
from tests.pages import Browser

TIMED_OUT = {
    "en": "Sorry, this page timed out",
    "cy": "Mae'n ddrwg gennym, mae amser y dudalen hon wedi dod i ben",
}
TRY_AGAIN = {
    "en": "Go back, reload the page and try again.",
    "cy": "Ewch yn ôl, ail-lwythwch y dudalen a rhowch gynnig arall arni.",
}
KEPT = {
    "en": "Answers you gave before this page are kept for {hours} after you last went on to the "
    "next page. If yours are not there, you will need to give them again.",
    "cy": "Caiff yr atebion a roesoch cyn y dudalen hon eu cadw am {hours} ar ôl i chi symud "
    "ymlaen i'r dudalen nesaf ddiwethaf. Os nad ydynt yno, bydd angen i chi eu rhoi eto.",
}
HOURS = {("en", 1): "1 hour", ("en", 24): "24 hours", ("cy", 1): "1 awr", ("cy", 24): "24 awr"}


def _timed_out(browser: Browser, address: str, data: dict[str, str]):
    browser.get(address)
    page = browser.post(data={**data, "csrf_token": "timed-out"}, csrf=False)
    assert page.status == 400
    return page


@pytest.mark.parametrize(("language", "hours"), [("en", 24), ("en", 1), ("cy", 24), ("cy", 1)])
def test_a_question_page_says_how_long_answers_given_before_are_kept(
    app, browser, monkeypatch, language, hours
):
    monkeypatch.setitem(app.config, "JOURNEY_TTL_HOURS", hours)
    token = create_link().token
    browser.get(f"/r/{token}/what-you-were-told?lang={language}")
    browser.post(data={"told_grounds": "yes"})
    page = _timed_out(browser, f"/r/{token}/during-the-search", {"bwv_on": "no"})
    text = page.text()
    assert page.soup.html["lang"] == language and page.h1 == TIMED_OUT[language]
    assert TRY_AGAIN[language] in text
    assert KEPT[language].format(hours=HOURS[language, hours]) in text
    assert "are saved" not in text and "wedi'u cadw" not in text


def test_check_your_answers_says_it_too(browser):
    token = create_link().token
    browser.get(f"/r/{token}/how-you-were-treated")
    browser.post(data={"satisfaction": "satisfied"})
    page = _timed_out(browser, f"/r/{token}/check", {})
    assert KEPT["en"].format(hours="24 hours") in page.text()


def test_withdrawing_is_told_only_what_to_do(browser):
    page = _timed_out(browser, "/withdraw", {"code": "ABCD-EFGH-JKMN-PQRS"})
    text = page.text()
    assert TRY_AGAIN["en"] in text
    assert "Answers you gave before this page" not in text and "are saved" not in text
