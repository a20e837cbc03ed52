"""Welsh: every interface string is translated, the journey works in Welsh, the choice is
remembered, every page links to the other language, and anything untranslated shows English."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import gettext, refresh
from sqlalchemy import select

from app.services import surveys as survey_service
from app.services.definitions import load_built_in, localised
from models import Response, db
from tests.factories import create_link
from tests.pages import Page

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
WELSH_PO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po"
WELSH_MO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.mo"
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdif%]")


# -- helpers -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The catalogue template extracted from the source as it is now, exactly as the README's
    `pybabel extract` command makes it (the checked-in messages.pot may be out of date)."""
    pot = tmp_path_factory.mktemp("babel") / "messages.pot"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        CommandLineInterface().run(
            [
                *("pybabel", "--quiet", "extract", "-F", "babel.cfg"),
                *("-k", "lazy_gettext", "-k", "_l", "-o", str(pot), "."),
            ]
        )
    with open(pot, "rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def welsh_po() -> Catalog:
    with open(WELSH_PO, "rb") as handle:
        return read_po(handle, locale="cy")


def _ids(catalog: Catalog) -> list:
    return [message.id for message in catalog if message.id]


def _translated(string) -> bool:
    strings = string if isinstance(string, tuple) else (string,)
    return all(s and s.strip() for s in strings)


def _show(ids) -> str:
    return "\n  ".join(repr(i) for i in ids)


def language_link(page: Page):
    return page.soup.select_one("a.app-language-bar__link")


def english_leftovers(page: Page, catalog: Catalog) -> list[str]:
    """English interface strings that appear on a page that should be all Welsh."""
    soup = page.soup
    for tag in soup(["script", "style"]):
        tag.decompose()
    # The hidden "Error:" before each field's message comes from a library macro: see
    # test_field_error_prefix_is_welsh.
    for tag in soup.select(".govuk-error-message .govuk-visually-hidden"):
        tag.decompose()
    text = " ".join(soup.get_text(" ").split())
    text += " " + " ".join(str(el["aria-label"]) for el in soup.select("[aria-label]"))
    found = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or "%" in message.id:
            continue
        if message.string == message.id:
            continue
        if re.search(rf"(?<!\w){re.escape(message.id)}(?!\w)", text):
            found.append(message.id)
    return found


def answer_in_welsh(browser, token: str) -> None:
    """The stop-search journey, started in Welsh; no later request says which language."""
    browser.get(f"/r/{token}?lang=cy")
    browser.get(f"/r/{token}/what-you-were-told")
    browser.post(data={"told_grounds": "yes", "told_object": "not_sure"})
    browser.post(data={"bwv_on": "yes", "handcuffed": "no"})
    browser.post(data={"respect": "agree", "satisfaction": "satisfied"})
    browser.post(data={"went_well": "Roedd yn gwrtais iawn.", "improve": ""})
    browser.post(data={"scrutiny_interest": "yes"})
    browser.post(data={"ethnic_group": "white"})
    browser.post(data={"ethnicity": "white_british"})
    browser.post(data={"age_band": "25_34", "religion": "christian"})
    browser.post(data={"long_term_condition": "no"})
    browser.post(data={})


# -- (a) the catalogue covers the source -----------------------------------------------------


def test_every_string_in_the_source_has_a_welsh_translation(extracted, welsh_po):
    """Fails with the list of strings to translate when someone adds English without Welsh.

    To fix: run the `pybabel extract` and `pybabel update` commands in the README, translate
    the new entries in app/translations/cy/LC_MESSAGES/messages.po (remove any "fuzzy" flag
    once checked), then `make translations`.
    """
    missing = []
    for msgid in _ids(extracted):
        message = welsh_po.get(msgid)
        if message is None or not _translated(message.string) or message.fuzzy:
            missing.append(msgid)
    assert not missing, f"{len(missing)} string(s) have no Welsh translation:\n  {_show(missing)}"


def test_welsh_translations_keep_every_placeholder(welsh_po):
    broken = [
        message.id
        for message in welsh_po
        if message.id
        and isinstance(message.id, str)
        and sorted(PLACEHOLDER.findall(message.id)) != sorted(PLACEHOLDER.findall(message.string))
    ]
    assert not broken, f"placeholders differ between English and Welsh:\n  {_show(broken)}"
    assert not list(welsh_po.check()), "pybabel's own checks found problems in the Welsh .po"


def test_compiled_welsh_catalogue_is_up_to_date(extracted, welsh_po):
    """The .mo the app loads has every translation: run `make translations` if this fails."""
    assert WELSH_MO.exists(), "app/translations/cy/LC_MESSAGES/messages.mo is missing"
    with open(WELSH_MO, "rb") as handle:
        compiled = read_mo(handle)
    stale = []
    for msgid in _ids(extracted):
        entry, source = compiled.get(msgid), welsh_po.get(msgid)
        out_of_date = source is not None and entry is not None and entry.string != source.string
        if entry is None or not _translated(entry.string) or out_of_date:
            stale.append(msgid)
    assert not stale, (
        f"the compiled catalogue is missing or out of date for:\n  {_show(stale)}\n"
        "run `make translations`"
    )


# -- (b) the stop-search journey in Welsh ----------------------------------------------------


def test_start_page_in_welsh(browser, welsh_po):
    link = create_link()
    page = browser.get(f"/r/{link.token}?lang=cy")
    definition = load_built_in("stop-search")
    assert page.status == 200
    assert page.soup.html["lang"] == "cy"
    assert (
        page.h1 == definition["title"]["cy"] == "Stopio a chwilio: dywedwch wrthym sut aeth pethau"
    )
    text = page.text()
    assert "Mae'r arolwg hwn yn cael ei gynnal gan Demoshire Police." in text
    assert "Nid cwyn yw hyn." in text and "dysgwch sut i gwyno" in text
    assert definition["intro"]["cy"][0] in text
    start = page.soup.select_one("a.govuk-button--start")
    assert " ".join(start.get_text().split()) == "Dechrau nawr"
    assert page.title == f"{definition['title']['cy']} – Adborth Demoshire Police"
    assert page.soup.select_one("a.govuk-skip-link").get_text(strip=True) == (
        "Neidio i'r prif gynnwys"
    )
    assert english_leftovers(page, welsh_po) == []


def test_question_page_in_welsh(browser, welsh_po):
    link = create_link()
    browser.get(f"/r/{link.token}?lang=cy")
    page = browser.get(f"/r/{link.token}/what-you-were-told")
    definition = load_built_in("stop-search")
    questions = definition["pages"][0]["questions"]
    assert page.soup.html["lang"] == "cy"
    assert page.h1 == "Beth ddywedodd y swyddog wrthych"
    assert page.legends() == [q["text"]["cy"] for q in questions]
    assert "A ddywedodd y swyddog wrthych pam y cawsoch eich chwilio?" in page.legends()
    labels = [" ".join(x.get_text().split()) for x in page.soup.select("label.govuk-radios__label")]
    assert labels[:3] == ["Ie", "Na", "Ddim yn siŵr"]
    assert page.soup.select_one("button.govuk-button").get_text(strip=True) == "Parhau"
    assert page.soup.select_one("a.govuk-back-link").get_text(strip=True) == "Yn ôl"
    assert english_leftovers(page, welsh_po) == []


def test_errors_and_character_count_in_welsh(browser, welsh_po):
    link = create_link()
    browser.get(f"/r/{link.token}/how-you-were-treated?lang=cy")
    page = browser.post(data={"respect": "agree"})
    assert page.status == 400
    assert page.title.startswith("Gwall:")
    assert page.soup.select_one(".govuk-error-summary__title").get_text(strip=True) == (
        "Mae problem wedi codi"
    )
    assert page.error_summary() == [
        "Dewiswch pa mor fodlon ydych chi â'r ffordd y cawsoch eich trin"
    ]
    assert english_leftovers(page, welsh_po) == []

    page = browser.get(f"/r/{link.token}/in-your-own-words")
    assert "Gallwch roi hyd at 2000 nod" in page.text()
    assert "Peidiwch â chynnwys enwau" in page.text()
    count = page.soup.select_one("[data-module='govuk-character-count']")
    for form in ("zero", "one", "two", "few", "many", "other"):
        assert count[f"data-i18n.characters-under-limit.{form}"] == "Mae gennych %{count} nod ar ôl"
        assert (
            count[f"data-i18n.characters-over-limit.{form}"] == "Mae gennych %{count} nod yn ormod"
        )
    page = browser.post(data={"went_well": "x" * 2001})
    assert page.error_summary() == ["Rhaid i'ch ateb fod yn 2000 nod neu lai"]
    assert english_leftovers(page, welsh_po) == []


def test_field_error_prefix_is_welsh(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/how-you-were-treated?lang=cy")
    page = browser.post(data={"respect": "agree"})
    hidden = page.soup.select_one(".govuk-error-message .govuk-visually-hidden")
    assert hidden.get_text(strip=True) == "Gwall:"


def test_check_and_confirmation_pages_in_welsh(browser, welsh_po):
    link = create_link()
    answer_in_welsh(browser, link.token)
    check = browser.page
    assert check.url.endswith("/check")
    assert check.soup.html["lang"] == "cy"
    assert check.h1 == "Gwiriwch eich atebion cyn eu hanfon"
    text = check.text()
    assert "Bodlon" in text and "Cytuno" in text and "Ddim yn siŵr" in text
    assert "Heb ateb" in text and "Cristnogol" in text and "Roedd yn gwrtais iawn." in text
    assert load_built_in("stop-search")["pages"][2]["questions"][2]["text"]["cy"] in text
    changes = [a.get_text(" ", strip=True) for a in check.soup.select(".govuk-summary-list a")]
    assert changes and all(c.startswith("Newid") for c in changes)
    assert check.soup.select_one("button.govuk-button").get_text(strip=True) == "Anfon atebion"
    assert english_leftovers(check, welsh_po) == []

    done = browser.post()
    assert done.soup.html["lang"] == "cy"
    assert done.h1 == "Diolch, mae eich atebion wedi cael eu hanfon"
    text = done.text()
    assert "Eich cod tynnu'n ôl" in text and "Beth sy'n digwydd nesaf" in text
    assert "Y panel craffu stopio a chwilio yw'r panel cymunedol sy'n adolygu chwiliadau" in text
    assert english_leftovers(done, welsh_po) == []
    assert db.session.scalars(select(Response)).one().language == "cy"


def test_withdrawal_in_welsh(browser, welsh_po):
    link = create_link()
    answer_in_welsh(browser, link.token)
    code = browser.post().soup.select_one("#withdrawal-code").get_text(strip=True)
    page = browser.get("/withdraw")
    assert page.h1 == "Tynnu eich atebion yn ôl"
    assert english_leftovers(page, welsh_po) == []
    page = browser.post(data={"code": code})
    assert page.h1 == "Mae eich atebion wedi cael eu tynnu'n ôl"
    assert english_leftovers(page, welsh_po) == []


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/r", 200, "Rhowch y cod o'ch cerdyn"),
        ("/privacy", 200, "Sut rydym yn defnyddio eich atebion"),
        ("/accessibility", 200, "Hygyrchedd"),
        ("/r/notarealtoken", 404, "Ni allwn ddod o hyd i'r ddolen arolwg honno"),
    ],
)
def test_other_public_pages_in_welsh(browser, welsh_po, path, status, heading):
    page = browser.get(f"{path}?lang=cy")
    assert page.status == status
    assert page.soup.html["lang"] == "cy"
    assert " ".join(page.soup.select_one("h1").get_text().split()) == heading
    assert english_leftovers(page, welsh_po) == []


