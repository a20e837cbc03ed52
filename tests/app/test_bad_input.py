"""Bad input on the respondent's pages: a clear page with the right status, never a 500;
nothing stored from a page that was refused, nothing lost from a page that was accepted."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from models import Journey, Link, Response, TextAnswer, db
from tests.factories import create_link
from tests.pages import Page

FREE_TEXT_LIMIT = 2000
OPTIONS_SHOWN = "Select one of the options shown"
TOO_LONG = "Your answer must be 2000 characters or fewer"
CONTROL_CHARACTERS = "Remove the hidden control characters from your answer"
TIMED_OUT = "Sorry, this page timed out"


def journeys() -> list[dict[str, Any]]:
    """Every journey's stored answers, read afresh from the database."""
    db.session.expire_all()
    return [journey.answers for journey in db.session.scalars(select(Journey))]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def assert_refused(page: Page, *messages: str) -> None:
    assert page.status == 400, page.text()[:300]
    assert page.title.startswith("Error:")
    assert page.error_summary() == list(messages)


def submit_stop_search(browser, token: str, **in_your_own_words: str) -> Response:
    """The shortest complete stop-search journey, with these free-text answers."""
    browser.get(f"/r/{token}/how-you-were-treated")
    browser.post(data={"satisfaction": "satisfied"})
    browser.get(f"/r/{token}/in-your-own-words")
    page = browser.post(data=in_your_own_words)
    assert page.status == 200 and page.url.endswith("/community-panel"), page.error_summary()
    browser.get(f"/r/{token}/check")
    done = browser.post()
    assert done.h1 == "Thank you, your answers have been sent"
    return db.session.scalars(select(Response)).one()


# -- choices ---------------------------------------------------------------------------------


SATISFACTION_REQUIRED = "Select how satisfied you are with how you were treated"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("delighted", OPTIONS_SHOWN),
        ("SATISFIED", OPTIONS_SHOWN),
        (" satisfied", OPTIONS_SHOWN),
        ("satisfied\x00", OPTIONS_SHOWN),
        ("   ", OPTIONS_SHOWN),
        ("x" * 500, OPTIONS_SHOWN),
        ("满意", OPTIONS_SHOWN),
        ("", SATISFACTION_REQUIRED),
    ],
    ids=repr,
)
def test_a_choice_that_was_not_offered_is_refused_and_nothing_is_stored(browser, value, message):
    link = create_link()
    browser.get(f"/r/{link.token}/how-you-were-treated")
    page = browser.post(data={"respect": "agree", "satisfaction": value})
    assert_refused(page, message)
    assert page.checked("respect") == ["agree"]
    assert journeys() == []


@pytest.mark.parametrize(
    "sent",
    [
        {"told_grounds": "maybe"},
        {"told_grounds": "   "},
        {"told_grounds": "yes", "told_object": "banana"},
        {"told_grounds": ["", "yes"]},
    ],
    ids=repr,
)
def test_an_optional_choice_still_has_to_be_one_of_the_options(browser, sent):
    link = create_link()
    browser.get(f"/r/{link.token}/what-you-were-told")
    page = browser.post(data=sent)
    assert_refused(page, OPTIONS_SHOWN)
    assert journeys() == []


@pytest.mark.parametrize(
    "reasons",
    [
        ["workload", "free lunches"],
        ["", "workload"],
        ["", "x" * 100],
        [" "],
    ],
    ids=repr,
)
def test_a_multiple_choice_with_anything_not_offered_is_refused(browser, reasons):
    link = create_link("say-to-stay")
    browser.get(f"/r/{link.token}/about-your-role")
    browser.post(data={"role": "police_staff", "stage": "thinking"})
    before = journeys()
    page = browser.post(data={"reasons": reasons, "main_reason": "pay"})
    assert_refused(page, OPTIONS_SHOWN)
    assert journeys() == before == [{"role": "police_staff", "stage": "thinking"}]


