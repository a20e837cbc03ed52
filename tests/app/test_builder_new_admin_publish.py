"""Publishing asks first, as removing and discarding do: the confirmation says which version
it makes, who will see it, that it cannot be changed afterwards, and where the draft has no
Welsh. Missing Welsh is a warning, never a block: the draft's page says it too, each place
linked to the form where its Welsh goes."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from app.services import builder, builder_publish
from app.services.surveys import get_survey
from models import Role, User, db
from tests.app.test_builder import build_training_survey, open_publish
from tests.pages import Browser, Page
from tests.staff import signed_in

SLUG = "black-history-training"
SUMMARY = f"/admin/surveys/{SLUG}"
QUESTIONS = f"{SUMMARY}/pages"
RECOMMEND = (
    "Page \u201cThe session\u201d, question \u201cWould you recommend it to a colleague?\u201d"
)
#: The training survey's texts with no Welsh, in the order the survey asks them.
NO_WELSH = [
    ("Survey details: no Welsh for the introduction", f"{SUMMARY}/details#intro_cy"),
    (
        f"{RECOMMEND}: no Welsh for the question",
        f"{QUESTIONS}/the-session/questions/recommend#text_cy",
    ),
    ("Page \u201cWhy not\u201d: no Welsh for the title", f"{QUESTIONS}/why-not#title_cy"),
    (
        "Page \u201cWhy not\u201d, question \u201cWhat would make it worth recommending?\u201d: "
        "no Welsh for the question",
        f"{QUESTIONS}/why-not/questions/improve#text_cy",
    ),
]


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _words(element) -> str:
    return " ".join(element.get_text().split())


def _no_welsh(page: Page) -> list[tuple[str, str]]:
    section = page.soup.select_one("#no-welsh")
    if section is None:
        return []
    return [(_words(a), a["href"]) for a in section.select("li a")]


def _rows(page: Page) -> dict[str, str]:
    return {
        _words(row.select_one("dt")): _words(row.select_one("dd"))
        for row in page.soup.select("main .govuk-summary-list__row")
    }


def test_publish_asks_first_saying_what_will_happen(admin, browser: Browser):
    build_training_survey(browser)
    page = open_publish(browser, SLUG)
    assert page.status == 200
    assert page.h1 == "Are you sure you want to publish version 1?"
    assert _rows(page) == {
        "Survey": "Learning from our Black History",
        "Version": "1 (the first)",
        "Who will see it": "Police officers and staff given one of its codes or links",
    }
    warning = _words(page.soup.select_one(".govuk-warning-text"))
    assert warning == (
        "! Warning Version 1 cannot be changed once it is published. To change anything after "
        "that, you make a new draft and publish it as version 2."
    )
    assert get_survey(SLUG) is None  # asking publishes nothing
    cancel = page.soup.find("a", string="Cancel")
    assert cancel["href"] == SUMMARY

    page = browser.post(f"{SUMMARY}/publish", data={})
    assert page.url == SUMMARY
    assert "Version 1 is published" in page.text()
    assert get_survey(SLUG).current_version.number == 1


def test_publishing_a_new_version_says_what_happens_to_codes_and_test_links(
    admin, browser: Browser
):
    build_training_survey(browser)
    builder_publish.publish(SLUG)
    builder.start_editing(SLUG)
    browser.get(f"{QUESTIONS}/why-not")
    browser.post(data={"key": "why-not", "title_en": "Why not", "title_cy": "Pam lai"})
    browser.get(SUMMARY)
    browser.post(f"{SUMMARY}/draft/test-link", data={})

    page = open_publish(browser, SLUG)
    assert page.h1 == "Are you sure you want to publish version 2?"
    assert _rows(page)["Version"] == "2 (replaces version 1)"
    said = page.text()
    assert (
        "Codes and links already made for this survey will show version 2 to anyone who starts "
        "answering after it is published. Anyone part-way through keeps version 1, and every "
        "answer already sent keeps the version it answered."
    ) in said
    assert (
        "The draft's 1 test link will stop working, and answers being given through it will be "
        "deleted."
    ) in said


def test_the_draft_and_the_confirmation_say_which_texts_have_no_welsh(admin, browser: Browser):
    build_training_survey(browser)
    summary = browser.get(SUMMARY)
    assert _no_welsh(summary) == NO_WELSH
    warning = _words(summary.soup.select_one("#no-welsh .govuk-warning-text"))
    assert "4 parts of this survey have no Welsh" in warning
    assert "People who choose Cymraeg will see them in English" in warning

    page = open_publish(browser, SLUG)
    assert _no_welsh(page) == NO_WELSH
    assert page.soup.select_one("#no-welsh h2").get_text(strip=True) == "Welsh"
    # A warning, not a block: it can be published in English.
    page = browser.post(f"{SUMMARY}/publish", data={})
    assert "Version 1 is published" in page.text()


def test_each_place_with_no_welsh_links_to_the_box_for_its_welsh(admin, browser: Browser):
    build_training_survey(browser)
    for _text, href in _no_welsh(browser.get(SUMMARY)):
        path, anchor = href.split("#")
        form = browser.get(path)
        assert form.status == 200
        box = form.soup.select_one(f"#{anchor}")
        assert box is not None and box.name in ("input", "textarea"), href


def test_welsh_put_in_takes_its_place_off_the_list(admin, browser: Browser):
    build_training_survey(browser)
    browser.get(f"{QUESTIONS}/why-not")
    browser.post(data={"key": "why-not", "title_en": "Why not", "title_cy": "Pam lai"})
    assert _no_welsh(browser.get(SUMMARY)) == [NO_WELSH[0], NO_WELSH[1], NO_WELSH[3]]


def test_options_without_welsh_are_counted(admin, browser: Browser):
    build_training_survey(browser)
    browser.get(f"{QUESTIONS}/the-session/questions/recommend")
    browser.post(
        data={
            "text_en": "Would you recommend it to a colleague?",
            "text_cy": "Fyddech chi'n ei argymell i gydweithiwr?",
            "key": "recommend",
            "type": "choice",
            "options": "yes: Yes | Byddwn\nno: No\nnot_sure: Not sure",
            "required": "no",
        }
    )
    assert _no_welsh(browser.get(SUMMARY))[1] == (
        f"{RECOMMEND}: no Welsh for 2 of the 3 options",
        f"{QUESTIONS}/the-session/questions/recommend#options",
    )


def test_a_survey_with_no_welsh_at_all_is_said_to_be_in_english_once(admin, browser: Browser):
    build_training_survey(browser)
    draft = builder.get_draft(SLUG)
    source = draft.source
    source["title"].pop("cy")
    source["pages"][0]["title"].pop("cy")
    source["pages"][0]["questions"][0]["text"].pop("cy")
    for option in source["pages"][0]["questions"][1]["options"]:
        option["label"].pop("cy")
    builder_publish.discard(SLUG)
    builder.import_source(json.dumps(source))
    db.session.expire_all()

    page = browser.get(SUMMARY)
    section = page.soup.select_one("#no-welsh")
    assert "Nothing in this survey is in Welsh" in _words(section)
    assert section.select("li") == []
    assert section.select_one("a")["href"] == f"{SUMMARY}/details#title_cy"
    page = open_publish(browser, SLUG)
    assert "Nothing in this survey is in Welsh" in _words(page.soup.select_one("#no-welsh"))


def test_a_survey_all_in_welsh_has_no_warning(admin, browser: Browser):
    build_training_survey(browser)
    source = builder.get_draft(SLUG).source
    source["intro"]["cy"] = ["Dywedwch wrthym beth oeddech chi'n ei feddwl."]
    source["pages"][0]["questions"][1]["text"]["cy"] = "Fyddech chi'n ei argymell?"
    source["pages"][1]["title"]["cy"] = "Pam lai"
    source["pages"][1]["questions"][0]["text"]["cy"] = "Beth fyddai'n ei wneud yn werth chweil?"
    builder_publish.discard(SLUG)
    builder.import_source(json.dumps(source))
    assert browser.get(SUMMARY).soup.select_one("#no-welsh") is None
    assert open_publish(browser, SLUG).soup.select_one("#no-welsh") is None