# -- (c) the choice is remembered; every page links to the other language -----------------


def test_language_choice_is_remembered_across_pages(browser):
    link = create_link()
    browser.get(f"/r/{link.token}?lang=cy")
    page = browser.get(f"/r/{link.token}/what-you-were-told")
    assert page.soup.html["lang"] == "cy"
    page = browser.post(data={"told_grounds": "yes"})
    assert page.url.endswith("/during-the-search")
    assert page.soup.html["lang"] == "cy"
    assert browser.get("/privacy").h1 == "Sut rydym yn defnyddio eich atebion"

    # Switching back to English is remembered too.
    english = browser.get(language_link(page)["href"])
    assert english.soup.html["lang"] == "en"
    assert english.h1 == "During the search"
    assert browser.get(f"/r/{link.token}/what-you-were-told").h1 == "What the officer told you"


def test_unknown_language_is_ignored(browser):
    link = create_link()
    browser.get(f"/r/{link.token}?lang=cy")
    page = browser.get(f"/r/{link.token}?lang=fr")
    assert page.soup.html["lang"] == "cy"


def _assert_links_to(page: Page, code: str, name: str) -> None:
    link = language_link(page)
    assert link is not None, f"no language link on {page.url}"
    assert link.get_text(strip=True) == name
    assert link["lang"] == code and link["hreflang"] == code
    href = link["href"]
    assert href.split("?")[0] == page.url, f"{page.url} links to {href}"
    assert f"lang={code}" in href


