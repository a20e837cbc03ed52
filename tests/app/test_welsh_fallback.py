"""A missing Welsh translation falls back to English, never a blank: survey text, interface
strings and WTForms' own messages alike."""

from __future__ import annotations

import copy

from flask import render_template_string
from flask_babel import gettext, refresh

from app.services import surveys as survey_service
from app.services.definitions import load_built_in, localised
from tests.factories import create_link


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
    # The question in English, and the page's own word that it may be skipped in Welsh.
    assert legends[0] == "Did the officer tell you why you were searched? (dewisol)"
    assert legends[1] == original["pages"][0]["questions"][1]["text"]["cy"] + " (dewisol)"
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