def test_unticking_every_box_clears_a_multiple_choice(browser):
    link = create_link("say-to-stay")
    browser.get(f"/r/{link.token}/about-your-role")
    browser.post(data={"role": "police_staff", "stage": "thinking"})
    browser.post(data={"reasons": ["pay", "workload"]})
    assert journeys()[0]["reasons"] == ["pay", "workload"]
    browser.get(f"/r/{link.token}/reasons")
    page = browser.post(data={"reasons": ""})
    assert page.status == 200 and page.url.endswith("/at-work")
    assert "reasons" not in journeys()[0]


def test_an_ethnicity_outside_the_chosen_group_is_refused(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/ethnic-group")
    page = browser.post(data={"ethnic_group": "white"})
    assert page.url.endswith("/ethnic-background")
    offered = [i["value"] for i in page.soup.select("input[name='ethnicity']")]
    assert "white_irish" in offered and "black_african" not in offered
    assert offered[-1] == "prefer_not_to_say"
    page = browser.post(data={"ethnicity": "black_african"})
    assert_refused(page, OPTIONS_SHOWN)
    assert journeys() == [{"ethnic_group": "white"}]


# -- free text ---------------------------------------------------------------------------------


def test_oversize_free_text_is_refused_and_kept_in_the_box(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/in-your-own-words")
    long_answer = "Too long. " * 200 + "!"
    assert len(long_answer) == FREE_TEXT_LIMIT + 1
    page = browser.post(data={"went_well": "Kept as typed.", "improve": long_answer})
    assert_refused(page, TOO_LONG)
    assert page.field_errors() == [TOO_LONG]
    assert page.textarea("improve") == long_answer
    assert page.textarea("went_well") == "Kept as typed."
    assert journeys() == []


def test_free_text_of_exactly_the_limit_is_stored_whole(browser):
    link = create_link()
    answer = ("ab" * FREE_TEXT_LIMIT)[:FREE_TEXT_LIMIT]
    response = submit_stop_search(browser, link.token, improve=answer)
    assert [t.text for t in response.text_answers] == [answer]


def test_the_limit_counts_characters_not_bytes(browser):
    link = create_link()
    answer = "👮🏾" * (FREE_TEXT_LIMIT // 2)  # 2,000 code points, 8,000 bytes of UTF-8
    response = submit_stop_search(browser, link.token, went_well=answer)
    assert [t.text for t in response.text_answers] == [answer]


UNICODE = {
    "emoji": "Thank you 👍🏽 — the officer was kind 🙏 👨‍👩‍👧‍👦 🏳️‍🌈",
    "right-to-left": "شكراً للضابط على اللطف. תודה רבה",
    "mixed direction": "He said \u202eylnO\u202c \u2067مرحبا\u2069 then left",
    "combining marks": "Cafe\u0301 na\u0308ive Z\u0351\u0352\u0353a\u0300lgo",
    "zero-width": "zero\u200bwidth\u200cjoin\u200dand\ufeffBOM\u2060here",
    "CJK": "警察很有礼貌。ありがとうございました。경찰관이 친절했어요.",
    "astral and symbols": "𝕿𝖍𝖆𝖓𝖐𝖘 𐍈 🀄 ∑∞≠ ŵŷ",
    "several lines": "First line\nSecond line\r\nThird\tline",
    "markup": "<script>alert('x')</script> & \"quotes\" {{ 7*7 }} %(force)s",
}


@pytest.mark.parametrize("text", UNICODE.values(), ids=UNICODE.keys())
def test_unicode_of_every_kind_is_stored_exactly_and_shown_escaped(browser, text):
    link = create_link()
    browser.get(f"/r/{link.token}/how-you-were-treated")
    browser.post(data={"satisfaction": "neither"})
    browser.post(data={"went_well": text})
    assert journeys() == [{"satisfaction": "neither", "went_well": text}]
    check = browser.get(f"/r/{link.token}/check")
    assert " ".join(text.split()) in " ".join(check.soup.get_text().split())
    assert check.soup.find("script", string=lambda s: s and "alert" in s) is None
    browser.post()
    stored = db.session.scalars(select(TextAnswer)).one()
    assert stored.text == text
    assert stored.text.encode("utf-8") == text.encode("utf-8")  # no normalisation of any kind


@pytest.mark.parametrize(
    "control",
    ["\x00", "\x07", "\x08", "\x1b[31m", "\x7f", "\x85", "\x9b2J"],
    ids=["NUL", "bell", "backspace", "escape", "delete", "next line (C1)", "CSI (C1)"],
)
def test_control_characters_are_refused_with_a_message(browser, control):
    link = create_link()
    browser.get(f"/r/{link.token}/in-your-own-words")
    typed = f"Fine until{control}here"
    page = browser.post(data={"went_well": typed})
    assert_refused(page, CONTROL_CHARACTERS)
    assert journeys() == []


# -- required answers --------------------------------------------------------------------------


def test_a_page_with_two_required_questions_lists_both_errors_in_order(browser):
    link = create_link("say-to-stay")
    browser.get(f"/r/{link.token}/about-your-role")
    page = browser.post(data={"service_band": "2_to_5"})
    assert_refused(page, "Select your role", "Select where you are in your thinking")
    assert page.checked("service_band") == ["2_to_5"]
    links = [a["href"] for a in page.soup.select(".govuk-error-summary a")]
    assert links == ["#role", "#stage"]
    assert page.soup.select_one("#role") is not None
    assert page.soup.select_one("#stage") is not None
    assert journeys() == []


def test_sending_answers_with_a_required_page_skipped_says_what_to_answer(browser):
    # More in tests/app/test_check_missing.py.
    link = create_link()
    browser.get(f"/r/{link.token}/what-you-were-told")
    browser.post(data={"told_grounds": "yes"})
    page = browser.get(f"/r/{link.token}/check")
    assert page.status == 200
    page = browser.post()
    assert page.url.endswith("/check")
    assert_refused(page, SATISFACTION_REQUIRED)
    assert count(Response) == 0
    assert journeys() == [{"told_grounds": "yes"}]


# -- fields that are not on the page -------------------------------------------------------------


def test_unknown_and_other_pages_fields_are_ignored_not_stored(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/what-you-were-told")
    page = browser.post(
        data={
            "told_grounds": "yes",
            "satisfaction": "very_dissatisfied",  # belongs to another page
            "ethnic_group": "white",  # an equality answer, from a page not yet shown
            "ip_address": "203.0.113.9",
            "survey_version_id": "999",
            "__proto__": "x",
            "told_grounds_extra": "y",
        }
    )
    assert page.status == 200 and page.url.endswith("/during-the-search")
    assert journeys() == [{"told_grounds": "yes"}]
    response = submit_stop_search(browser, link.token)
    assert {(a.question_key, a.value) for a in response.answers} == {
        ("told_grounds", "yes"),
        ("satisfaction", "satisfied"),
    }
    assert response.ethnic_group == "not_stated"


# -- CSRF ------------------------------------------------------------------------------------------


def _forged_token(app) -> str:
    """A well-formed, correctly signed token for a different browser session."""
    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")
    return signer.dumps("f" * 40)


@pytest.mark.parametrize("token", [None, "", "not-a-token", "forged"])
def test_a_question_page_without_a_valid_csrf_token_is_refused_clearly(browser, app, token):
    link = create_link()
    browser.get(f"/r/{link.token}/what-you-were-told")
    data: dict[str, str] = {"told_grounds": "yes"}
    if token is not None:
        data["csrf_token"] = _forged_token(app) if token == "forged" else token
    page = browser.post(data=data, csrf=False)
    assert page.status == 400
    assert page.h1 == TIMED_OUT
    assert "Go back, reload the page and try again" in page.text()
    assert journeys() == []


@pytest.mark.parametrize("token", [None, "forged"])
def test_sending_answers_without_a_valid_csrf_token_stores_nothing(browser, app, token):
    link = create_link()
    browser.get(f"/r/{link.token}/how-you-were-treated")
    browser.post(data={"satisfaction": "satisfied"})
    browser.get(f"/r/{link.token}/check")
    data = {} if token is None else {"csrf_token": _forged_token(app)}
    page = browser.post(data=data, csrf=False)
    assert page.status == 400 and page.h1 == TIMED_OUT
    assert count(Response) == 0
    assert journeys() == [{"satisfaction": "satisfied"}]  # still there to send properly
    browser.get(f"/r/{link.token}/check")
    assert browser.post().h1 == "Thank you, your answers have been sent"
    assert count(Response) == 1


def test_withdrawing_without_a_csrf_token_deletes_nothing(browser):
    link = create_link()
    submit_stop_search(browser, link.token)
    code = browser.page.soup.select_one("#withdrawal-code").get_text(strip=True)
    browser.get("/withdraw")
    page = browser.post(data={"code": code}, csrf=False)
    assert page.status == 400 and page.h1 == TIMED_OUT
    assert count(Response) == 1


# -- malformed links -------------------------------------------------------------------------------

MALFORMED_TOKENS = {
    "very long": "a" * 10_000,
    "just too long": "a" * 27,
    "non-ASCII": "ñandú-тест-警察",
    "emoji": "👮" * 26,
    "traversal": "..%2F..%2Fetc%2Fpasswd",
    "NUL": "%00",
    "NUL inside": "abcd%00efgh",
    "percent junk": "%ZZ%",
    "spaces": "abcd%20efgh",
    "SQL": "x'%20OR%20'1'%3D'1",
}


@pytest.mark.parametrize("token", MALFORMED_TOKENS.values(), ids=MALFORMED_TOKENS.keys())
@pytest.mark.parametrize("after", ["", "/what-you-were-told", "/check", "/done"])
def test_a_malformed_link_gets_the_unknown_link_page(client, token, after):
    response = client.get(f"/r/{token}{after}", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 404, html[:300]
    assert "We cannot find that survey link" in html or "Page not found" in html


@pytest.mark.parametrize("token", ["a" * 10_000, "%00", "..%2F..", "ñandú"])
def test_posting_to_a_malformed_link_is_a_404_and_stores_nothing(browser, token):
    browser.get("/r")  # for a CSRF token
    page = browser.post(f"/r/{token}/what-you-were-told", data={"told_grounds": "yes"})
    assert page.status == 404
    assert journeys() == []


@pytest.mark.parametrize(
    "page_key", ["no-such-page", "..%2Fcheck", "%00", "what-you-were-told%00", "x" * 5000]
)
def test_an_unknown_page_of_a_real_link_is_not_found(browser, page_key):
    link = create_link()
    page = browser.get(f"/r/{link.token}/{page_key}")
    assert page.status == 404
    assert page.h1 == "Page not found"


@pytest.mark.parametrize("typed", ["a" * 81, "ñandú", "\x00" * 26, "..%2F", "' OR '1'='1"])
def test_a_malformed_code_typed_in_gets_a_message(browser, typed):
    browser.get("/r")
    page = browser.post(data={"code": typed})
    assert page.status == 400
    assert len(page.error_summary()) == 1
    browser.get("/withdraw")
    page = browser.post(data={"code": typed})
    assert page.status == 400
    assert len(page.error_summary()) == 1


def test_a_very_large_form_gets_a_clear_page_not_a_500(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/in-your-own-words")
    page = browser.post(data={"went_well": "x" * (1024 * 1024)})
    assert page.status in (400, 413)
    assert page.h1
    assert journeys() == []


# -- anything at all ---------------------------------------------------------------------------

TREATED = {
    "respect": ["strongly_agree", "agree", "neither", "disagree", "strongly_disagree"],
    "fair": ["strongly_agree", "agree", "neither", "disagree", "strongly_disagree"],
    "satisfaction": ["very_satisfied", "satisfied", "neither", "dissatisfied", "very_dissatisfied"],
    "confidence_change": ["more_confident", "no_change", "less_confident"],
}
OWN_WORDS = ("went_well", "improve")

codes = sorted({value for values in TREATED.values() for value in values})
blank_looking = st.sampled_from(["", " ", "\t", "\n", "\u00a0", "\u200b"])
field_value = blank_looking | st.sampled_from(codes) | st.text(max_size=30) | st.just("x" * 200)
field_values = field_value | st.lists(field_value, min_size=2, max_size=3)


@st.composite
def page_posts(draw) -> dict[str, Any]:
    """A form as a browser would send it (mostly real options), bent in arbitrary ways."""
    sent: dict[str, Any] = {}
    for key, options in TREATED.items():
        value = draw(st.sampled_from(options) | field_values | st.none())
        if value is not None:
            sent[key] = value
    extras = draw(st.dictionaries(st.text(max_size=10), field_values, max_size=3))
    sent.update({k: v for k, v in extras.items() if k not in TREATED and k != "csrf_token"})
    return sent


def fresh_start() -> Link:
    """Each Hypothesis example starts with no answers in progress, on one reusable link."""
    db.session.execute(delete(Journey))
    db.session.commit()
    return db.session.scalar(select(Link)) or create_link(single_use=False)


def _expected_choice_page(sent: dict[str, Any]) -> dict[str, Any] | None:
    """What an accepted how-you-were-treated page stores, or None if it must be refused."""
    stored = {}
    for key, options in TREATED.items():
        values = sent.get(key, [])
        values = values if isinstance(values, list) else [values]
        if all(value == "" for value in values):  # not answered
            if key == "satisfaction":
                return None
            continue
        if values[0] not in options:  # a radio group takes the first value sent
            return None
        stored[key] = values[0]
    return stored


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(sent={"satisfaction": "satisfied", "respect": " "})
@example(sent={"satisfaction": "satisfied", "fair": ["", "x" * 200]})
@given(sent=page_posts())
def test_any_post_to_a_choice_page_is_refused_cleanly_or_stored_exactly(browser, sent):
    link = fresh_start()
    browser.get(f"/r/{link.token}/how-you-were-treated")
    page = browser.post(data=sent)
    assert page.status < 500, page.text()[:300]
    expected = _expected_choice_page(sent)
    if expected is None:
        assert page.status == 400 and page.error_summary()
        assert journeys() == []
    else:
        assert page.status == 200, page.error_summary()
        assert journeys() == [expected]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    went_well=st.text(max_size=60) | st.text(min_size=1995, max_size=2005),
    improve=st.text(max_size=60),
)
def test_any_free_text_is_refused_cleanly_or_stored_exactly(browser, went_well, improve):
    link = fresh_start()
    browser.get(f"/r/{link.token}/in-your-own-words")
    page = browser.post(data={"went_well": went_well, "improve": improve})
    assert page.status < 500, page.text()[:300]

    def refused(text: str) -> bool:
        stripped = text.strip()
        return len(stripped) > FREE_TEXT_LIMIT or any(
            char not in "\n\r\t" and (ord(char) < 32 or 127 <= ord(char) < 160) for char in stripped
        )

    if refused(went_well) or refused(improve):
        assert page.status == 400 and page.error_summary()
        assert journeys() == []
    else:
        assert page.status == 200, page.error_summary()
        expected = {k: v.strip() for k, v in (("went_well", went_well), ("improve", improve))}
        assert journeys() == [{k: v for k, v in expected.items() if v}]