@pytest.mark.parametrize(
    ("start", "other", "name"), [("cy", "en", "English"), ("en", "cy", "Cymraeg")]
)
def test_every_page_of_the_journey_links_to_the_other_language(browser, start, other, name):
    link = create_link()
    seen = [browser.get(f"/r/{link.token}?lang={start}")]
    browser.get(f"/r/{link.token}/what-you-were-told")
    seen.append(browser.page)
    seen.append(browser.post(data={"told_grounds": "nonsense"}))  # an error page after a POST
    assert seen[-1].status == 400
    for page_data in (
        {"told_grounds": "yes"},
        {"bwv_on": "no"},
        {"satisfaction": "satisfied"},
        {"went_well": "Good"},
        {"scrutiny_interest": "no"},
        {"ethnic_group": "asian"},
        {"ethnicity": "asian_indian"},
        {"age_band": "45_54"},
        {"long_term_condition": "yes"},
        {"activity_limited": "not_at_all"},
        {},
    ):
        seen.append(browser.page)
        browser.post(data=page_data)
    seen.append(browser.page)  # check your answers
    assert browser.page.url.endswith("/check")
    seen.append(browser.post())  # confirmation
    code = browser.page.soup.select_one("#withdrawal-code").get_text(strip=True)
    seen.append(browser.get("/withdraw"))
    seen.append(browser.post(data={"code": code}))  # withdrawn, shown after a POST
    for path in ("/r", "/privacy", "/accessibility", "/r/notarealtoken"):
        seen.append(browser.get(path))

    assert len({page.url for page in seen}) >= 18
    for page in seen:
        assert page.soup.html["lang"] == start, page.url
        _assert_links_to(page, other, name)


