"""Bad input on the respondent's pages: a clear page with the right status, never a 500;
nothing stored from a page that was refused, nothing lost from a page that was accepted. Here,
choices, required answers and fields that are not on the page; free text, forged forms,
malformed links and arbitrary posts are in the test_bad_input_*.py files beside this one."""

from __future__ import annotations

import pytest

from models import Response
from tests.app.bad_input_helpers import assert_refused, count, journeys, submit_stop_search
from tests.factories import create_link

OPTIONS_SHOWN = "Select one of the options shown"


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
    # No main reason: one not among those ticked has a refusal of its own.
    page = browser.post(data={"reasons": reasons})
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