def test_language_link_keeps_the_query_string(browser):
    link = create_link()
    answer_in_welsh(browser, link.token)
    page = browser.get(f"/r/{link.token}/during-the-search?change=1")
    href = language_link(page)["href"]
    assert "change=1" in href and "lang=en" in href
    english = browser.get(href)
    assert english.h1 == "During the search"
    assert english.soup.select_one("button.govuk-button").get_text(strip=True) == "Continue"


def test_page_not_found_links_to_the_other_language(browser):
    page = browser.get("/no-such-page?lang=cy")
    assert page.status == 404
    assert page.h1 == "Heb ddod o hyd i'r dudalen"
    assert language_link(page) is not None


# -- (d) a missing translation falls back to English, never a blank -----------------------


def test_localised_falls_back_to_english():
    assert localised({"en": "Hello", "cy": "Helo"}, "cy") == "Helo"
    assert localised({"en": "Hello"}, "cy") == "Hello"
    assert localised({"en": "Hello", "cy": ""}, "cy") == "Hello"
    assert localised({"en": "Hello", "cy": None}, "cy") == "Hello"
    assert localised({"en": ["One", "Two"]}, "cy") == ["One", "Two"]
    assert localised(None, "cy") == ""


def test_survey_text_without_welsh_shows_the_english(browser, monkeypatch):
    """A published version whose question has no "cy" shows the English on the Welsh page."""
    original = load_built_in("stop-search")

    def without_some_welsh(slug: str) -> dict:
        definition = copy.deepcopy(original) if slug == "stop-search" else load_built_in(slug)
        if slug == "stop-search":
            del definition["title"]["cy"]
            definition["intro"]["cy"] = []
            first = definition["pages"][0]
            del first["title"]["cy"]
            question = first["questions"][0]
            del question["text"]["cy"]
            question["options"][2]["label"]["cy"] = ""
        return definition

    monkeypatch.setattr(survey_service, "load_built_in", without_some_welsh)
    survey_service.sync_built_in()
    link = create_link()

    start = browser.get(f"/r/{link.token}?lang=cy")
    assert start.h1 == original["title"]["en"]
    assert original["intro"]["en"][0] in start.text()
    assert " ".join(start.soup.select_one("a.govuk-button--start").get_text().split()) == (
        "Dechrau nawr"
    )

    page = browser.get(f"/r/{link.token}/what-you-were-told")
    assert page.soup.html["lang"] == "cy"
    assert page.h1 == original["pages"][0]["title"]["en"]
    legends = page.legends()
    assert legends[0] == "Did the officer tell you why you were searched?"
    assert legends[1] == original["pages"][0]["questions"][1]["text"]["cy"]
    labels = [" ".join(x.get_text().split()) for x in page.soup.select("label.govuk-radios__label")]
    assert labels[:3] == ["Ie", "Na", "Not sure"]
    assert all(label for label in labels)
    assert page.soup.select_one("button.govuk-button").get_text(strip=True) == "Parhau"


def test_string_missing_from_the_catalogue_shows_the_english(app):
    untranslated = "A sentence that nobody has translated yet."
    with app.test_request_context("/?lang=cy"):
        refresh()
        assert gettext("Continue") == "Parhau"  # Welsh is active...
        assert gettext(untranslated) == untranslated  # ...and the missing one is English
        assert gettext("Run by %(force)s.", force="Heddlu") == "Yn cael ei redeg gan Heddlu."
        rendered = render_template_string(
            "{{ _('Continue') }}|{{ _('A sentence that nobody has translated yet.') }}|"
            "{{ _('Not in the catalogue, for %(force)s.', force='Heddlu Gwent') }}"
        )
        assert rendered.split("|") == [
            "Parhau",
            "A sentence that nobody has translated yet.",
            "Not in the catalogue, for Heddlu Gwent.",
        ]


def test_wtforms_own_messages_follow_the_page_language(app):
    # Messages WTForms writes itself (here for a number that is not one) come in the
    # language of the request, in English and Welsh alike, request after request.
    from wtforms import IntegerField

    from app.forms import Form

    class Number(Form):
        class Meta:
            csrf = False

        count = IntegerField()

    for _ in range(2):
        for language, message in (
            ("en", "Not a valid integer value."),
            ("cy", "Gwerth integer annilys"),
        ):
            with app.test_request_context(f"/?lang={language}", method="POST", data={"count": "x"}):
                refresh()
                form = Number()
                assert not form.validate()
                assert form.count.errors == [message]
